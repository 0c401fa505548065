"""`calendar ics`: the open deadlines as an iCalendar file clerks import into the calendar they use."""

from __future__ import annotations

import json
import os
from datetime import date

import pytest
from freezegun import freeze_time
from icalendar import Calendar


def _register(cli, received: str, applicant: str = "张三") -> str:
    code, out, err = cli(
        "register", "--channel", "post", "--received", received, "--on", received, "--applicant", applicant,
        "--applicant-type", "natural", "--request", "某路段改造批复", "--id-number", "110101199001011234", user="wang",
    )
    assert code == 0, err
    return out.strip()


@pytest.fixture
def office(cli):
    """li handles two open cases and a withdrawn one, zhao one; one more case is only registered, due in 2027."""
    assert cli("init", "--admin", "admin")[0] == 0
    for name, role in (("wang", "registrar"), ("li", "handler"), ("zhao", "handler"), ("liu", "head")):
        assert cli("users", "add", name, "--role", role)[0] == 0
    with freeze_time("2026-11-20 10:00:00"):
        first, second, withdrawn = (_register(cli, received) for received in ("2026-11-02", "2026-11-03", "2026-11-04"))
        for number, handler in ((first, "li"), (second, "zhao"), (withdrawn, "li")):
            assert cli("advance", number, "assign", "--to", handler, "--on", "2026-11-05", user="wang")[0] == 0
        assert cli("advance", withdrawn, "withdraw", "--on", "2026-11-06", user="wang")[0] == 0
    with freeze_time("2026-12-22 10:00:00"):
        late = _register(cli, "2026-12-21", applicant="李四")
    return {"first": first, "second": second, "withdrawn": withdrawn, "late": late}


def _events(path) -> dict[tuple[str, str], dict]:
    """(case number, clock name) → the entry; the summary names both."""
    parsed = Calendar.from_ical(path.read_bytes())
    found = {}
    for entry in parsed.walk("VEVENT"):
        words = str(entry["summary"]).split()
        key = (words[0], words[2])
        assert key not in found
        found[key] = {
            "uid": str(entry["uid"]), "start": entry.decoded("dtstart"), "end": entry.decoded("dtend"),
            "summary": str(entry["summary"]), "description": str(entry["description"]),
        }
    return found


@freeze_time("2026-12-22 10:00:00")
def test_every_running_clock_of_an_open_case_is_an_all_day_entry(cli, office, tmp_path):
    out = tmp_path / "deadlines.ics"
    code, _, err = cli("calendar", "ics", "--out", str(out), user="li")
    assert code == 0, err
    assert "wrote 4 deadlines" in err
    assert os.stat(out).st_mode & 0o777 == 0o600  # the office's file mode, as every file a command writes

    events = _events(out)
    # The withdrawn case is absent; the case only registered runs its correction-notice period too.
    assert set(events) == {
        (office["first"], "reply"), (office["second"], "reply"),
        (office["late"], "correction_notice"), (office["late"], "reply"),
    }
    first = events[(office["first"], "reply")]
    # Received on 2 November: 20 working days give 30 November, a whole day ending at midnight.
    assert (first["start"], first["end"]) == (date(2026, 11, 30), date(2026, 12, 1))
    assert "答复期限" in first["summary"] and "reply" in first["summary"]
    for text in ("政府信息公开申请", "办理中 (processing)", "答复期限 (reply)", "2026-11-30"):
        assert text in first["description"]
    assert "暂定" not in first["description"]

    late = events[(office["late"], "reply")]
    assert late["start"].year == 2027
    assert "暂定" in late["description"] and "暂定" in late["summary"]

    content = out.read_text(encoding="utf-8")
    for personal in ("张三", "李四", "110101199001011234", "某路段改造批复"):
        assert personal not in content


def test_uids_are_stable_across_runs_and_unrelated_changes(cli, office, tmp_path):
    def uids(name: str) -> dict[str, str]:
        path = tmp_path / name
        assert cli("calendar", "ics", "--out", str(path))[0] == 0
        return {key: event["uid"] for key, event in _events(path).items()}

    with freeze_time("2026-12-22 10:00:00"):
        before, again = uids("one.ics"), uids("two.ics")
    assert before == again
    assert len(set(before.values())) == 4

    with freeze_time("2026-12-23 10:00:00"):
        added = _register(cli, "2026-12-23")  # another case, and a step on one that keeps its periods
        assert cli("advance", office["second"], "submit-review", "--on", "2026-12-23", user="zhao")[0] == 0
        after = uids("three.ics")
    assert {key for key in after if key[0] == added} == {(added, "reply"), (added, "correction_notice")}
    assert {key: after[key] for key in before} == before


@freeze_time("2026-11-20 10:00:00")
def test_an_extension_moves_the_entry_under_the_same_uid(cli, office, tmp_path):
    number = office["first"]
    path = tmp_path / "before.ics"
    assert cli("calendar", "ics", "--out", str(path))[0] == 0
    before = _events(path)[(number, "reply")]
    assert cli("advance", number, "extend", "--days", "20", "--on", "2026-11-20", user="liu")[0] == 0
    path = tmp_path / "after.ics"
    assert cli("calendar", "ics", "--out", str(path))[0] == 0
    after = _events(path)[(number, "reply")]
    assert after["uid"] == before["uid"]
    assert after["start"] > before["start"]


@freeze_time("2026-12-22 10:00:00")
def test_user_names_the_handler_whose_cases_are_listed(cli, office):
    code, out, err = cli("calendar", "ics", "--user", "li", "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert [entry["case"] for entry in listed] == [office["first"]]
    assert listed[0]["clock"] == "reply" and listed[0]["state_label"] == "办理中" and listed[0]["due_on"] == "2026-11-30"
    assert "applicant" not in listed[0]

    zhao = json.loads(cli("calendar", "ics", "--user", "zhao", "--json")[1])
    assert [entry["case"] for entry in zhao] == [office["second"]]


@freeze_time("2026-12-22 10:00:00")
def test_standard_output_carries_the_file_without_out(cli, office):
    code, out, err = cli("calendar", "ics")
    assert code == 0, err
    parsed = Calendar.from_ical(out)
    assert len(list(parsed.walk("VEVENT"))) == 4


@freeze_time("2026-12-22 10:00:00")
def test_refusals_are_one_line(cli, office, tmp_path):
    code, _, err = cli("calendar", "ics", "--user", "nobody")
    assert code == 1 and "no user nobody" in err and "Traceback" not in err
    existing = tmp_path / "there.ics"
    existing.write_text("mine", encoding="utf-8")
    code, _, err = cli("calendar", "ics", "--out", str(existing))
    assert code == 2 and "--force" in err and existing.read_text(encoding="utf-8") == "mine"
    assert cli("calendar", "ics", "--out", str(existing), "--force")[0] == 0
    assert "BEGIN:VCALENDAR" in existing.read_text(encoding="utf-8")


def test_without_a_case_book_it_says_so(cli, tmp_path):
    code, _, err = cli("--db", str(tmp_path / "none.db"), "calendar", "ics")
    assert code != 0 and "init" in err and "Traceback" not in err
