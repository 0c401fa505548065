"""The auditor's commands as run from the terminal: exit codes, JSON, one-line errors."""

from __future__ import annotations

import json
import os
import sqlite3

from freezegun import freeze_time


def _office(cli):
    assert cli("init", "--admin", "admin")[0] == 0
    for name, role in (("wang", "registrar"), ("li", "handler")):
        assert cli("users", "add", name, "--role", role)[0] == 0
    code, out, _ = cli(
        "register", "--channel", "post", "--received", "2026-10-26", "--on", "2026-10-27",
        "--applicant", "张三", "--applicant-type", "natural", "--request", "某路段改造批复", user="wang",
    )
    assert cli("advance", "2026-0001", "assign", "--to", "li", "--on", "2026-10-28", user="wang")[0] == 0
    assert cli("advance", "2026-0001", "consult", "--party", "agency", "--on", "2026-11-02", user="li")[0] == 0


@freeze_time("2026-11-20 10:00:00")
def test_anchor_verify_and_a_tampered_book(cli):
    _office(cli)
    code, out, _ = cli("audit", "anchor", "--json")
    anchor = json.loads(out)
    assert code == 0 and anchor["position"] == 3 and anchor["anchor"] == f"3:{anchor['hash']}"
    code, out, _ = cli("audit", "verify", "--anchor", anchor["anchor"])
    assert code == 0 and out.startswith("intact: 3 events")
    code, out, _ = cli("audit", "verify", "--anchor", anchor["anchor"].upper())  # the same hash in capitals
    assert code == 0 and out.startswith("intact: 3 events")
    code, _, err = cli("audit", "verify", "--anchor", f"0:{anchor['hash']}")  # positions begin at 1
    assert code == 2 and "is not POS:HASH" in err
    with sqlite3.connect(os.environ["DISCLOSURE_DB"]) as connection:
        connection.execute("UPDATE events SET user_name = 'wang' WHERE position = 3")
    code, out, _ = cli("audit", "verify", "--json")
    result = json.loads(out)
    assert code == 1 and result["intact"] is False
    assert result["problem"] == {
        "kind": "changed", "position": 3, "case": "2026-0001",
        "detail": "the newest event's content or hash was edited after it was recorded",
    }
    code, _, err = cli("audit", "verify", "--anchor", "3:nothex")
    assert code == 2 and "POS:HASH" in err and len(err.strip().splitlines()) == 1


@freeze_time("2026-11-20 10:00:00")
def test_replay_lists_differences_and_repairs_them(cli):
    _office(cli)
    with sqlite3.connect(os.environ["DISCLOSURE_DB"]) as connection:
        connection.execute("UPDATE cases SET state = 'archived' WHERE number = '2026-0001'")
    code, out, _ = cli("audit", "replay", "--json")
    assert code == 1 and json.loads(out)["differences"] == [
        {"case": "2026-0001", "field": "state", "stored": "archived", "replayed": "consultation"}
    ]
    code, out, _ = cli("audit", "replay", "--repair", "--yes", user="li")
    assert code == 1  # only an admin repairs
    code, out, _ = cli("audit", "replay", "--repair", "--yes")
    assert code == 0 and "repaired 1 case: 2026-0001" in out
    assert cli("audit", "replay")[1].strip() == "every projection agrees with its events"
    assert cli("audit", "verify")[0] == 0


@freeze_time("2026-11-20 10:00:00")
def test_a_tally_edited_is_found_listed_and_rewritten(cli):
    _office(cli)
    with sqlite3.connect(os.environ["DISCLOSURE_DB"]) as connection:  # the application counted twice on its receipt day
        connection.execute("UPDATE report_tallies SET count = 2 WHERE measure = 'received' AND count = 1")
    code, out, _ = cli("audit", "verify", "--json")
    assert code == 1 and json.loads(out)["problem"] == {
        "kind": "tallies", "position": None, "case": None,
        "detail": "received 2026-10-26 disclosure li post|natural: kept [2, 0], counted again [1, 0]",
    }
    code, out, _ = cli("audit", "replay", "--json")
    assert code == 1 and json.loads(out)["differences"] == [
        {"case": "report_tallies", "field": "received 2026-10-26 disclosure li post|natural", "stored": [2, 0], "replayed": [1, 0]}
    ]
    code, out, _ = cli("audit", "replay", "--repair", "--yes")
    assert code == 0 and out.strip().endswith("rewrote the reports' tallies, counted again from the case rows")
    assert cli("audit", "verify")[0] == 0 and cli("audit", "replay")[0] == 0


@freeze_time("2026-11-20 10:00:00")
def test_show_and_history_as_of(cli):
    _office(cli)
    shown = json.loads(cli("show", "2026-0001", "--as-of", "2026-10-30", "--json")[1])
    assert (shown["state"], shown["handler"], shown["due_on"], shown["version"]) == ("processing", "li", "2026-11-23", 2)
    assert [event["version"] for event in json.loads(cli("history", "2026-0001", "--version", "1", "--json")[1])] == [1]
    code, _, err = cli("show", "2026-0001", "--as-of", "2026-10-01")
    assert code == 1 and "not registered yet" in err


@freeze_time("2026-11-20 10:00:00")
def test_export_to_a_file_and_verify_it_without_the_database(cli, tmp_path, monkeypatch):
    _office(cli)
    anchor = cli("audit", "anchor")[1].strip()
    paths = [tmp_path / "export.json", tmp_path / "export.csv"]
    for path in paths:
        # With the personal data, so every event's hash can be recomputed (a masked one's cannot).
        code, _, err = cli("audit", "export", "--all", "--format", path.suffix[1:], "--out", str(path),
                           "--with-personal-data", "--reason", "审计")
        assert code == 0 and "exported 3 events" in err
    masked = tmp_path / "masked.json"
    cli("audit", "export", "--all", "--out", str(masked))
    code, out, _ = cli("audit", "verify-export", str(masked), "--anchor", anchor)
    assert (code, out.strip()) == (0, "intact: 3 events, every link and 2 hashes checked (1 with masked personal data "
                                      f"cannot be: export --with-personal-data to check them); 1 case agrees with its events; head {anchor}")
    code, _, err = cli("audit", "export", "2026-0001", "--all")
    assert code == 2 and "one of them" in err
    monkeypatch.setenv("DISCLOSURE_DB", str(tmp_path / "absent.db"))  # no case book needed from here on
    intact = {
        "json": f"intact: 3 events, every hash and link checked; 1 case agrees with its events; head {anchor}",
        "csv": "intact: 3 events, every hash and link checked (a CSV export holds no head or cases to check)",
    }
    for path in paths:
        code, out, _ = cli("audit", "verify-export", str(path), "--anchor", anchor)
        assert (code, out.strip()) == (0, intact[path.suffix[1:]])
        path.write_text(path.read_text(encoding="utf-8").replace("某路段改造批复", "另一个请求"), encoding="utf-8")
        code, out, _ = cli("audit", "verify-export", str(path))
        assert code == 1 and out.startswith("BROKEN") and "position 1" in out
    assert not (tmp_path / "absent.db").exists()


@freeze_time("2026-11-20 10:00:00")
def test_verify_export_says_broken_or_malformed_in_one_line(cli, tmp_path):
    _office(cli)
    anchor = cli("audit", "anchor")[1].strip()
    path = tmp_path / "export.json"
    assert cli("audit", "export", "--all", "--out", str(path))[0] == 0
    document = json.loads(path.read_text(encoding="utf-8"))
    headless = dict(document)
    del headless["head"]
    path.write_text(json.dumps(headless), encoding="utf-8")
    code, out, _ = cli("audit", "verify-export", str(path), "--anchor", anchor, "--json")
    assert code == 1 and json.loads(out)["problem"]["kind"] == "missing" and json.loads(out)["head"] is None
    for malformed in (
        {**document, "events": [1]}, {**document, "events": [{**document["events"][0], "position": "a"}]},
        {**document, "cases": "x"}, {**document, "cases": [1]}, {key: value for key, value in document.items() if key != "events"},
    ):
        path.write_text(json.dumps(malformed), encoding="utf-8")
        code, out, err = cli("audit", "verify-export", str(path))
        assert (code, out) == (2, "") and err.startswith("disclosure: error: ") and len(err.splitlines()) == 1


def test_a_chain_broken_before_its_end_is_one_line_and_no_traceback(tmp_path):
    """The walk stops at the first finding, leaving its stream of events unread: closing it must not
    print "Exception ignored in: <generator …>" after the connection is gone."""
    import subprocess
    import sys
    from pathlib import Path

    disclosure = str(Path(sys.executable).parent / "disclosure")
    book = str(tmp_path / "book.db")

    def run(*args):
        return subprocess.run([disclosure, "--db", book, *args], capture_output=True, text=True)

    run("init", "--admin", "admin")
    for number in range(3):
        run("register", "--channel", "online", "--received", "2026-11-02", "--on", "2026-11-02", "--applicant", f"李{number}",
            "--applicant-type", "natural", "--request", f"request {number}")
    with sqlite3.connect(book) as connection:
        connection.execute("UPDATE events SET data = replace(data, 'request 0', 'request 9') WHERE position = 1")
    broken = run("audit", "verify")
    assert (broken.returncode, broken.stderr) == (1, "")
    assert broken.stdout.startswith("BROKEN 已被篡改: changed at position 1 (case 2026-0001)")
