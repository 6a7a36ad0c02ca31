"""Error pages in the service's own layout."""

import contextlib
import errno
import logging

from flask import Blueprint, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from tracker.extensions import db
from tracker.views.kept_text import typed_fields

bp = Blueprint("errors", __name__)
log = logging.getLogger(__name__)


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
    # Whatever went wrong, a form's words are shown back so they can be copied.
    return render_template("errors/500.html", fields=typed_fields()), 500


# The storage under the service is full, over quota or read-only: nothing can be written.
_NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}


@bp.app_errorhandler(OSError)
def storage_failed(error: OSError):
    """A write to disk failed (evidence files, report downloads): say so, keep what was typed."""
    log_storage_failure(error)
    if not is_no_room(error):
        return server_error(error)
    page = render_template("errors/no_room.html", fields=typed_fields())
    return page, 503, {"Retry-After": "300"}


def is_no_room(error: OSError) -> bool:
    return error.errno in _NO_ROOM


def log_storage_failure(error: OSError) -> None:
    """Log which request failed to write, and roll back whatever it had begun."""
    with contextlib.suppress(SQLAlchemyError):
        db.session.rollback()
    if is_no_room(error):
        # Only the kind of failure: the message's path is not needed to act.
        log.error("No room to store files on %s %s", request.method, request.endpoint)
    else:
        log.exception("File storage failed on %s %s", request.method, request.endpoint)


NO_ROOM = (
    "The service could not save your update because it has run out of storage space. "
    "Your text has been kept in the form below: save it again later, or copy it somewhere safe."
)
FILES_NOT_STORED = (
    "The service could not save your update because of a problem storing its files. "
    "Your text has been kept in the form below: save it again later, or copy it somewhere safe."
)


@bp.app_errorhandler(OperationalError)
def database_unavailable(error):
    """The database is unreachable, full or refusing writes: say so, and keep any update typed."""
    settle_after_database_failure(error)
    if request.method == "POST" and request.endpoint == "progress.edit_update":
        from tracker.views.progress.unsaved import unsaved_update_page

        return unsaved_update_page(item_label=(request.view_args or {}).get("item_slug", ""))
    page = render_template("errors/503.html", fields=typed_fields())
    return page, 503, {"Retry-After": "60"}


def settle_after_database_failure(error: OperationalError) -> None:
    """Log the failure, roll back, and forget who is signed in if their account can no
    longer be read, so that the error page itself does not need the database.

    Only the kind of failure is logged: the statement's parameters may hold people's words.
    """
    log.error(
        "Database unavailable on %s %s: %s",
        request.method,
        request.endpoint,
        type(error.orig).__name__,
    )
    # If the connection is already gone the session starts afresh on the next request.
    with contextlib.suppress(SQLAlchemyError):
        db.session.rollback()
    user = g.get("user")
    if user is None:
        return
    try:
        user.name  # noqa: B018 # reloads the expired account, or fails without a database
    except SQLAlchemyError:
        db.session.rollback()
        g.user = None
