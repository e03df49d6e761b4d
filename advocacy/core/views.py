"""Liveness and error pages."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..database import dialect_insert, utcnow
from ..errors import NotFound
from ..extensions import db
from ..policy import ANYONE, guard
from .models import HealthCheck

bp = guard(Blueprint("core", __name__), ANYONE)

MESSAGES = {
    400: ("Bad request", "The request could not be understood. Please go back and try again."),
    403: ("Not allowed", "Your account may not open this page."),
    404: ("Page not found", "There is no page at this address."),
    405: ("Method not allowed", "This page cannot be used that way."),
    409: ("Changed at the same moment", "Another request changed the same thing just "
                                        "now. Please go back and send it again."),
    413: ("Too large", "What you sent is larger than this site accepts."),
    429: ("Too many tries", "Please wait a few minutes before trying again."),
    500: ("Something went wrong", "The error has been noted. Please try again in a moment."),
}


@bp.route("/healthz")
def healthz():
    """200 when the database answers and takes a write (a committed one-row UPDATE, on a
    connection of its own); 503 naming which failed."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.exception("health check: database unreachable")
        return jsonify(status="error", database="unreachable"), 503
    try:
        with db.engine.begin() as connection:
            now = utcnow()
            table = HealthCheck.__table__
            if not connection.execute(table.update().where(table.c.id == 1)
                                      .values(checked_at=now)).rowcount:
                connection.execute(dialect_insert(db.engine.dialect.name)(table)
                                   .values(id=1, checked_at=now).on_conflict_do_nothing())
    except SQLAlchemyError as error:
        current_app.logger.error("health check: the database cannot be written: %s",
                                 type(getattr(error, "orig", None) or error).__name__)
        return jsonify(status="error", database="read-only"), 503
    return jsonify(status="ok", database="ok")


def render_error(code: int, detail: str | None = None):
    """The error page in the site layout, or JSON for API clients."""
    title, message = MESSAGES.get(code, MESSAGES[500])
    if request.path.startswith("/api/"):
        return jsonify(error=title, status=code), code
    return render_template("errors/error.html", code=code, title=title,
                           message=detail or message), code


def register_error_pages(app) -> None:
    """Answer every error with a page in the layout; never a traceback."""

    @app.errorhandler(NotFound)
    def _not_found(_error):
        # Services raise NotFound for a missing object or one outside the caller's
        # scope; views let it through and every such case answers 404 here.
        return render_error(404)

    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render_error(400, "The form had expired or was sent from elsewhere. "
                                 "Please reload the page and send it again.")

    @app.errorhandler(HTTPException)
    def _http(error):
        response = render_error(error.code or 500)
        if error.code == 405 and getattr(error, "valid_methods", None):
            body, code = response
            return body, code, {"Allow": ", ".join(error.valid_methods)}
        return response

    @app.errorhandler(IntegrityError)
    def _conflict(error):
        # The services upsert where a race is likely; a unique key that refuses a row
        # anywhere else (two organizers saving one slug at once) is a conflict, not a
        # crash. The log line names the constraint's table, never the row's values.
        db.session.rollback()
        current_app.logger.warning("conflicting write on %s: %s", request.endpoint,
                                   type(error.orig).__name__)
        return render_error(409)

    @app.errorhandler(Exception)
    def _unexpected(error):
        if isinstance(error, HTTPException):
            return _http(error)
        db.session.rollback()
        current_app.logger.error("unhandled error on %s: %s", request.endpoint,
                                 type(error).__name__, exc_info=error)
        return render_error(InternalServerError.code)
