"""The rules that limit password guessing, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tracker.domain.sign_in_limits import (
    FailureLimit,
    as_utc,
    client_network,
    lock_key,
    whole_minutes,
    whole_seconds,
)


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.9", "203.0.113.9"),
        (" 203.0.113.9 ", "203.0.113.9"),
        ("2001:db8:5:6::1", "2001:db8:5:6::/64"),
        ("2001:DB8:5:6:ffff:1:2:3", "2001:db8:5:6::/64"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("", ""),
        ("not an address", "not an address"),
        ("x" * 60, "x" * 45),
    ],
)
def test_failures_count_together_per_ipv4_address_or_ipv6_network(address, network):
    assert client_network(address) == network


@pytest.mark.parametrize(
    ("limit", "words"),
    [
        (FailureLimit(5, timedelta(minutes=15)), "5 failed sign-ins within 15 minutes"),
        (FailureLimit(10, timedelta(hours=24)), "10 failed sign-ins within 24 hours"),
        (FailureLimit(3, timedelta(hours=1)), "3 failed sign-ins within 1 hour"),
        (FailureLimit(3, timedelta(minutes=90)), "3 failed sign-ins within 90 minutes"),
        (FailureLimit(3, timedelta(minutes=1)), "3 failed sign-ins within 1 minute"),
    ],
)
def test_a_limit_says_itself_in_words(limit, words):
    assert limit.describe() == words


def test_waits_round_up_and_are_never_nothing():
    assert whole_seconds(timedelta(seconds=0.2)) == 1
    assert whole_seconds(timedelta(seconds=-3)) == 1
    assert whole_seconds(timedelta(minutes=14, seconds=59.5)) == 900
    assert whole_minutes(timedelta(minutes=14, seconds=1)) == 15
    assert whole_minutes(timedelta(seconds=1)) == 1
    assert whole_minutes(timedelta(minutes=60)) == 60


def test_times_without_a_zone_are_read_as_utc():
    naive = datetime(2026, 1, 5, 9, 30)
    assert as_utc(naive) == datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    aware = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    assert as_utc(aware) is aware


def test_lock_keys_are_stable_signed_32_bit_numbers():
    keys = {lock_key(text) for text in ("203.0.113.9", "owner@example.org", "")}
    assert len(keys) == 3
    assert all(-(2**31) <= key < 2**31 for key in keys)
    assert lock_key("owner@example.org") == lock_key("owner@example.org")
