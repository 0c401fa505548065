"""From the command line, a kind file or a number pattern of the wrong form is one line and exit 2, and
the case book is as it was: the tester's traceback (effects = "handler"), the label of a built-in kind,
a number pattern that ran out of memory or printed <class 'int'> in a letter's number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from freezegun import freeze_time

from tests.cli.test_letters_cli import SETTINGS as LETTER_SETTINGS

KIND_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "kinds" / "message_board.toml"
# The letters' settings with the pattern a test puts in their place.
SETTINGS = LETTER_SETTINGS.replace("某政公开〔{year}〕第{seq}号", "{pattern}")


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('effects = [{ handler = "to" }]', 'effects = "handler"', "action assign: effects must be a list of tables (got 'handler')"),
        ('from = ["registered"]', 'from = "registered"',
         "action assign: from must be a list, such as from = ['registered'], not one text"),
        ('choices = "outcomes"', 'choices = "nope"',
         "action reply param outcome: choices must be \"outcomes\", a list of texts, such as choices = ['yes', 'no'], or a table of "
         "codes and their labels (got 'nope')"),
        ('choices = "outcomes"', "choices = []", "action reply param outcome: choices must not be empty"),
        ("open = false", 'open = "no"', "state replied: open must be true or false (got 'no')"),
        ('label = "领导留言板"', 'label = "政府信息公开申请"',
         ": label '政府信息公开申请' is already the kind disclosure's (built in); each kind needs a code and a label of its own"),
        ('params = ["to"]', 'params = ["to", { name = "days", type = "int", max = -1 }]',
         "action assign param days: max must be a whole number, at least 1 (got -1)"),
    ],
)
def test_a_kind_file_of_the_wrong_form_is_one_line_and_exit_2(cli, tmp_path, old, new, message):
    broken = tmp_path / "broken.toml"
    broken.write_text(KIND_FILE.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    assert cli("init", "--admin", "admin")[0] == 0
    code, out, err = cli("--kinds", str(broken), "kinds", "list")
    assert (code, out) == (2, "")
    assert err.strip() == f"disclosure: error: kind message_board ({broken}) {message}".replace(") :", "):")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    # The same file on a command that writes: refused before anything is stored.
    code, _, err = cli("--kinds", str(broken), "register", "--channel", "post", "--received", "2026-11-02",
                       "--applicant", "张三", "--applicant-type", "natural", "--request", "x")
    assert code == 2 and err.strip().startswith(f"disclosure: error: kind message_board ({broken})")
    assert json.loads(cli("list", "--json")[1]) == []


@freeze_time("2026-11-20 10:00:00")
@pytest.mark.parametrize(
    "pattern, message",
    [
        ("{year}{seq:>99999999999}",
         "letters.number_pattern '{year}{seq:>99999999999}': {seq:>99999999999} may carry only a width of at most two digits, "
         "such as {seq:03d}"),
        ("{year}{seq}{seq.__class__}",
         "letters.number_pattern '{year}{seq}{seq.__class__}' takes only {year} and {seq}, not {seq.__class__}"),
    ],
)
def test_a_number_pattern_of_the_wrong_form_is_one_line_and_no_letter_is_issued(cli, tmp_path, monkeypatch, pattern, message):
    monkeypatch.chdir(tmp_path)
    settings = tmp_path / "disclosure.toml"
    settings.write_text(SETTINGS.replace("{pattern}", "某政公开〔{year}〕第{seq}号"), encoding="utf-8")
    assert cli("init", "--admin", "admin")[0] == 0
    code, out, _ = cli("register", "--channel", "post", "--received", "2026-11-02", "--on", "2026-11-02", "--applicant", "张三",
                       "--applicant-type", "natural", "--request", "某路段改造批复", "--letter")
    assert code == 0 and "某政公开〔2026〕第1号" in out
    settings.write_text(SETTINGS.replace("{pattern}", pattern), encoding="utf-8")
    code, out, err = cli("letter", "2026-0001", "送达回证")
    assert (code, out, err.strip()) == (2, "", f"disclosure: error: {settings}: {message}")  # the file named, as every settings refusal
    settings.write_text(SETTINGS.replace("{pattern}", "某政公开〔{year}〕第{seq}号"), encoding="utf-8")
    code, out, _ = cli("letters", "2026-0001", "--json")
    assert code == 0 and [letter["number"] for letter in json.loads(out)] == ["某政公开〔2026〕第1号"]
