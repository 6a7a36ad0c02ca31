"""Database models. Import from here so Alembic sees every table."""

from tracker.models.accounts import SignInAddressFailure, SignInFailure, User
from tracker.models.attendance import AttendanceWeek, DataImport, Enrolment, School
from tracker.models.audit import AuditEvent
from tracker.models.benchmarks import BenchmarkAuthority, PublishedRate, StatisticalNeighbour
from tracker.models.indicators import Indicator, ManualIndicatorValue, indicator_outcome
from tracker.models.items import Action, LocalityPriority, TrackableItem
from tracker.models.places import Locality, LocalityGroup, locality_group_member
from tracker.models.progress import Attachment, HistoryEntry, ItemOwner, Update
from tracker.models.reports import ReportFile, ReportSubmission, TrainingRecord
from tracker.models.strategy import Outcome, Priority, QuotedFigure, Strategy, StrategySection
from tracker.models.terms import Term

__all__ = [
    "Action",
    "Attachment",
    "AttendanceWeek",
    "AuditEvent",
    "BenchmarkAuthority",
    "DataImport",
    "Enrolment",
    "HistoryEntry",
    "Indicator",
    "ItemOwner",
    "Locality",
    "LocalityGroup",
    "LocalityPriority",
    "ManualIndicatorValue",
    "Outcome",
    "Priority",
    "PublishedRate",
    "QuotedFigure",
    "ReportFile",
    "ReportSubmission",
    "School",
    "SignInAddressFailure",
    "SignInFailure",
    "StatisticalNeighbour",
    "Strategy",
    "StrategySection",
    "Term",
    "TrackableItem",
    "TrainingRecord",
    "Update",
    "User",
    "indicator_outcome",
    "locality_group_member",
]
