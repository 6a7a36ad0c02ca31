"""The kinds of event in the audit record, and how the record's dates are read.

The audit record answers "who signed in, who failed to, and who changed whose
access" for the service manager and for any later investigation. Its events are
staff account events only: no pupil data is ever written to it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

UK_ZONE = ZoneInfo("Europe/London")


class AuditEventType(StrEnum):
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    LOCKED = "locked"
    THROTTLED = "throttled"
    UNLOCKED = "unlocked"
    SIGN_OUT = "sign_out"
    ROLE_CHANGED = "role_changed"
    ACCESS_CHANGED = "access_changed"
    PASSWORD_RESET = "password_reset"  # noqa: S105  # nosec B105 # an event name, not a password
    USER_CREATED = "user_created"

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]


EVENT_LABELS = {
    AuditEventType.SIGN_IN: "Signed in",
    AuditEventType.SIGN_IN_FAILED: "Sign-in failed",
    AuditEventType.LOCKED: "Account locked",
    AuditEventType.THROTTLED: "Sign-ins paused for a network",
    AuditEventType.UNLOCKED: "Account unlocked",
    AuditEventType.SIGN_OUT: "Signed out",
    AuditEventType.ROLE_CHANGED: "Role changed",
    AuditEventType.ACCESS_CHANGED: "Access changed",
    AuditEventType.PASSWORD_RESET: "Password reset",
    AuditEventType.USER_CREATED: "Account created",
}

# Where an event came from: a request to the service, or a command run on the server.
VIA_WEB = "web"
VIA_COMMAND_LINE = "command line"


def uk_day_bounds(
    first_day: date | None, last_day: date | None
) -> tuple[datetime | None, datetime | None]:
    """The UTC moments from the start of ``first_day`` to the end of ``last_day``, UK time.

    The manager picks days as they were in the UK, so a day in summer starts at
    23:00 UTC the evening before. The end is exclusive: the next day's start.
    """
    start = None if first_day is None else _uk_midnight(first_day)
    end = None if last_day is None else _uk_midnight(last_day + timedelta(days=1))
    return start, end


def _uk_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UK_ZONE).astimezone(UTC)
