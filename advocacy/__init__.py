"""Advocacy: a campaign toolkit for library advocacy weeks."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config as settings

PACKAGE_DIR = Path(__file__).resolve().parent


def _asset_dir(name: str) -> str:
    """templates/ and static/: inside the package when installed, else the repo's top level."""
    inside = PACKAGE_DIR / name
    return str(inside if inside.is_dir() else PACKAGE_DIR.parent / name)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then ADVOCACY_* (then test_config)."""
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get(
        "ADVOCACY_INSTANCE_PATH"
    )
    app = Flask(
        __name__,
        instance_path=str(Path(instance_path).resolve()) if instance_path else None,
        instance_relative_config=True,
        template_folder=_asset_dir("templates"),
        static_folder=_asset_dir("static"),
    )
    settings.apply_defaults(app.config)
    app.config.from_pyfile("config.py", silent=True)
    settings.apply_environment(app.config)
    if test_config:
        app.config.update(test_config)
    settings.finalize(app.config, app.instance_path)

    register_extensions(app)
    register_blueprints(app)
    register_cli(app)
    init_tasks(app)
    register_public_pages(app)
    proxies = int(app.config["TRUSTED_PROXIES"] or 0)
    if proxies:  # outermost: the layers inside see the client's scheme and address
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    return app


def init_tasks(app: Flask) -> None:
    """The app's background-job engine (after every feature declared its tasks)."""
    from .tasks import init_tasks as start

    start(app)


def register_public_pages(app: Flask) -> None:
    """The layer in front of the app that serves public week pages again (no Flask)."""
    from .caching import caches_of
    from .weeks.public_pages import PublicPages
    from .weeks.timezones import TZ_COOKIE

    if app.config.get("WEEK_PAGE_CACHE", True):
        app.wsgi_app = PublicPages(app.wsgi_app, caches_of(app), TZ_COOKIE,
                                   float(app.config["WEEK_VERSION_MAX_AGE"]))


def register_extensions(app: Flask) -> None:
    from .caching import init_caches
    from .core.logging import configure_logging
    from .database import configure_engine, engine_options
    from .extensions import csrf, db, limiter, migrate
    from .mail.transport import init_mail

    configure_logging(app)
    init_caches(app)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **engine_options(app.config["SQLALCHEMY_DATABASE_URI"]),
        **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
    }
    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=str(PACKAGE_DIR / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    init_mail(app)


def register_blueprints(app: Flask) -> None:
    from . import models  # noqa: F401  (complete metadata before first use)
    from .accounts import register_accounts
    from .accounts.link_views import bp as links_bp
    from .admin.audit_views import bp as audit_bp
    from .admin.views import bp as users_bp
    from .alerts.views import bp as alerts_bp
    from .announcements.views import bp as announcements_bp
    from .chapters.coordinate_views import bp as coordinate_bp
    from .chapters.organize_views import bp as organize_chapters_bp
    from .chapters.views import bp as chapters_bp
    from .checklists.organize_views import bp as organize_reports_bp
    from .checklists.views import bp as checklists_bp
    from .converters import DateConverter
    from .core.views import bp as core_bp
    from .core.views import register_error_pages
    from .daily.views import bp as daily_bp
    from .mail.views import bp as mail_bp
    from .my.views import bp as my_bp
    from .policy import register_policy
    from .security import register_security
    from .stats.views import bp as stats_bp
    from .stories.coordinate_views import bp as coordinate_stories_bp
    from .stories.delivery_views import bp as coordinate_letters_bp
    from .stories.organize_views import bp as organize_letters_bp
    from .stories.views import bp as stories_bp
    from .templating import register_templating
    from .webhooks.views import bp as webhooks_bp
    from .weeks.api import bp as api_bp
    from .weeks.organize_items import bp as organize_items_bp
    from .weeks.organize_views import bp as organize_bp
    from .weeks.views import bp as weeks_bp

    app.url_map.converters["date"] = DateConverter
    register_accounts(app)
    register_policy(app)
    register_security(app)
    register_error_pages(app)
    register_templating(app)
    # Success pages of every feature offer the next step; the checklist knows it.
    from .checklists.next_steps import next_step
    app.jinja_env.globals["next_step"] = next_step
    register_handlers()
    for blueprint in (my_bp, core_bp, weeks_bp, checklists_bp, stories_bp, chapters_bp, api_bp,
                      organize_bp, organize_items_bp, organize_reports_bp, coordinate_bp,
                      coordinate_stories_bp, organize_letters_bp, stats_bp, webhooks_bp,
                      organize_chapters_bp, users_bp, audit_bp, mail_bp, links_bp, daily_bp,
                      alerts_bp, announcements_bp, coordinate_letters_bp):
        app.register_blueprint(blueprint)


def register_handlers() -> None:
    """Connect each feature's signal handlers (``advocacy/signals.py``); idempotent."""
    from .accounts import messages as _account_messages  # noqa: F401
    from .alerts import sending as _alerts  # noqa: F401  (its kinds and sweep)
    from .announcements import services as _announcements  # noqa: F401  (kinds, tasks)
    from .chapters import handlers as _chapters  # noqa: F401
    from .chapters import messages as _chapter_messages  # noqa: F401
    from .checklists import handlers as _checklists  # noqa: F401
    from .daily import handlers as _daily  # noqa: F401
    from .mail import jobs as _mail_jobs  # noqa: F401
    from .stories import export_jobs as _letter_exports  # noqa: F401  (its tasks)
    from .stories import handlers as _stories  # noqa: F401
    from .stories import messages as _story_messages  # noqa: F401
    from .webhooks import handlers as _webhooks  # noqa: F401
    from .webhooks import jobs as _webhook_jobs  # noqa: F401
    from .weeks import handlers as _weeks  # noqa: F401
    from .weeks import messages as _week_messages  # noqa: F401


def register_cli(app: Flask) -> None:
    from .cli import register_commands

    register_commands(app)
