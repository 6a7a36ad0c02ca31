"""Command-line interface: ``flask --app wsgi COMMAND`` or the ``tracker`` script."""

from __future__ import annotations

import json
import sys
from datetime import date

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup

from tracker.data.accounts import AccountError, create_user
from tracker.data.demo import seed_demo
from tracker.data.plan import export_plan
from tracker.data.schema import schema_problem
from tracker.data.seeding import apply_seed_plan
from tracker.data.transaction import unit_of_work
from tracker.domain.passwords import MIN_PASSWORD_LENGTH
from tracker.domain.roles import parse_role
from tracker.domain.seed_plan import SeedError
from tracker.domain.seed_reader import read_seed_folder


@click.command("seed")
@click.option(
    "--seed-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder of seed files (default: the TRACKER_SEED_DIR setting).",
)
@click.option(
    "--demo",
    is_flag=True,
    help="Also add demonstration accounts, owners and termly progress (not for real use).",
)
@click.option(
    "--demo-password",
    default="demo",
    show_default=True,
    help="Password of the demonstration accounts created by --demo.",
)
def seed_command(seed_dir: str | None, demo: bool, demo_password: str) -> None:
    """Load the strategy, localities, terms, quoted figures, published benchmarks and
    outcome indicators from the seed files.

    Safe to run again: unchanged records stay as they are, edited texts are
    updated in place, and items removed from the files are marked withdrawn.
    A problem in any file stops the command before anything is written.
    With --demo, demonstration data is added too; running it again adds nothing.
    """
    if demo and current_app.config["ENV_NAME"] == "production":
        # The demonstration accounts have a known password and bypass the password rule.
        raise click.ClickException(
            "seed --demo adds accounts with a known password, so it does not run with "
            "TRACKER_ENV=production: demonstrate on a development or test installation"
        )
    problem = schema_problem()
    if problem:
        raise click.ClickException(problem)
    folder = seed_dir or current_app.config["SEED_DIR"]
    try:
        plan = read_seed_folder(folder)
    except SeedError as error:
        raise click.ClickException(str(error)) from None
    with unit_of_work():
        summary = apply_seed_plan(plan=plan)
        demo_lines = seed_demo(password=demo_password, today=date.today()) if demo else []
    for line in [*summary.lines(), *demo_lines]:
        click.echo(line)


@click.command("export-plan")
def export_plan_command() -> None:
    """Print the live plan (strategy, priorities, actions, locality priorities) as JSON."""
    json.dump(export_plan(), sys.stdout, ensure_ascii=False, indent=2)
    click.echo()


@click.command("create-user")
@click.argument("email")
@click.option(
    "--role",
    required=True,
    help="manager (service manager), owner (action owner), board (board member) or data "
    "(data officer).",
)
@click.option("--name", default="", help="Full name, as shown to colleagues.")
@click.option("--team", default="", help="Team or service the person works in.")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help=f"At least {MIN_PASSWORD_LENGTH} characters, not a common password, nor the email or "
    "name. Prompted for if not given.",
)
def create_user_command(email: str, role: str, name: str, team: str, password: str) -> None:
    """Create an account that signs in with EMAIL."""
    try:
        parsed_role = parse_role(role)
        with unit_of_work():
            user = create_user(
                email=email,
                name=name,
                role=parsed_role,
                team=team,
                password=password,
            )
    except (ValueError, AccountError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {user.role_label.lower()} account for {user.email}")


def register_commands(app: Flask) -> None:
    from tracker.cli_accounts import ACCOUNT_COMMANDS
    from tracker.cli_attendance import ATTENDANCE_COMMANDS
    from tracker.cli_backup import BACKUP_COMMANDS
    from tracker.cli_indicators import INDICATOR_COMMANDS
    from tracker.cli_reports import REPORT_COMMANDS
    from tracker.cli_retention import RETENTION_COMMANDS

    for command in (
        seed_command,
        export_plan_command,
        create_user_command,
        *ACCOUNT_COMMANDS,
        *ATTENDANCE_COMMANDS,
        *INDICATOR_COMMANDS,
        *REPORT_COMMANDS,
        *BACKUP_COMMANDS,
        *RETENTION_COMMANDS,
    ):
        app.cli.add_command(command)


def main() -> None:
    """Entry point of the ``tracker`` console script: the same commands as ``flask``."""
    from tracker import create_app

    cli = FlaskGroup(create_app=lambda: create_app(), help="Attendance strategy tracker.")
    cli.main()
