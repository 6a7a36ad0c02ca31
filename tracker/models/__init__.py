"""Database models. Import from here so Alembic sees every table."""

from tracker.models.accounts import SignInFailure, User
from tracker.models.items import Action, LocalityPriority, TrackableItem
from tracker.models.places import Locality, LocalityGroup, locality_group_member
from tracker.models.progress import Attachment, HistoryEntry, ItemOwner, Update
from tracker.models.strategy import Outcome, Priority, QuotedFigure, Strategy, StrategySection
from tracker.models.terms import Term

__all__ = [
    "Action",
    "Attachment",
    "HistoryEntry",
    "ItemOwner",
    "Locality",
    "LocalityGroup",
    "LocalityPriority",
    "Outcome",
    "Priority",
    "QuotedFigure",
    "SignInFailure",
    "Strategy",
    "StrategySection",
    "Term",
    "TrackableItem",
    "Update",
    "User",
    "locality_group_member",
]
