"""Accounts and item owners, managed by the service manager."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for

from tracker.access import allow
from tracker.data.accounts import (
    AccountError,
    PasswordRefused,
    create_user,
    get_user,
    list_users,
    set_password,
    unlock_account,
    update_account,
)
from tracker.data.owners import owner_candidates, owners_of, set_owners
from tracker.data.transaction import unit_of_work
from tracker.domain.errors import InvalidContent
from tracker.domain.roles import Role
from tracker.views.manage.forms import (
    EditUserForm,
    NewUserForm,
    OwnersForm,
    UnlockForm,
)
from tracker.views.manage.routes import bp
from tracker.views.progress.lookup import item_or_404, item_url


@bp.get("/users")
@allow(Role.MANAGER)
def users():
    return render_template("manage/users.html", users=list_users())


@bp.route("/users/new", methods=["GET", "POST"])
@allow(Role.MANAGER)
def new_user():
    form = NewUserForm()
    if not form.validate_on_submit():
        status = 400 if form.errors else 200
        return render_template("manage/new_user.html", form=form), status
    try:
        with unit_of_work():
            user = create_user(
                email=form.email.data,
                name=form.name.data,
                team=form.team.data or "",
                role=Role(form.role.data),
                password=form.password.data,
                by=g.user,
            )
    except AccountError as problem:
        field = form.password if isinstance(problem, PasswordRefused) else form.email
        field.errors = [str(problem)]
        return render_template("manage/new_user.html", form=form), 400
    flash(f"Account created for {user.email}.", "success")
    return redirect(url_for("manage.users"))


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@allow(Role.MANAGER)
def edit_user(user_id: int):
    person = _person_or_404(user_id)
    # Filled from the account when first shown; from what was typed once sent.
    form = EditUserForm(obj=None if request.method == "POST" else person)
    if not form.validate_on_submit():
        status = 400 if form.errors else 200
        return render_template("manage/edit_user.html", form=form, person=person), status
    try:
        with unit_of_work():
            update_account(
                user=person,
                by=g.user,
                name=form.name.data,
                team=form.team.data or "",
                role=Role(form.role.data),
                active=bool(form.active.data),
            )
            if form.password.data:
                set_password(user=person, password=form.password.data, by=g.user)
    except AccountError as problem:
        field = form.password if isinstance(problem, PasswordRefused) else form.role
        field.errors = [str(problem)]
        return render_template("manage/edit_user.html", form=form, person=person), 400
    flash(f"Changes to {person.email} saved.", "success")
    return redirect(url_for("manage.users"))


def _person_or_404(user_id: int):
    person = get_user(user_id=user_id)
    if person is None:
        abort(404)
    return person


@bp.route("/users/<int:user_id>/unlock", methods=["GET", "POST"])
@allow(Role.MANAGER)
def unlock_user(user_id: int):
    """Asks for confirmation (and an optional reason), then unlocks on POST."""
    person = _person_or_404(user_id)
    if not person.is_locked:
        flash(f"The account for {person.email} is not locked.", "error")
        return redirect(url_for("manage.edit_user", user_id=person.id))
    form = UnlockForm()
    if not form.validate_on_submit():
        status = 400 if form.errors else 200
        return render_template("manage/unlock_user.html", form=form, person=person), status
    with unit_of_work():
        unlock_account(user=person, by=g.user, reason=form.reason.data or "")
    flash(f"The account for {person.email} is unlocked. They can sign in again.", "success")
    return redirect(url_for("manage.edit_user", user_id=person.id))


@bp.route("/items/<item_slug>/owners", methods=["GET", "POST"])
@allow(Role.MANAGER)
def item_owners(item_slug: str):
    item = item_or_404(item_slug)
    people = owner_candidates()
    form = OwnersForm()
    form.set_choices(people=people)
    current = owners_of(item=item)
    if not form.is_submitted():
        lead = next((owner for owner in current if owner.role == "lead"), None)
        form.lead.data = str(lead.user_id) if lead else ""
        form.contributors.data = [str(o.user_id) for o in current if o.role == "contributor"]
    if not form.validate_on_submit():
        status = 400 if form.errors else 200
        return render_template(
            "manage/owners.html", form=form, item=item, item_href=item_url(item), owners=current
        ), status
    by_id = {str(person.id): person for person in people}
    try:
        with unit_of_work():
            set_owners(
                item=item,
                lead=by_id[form.lead.data],
                contributors=[by_id[value] for value in form.contributors.data],
                by=g.user,
            )
    except InvalidContent as problem:
        form.contributors.errors = list(problem.problems.values())
        return render_template(
            "manage/owners.html", form=form, item=item, item_href=item_url(item), owners=current
        ), 400
    flash(f"Owners of {item.ref} saved.", "success")
    return redirect(item_url(item))
