"""tracker: runs a local authority's school-attendance strategy."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from config import Config, config_from_environment
from tracker.access import init_access
from tracker.extensions import csrf, db, migrate
from tracker.security import init_security
from tracker.views.auth.session import init_sessions

PROJECT_DIR = Path(__file__).resolve().parent.parent


def create_app(config: Config | None = None) -> Flask:
    """Build the application. ``config`` defaults to the one ``TRACKER_ENV`` names."""
    config = config or config_from_environment()
    config.validate()
    app = Flask(
        __name__,
        instance_path=config.INSTANCE_PATH,
        template_folder=str(PROJECT_DIR / "templates"),
    )
    app.config.from_object(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    # Our templates first, then the GOV.UK Frontend macros they import.
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(PROJECT_DIR / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    db.init_app(app)
    _configure_database(app)
    migrate.init_app(app, db, directory=str(PROJECT_DIR / "migrations"))
    csrf.init_app(app)
    WTFormsHelpers(app)
    _register_blueprints(app)
    _register_template_helpers(app)
    _register_commands(app)
    init_sessions(app)
    init_access(app)
    init_security(app)
    _trust_proxies(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind a reverse proxy, take the client's address and scheme from X-Forwarded-*."""
    hops = app.config["TRACKER_PROXY_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops
        )


def _configure_database(app: Flask) -> None:
    from tracker.sqlite_settings import configure_sqlite

    with app.app_context():
        configure_sqlite(db.engine)


def _register_blueprints(app: Flask) -> None:
    from tracker.views.about.routes import bp as about_bp
    from tracker.views.auth.routes import bp as auth_bp
    from tracker.views.bulk.routes import bp as bulk_bp
    from tracker.views.data.routes import bp as data_bp
    from tracker.views.errors import bp as errors_bp
    from tracker.views.health.routes import bp as health_bp
    from tracker.views.indicators.routes import bp as indicators_bp
    from tracker.views.items.routes import bp as items_bp
    from tracker.views.localities.routes import bp as localities_bp
    from tracker.views.manage.routes import bp as manage_bp
    from tracker.views.progress.routes import bp as progress_bp
    from tracker.views.rag.routes import bp as rag_bp
    from tracker.views.reports.routes import bp as reports_bp
    from tracker.views.strategy.routes import bp as strategy_bp

    for blueprint in (
        auth_bp,
        strategy_bp,
        localities_bp,
        items_bp,
        progress_bp,
        bulk_bp,
        rag_bp,
        reports_bp,
        manage_bp,
        health_bp,
        data_bp,
        indicators_bp,
        about_bp,
        errors_bp,
    ):
        app.register_blueprint(blueprint)


def _register_template_helpers(app: Flask) -> None:
    from tracker.views.template_helpers import init_template_helpers

    init_template_helpers(app)


def _register_commands(app: Flask) -> None:
    from tracker.cli import register_commands

    register_commands(app)
