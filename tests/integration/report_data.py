"""Records behind the report tests: a small attendance dataset, termly updates approved
through the ordinary workflow, training records and a manual indicator's values.

The attendance files go through the importer, as a data officer's would: two schools in
each locality, pupils of every characteristic the reports break down by, registers for
every school day of 2022/23 and 2023/24 with absence patterns that make some pupils
persistent and some severe absentees.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from tracker.data.imports import import_file
from tracker.data.owners import set_owners
from tracker.data.plan import get_item
from tracker.data.progress import UpdateContent, review_update, save_update
from tracker.data.terms import get_term
from tracker.data.training import save_training_record
from tracker.data.transaction import unit_of_work
from tracker.extensions import db
from tracker.models import Indicator, ManualIndicatorValue, Term

LOCALITIES = ("North", "Chesil", "Dorchester", "West", "East", "Purbeck")
YEARS = ("2022/23", "2023/24")
# Share of sessions each kind of pupil misses: most attend well, some are persistent
# absentees (10% or more) and one in twelve is severely absent (50% or more).
ABSENCE = (0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.12, 0.15, 0.02, 0.04, 0.2, 0.55)
ETHNICITIES = ("WBRI", "WBRI", "WBRI", "WIRT", "WOTH", "MWBC")
SOCIAL_CARE = ("", "", "", "CIN", "", "CPP", "", "", "CLA", "", "", "")
REPORT_TERM = ("2023/24", "spring")
PREVIOUS_TERM = ("2023/24", "autumn")


def _school_rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for index, locality in enumerate(LOCALITIES):
        rows.append((f"2000{index}1", f"{locality} Primary", "primary", locality))
        rows.append((f"2000{index}2", f"{locality} Academy", "secondary", locality))
    return rows


def _pupils() -> list[dict]:
    pupils = []
    for urn, _name, phase, _locality in _school_rows():
        groups = range(1, 7) if phase == "primary" else range(7, 12)
        for number in range(12):
            year_group = list(groups)[number % len(groups)]
            pupils.append(
                {
                    "pupil_id": f"X{urn}{number:02d}",
                    "urn": urn,
                    "year_group": year_group,
                    "sex": "FM"[number % 2],
                    "fsm": "Y" if number % 3 == 0 else "N",
                    "sen": "E" if number % 6 == 5 else ("K" if number % 4 == 1 else "N"),
                    "ethnicity": ETHNICITIES[number % len(ETHNICITIES)],
                    "social_care": SOCIAL_CARE[number],
                    "young_carer": "Y" if number == 7 else "N",
                    "absence": ABSENCE[number],
                }
            )
    return pupils


def _school_days(term: Term) -> list[date]:
    days, day = [], term.start_date
    while day <= term.end_date:
        in_half_term = term.half_term_start <= day <= term.half_term_end
        if day.weekday() < 5 and not in_half_term:
            days.append(day)
        day += timedelta(days=1)
    return days


def _marks(pupils: list[dict], terms: list[Term], seed: int) -> str:
    chance = random.Random(seed)
    lines = ["pupil_id,urn,date,session,code"]
    for term in terms:
        for day in _school_days(term):
            for pupil in pupils:
                for session in ("AM", "PM"):
                    roll = chance.random()
                    if roll < pupil["absence"] * 0.7:
                        code = "I"
                    elif roll < pupil["absence"]:
                        code = "O"
                    else:
                        code = "/"
                    lines.append(
                        f"{pupil['pupil_id']},{pupil['urn']},{day.isoformat()},{session},{code}"
                    )
    return "\n".join(lines) + "\n"


def _import(kind: str, folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    with unit_of_work():
        import_file(
            kind=kind,
            path=path,
            file_name=name,
            user=None,
            max_bytes=current_app.config["MAX_IMPORT_BYTES"],
        )


def load_attendance(folder: Path) -> None:
    schools = "urn,name,phase,locality\n" + "".join(
        f"{urn},{name},{phase},{locality}\n" for urn, name, phase, locality in _school_rows()
    )
    _import("schools", folder, "schools.csv", schools)
    pupils = _pupils()
    for offset, year in enumerate(YEARS):
        roll = (
            "academic_year,pupil_id,urn,year_group,sex,fsm,sen,ethnicity,social_care,young_carer\n"
        )
        roll += "".join(
            f"{year},{p['pupil_id']},{p['urn']},{p['year_group']},{p['sex']},{p['fsm']},"
            f"{p['sen']},{p['ethnicity']},{p['social_care']},{p['young_carer']}\n"
            for p in pupils
        )
        _import("pupils", folder, f"pupils-{offset}.csv", roll)
        terms = list(db.session.scalars(select(Term).where(Term.academic_year == year)))
        _import("marks", folder, f"marks-{offset}.csv", _marks(pupils, terms, seed=offset))


# Progress ------------------------------------------------------------------------------

# (ref, autumn status, spring status): spring 2023/24 is the reported term.
UPDATES = (
    ("P1-001", "amber", "green"),
    ("P1-002", "red", "red"),
    ("P1-008", "green", "amber"),
    ("P2-008", "green", "complete"),
    ("P3-004", None, "not_started"),
    ("north-1", "amber", "amber"),
)
# Saved for the reported term but never approved: reports must not count it.
UNAPPROVED = "P1-003"


def content(status: str, ref: str) -> UpdateContent:
    return UpdateContent(
        status=status,
        progress=f"Progress on {ref} this term.",
        evidence=f"[Evidence for {ref}](https://example.org/{ref.lower()})",
        impact=f"Impact of {ref}: more pupils attend.",
        next_steps=f"Next steps for {ref}.",
        mitigation=f"Mitigation for {ref}: extra support." if status in {"red", "amber"} else "",
    )


def _approve(item, term, people, status: str) -> None:
    update = save_update(
        item=item,
        term=term,
        user=people["owner"],
        content=content(status, item.ref),
        expected_version=0,
        submit=True,
    )
    review_update(update=update, user=people["manager"], approve=True)


def record_progress(people) -> None:
    """Approved updates for the autumn and spring terms of 2023/24, and one left unapproved."""
    autumn, spring = (
        get_term(academic_year="2023/24", name="autumn"),
        get_term(academic_year="2023/24", name="spring"),
    )
    with unit_of_work():
        for term in (autumn, spring):
            term.state = "open"
        for slug, *_ in (*UPDATES, (UNAPPROVED,)):
            set_owners(
                item=get_item(slug=slug),
                lead=people["owner"],
                contributors=[],
                by=people["manager"],
            )
    with unit_of_work():
        for slug, before, now in UPDATES:
            item = get_item(slug=slug)
            if before:
                _approve(item, autumn, people, before)
            _approve(item, spring, people, now)
        save_update(
            item=get_item(slug=UNAPPROVED),
            term=spring,
            user=people["owner"],
            content=content("green", "P1/003"),
            expected_version=0,
            submit=True,
        )


TRAINING = (
    ("universal", "Children's Services", 120, 150),
    ("enhanced", "Children's Services", 30, 25),
    ("specific", "Adult Social Care", 4, 10),
    ("universal", "Place", 55, 80),
)
PLANS = {"autumn": 72.5, "spring": 81.25}


def record_training_and_plans(people, directorates) -> None:
    spring = get_term(academic_year="2023/24", name="spring")
    with unit_of_work():
        for tier, directorate, trained, target in TRAINING:
            save_training_record(
                term=spring,
                user=people["manager"],
                tier=tier,
                directorate=directorate,
                trained=trained,
                target=target,
                directorates=directorates,
                today=date(2024, 3, 20),  # during the spring term
            )
        indicator = db.session.scalars(
            select(Indicator).where(Indicator.code == "cin-cp-plans-with-attendance")
        ).one()
        for name, value in PLANS.items():
            term = get_term(academic_year="2023/24", name=name)
            db.session.add(
                ManualIndicatorValue(
                    indicator_id=indicator.id,
                    term_id=term.id,
                    value=value,
                    evidence="Termly dip sample.",
                    entered_by_id=people["manager"].id,
                )
            )
