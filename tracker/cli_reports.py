"""``flask --app wsgi report KIND ...``: a board report in any format, from the records."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from tracker.data.boards import board_settings
from tracker.data.submissions import build_document, next_version, report_request
from tracker.data.terms import get_term
from tracker.domain.errors import InvalidContent
from tracker.domain.reports.boards import (
    EDUCATION_BOARD,
    LEADERSHIP_TEAM,
    STRENGTHENING_SERVICES_BOARD,
    BoardFileError,
)
from tracker.domain.reports.model import KINDS, LEADERSHIP_WEEKLY
from tracker.domain.terms import TERM_NAMES, is_academic_year
from tracker.reports import FORMATS, render

AUDIENCE = {
    EDUCATION_BOARD: EDUCATION_BOARD,
    STRENGTHENING_SERVICES_BOARD: STRENGTHENING_SERVICES_BOARD,
    LEADERSHIP_WEEKLY: LEADERSHIP_TEAM,
}


def _check_options(kind: str, year: str | None, term: str | None, week_ending) -> None:
    if kind == LEADERSHIP_WEEKLY:
        if year or term:
            raise click.UsageError(
                "leadership-weekly is for a week: give --week-ending YYYY-MM-DD instead of "
                "--year and --term"
            )
        if week_ending is None:
            raise click.UsageError("leadership-weekly needs --week-ending YYYY-MM-DD")
        return
    if week_ending is not None:
        raise click.UsageError(f"{kind} is for a term: give --year and --term, not --week-ending")
    if not year or not term:
        raise click.UsageError(
            f"{kind} needs --year (like 2022/23) and --term ({'|'.join(TERM_NAMES)})"
        )
    if not is_academic_year(year):
        raise click.UsageError(
            f"--year must be an academic year written like 2022/23, not {year!r}"
        )


def _check_output(output: str) -> None:
    """Before the slow part: the file must be writable where it is asked for."""
    if output == "-":
        return
    path = Path(output)
    if path.is_dir():
        raise click.UsageError(f"-o {output} is a folder: give a file name")
    if not path.parent.is_dir():
        raise click.UsageError(f"-o {output}: the folder {path.parent} does not exist")


def _write(content: bytes, output: str) -> None:
    if output == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return
    try:
        Path(output).write_bytes(content)
    except OSError as error:
        raise click.ClickException(f"Could not write {output}: {error.strerror}") from None


@click.command("report")
@click.argument("kind", type=click.Choice(KINDS))
@click.option("--year", help="Academic year of a termly report, like 2022/23.")
@click.option("--term", type=click.Choice(TERM_NAMES), help="Term of a termly report.")
@click.option(
    "--week-ending",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Week of the leadership update (YYYY-MM-DD, any day of the school week).",
)
@click.option(
    "--format", "code", type=click.Choice(list(FORMATS)), required=True, help="File format."
)
@click.option("-o", "--output", required=True, help="File to write, or - for standard output.")
@click.option("--presenter", help="Who presents the report (default: as in boards.yaml).")
@click.option("--final", is_flag=True, help="Mark the report final rather than draft.")
def report_command(kind, year, term, week_ending, code, output, presenter, final) -> None:
    """Write the KIND report (education-board, strengthening-services-board or
    leadership-weekly) in one format. The file is not submitted: submit from the Reports
    page, which keeps the submitted files."""
    _check_options(kind, year, term, week_ending)
    _check_output(output)
    found_term = None
    if kind != LEADERSHIP_WEEKLY:
        found_term = get_term(academic_year=year, name=term)
        if found_term is None:
            raise click.ClickException(f"The {term} term of {year} is not set up: see terms.yaml")
    week: date | None = week_ending.date() if week_ending else None
    try:
        request = report_request(kind=kind, term=found_term, week_ending=week)
        settings = board_settings()
        who = (
            presenter or settings.board(AUDIENCE[kind]).presenter or "Service Manager for Inclusion"
        )
        _report, document = build_document(
            request=request, presenter=who, version=next_version(request=request), final=final
        )
    except (InvalidContent, BoardFileError) as error:
        raise click.ClickException(str(error)) from None
    _write(render(document, code), output)
    if output != "-":
        click.echo(f"Wrote {document.title} ({FORMATS[code].label}) to {output}", err=True)


REPORT_COMMANDS = (report_command,)
