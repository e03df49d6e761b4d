"""Accounts, roles, login/logout and anonymous participants."""

from flask import Flask

from ..extensions import login_manager
from .devices import register_devices
from .participants import register_participants


def register_accounts(app: Flask) -> None:
    """Wire Flask-Login, the participant cookie and the login routes."""
    from . import services
    from .views import bp, register_template_helpers

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def _load_user(token: str):
        return services.find_user_by_session_token(token)

    register_participants(app)
    register_devices(app)
    register_template_helpers(app)
    app.register_blueprint(bp)
