"""Signing in and out, and changing one's own password."""

from datetime import timedelta

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for

from tracker.access import public, safe_next_url, signed_in
from tracker.data.accounts import (
    AccountError,
    PasswordRefused,
    authenticate,
    change_own_password,
    sign_out_everywhere,
)
from tracker.data.transaction import unit_of_work
from tracker.domain.sign_in_limits import whole_minutes, whole_seconds
from tracker.views.auth.forms import ChangePasswordForm, SignInForm
from tracker.views.auth.session import start_session

bp = Blueprint("auth", __name__)

WRONG_DETAILS = "Enter a correct email address and password"
LOCKED = (
    "This account is locked after too many failed attempts. Ask the service manager to unlock it"
)


def _home_for_signed_in():
    return url_for("progress.my_items") if g.user.role == "owner" else url_for("strategy.overview")


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    if g.user is not None:
        return redirect(_home_for_signed_in())
    form = SignInForm()
    if form.validate_on_submit():
        with unit_of_work():
            result = authenticate(
                email=form.email.data,
                password=form.password.data,
                address=request.remote_addr or "",
            )
        if result.wait is not None:
            return _too_many_attempts(result.wait)
        if result.user is not None:
            start_session(result.user)
            g.user = result.user
            return redirect(safe_next_url(request.args.get("next")) or _home_for_signed_in())
        # Say the same whichever of the two was wrong, so accounts cannot be discovered;
        # a locked account says so whether or not the password was right.
        form.email.errors.append(LOCKED if result.locked else WRONG_DETAILS)
        form.password.data = ""
    return render_template("auth/sign_in.html", form=form)


def _too_many_attempts(wait: timedelta):
    """The answer while the client's network is paused: the same whatever email was typed."""
    page = render_template("auth/too_many_attempts.html", minutes=whole_minutes(wait))
    return page, 429, {"Retry-After": str(whole_seconds(wait))}


@bp.post("/sign-out")
@signed_in
def sign_out():
    with unit_of_work():
        sign_out_everywhere(user=g.user)
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                change_own_password(
                    user=g.user, current=form.current_password.data, new=form.password.data
                )
        except PasswordRefused as refused:
            form.password.errors = [str(refused)]
        except AccountError as problem:
            form.current_password.errors = [str(problem)]
        else:
            # Every other session ended with the change; this browser carries on.
            start_session(g.user)
            flash("Your password has been changed.", "success")
            return redirect(_home_for_signed_in())
    return render_template("auth/change_password.html", form=form), 400 if form.errors else 200
