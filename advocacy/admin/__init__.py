"""Admins' user management: the users page and ``flask users``.

Above accounts and chapters: a user's role is accounts', the chapters a
coordinator works for are chapters' (each written through its own services).
"""
