"""The update form shown again when the database could not store a save.

Built from the request alone: the database may be unreachable, so nothing here may
read from it. The person's words go back into the form with the version it was opened
at, so saving again later is checked for conflicts like any other save.
"""

from __future__ import annotations

from flask import render_template, request
from sqlalchemy.exc import OperationalError

from tracker.views.errors import (
    FILES_NOT_STORED,
    NO_ROOM,
    is_no_room,
    log_storage_failure,
    settle_after_database_failure,
)
from tracker.views.progress.forms import UpdateForm

NOT_SAVED = (
    "The service could not save your update because of a problem with its database. "
    "Your text has been kept in the form below: save it again in a few minutes."
)


def unsaved_update_page(
    *, item_label: str, form: UpdateForm | None = None, message: str = NOT_SAVED
):
    form = form or UpdateForm()
    form.form_errors.append(message)
    page = render_template(
        "progress/update_not_saved.html",
        form=form,
        item_label=item_label,
        attachments_dropped=any(file.filename for file in request.files.getlist("attachments")),
    )
    return page, 503, {"Retry-After": "60"}


def database_unavailable_keeping(error: OperationalError, item_label: str, form: UpdateForm):
    """For the update route's own unit of work: the same answer as the app's error handler."""
    settle_after_database_failure(error)
    return unsaved_update_page(item_label=item_label, form=form)


def storage_failed_keeping(error: OSError, item_label: str, form: UpdateForm):
    """The evidence files could not be written: the words go back into the form."""
    log_storage_failure(error)
    message = NO_ROOM if is_no_room(error) else FILES_NOT_STORED
    return unsaved_update_page(item_label=item_label, form=form, message=message)
