"""Gathering what the termly board reports say, from approved records only.

Each ``*_data`` function reads the records and returns the report model; nothing here
formats. Statuses and update texts come only from updates the service manager approved,
as on the RAG summary.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tracker.data import report_sources as sources
from tracker.data.boards import board_settings
from tracker.data.owners import owners_by_item
from tracker.data.plan import get_strategy, list_localities, list_locality_groups, list_priorities
from tracker.data.summaries import approved_status_history, live_at_end_of
from tracker.data.terms import previous_term, terms_up_to
from tracker.data.training import training_section
from tracker.domain.reports.assembly import (
    EducationBoardFacts,
    IndicatorFacts,
    ItemFacts,
    ServicesBoardFacts,
    UpdateText,
    assemble_education_board,
    assemble_services_board,
)
from tracker.domain.reports.boards import (
    EDUCATION_BOARD,
    STRENGTHENING_SERVICES_BOARD,
    BoardSettings,
)
from tracker.domain.reports.model import (
    KIND_TITLES,
    Cover,
    DataSource,
    EducationBoardReport,
    GroupIndicators,
    RateRow,
    StrengtheningServicesBoardReport,
    long_date,
)
from tracker.domain.suppression import EXPLANATION, any_suppressed, suppress_rows
from tracker.extensions import db
from tracker.models import ItemOwner, LocalityGroup, Priority, Term, TrackableItem, Update

PUPIL_SOURCES = {
    "marks": "school registers (attendance marks)",
    "summary": "term totals sent by schools",
    "synthetic": "synthetic data generated for demonstration, not real pupils",
}


def make_cover(
    *,
    kind: str,
    board: str,
    period: str,
    period_key: str,
    presenter: str,
    version: int,
    final: bool,
    today: date,
) -> Cover:
    strategy = get_strategy()
    return Cover(
        kind=kind,
        board=board,
        title=KIND_TITLES[kind],
        period=period,
        period_key=period_key,
        prepared_on=today.isoformat(),
        presenter=presenter,
        version=version,
        final=final,
        organisation=strategy.organisation if strategy else "",
    )


def _owner_text(owners: list[ItemOwner]) -> str:
    lead = next((owner for owner in owners if owner.role == "lead"), None)
    if lead is None:
        return ""
    team = f" ({lead.user.team})" if lead.user.team else ""
    others = len(owners) - 1
    extra = f", with {others} contributor{'s' if others != 1 else ''}" if others else ""
    return f"{lead.user.name or lead.user.email}{team}{extra}"


def _approved_texts(term: Term) -> dict[int, UpdateText]:
    rows = db.session.scalars(
        select(Update).where(Update.term_id == term.id, Update.state == "approved")
    )
    return {
        update.item_id: UpdateText(
            progress=update.progress,
            evidence=update.evidence,
            impact=update.impact,
            next_steps=update.next_steps,
            mitigation=update.mitigation,
        )
        for update in rows
    }


def item_facts(*, term: Term, settings: BoardSettings) -> list[ItemFacts]:
    """Every item live at the end of the term, in plan order, with its approved history,
    update and board."""
    terms = terms_up_to(term=term)
    history = approved_status_history(terms=terms)
    texts = _approved_texts(term)
    owners = owners_by_item()
    rows = db.session.execute(
        select(TrackableItem, Priority.number, LocalityGroup.name)
        .outerjoin(Priority, TrackableItem.priority_id == Priority.id)
        .outerjoin(LocalityGroup, TrackableItem.locality_group_id == LocalityGroup.id)
        .where(live_at_end_of(term))
        .order_by(TrackableItem.position)
    )
    return [
        ItemFacts(
            id=item.id,
            ref=item.ref,
            kind=item.kind,
            text=item.full_text,
            priority=number,
            locality_group=group,
            owner=_owner_text(owners.get(item.id, [])),
            board=settings.board_for(item.ref),
            history=tuple(history.get(item.id, [None] * len(terms))),
            update=texts.get(item.id),
        )
        for item, number, group in rows
    ]


def data_sources(*, term: Term, today: date) -> tuple[DataSource, ...]:
    found = [
        DataSource(
            "Termly updates",
            "Approved by the service manager; drafts and updates waiting for review are not "
            "counted.",
            long_date(today.isoformat()),
        )
    ]
    first, last = sources.published_years()
    if last:
        found.append(
            DataSource(
                "Published absence rates",
                f"Department for Education absence and children in need statistics, {first} to "
                f"{last}: published figures for England, regions and local authorities.",
                f"{last} (latest published year)",
            )
        )
    version = sources.neighbour_list_version()
    if version:
        found.append(
            DataSource(
                "Statistical neighbours", f"DfE statistical neighbour list {version}.", version
            )
        )
    kinds = []
    if sources.has_pupil_data(academic_year=term.academic_year):
        kinds = sources.term_measures(term=term).get("sources", [])
    academic_year = term.academic_year
    if kinds:
        found.append(
            DataSource(
                "Pupil-level attendance",
                f"{academic_year}: " + "; ".join(PUPIL_SOURCES.get(k, k) for k in kinds) + ".",
                sources.last_import_at() or long_date(today.isoformat()),
            )
        )
    else:
        found.append(
            DataSource(
                "Pupil-level attendance",
                f"None loaded for {academic_year}: the authority's published figures stand in, "
                "labelled published.",
                "",
            )
        )
    found.append(
        DataSource(
            "Manual indicator values",
            "Entered each term by the service manager, with evidence; the training "
            "indicator is the running total of the training records.",
            sources.manual_values_entered_at(term_id=term.id) or "None entered for the term",
        )
    )
    return tuple(found)


# The locality table's figures, and the metrics each is read from.
RATE_MEASURES = {
    "enrolments": "enrolments",
    "overall": "overall_absence_rate",
    "persistent": "persistent_absence_rate",
    "severe": "severe_absence_rate",
}


def _rate_row(label: str, row: dict | None) -> RateRow:
    if not row:
        return RateRow(label, None, None, None, None)
    hidden = row.get("suppressed", ())
    return RateRow(
        label,
        row["enrolments"],
        row["overall_absence_rate"],
        row["persistent_absence_rate"],
        row["severe_absence_rate"],
        tuple(name for name, measure in RATE_MEASURES.items() if measure in hidden),
    )


def locality_rates(*, term: Term) -> tuple[tuple[RateRow, ...], RateRow | None, str]:
    """Each locality's absence rates for the term beside the authority's, and their source."""
    if not sources.has_pupil_data(academic_year=term.academic_year):
        return (
            (),
            None,
            f"No pupil-level attendance data is loaded for {term.academic_year}, so locality "
            "rates cannot be shown: the DfE publishes no figures by locality.",
        )
    by_locality = sources.term_measures(term=term, by=("locality",))
    overall = sources.term_measures(term=term)
    # A locality of a small authority can have few pupils: its figures are confidential.
    shown = suppress_rows(by_locality["rows"], by=("locality",))
    rows = {row["group"]["locality"]: row for row in shown}
    rates = tuple(
        _rate_row(locality.name, rows.get(locality.name)) for locality in list_localities()
    )
    authority = suppress_rows(overall["rows"])
    whole = _rate_row(sources.authority_name(), authority[0] if authority else None)
    note = "Computed from pupil-level attendance data for the term."
    if "synthetic" in overall.get("sources", []):
        note += " The data is synthetic, generated for demonstration: not real pupils."
    if any_suppressed(shown) or any_suppressed(authority):
        note += " " + EXPLANATION
    return rates, whole, note


def education_board_data(
    *, term: Term, presenter: str, version: int, final: bool, today: date | None = None
) -> EducationBoardReport:
    today = today or date.today()
    settings = board_settings()
    board = settings.board(EDUCATION_BOARD)
    previous = previous_term(term=term)
    terms = terms_up_to(term=term)
    rates, whole, note = locality_rates(term=term)
    facts = EducationBoardFacts(
        cover=_termly_cover(
            kind=EDUCATION_BOARD,
            board=board.name,
            term=term,
            presenter=presenter,
            version=version,
            final=final,
            today=today,
        ),
        board=EDUCATION_BOARD,
        items=tuple(item_facts(term=term, settings=settings)),
        compared_with=previous.label if previous else "",
        priorities=tuple((p.number, p.title) for p in list_priorities()),
        locality_groups=tuple(
            (group.name, tuple(locality.name for locality in group.localities))
            for group in list_locality_groups()
        ),
        indicators=tuple(
            IndicatorFacts(report, priorities)
            for report, priorities in sources.indicator_reports(term=term, terms=terms)
        ),
        locality_rates=rates,
        authority_rates=whole,
        rates_period=term.label,
        rates_note=note,
        data_sources=data_sources(term=term, today=today),
        board_names={code: b.name for code, b in settings.boards.items()},
    )
    return assemble_education_board(facts)


def _termly_cover(*, kind, board, term: Term, presenter, version, final, today):
    """The cover of a termly board report: the term is its period."""
    return make_cover(
        kind=kind,
        board=board,
        period=term.label,
        period_key=term.slug,
        presenter=presenter,
        version=version,
        final=final,
        today=today,
    )


def strengthening_services_board_data(
    *, term: Term, presenter: str, version: int, final: bool, today: date | None = None
) -> StrengtheningServicesBoardReport:
    today = today or date.today()
    settings = board_settings()
    board = settings.board(STRENGTHENING_SERVICES_BOARD)
    previous = previous_term(term=term)
    terms = terms_up_to(term=term)
    found = sources.indicator_reports(term=term, terms=terms, codes=[settings.plans_indicator])
    plans = found[0][0] if found else None
    facts = ServicesBoardFacts(
        cover=_termly_cover(
            kind=STRENGTHENING_SERVICES_BOARD,
            board=board.name,
            term=term,
            presenter=presenter,
            version=version,
            final=final,
            today=today,
        ),
        board=STRENGTHENING_SERVICES_BOARD,
        items=tuple(item_facts(term=term, settings=settings)),
        compared_with=previous.label if previous else "",
        plans=plans,
        training=training_section(term=term, directorates=settings.directorates),
        groups=tuple(
            GroupIndicators(label, overall, persistent)
            for label, overall, persistent in sources.cohort_reports(
                term=term, groups=settings.vulnerable_groups
            )
        ),
        data_sources=data_sources(term=term, today=today),
    )
    return assemble_services_board(facts)
