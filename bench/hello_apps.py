"""The ceilings the benchmark compares against, served by the same gunicorn."""

from flask import Flask


def bare(environ, start_response):
    """A bare WSGI hello-world: no framework at all."""
    body = b"Hello, world!"
    start_response("200 OK", [("Content-Type", "text/plain"),
                              ("Content-Length", str(len(body)))])
    return [body]


flask_hello = Flask(__name__)


@flask_hello.get("/")
def hello():
    return "Hello, world!"
