"""Small attendance files for import tests, written as a data officer would send them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

SCHOOLS = """urn,name,phase,locality
100001,Hill Primary,primary,North
100002,Vale Academy,secondary,Chesil
100003,Cliff Special,special,Purbeck
"""

PUPILS_HEADER = (
    "academic_year,pupil_id,urn,year_group,sex,fsm,sen,ethnicity,social_care,young_carer\n"
)
PUPILS = PUPILS_HEADER + (
    "2022/23,P1,100001,3,F,Y,N,WBRI,,N\n"
    "2022/23,P2,100001,R,M,N,K,WIRT,CIN,N\n"
    "2022/23,P3,100002,11,M,N,E,WROM,,Y\n"
    # P4 is dual registered: on the rolls of the secondary and the special school.
    "2022/23,P4,100002,9,F,Y,N,WBRI,CLA,N\n"
    "2022/23,P4,100003,9,F,Y,N,WBRI,CLA,N\n"
)
MARKS_HEADER = "pupil_id,urn,date,session,code\n"
SUMMARIES_HEADER = (
    "academic_year,term,pupil_id,urn,sessions_possible,sessions_present,sessions_aea,"
    "sessions_authorised,sessions_unauthorised\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def school_days(first: date, last: date) -> list[date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def marks(pupil: str, urn: str, days: list[date], codes: str) -> str:
    """One mark per session over ``days``; ``codes`` gives AM and PM codes, repeating."""
    lines = []
    position = 0
    for day in days:
        for session in ("AM", "PM"):
            lines.append(
                f"{pupil},{urn},{day.isoformat()},{session},{codes[position % len(codes)]}"
            )
            position += 1
    return "\n".join(lines) + "\n"
