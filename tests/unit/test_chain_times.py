"""The recording time as the chain hashes it: in UTC, whatever zone it was given in and whatever the machine's zone."""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure.workflow.chain import as_utc, canonical_time

BEIJING = timezone(timedelta(hours=8))


@pytest.fixture
def machine_in_beijing():
    """The process's local zone set to Asia/Shanghai (UTC+8), as on an office server, and restored after."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_a_time_without_a_zone_is_taken_as_utc():
    moment = as_utc(datetime(2025, 10, 1, 8, 30))
    assert moment.utcoffset() == timedelta(0)
    assert moment == datetime(2025, 10, 1, 8, 30, tzinfo=timezone.utc)  # a naive result would compare unequal


def test_a_beijing_time_is_hashed_as_the_same_instant_in_utc_on_a_machine_in_beijing(machine_in_beijing):
    assert time.localtime(0).tm_gmtoff == 8 * 3600  # the zone took effect
    recorded = datetime(2025, 10, 1, 8, 30, 0, 123456, tzinfo=BEIJING)
    assert as_utc(recorded).utcoffset() == timedelta(0)
    assert canonical_time(recorded) == "2025-10-01 00:30:00.123456"  # 08:30 in Beijing is 00:30 UTC
    assert canonical_time(datetime(2025, 10, 1, 0, 30, 0, 123456)) == "2025-10-01 00:30:00.123456"  # naive: UTC already


@given(st.datetimes(timezones=st.sampled_from([None, timezone.utc, BEIJING, timezone(timedelta(hours=-11, minutes=-30))])))
def test_the_text_hashed_is_strftimes_for_every_moment(moment):
    """The chain has always hashed ``%Y-%m-%d %H:%M:%S.%f`` of the UTC time: books recorded then verify now."""
    try:
        utc = as_utc(moment)
    except OverflowError:  # a moment at the calendar's very edge has no UTC time to record
        return
    assert canonical_time(moment) == f"{utc:%Y-%m-%d %H:%M:%S.%f}"


def test_a_whole_second_keeps_its_microseconds_and_a_small_year_its_old_text():
    assert canonical_time(datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)) == "2026-12-01 08:00:00.000000"
    assert canonical_time(datetime(999, 1, 2, 3, 4, 5, 6, tzinfo=timezone.utc)) == f"{datetime(999, 1, 2, 3, 4, 5, 6):%Y-%m-%d %H:%M:%S.%f}"
