"""The delivery and scheduler settings are whole numbers within bounds: a typo of twenty digits is refused
when the settings are read, not found by `notify` overflowing the clock with deliveries left claimed."""

from __future__ import annotations

import pytest

from disclosure.notifications.delivery import backoff
from disclosure.settings import parse_settings
from disclosure.workflow.errors import InvalidInput

MOST = {("delivery", "max_attempts"): 1000, ("delivery", "backoff_seconds"): 604800,
        ("delivery", "backoff_max_seconds"): 2592000, ("delivery", "lease_seconds"): 86400,
        ("delivery", "batch"): 10000, ("scheduler", "deliver_every_seconds"): 86400}


@pytest.mark.parametrize(("table", "key"), sorted(MOST))
def test_each_is_taken_up_to_its_bound_and_refused_beyond(table, key):
    most = MOST[(table, key)]
    assert getattr(parse_settings({table: {key: most}}), key) == most
    with pytest.raises(InvalidInput, match=rf"^{table}\.{key} must be at most {most} \(got {most + 1}\)$"):
        parse_settings({table: {key: most + 1}})
    with pytest.raises(InvalidInput, match=rf"^{table}\.{key} must be at most {most} \(got 99999999999999999999\)$"):
        parse_settings({table: {key: 99999999999999999999}})


def test_the_longest_backoff_the_bounds_allow_is_a_date_the_clock_can_hold():
    settings = parse_settings({"delivery": {"max_attempts": 1000, "backoff_seconds": 604800, "backoff_max_seconds": 2592000}})
    assert backoff(1000, settings).days == 30


@pytest.mark.parametrize(("text", "problem"), [
    ("[nosuch]\nx = 1\n", "unknown section [nosuch] (expected one of alerts, delivery, "),
    ("[delivery]\nbatch = 0\n", "delivery.batch must be a whole number, at least 1 (got 0)"),
])
def test_a_settings_files_error_names_the_file(tmp_path, text, problem):
    from disclosure.settings import load_settings

    path = tmp_path / "cfg" / "office.toml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as raised:
        load_settings(path, required=True)
    assert str(raised.value).startswith(f"{path}: {problem}")
