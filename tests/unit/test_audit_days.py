"""The audit record's date filters read days as UK days, across the clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tracker.domain.audit import EVENT_LABELS, AuditEventType, uk_day_bounds


def test_a_winter_day_is_the_same_in_utc():
    start, end = uk_day_bounds(date(2026, 1, 5), date(2026, 1, 5))
    assert start == datetime(2026, 1, 5, 0, 0, tzinfo=UTC)
    assert end == datetime(2026, 1, 6, 0, 0, tzinfo=UTC)


def test_a_summer_day_starts_at_eleven_the_evening_before_in_utc():
    start, end = uk_day_bounds(date(2026, 7, 1), date(2026, 7, 31))
    assert start == datetime(2026, 6, 30, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 7, 31, 23, 0, tzinfo=UTC)


def test_a_missing_day_leaves_that_end_open():
    assert uk_day_bounds(None, None) == (None, None)
    assert uk_day_bounds(date(2026, 3, 29), None)[1] is None


def test_every_event_has_a_label():
    assert set(EVENT_LABELS) == set(AuditEventType)
