"""Database models. Import from here so Alembic sees every table."""

from tracker.models.items import Action, LocalityPriority, TrackableItem
from tracker.models.places import Locality, LocalityGroup, locality_group_member
from tracker.models.strategy import Outcome, Priority, QuotedFigure, Strategy, StrategySection
from tracker.models.terms import Term

__all__ = [
    "Action",
    "Locality",
    "LocalityGroup",
    "LocalityPriority",
    "Outcome",
    "Priority",
    "QuotedFigure",
    "Strategy",
    "StrategySection",
    "Term",
    "TrackableItem",
    "locality_group_member",
]
