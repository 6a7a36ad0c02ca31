"""Commands for attendance data: ``import-data``, ``metrics`` and ``generate-marks``."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from pathlib import Path

import click
from flask import current_app

from tracker.data.attendance_metrics import compute_metrics
from tracker.data.imports import IMPORTERS, import_file
from tracker.data.synthetic import write_synthetic_files
from tracker.data.transaction import unit_of_work
from tracker.domain.attendance_metrics import DIMENSIONS, ROW_FIGURES
from tracker.domain.errors import InvalidContent
from tracker.domain.import_files import ImportRejected
from tracker.domain.spreadsheet_text import csv_cell
from tracker.domain.terms import TERM_NAMES, is_academic_year

# The figures the command prints: every one but the two parts of sessions attended.
METRIC_FIELDS = tuple(
    name for name in ROW_FIGURES if name not in ("sessions_present", "sessions_aea")
)


class _Kind(click.ParamType):
    """Looked up when the command runs, so kinds added to ``IMPORTERS`` later are offered."""

    name = "kind"

    def convert(self, value, param, ctx):
        if value not in IMPORTERS:
            self.fail(f"{value!r} is not a kind of import: choose from {', '.join(IMPORTERS)}")
        return value


@click.command("import-data")
@click.argument("kind", type=_Kind())
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_data_command(kind: str, path: Path) -> None:
    """Import a CSV or XLSX file of KIND: schools, pupils, marks, summaries, ...

    All or nothing: a file with any problem is refused, with every problem
    listed by line and column, and nothing is changed.
    """
    try:
        with unit_of_work():
            entry = import_file(
                kind=kind,
                path=path,
                file_name=path.name,
                user=None,
                max_bytes=current_app.config["MAX_IMPORT_BYTES"],
            )
    except ImportRejected as rejected:
        _report_rejection(rejected)
        raise SystemExit(1) from None
    click.echo(f"Imported {path.name}: {entry.summary}")


def _report_rejection(rejected: ImportRejected) -> None:
    click.echo(f"Error: {rejected.message}", err=True)
    for problem in rejected.problems:
        where = f"line {problem.line}" + (f", column {problem.column}" if problem.column else "")
        click.echo(f"  {where}: {problem.message}", err=True)
    if rejected.not_listed:
        click.echo(f"  ... and {rejected.not_listed:,} more problems not listed", err=True)


def _parse_where(values: tuple[str, ...]) -> dict[str, list[str]]:
    where: dict[str, list[str]] = {}
    for value in values:
        name, equals, wanted = value.partition("=")
        if not equals or not name.strip():
            raise click.BadParameter(
                f"{value!r} should be DIMENSION=VALUE, e.g. fsm=Y", param_hint="--where"
            )
        where.setdefault(name.strip(), []).append(wanted)
    return where


@click.command("metrics")
@click.option("--year", "academic_year", required=True, help="Academic year, e.g. 2022/23.")
@click.option("--term", type=click.Choice(TERM_NAMES), help="One term (default: year to date).")
@click.option(
    "--week-ending",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="One week: any date in it, e.g. its Friday (YYYY-MM-DD).",
)
@click.option(
    "--by", "by", multiple=True, help=f"Group by a dimension (repeatable): {', '.join(DIMENSIONS)}."
)
@click.option(
    "--where",
    "where",
    multiple=True,
    help="Keep only DIMENSION=VALUE (repeatable; the same dimension twice means either).",
)
@click.option("--format", "output", type=click.Choice(["json", "csv"]), default="json")
def metrics_command(academic_year, term, week_ending, by, where, output) -> None:
    """Print the DfE absence measures from the pupil-level data, unrounded."""
    week: date | None = week_ending.date() if week_ending else None
    try:
        result = compute_metrics(
            academic_year=academic_year,
            term=term,
            week_ending=week,
            by=by,
            where=_parse_where(where),
        )
    except InvalidContent as error:
        raise click.UsageError("; ".join(error.problems.values())) from None
    if output == "json":
        json.dump(result, sys.stdout, indent=2)
        click.echo()
    else:
        _write_csv(result, by)


def _write_csv(result: dict, by: tuple[str, ...]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["year", "period", *by, *METRIC_FIELDS])
    for row in result["rows"]:
        # School and locality names come from imported files: keep them from running.
        writer.writerow(
            [
                csv_cell(result["year"]),
                csv_cell(result["period"]),
                *(csv_cell(row["group"][dim]) for dim in by),
                *(csv_cell(row[name]) for name in METRIC_FIELDS),
            ]
        )


@click.command("generate-marks")
@click.option("--year", "academic_year", required=True, help="Academic year, e.g. 2022/23.")
@click.option("--pupils", type=click.IntRange(min=1), default=50_000, show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The marks CSV; NAME.schools.csv and NAME.pupils.csv are written beside it.",
)
def generate_marks_command(academic_year: str, pupils: int, output: Path) -> None:
    """Write a synthetic year of registers, with its schools and pupils, as CSV files.

    The same arguments always give the same files. Import them in order:
    schools, pupils, then marks. Nothing in them is a real pupil or school.
    """
    if not is_academic_year(academic_year):
        raise click.BadParameter("write the year like 2022/23", param_hint="--year")
    try:
        files = write_synthetic_files(
            academic_year=academic_year,
            pupils=pupils,
            marks_path=output,
            seed_dir=current_app.config["SEED_DIR"],
            until=None,
        )
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Schools: {files.schools}")
    click.echo(f"Pupils: {files.pupils} ({files.enrolments:,} enrolments)")
    click.echo(f"Marks: {files.marks} ({files.mark_rows:,} marks)")


ATTENDANCE_COMMANDS = (import_data_command, metrics_command, generate_marks_command)
