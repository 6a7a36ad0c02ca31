"""Account commands for whoever runs the server: the way back in when every manager is locked."""

from __future__ import annotations

import click

from tracker.data.accounts import AccountError, find_user, normalise_email, unlock_account
from tracker.data.transaction import unit_of_work


@click.command("unlock-user")
@click.argument("email")
@click.option("--reason", default="", help="Why it is unlocked; kept in the audit record.")
def unlock_user_command(email: str, reason: str) -> None:
    """Unlock the account that signs in with EMAIL after too many failed sign-ins.

    The service manager unlocks accounts on the person's page; this is for when
    the managers themselves are locked out. The unlock is in the audit record,
    as done at the command line.
    """
    user = find_user(email=email)
    if user is None:
        raise click.ClickException(f"There is no account for {normalise_email(email)}")
    try:
        with unit_of_work():
            unlock_account(user=user, by=None, reason=reason or "Unlocked at the command line")
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Unlocked the account for {user.email}: it can sign in again")


ACCOUNT_COMMANDS = (unlock_user_command,)
