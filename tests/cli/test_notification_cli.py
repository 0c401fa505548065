"""sweep, notify and the outbox from the terminal: JSON, settings files, one-line errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

from freezegun import freeze_time


def _office(cli):
    assert cli("init", "--admin", "admin")[0] == 0
    assert cli("users", "add", "wang", "--role", "registrar")[0] == 0
    assert cli("users", "add", "li", "--role", "handler", "--email", "li@example.gov.cn", "--mobile", "13900000001")[0] == 0
    cli(
        "register", "--channel", "post", "--received", "2026-10-26", "--on", "2026-10-27",
        "--applicant", "张三", "--applicant-type", "natural", "--request", "某路段改造批复", user="wang",
    )
    # 20 working days from Monday 2026-10-26: due Monday 2026-11-23.
    assert cli("advance", "2026-0001", "assign", "--to", "li", "--on", "2026-10-28", user="wang")[0] == 0


@freeze_time("2026-11-20 10:00:00")
def test_sweep_prints_the_alerts_it_created_and_then_none(cli):
    _office(cli)
    code, out, _ = cli("sweep", "--json")
    assert code == 0 and json.loads(out) == [
        {"case": "2026-0001", "clock": "reply", "threshold": "due_soon", "due_on": "2026-11-23", "recipients": ["li"]},
        {"case": None, "clock": "calendar", "threshold": "calendar_missing", "due_on": None, "recipients": ["admin"]},
    ]
    code, out, _ = cli("sweep", "--json")
    assert code == 0 and json.loads(out) == []
    assert cli("sweep")[1].strip() == "no new alerts"


@freeze_time("2026-11-20 10:00:00")
def test_notify_sends_through_the_console_and_the_outbox_shows_it(cli):
    _office(cli)
    cli("sweep")
    code, out, err = cli("notify", "--json")
    assert code == 0 and json.loads(out) == {"sent": [1, 2], "failed": [], "dead": []}
    assert "【即将到期】2026-0001 答复期限 2026-11-23（剩余 1 个工作日）" in err
    code, out, _ = cli("notifications", "list", "--status", "sent", "--json")
    rows = json.loads(out)
    assert [(row["key"], row["channel"], row["status_label"]) for row in rows] == [
        ("-/calendar/2027/calendar_missing", "console", "已发送"),
        ("2026-0001/reply/0/due_soon", "console", "已发送"),
    ]
    assert rows[1]["recipients"] == ["li"] and rows[1]["sent_at"].endswith("+08:00")
    assert json.loads(cli("notifications", "list", "--status", "failed", "--json")[1]) == []
    code, _, err = cli("notifications", "retry", "2")
    assert code == 1 and err.strip() == "disclosure: error: delivery 2 does not exist or was sent already; nothing was changed"


@freeze_time("2026-11-20 10:00:00")
def test_a_settings_file_beside_the_case_book_sets_the_thresholds(cli):
    _office(cli)
    beside = Path(os.environ["DISCLOSURE_DB"]).parent / "disclosure.toml"
    beside.write_text("[alerts.reply]\nbefore_due = 0\n", encoding="utf-8")
    code, _, err = cli("sweep")
    assert code == 2 and err.strip() == (
        f"disclosure: error: {beside}: alerts: before_due must be a whole number of working days, at least 1 (got 0)"
    )
    beside.write_text("[alerts]\nbefore_due = 1\n[alerts.reply]\nenabled = false\n", encoding="utf-8")
    code, out, _ = cli("sweep", "--json")
    assert code == 0 and [alert["clock"] for alert in json.loads(out)] == ["calendar"]


@freeze_time("2026-11-20 10:00:00")
def test_config_must_exist_when_named_and_channels_must_be_known(cli, tmp_path):
    _office(cli)
    code, _, err = cli("--config", str(tmp_path / "none.toml"), "sweep")
    assert code == 2 and "no settings file at" in err
    settings = tmp_path / "office.toml"
    settings.write_text('[delivery]\nchannels = ["mail"]\n', encoding="utf-8")
    code, _, err = cli("--config", str(settings), "sweep")
    assert code == 2 and "delivery.channels names 'mail', which has no [channels.mail] table" in err
    settings.write_text('[channels.mail]\ntype = "smtp"\nhost = "127.0.0.1"\nsender = "gk@x.cn"\npassword = "hunter2"\n', encoding="utf-8")
    assert cli("--config", str(settings), "sweep")[0] == 0  # the sweep only queues
    code, _, err = cli("--config", str(settings), "notify")
    assert code == 2 and "environment variable" in err and "hunter2" not in err


@freeze_time("2026-11-20 10:00:00")
def test_sweep_refuses_a_future_date_and_contacts_can_be_changed(cli):
    _office(cli)
    code, _, err = cli("sweep", "--on", "2026-11-21")
    assert code == 2 and "ahead of today" in err
    assert cli("users", "contact", "li", "--mobile", "13900000002", user="li")[0] == 0
    code, _, err = cli("users", "contact", "li", "--email", "x@y.cn", user="wang")
    assert code == 1 and "needs the role admin" in err


@freeze_time("2026-11-20 10:00:00")
def test_the_console_never_names_the_applicant_and_a_bad_setting_is_one_line(cli):
    _office(cli)
    beside = Path(os.environ["DISCLOSURE_DB"]).parent / "disclosure.toml"
    beside.write_text('[notifications]\nemail_applicant_name = "yes"\n', encoding="utf-8")
    code, _, err = cli("sweep")
    assert code == 2 and err == f"disclosure: error: {beside}: notifications.email_applicant_name must be true or false (got 'yes')\n"
    beside.write_text("[notifications]\nemail_applicant_name = true\n", encoding="utf-8")  # for e-mail only
    assert cli("sweep")[0] == 0
    code, _, err = cli("notify")
    assert code == 0 and "案件编号：2026-0001" in err and "到期日：2026-11-23" in err
    assert "张三" not in err and "某路段改造批复" not in err
