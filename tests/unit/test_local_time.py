"""Times are stored in UTC and shown as UK clock time."""

from datetime import UTC, datetime

from tracker.views.template_helpers import local_time


def test_summer_times_are_shown_in_british_summer_time():
    assert local_time(datetime(2026, 7, 1, 9, 30, tzinfo=UTC)) == "1 July 2026, 10:30"


def test_winter_times_and_times_stored_without_a_zone_are_greenwich_time():
    assert local_time(datetime(2026, 12, 4, 9, 30, tzinfo=UTC)) == "4 December 2026, 09:30"
    assert local_time(datetime(2026, 7, 1, 9, 30)) == "1 July 2026, 10:30"


def test_no_moment_shows_nothing():
    assert local_time(None) == ""
