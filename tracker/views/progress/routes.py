"""Owners' termly updates: the form, submission, review and attachments."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from tracker.access import allow, safe_next_url, signed_in
from tracker.data.attachments import add_attachments, get_attachment, remove_attachment
from tracker.data.history import update_changes_since
from tracker.data.owners import items_owned_by, owners_of
from tracker.data.progress import (
    CONTENT_FIELDS,
    UpdateContent,
    edit_decision,
    get_update,
    may_read_unapproved,
    reopen_update,
    review_update,
    save_update,
    starting_content,
)
from tracker.data.terms import current_term
from tracker.data.transaction import unit_of_work
from tracker.domain.errors import EditConflict, InvalidContent, NotAllowed
from tracker.domain.roles import Role
from tracker.domain.workflow import can_reopen_update, can_review_update, is_late
from tracker.extensions import db
from tracker.storage import discard, path_of
from tracker.views.progress.forms import ReopenForm, ReviewForm, UpdateForm
from tracker.views.progress.lookup import item_or_404, item_url, term_or_404
from tracker.views.progress.unsaved import database_unavailable_keeping, storage_failed_keeping
from tracker.views.progress.uploads import read_uploads, store_uploads

bp = Blueprint("progress", __name__)


@bp.get("/my-items")
@allow(Role.OWNER, Role.MANAGER)
def my_items():
    term = current_term(today=date.today())
    rows = []
    for item in items_owned_by(user=g.user):
        update = get_update(item=item, term=term) if term else None
        rows.append(
            {
                "item": item,
                "update": update,
                "late": term is not None
                and (update is None or update.state in {"draft", "returned"})
                and is_late(deadline=term.update_deadline, submitted_at=None, today=date.today()),
            }
        )
    return render_template("progress/my_items.html", term=term, rows=rows)


def _form_page(item, term, update, form, *, conflict=None, status_code=200):
    decision = edit_decision(user=g.user, item=item, term=term, update=update)
    return (
        render_template(
            "progress/update_form.html",
            item=item,
            item_href=item_url(item),
            term=term,
            update=update,
            form=form,
            decision=decision,
            owners=owners_of(item=item),
            conflict=conflict,
            review_form=ReviewForm(prefix="review"),
            reopen_form=ReopenForm(prefix="reopen"),
            can_review=can_review_update(
                role=g.user.role_enum,
                term_state=term.state,
                update_state=update.state if update else None,
            ),
            can_reopen=can_reopen_update(
                role=g.user.role_enum,
                term_state=term.state,
                update_state=update.state if update else None,
            ),
            late=is_late(
                deadline=term.update_deadline,
                submitted_at=update.submitted_at if update else None,
                today=date.today(),
            ),
        ),
        status_code,
    )


def _prefill(form: UpdateForm, item, term, update) -> None:
    """Fill the form from the saved update, or from last term's words for a new one."""
    source = update or starting_content(item=item, term=term)
    if source is not None:
        for name in CONTENT_FIELDS:
            getattr(form, name).data = getattr(source, name)
    form.version.data = update.version if update else 0


@bp.route("/updates/<item_slug>/<term_slug>", methods=["GET", "POST"])
@allow(Role.OWNER, Role.MANAGER)
def edit_update(item_slug: str, term_slug: str):
    item, term = item_or_404(item_slug), term_or_404(term_slug)
    update = get_update(item=item, term=term)
    if not may_read_unapproved(user=g.user, item=item):
        # Another owner's drafts are not yours to read, whatever the URL says.
        abort(403)
    form = UpdateForm()
    if request.method == "GET":
        _prefill(form, item, term, update)
        return _form_page(item, term, update, form)
    if not form.validate():
        return _form_page(item, term, update, form, status_code=400)
    accepted, upload_problems = read_uploads(request.files.getlist(form.attachments.name))
    if upload_problems:
        form.attachments.errors = upload_problems
        return _form_page(item, term, update, form, status_code=400)
    return _save(item, term, form, accepted)


def _save(item, term, form: UpdateForm, accepted):
    submitting = bool(form.submit.data)
    # Read now: if the database fails below, the page that says so cannot read it.
    item_label = item.ref
    content = UpdateContent(**{name: (getattr(form, name).data or "") for name in CONTENT_FIELDS})
    try:
        stored = store_uploads(accepted)
    except OSError as failure:
        # No room for the files: nothing is saved, and the words go back into the form.
        return storage_failed_keeping(failure, item_label, form)
    try:
        with unit_of_work():
            saved = save_update(
                item=item,
                term=term,
                user=g.user,
                content=content,
                expected_version=form.version.data or 0,
                submit=submitting,
                has_new_attachments=bool(stored),
            )
            add_attachments(update=saved, user=g.user, files=stored)
    except EditConflict as conflict:
        discard([file.stored_name for file in stored])
        return _conflict_page(item, term, form, conflict.changes)
    except StaleDataError:
        discard([file.stored_name for file in stored])
        return _conflict_page(item, term, form, None)
    except InvalidContent as invalid:
        discard([file.stored_name for file in stored])
        for name, message in invalid.problems.items():
            getattr(form, name).errors = [*getattr(form, name).errors, message]
        return _form_page(item, term, get_update(item=item, term=term), form, status_code=400)
    except NotAllowed as refusal:
        discard([file.stored_name for file in stored])
        form.form_errors.append(str(refusal))
        return _form_page(item, term, get_update(item=item, term=term), form, status_code=403)
    except OperationalError as failure:
        # Full, unreachable or refusing writes: nothing was stored; the words go back.
        discard([file.stored_name for file in stored])
        return database_unavailable_keeping(failure, item_label, form)
    except OSError as failure:
        discard([file.stored_name for file in stored])
        return storage_failed_keeping(failure, item_label, form)
    except BaseException:
        discard([file.stored_name for file in stored])
        raise
    flash(
        f"Update for {item.ref} submitted for review."
        if submitting
        else f"Draft update for {item.ref} saved.",
        "success",
    )
    return redirect(url_for("progress.edit_update", item_slug=item.slug, term_slug=term.slug))


def _conflict_page(item, term, form: UpdateForm, changes):
    """Someone saved first: keep this person's words in the form and show theirs beside them."""
    db.session.rollback()
    current = get_update(item=item, term=term)
    if changes is None and current is not None:
        changes = update_changes_since(update_id=current.id, version=form.version.data or 0)
    # The form may now be saved over the version it has been shown.
    form.version.data = current.version if current else 0
    form.version.raw_data = [str(form.version.data)]
    form.form_errors.append(
        "Someone else saved this update while you were editing it. Your changes have not been "
        "saved. Compare them with the saved version below, then save again."
    )
    return _form_page(item, term, current, form, conflict=changes or [], status_code=409)


def _update_or_404(item, term):
    update = get_update(item=item, term=term)
    if update is None:
        abort(404)
    return update


@bp.post("/updates/<item_slug>/<term_slug>/review")
@allow(Role.MANAGER)
def review(item_slug: str, term_slug: str):
    item, term = item_or_404(item_slug), term_or_404(term_slug)
    update = _update_or_404(item, term)
    form = ReviewForm(prefix="review")
    if not form.validate():
        return _form_page(item, term, update, _filled_form(item, term, update), status_code=400)
    approve = bool(form.approve.data)
    try:
        with unit_of_work():
            review_update(
                update=update, user=g.user, approve=approve, reason=form.reason.data or ""
            )
    except (NotAllowed, InvalidContent) as problem:
        return _refused(item, term, str(problem), 400)
    except StaleDataError:
        return _refused(item, term, CHANGED_WHILE_REVIEWING, 409)
    flash(
        f"Update for {item.ref} approved." if approve else f"Update for {item.ref} returned.",
        "success",
    )
    # Back to the review queue when reviewed from it; only same-site paths are followed.
    return redirect(
        safe_next_url(request.form.get("next"))
        or url_for("progress.edit_update", item_slug=item.slug, term_slug=term.slug)
    )


@bp.post("/updates/<item_slug>/<term_slug>/reopen")
@allow(Role.MANAGER)
def reopen(item_slug: str, term_slug: str):
    item, term = item_or_404(item_slug), term_or_404(term_slug)
    update = _update_or_404(item, term)
    form = ReopenForm(prefix="reopen")
    try:
        if not form.validate():
            raise InvalidContent({"reason": "Enter the reason for reopening the update"})
        with unit_of_work():
            reopen_update(update=update, user=g.user, reason=form.reason.data)
    except (NotAllowed, InvalidContent) as problem:
        return _refused(item, term, str(problem), 400)
    except StaleDataError:
        return _refused(item, term, CHANGED_WHILE_REVIEWING, 409)
    flash(f"Update for {item.ref} reopened.", "success")
    return redirect(url_for("progress.edit_update", item_slug=item.slug, term_slug=term.slug))


# Two reviewers at once, or an owner saving as the manager acts: the later one is refused.
CHANGED_WHILE_REVIEWING = (
    "Someone else changed or reviewed this update at the same moment, so your review has not "
    "been recorded. Check the update as it is now, below, then review it again if you need to."
)


def _refused(item, term, message: str, status_code: int):
    """The update page as it now stands, saying why the review or reopening was not done."""
    db.session.rollback()
    update = get_update(item=item, term=term)
    page_form = _filled_form(item, term, update)
    page_form.form_errors.append(message)
    return _form_page(item, term, update, page_form, status_code=status_code)


def _filled_form(item, term, update) -> UpdateForm:
    form = UpdateForm(formdata=None)
    _prefill(form, item, term, update)
    return form


@bp.get("/attachments/<int:attachment_id>")
@signed_in
def download_attachment(attachment_id: int):
    attachment = get_attachment(attachment_id=attachment_id)
    if attachment is None or attachment.removed_at is not None:
        abort(404)
    update = attachment.update
    if update.state != "approved" and not may_read_unapproved(user=g.user, item=update.item):
        abort(403)
    response = send_file(
        path_of(attachment.stored_name),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.original_name,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/attachments/<int:attachment_id>/remove")
@allow(Role.OWNER, Role.MANAGER)
def remove(attachment_id: int):
    attachment = get_attachment(attachment_id=attachment_id)
    if attachment is None or attachment.removed_at is not None:
        abort(404)
    update = attachment.update
    if not may_read_unapproved(user=g.user, item=update.item):
        # Another owner's evidence is not theirs to change, whatever the URL says.
        abort(403)
    decision = edit_decision(user=g.user, item=update.item, term=update.term, update=update)
    try:
        with unit_of_work():
            remove_attachment(attachment=attachment, user=g.user, allowed=bool(decision))
    except NotAllowed as refusal:
        flash(str(refusal), "error")
    else:
        flash(f"{attachment.original_name} removed.", "success")
    return redirect(
        url_for("progress.edit_update", item_slug=update.item.slug, term_slug=update.term.slug)
    )
