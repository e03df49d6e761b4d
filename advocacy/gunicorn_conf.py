"""gunicorn settings that keep personal data out of its logs.

Use with ``gunicorn -c python:advocacy.gunicorn_conf 'advocacy:create_app()'``.
The access log records the path without its query string (``/chapters/?zip=...``
would otherwise log a ZIP code), no client address and no referrer or user agent;
lines are the app's one-line UTC format. Bind, workers and the rest come from the
command line or ``GUNICORN_CMD_ARGS`` as usual.
"""

accesslog = "-"
errorlog = "-"
# %(U)s is the path alone; gunicorn escapes control characters in what it logs.
access_log_format = '"%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"utc": {"()": "advocacy.core.logging.OneLineUTCFormatter",
                           "fmt": "%(asctime)sZ %(levelname)s %(name)s: %(message)s",
                           "datefmt": "%Y-%m-%dT%H:%M:%S"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "utc",
                            "stream": "ext://sys.stderr"}},
    # Libraries say only what matters; gunicorn's own levels follow --log-level.
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {"gunicorn.error": {"handlers": ["stderr"], "propagate": False},
                "gunicorn.access": {"handlers": ["stderr"], "propagate": False}},
}
