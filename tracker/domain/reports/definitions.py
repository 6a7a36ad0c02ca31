"""The appendix every report carries: what the statuses and measures mean."""

from __future__ import annotations

from tracker.domain.indicators import INDICATOR_STATUSES
from tracker.domain.reports.model import Definition
from tracker.domain.status import STATUSES

INDICATOR_STATUS_MEANINGS = {
    "green": "The outcome is being met: the value is better than its comparators, or meets "
    "its target.",
    "amber": "Close: within the indicator's tolerance of its comparators or target.",
    "red": "Not met: worse than a comparator or short of the target by more than the tolerance.",
    "no_data": "There is no value, or no comparator figure, for the period.",
}

METRIC_DEFINITIONS = (
    Definition(
        "Overall absence rate",
        "Sessions missed (authorised and unauthorised) as a percentage of possible sessions, "
        "summed over enrolments of pupils in national curriculum years 1 to 11 (the DfE "
        "method). Year 11 sessions after the summer half-term are left out.",
    ),
    Definition(
        "Attendance rate",
        "Sessions attended, including approved educational activity off site, as a "
        "percentage of possible sessions.",
    ),
    Definition(
        "Persistent absence rate",
        "Enrolments missing 10% or more of their own possible sessions in the period, as a "
        "percentage of enrolments.",
    ),
    Definition(
        "Severe absence rate",
        "Enrolments missing 50% or more of their own possible sessions in the period, as a "
        "percentage of enrolments.",
    ),
    Definition(
        "Statistical neighbours",
        "The unweighted mean of the published rates of the ten local authorities the DfE "
        "lists as most similar to ours.",
    ),
    Definition(
        "Direction of travel",
        "This term's approved status against last term's: Better, Same or Worse. Not "
        "started and No update carry no judgement of delivery, so show No comparison.",
    ),
)


def status_definitions() -> tuple[Definition, ...]:
    return tuple(
        Definition(status.label, status.definition)
        for status in STATUSES
        if status.code != "withdrawn"
    )


def indicator_status_definitions() -> tuple[Definition, ...]:
    return tuple(
        Definition(status.label, INDICATOR_STATUS_MEANINGS[status.code])
        for status in INDICATOR_STATUSES
    )
