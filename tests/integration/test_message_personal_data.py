"""What the alerts tell about the applicant, as it reaches real servers on the loopback interface: the
group robots, the webhook and the console carry the case number, the clock, the due date and the
threshold, never the applicant's name, identity number, phone, address or request; an e-mail names
the applicant only when the office's settings allow it. Alerts stored by earlier versions, with the
name in their text, are sent the same way."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest
from sqlalchemy import text

from disclosure.notifications.channels import (
    ConsoleChannel,
    DingTalkRobotChannel,
    SmtpChannel,
    WebhookChannel,
    WeComRobotChannel,
)
from disclosure.service import Office
from disclosure.settings import Settings
from tests.integration.channel_servers import LOOPBACK, http_server, smtp_server
from tests.integration.conftest import TODAY, register

APPLICANT = "欧阳明珠"
ID_NUMBER = "110101198805056789"
PHONE = "13712345678"
ADDRESS = "北京市东城区幸福路88号"
REQUEST = "请公开2024年度征收补偿资金使用明细"
PERSONAL = (APPLICANT, ID_NUMBER, PHONE, ADDRESS, REQUEST)

GROUP_CHANNELS = ("wecom", "dingtalk", "hook", "console")
CHANNELS = (*GROUP_CHANNELS, "mail")
SENDER = "gk@example.gov.cn"
HANDLER_EMAIL = "han@example.gov.cn"

# Case 2025-0001, received 2025-09-26: its reply is due 2025-10-30; the sweep of Monday 27 October warns.
EXPECTED_LINES = [
    "案件编号：2025-0001",
    "期限：答复期限（reply）",
    "到期日：2025-10-30",
    "情况：剩余 3 个工作日",
    "提醒：即将到期（due_soon）",
]
SUBJECT = "【即将到期】2025-0001 答复期限 2025-10-30（剩余 3 个工作日）"


@pytest.fixture
def office_with_an_alert(office, database_url):
    """The alert of case 2025-0001 queued for every channel, its applicant's personal data all recorded."""
    number = register(
        office, applicant=APPLICANT, id_number=ID_NUMBER, phone=PHONE, address=ADDRESS, request=REQUEST
    ).number
    office.act(number, "assign", user="reg", on="2025-09-29", to="han")
    office.set_contact("han", by="admin", email=HANDLER_EMAIL, mobile="13900000001")
    book = Office.open(database_url, today=lambda: TODAY, settings=Settings(delivery_channels=CHANNELS))
    assert len(book.sweep("2025-10-27")) == 1
    yield book
    book.close()


class Servers:
    """The loopback servers the channels post to, and the channels built on them."""

    def __init__(self, http, smtp_port: int, smtp) -> None:
        self.http, self.smtp = http, smtp
        self.console = io.StringIO()
        self.channels = {
            "wecom": WeComRobotChannel("wecom", http.url("/cgi-bin/webhook/send?key=693a91f6-7b3e-4bc4")),
            "dingtalk": DingTalkRobotChannel(
                "dingtalk", http.url("/robot/send?access_token=9f1c2d3e4b5a69788776"), secret="SEC5d41402abc4b2a"
            ),
            "hook": WebhookChannel("hook", http.url("/hooks/disclosure"), secret="whsec-5b8f0e1c9d"),
            "console": ConsoleChannel(stream=self.console),
            "mail": SmtpChannel("mail", LOOPBACK, smtp_port, SENDER, timeout=2),
        }

    def posted(self) -> dict[str, str]:
        """What each group channel delivered, as text (JSON bodies decoded, so no escape hides a name)."""
        paths = {"/cgi-bin/webhook/send": "wecom", "/robot/send": "dingtalk", "/hooks/disclosure": "hook"}
        found = {paths[request.path]: json.dumps(request.json(), ensure_ascii=False) for request in self.http.received}
        found["console"] = self.console.getvalue()
        return found

    def mail_text(self) -> str:
        [mail] = self.smtp.received
        assert [address.addr_spec for address in mail.message["To"].addresses] == [HANDLER_EMAIL]
        assert mail.message["Subject"] == SUBJECT
        return mail.message.get_content().rstrip("\n")


@pytest.fixture
def servers():
    with http_server() as http, smtp_server() as (port, smtp):
        yield Servers(http, port, smtp)


def _store_as_earlier_versions_did(office: Office) -> None:
    """The alert's text as versions that named the applicant in every message stored it."""
    old = "\n".join([EXPECTED_LINES[0], f"申请人：{APPLICANT}", *EXPECTED_LINES[1:]])
    with office.engine.begin() as connection:
        connection.execute(text("UPDATE alerts SET text = :old"), {"old": old})


def _assert_group_channels_carry_no_personal_data(servers: Servers) -> None:
    posted = servers.posted()
    assert sorted(posted) == sorted(GROUP_CHANNELS)
    for channel, body in posted.items():
        assert "2025-0001" in body and "2025-10-30" in body and "答复期限" in body and "即将到期" in body, channel
        for personal in PERSONAL:
            assert personal not in body, f"{channel} carried {personal}: {body}"


@pytest.mark.parametrize("stored_by", ["this version", "an earlier version"])
def test_without_the_setting_no_channel_carries_the_applicants_personal_data(office_with_an_alert, servers, stored_by):
    if stored_by == "an earlier version":
        _store_as_earlier_versions_did(office_with_an_alert)
    report = office_with_an_alert.notify(servers.channels)
    assert len(report["sent"]) == len(CHANNELS) and report["failed"] == [] and report["dead"] == []
    _assert_group_channels_carry_no_personal_data(servers)
    assert servers.mail_text().split("\n") == EXPECTED_LINES


@pytest.mark.parametrize("stored_by", ["this version", "an earlier version"])
def test_with_the_setting_the_mail_names_the_applicant_and_the_group_channels_still_do_not(
    office_with_an_alert, servers, stored_by
):
    if stored_by == "an earlier version":
        _store_as_earlier_versions_did(office_with_an_alert)
    office_with_an_alert.settings = replace(office_with_an_alert.settings, email_applicant_name=True)
    report = office_with_an_alert.notify(servers.channels)
    assert len(report["sent"]) == len(CHANNELS)
    _assert_group_channels_carry_no_personal_data(servers)
    assert servers.mail_text().split("\n") == [EXPECTED_LINES[0], f"申请人：{APPLICANT}", *EXPECTED_LINES[1:]]
    for personal in (ID_NUMBER, PHONE, ADDRESS, REQUEST):
        assert personal not in servers.mail_text()


def test_the_mail_names_the_applicant_as_the_case_records_it_when_sent(office_with_an_alert, servers):
    with office_with_an_alert.engine.begin() as connection:
        connection.execute(text("UPDATE cases SET applicant_name = '欧阳明月'"))  # a correction after the sweep
    office_with_an_alert.settings = replace(office_with_an_alert.settings, email_applicant_name=True)
    office_with_an_alert.notify({"mail": servers.channels["mail"]})
    assert "申请人：欧阳明月" in servers.mail_text() and APPLICANT not in servers.mail_text()
