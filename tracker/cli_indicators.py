"""``flask --app wsgi indicators``: every outcome indicator with its comparators and status."""

from __future__ import annotations

import json
import sys

import click

from tracker.data.indicators import IndicatorResult, evaluate_indicators
from tracker.data.reference_data import get_authority
from tracker.domain.errors import InvalidContent
from tracker.domain.indicators import format_value
from tracker.domain.terms import TERM_NAMES


@click.command("indicators")
@click.option("--year", required=True, help="Academic year, e.g. 2020/21.")
@click.option(
    "--term",
    type=click.Choice(TERM_NAMES),
    default=None,
    help="One term of the year; without it, the whole year to date.",
)
@click.option(
    "--neighbours",
    "neighbour_list",
    default=None,
    help="Statistical neighbour list version, e.g. 2021-04 (default: the authority's choice, "
    "else the latest).",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["json", "table"]),
    default="table",
    show_default=True,
)
def indicators_command(year: str, term: str | None, neighbour_list: str | None, output: str):
    """Evaluate every outcome indicator for YEAR (and TERM): value, comparators, status."""
    try:
        results = evaluate_indicators(academic_year=year, term=term, neighbour_list=neighbour_list)
    except InvalidContent as error:
        raise click.ClickException(str(error)) from None
    if output == "json":
        authority = get_authority()
        json.dump(
            {
                "year": year,
                "term": term,
                "authority": authority.la_name if authority else None,
                "indicators": [result.as_dict() for result in results],
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        click.echo()
        return
    for line in table_lines(results):
        click.echo(line)


def _shown(value: float | None, unit: str) -> str:
    return "-" if value is None else format_value(value, unit)


def table_lines(results: list[IndicatorResult]) -> list[str]:
    """A readable block per indicator: the figures, then the one-line explanation."""
    lines = []
    for result in results:
        indicator = result.indicator
        source = f" ({result.source})" if result.source else ""
        lines.append(f"{indicator.code}: {indicator.title}")
        lines.append(
            f"  {result.status_label:<8} value {_shown(result.value, indicator.unit)}{source}"
        )
        for comparator in result.comparators:
            extra = f" ({comparator.note})" if comparator.note else ""
            lines.append(
                f"           {comparator.label}: {_shown(comparator.value, indicator.unit)}{extra}"
            )
        lines.append(f"  {result.explanation}")
        lines.append("")
    return lines


INDICATOR_COMMANDS = (indicators_command,)
