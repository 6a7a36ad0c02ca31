"""Command-line interface: ``flask --app wsgi COMMAND`` or the ``tracker`` script."""

from __future__ import annotations

import json
import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup

from tracker.data.plan import export_plan
from tracker.data.seeding import apply_seed_plan
from tracker.data.transaction import unit_of_work
from tracker.domain.seed_plan import SeedError
from tracker.domain.seed_reader import read_seed_folder


@click.command("seed")
@click.option(
    "--seed-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder of seed files (default: the TRACKER_SEED_DIR setting).",
)
def seed_command(seed_dir: str | None) -> None:
    """Load the strategy, localities, terms and quoted figures from the seed files.

    Safe to run again: unchanged records stay as they are, edited texts are
    updated in place, and items removed from the files are marked withdrawn.
    A problem in any file stops the command before anything is written.
    """
    folder = seed_dir or current_app.config["SEED_DIR"]
    try:
        plan = read_seed_folder(folder)
    except SeedError as error:
        raise click.ClickException(str(error)) from None
    with unit_of_work():
        summary = apply_seed_plan(plan=plan)
    for line in summary.lines():
        click.echo(line)


@click.command("export-plan")
def export_plan_command() -> None:
    """Print the live plan (strategy, priorities, actions, locality priorities) as JSON."""
    json.dump(export_plan(), sys.stdout, ensure_ascii=False, indent=2)
    click.echo()


def register_commands(app: Flask) -> None:
    for command in (seed_command, export_plan_command):
        app.cli.add_command(command)


def main() -> None:
    """Entry point of the ``tracker`` console script: the same commands as ``flask``."""
    from tracker import create_app

    cli = FlaskGroup(create_app=lambda: create_app(), help="Attendance strategy tracker.")
    cli.main()
