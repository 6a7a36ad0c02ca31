"""The rules that limit password guessing: which failures count, and for how long.

Two limits apply to failed sign-ins. One is per email address and locks the account
(``tracker.data.accounts``); the other is per client network and only pauses that
network's sign-ins for a while (``tracker.data.sign_in_limits``), so that one place
cannot guess at, or lock, every account in turn.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# As long as the longest address the audit record keeps.
NETWORK_LENGTH = 45


@dataclass(frozen=True)
class FailureLimit:
    """``failures`` failed sign-ins within ``window`` are too many."""

    failures: int
    window: timedelta

    def describe(self) -> str:
        minutes = int(self.window.total_seconds() // 60)
        if minutes >= 60 and minutes % 60 == 0:
            hours = minutes // 60
            span = f"{hours} hour" if hours == 1 else f"{hours} hours"
        else:
            span = f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"
        return f"{self.failures} failed sign-ins within {span}"


def client_network(address: str) -> str:
    """The network whose failures count together: an IPv4 address, or an IPv6 /64.

    An IPv6 connection is usually given a whole /64 and may use any address in it,
    so counting single IPv6 addresses would let one client try from millions of them.
    An address that cannot be read is counted as it came; none at all is ``""``.
    """
    text = (address or "").strip()
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return text[:NETWORK_LENGTH]
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64)))


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back times without their zone; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def whole_seconds(wait: timedelta) -> int:
    """A wait rounded up to whole seconds, and never less than one (for Retry-After)."""
    return max(1, math.ceil(wait.total_seconds()))


def whole_minutes(wait: timedelta) -> int:
    """A wait rounded up to whole minutes, as a person is told it."""
    return math.ceil(whole_seconds(wait) / 60)


def lock_key(text: str) -> int:
    """A stable signed 32-bit number for ``text``, to name a database advisory lock."""
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)
