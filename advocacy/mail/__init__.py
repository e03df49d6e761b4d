"""Mail: the transport (Flask-Mailman, from ``ADVOCACY_MAIL_URL``) and composing
messages from templates (a text and an HTML part in the site's look).

Below the features: any feature composes and sends through ``mail.messages``.
"""
