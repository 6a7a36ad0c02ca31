"""Error pages in the service's own layout."""

from flask import Blueprint, render_template
from flask_wtf.csrf import CSRFError

bp = Blueprint("errors", __name__)


@bp.app_errorhandler(CSRFError)
def form_expired(error):
    # Usually a form left open across a sign-out, or sent from another site.
    return render_template("errors/form_expired.html"), 400


@bp.app_errorhandler(413)
def too_large(error):
    return render_template("errors/too_large.html"), 413


@bp.app_errorhandler(403)
def forbidden(error):
    return render_template("errors/403.html"), 403


@bp.app_errorhandler(404)
def not_found(error):
    return render_template("errors/404.html"), 404


@bp.app_errorhandler(500)
def server_error(error):
    return render_template("errors/500.html"), 500
