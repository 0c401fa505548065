"""The notification channels against real servers on the loopback interface: what arrives, how each
failure is reported, that no secret ever shows, and how the channels are built from settings."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import logging
import ssl
import time
import tomllib
from urllib.parse import quote_plus

import pytest

from disclosure.notifications.channels import (
    Channel,
    ConsoleChannel,
    DingTalkRobotChannel,
    RecordingChannel,
    SmtpChannel,
    WebhookChannel,
    WeComRobotChannel,
    build_channels,
)
from disclosure.notifications.message import DeliveryError, Message, Recipient
from disclosure.workflow.errors import InvalidInput
from tests.integration.channel_servers import (
    LOOPBACK,
    Certificate,
    PasswordCheck,
    Reply,
    closed_port,
    http_server,
    self_signed_certificate,
    smtp_server,
)

# The secrets, as the office would keep them in environment variables. Each test that can fail
# asserts that none of them reaches an error message or a repr.
SMTP_PASSWORD = "Sm7p-pa55word-2026"
WEBHOOK_SECRET = "whsec-5b8f0e1c9d"
WECOM_KEY = "693a91f6-7b3e-4bc4-97a0-0ec2f1a5b7c9"
DINGTALK_TOKEN = "9f1c2d3e4b5a6978877665544332211f"
DINGTALK_SECRET = "SEC5d41402abc4b2a76b9719d911017c592"
SECRETS = (SMTP_PASSWORD, WEBHOOK_SECRET, WECOM_KEY, DINGTALK_TOKEN, DINGTALK_SECRET)

SENDER = "gk@example.gov.cn"
ZHANG = Recipient("张三", email="zhangsan@example.gov.cn", mobile="13800000001")
LI = Recipient("李四", mobile="13800000002")  # no e-mail: reached by the robots only
WANG = Recipient("王五", email="wangwu@example.gov.cn")
ALERT = Message(
    subject="【即将到期】2026-0042 答复期限 2026-12-01（剩余 3 个工作日）",
    text="案件编号：2026-0042\n期限：答复期限（reply）\n到期日：2026-12-01",
    recipients=(ZHANG, LI, WANG),
    key="2026-0042/reply/0/due_soon",
)
FIXED_SECONDS = 1_790_000_000.25  # the clock the signed channels read


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text, f"a secret leaked into: {text}"


def assert_one_line(text: str) -> None:
    assert text and "\n" not in text


@pytest.fixture
def http():
    with http_server() as server:
        yield server


def wecom_url(server) -> str:
    return server.url(f"/cgi-bin/webhook/send?key={WECOM_KEY}")


def dingtalk_url(server) -> str:
    return server.url(f"/robot/send?access_token={DINGTALK_TOKEN}")


# --- the fake and the console ------------------------------------------------------------------


def test_recording_channel_fails_as_often_as_told_then_remembers():
    channel = RecordingChannel(fail_times=2)
    for attempt in (1, 2):
        with pytest.raises(DeliveryError, match=f"injected failure {attempt} of 2"):
            channel.send(ALERT)
    channel.send(ALERT)
    assert channel.sent == [ALERT]
    assert isinstance(channel, Channel)


def test_console_channel_writes_the_alert_and_logs_it(caplog):
    stream = io.StringIO()
    with caplog.at_level(logging.INFO, logger="disclosure.notifications"):
        ConsoleChannel(stream=stream).send(ALERT)
    written = stream.getvalue()
    assert ALERT.subject in written and ALERT.text in written
    assert "张三" in written and "李四" in written and "王五" in written
    assert [record.levelno for record in caplog.records] == [logging.INFO]
    assert ALERT.subject in caplog.text


# --- SMTP ---------------------------------------------------------------------------------------


def test_smtp_delivers_a_chinese_mail_to_the_recipients_with_an_address():
    with smtp_server() as (port, server):
        SmtpChannel("mail", LOOPBACK, port, SENDER, timeout=2).send(ALERT)
    [mail] = server.received
    assert mail.mail_from == SENDER
    assert mail.rcpt_tos == [ZHANG.email, WANG.email]
    message = mail.message
    assert message["From"] == SENDER
    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [
        ("张三", ZHANG.email),
        ("王五", WANG.email),
    ]
    assert message["Subject"] == ALERT.subject
    assert message["X-Disclosure-Alert"] == ALERT.key
    assert message.get_content_charset() == "utf-8"
    assert message.get_content().rstrip("\n") == ALERT.text
    assert message["Message-ID"] and message["Date"]
    assert mail.authenticated_as is None
    assert mail.tls_version is None  # sent in the clear, as security="none" says


def test_smtp_mail_without_a_key_has_no_alert_header():
    with smtp_server() as (port, server):
        SmtpChannel("mail", LOOPBACK, port, SENDER, timeout=2).send(Message("测试", "正文", (WANG,)))
    assert "X-Disclosure-Alert" not in server.received[0].message


def test_smtp_logs_in_with_auth_login():
    check = PasswordCheck(SENDER, SMTP_PASSWORD)
    with smtp_server(authenticator=check) as (port, server):
        channel = SmtpChannel("mail", LOOPBACK, port, SENDER, username=SENDER, password=SMTP_PASSWORD, timeout=2)
        channel.send(ALERT)
    assert check.mechanisms == ["LOGIN"]
    assert [mail.authenticated_as for mail in server.received] == [SENDER]


def test_smtp_wrong_password_is_a_delivery_error_without_the_password():
    wrong = SMTP_PASSWORD[::-1]
    with smtp_server(authenticator=PasswordCheck(SENDER, SMTP_PASSWORD)) as (port, server):
        channel = SmtpChannel("mail", LOOPBACK, port, SENDER, username=SENDER, password=wrong, timeout=2)
        with pytest.raises(DeliveryError, match=rf"^smtp {LOOPBACK}:{port}: authentication failed \(535") as caught:
            channel.send(ALERT)
    assert server.received == []
    assert_one_line(str(caught.value))
    for shown in (str(caught.value), repr(channel)):
        assert wrong not in shown and SMTP_PASSWORD not in shown
    assert "password=***" in repr(channel)


def test_smtp_server_down_is_a_quick_delivery_error():
    port = closed_port()
    started = time.monotonic()
    with pytest.raises(DeliveryError, match=rf"^smtp {LOOPBACK}:{port}: connection refused$"):
        SmtpChannel("mail", LOOPBACK, port, SENDER, timeout=2).send(ALERT)
    assert time.monotonic() - started < 1.0


def test_smtp_refuses_a_message_nobody_can_receive_by_mail():
    with smtp_server() as (port, server):
        with pytest.raises(DeliveryError, match="no recipient has an e-mail address"):
            SmtpChannel("mail", LOOPBACK, port, SENDER, timeout=2).send(Message("测试", "正文", (LI,)))
    assert server.received == []


def test_smtp_starttls_does_not_fall_back_to_plain_text():
    # This server offers no STARTTLS: the channel must refuse to send rather than send in the clear.
    with smtp_server() as (port, server):
        channel = SmtpChannel("mail", LOOPBACK, port, SENDER, security="starttls", timeout=2)
        with pytest.raises(DeliveryError, match="STARTTLS"):
            channel.send(ALERT)
    assert server.received == []


def test_smtp_tls_to_a_plain_server_is_a_delivery_error():
    with smtp_server() as (port, server):
        with pytest.raises(DeliveryError, match=rf"^smtp {LOOPBACK}:{port}: "):
            SmtpChannel("mail", LOOPBACK, port, SENDER, security="tls", timeout=2).send(ALERT)
    assert server.received == []


# --- SMTP over TLS (a self-signed certificate for 127.0.0.1, made once by the openssl command) ---


@pytest.fixture(scope="session")
def certificate(tmp_path_factory) -> Certificate:
    try:
        made = self_signed_certificate(tmp_path_factory.mktemp("tls"))
        made.server_context()  # one Python's ssl cannot load is no use either
    except (RuntimeError, ssl.SSLError) as error:
        pytest.skip(f"no self-signed certificate for the SMTP TLS tests: {error}")
    return made


def assert_alert_arrived(mail) -> None:
    assert mail.mail_from == SENDER
    assert mail.rcpt_tos == [ZHANG.email, WANG.email]
    assert mail.message["Subject"] == ALERT.subject
    assert mail.message["X-Disclosure-Alert"] == ALERT.key
    assert mail.message.get_content().rstrip("\n") == ALERT.text
    assert mail.tls_version is not None and mail.tls_version.startswith("TLSv1.")


def test_smtp_starttls_upgrades_then_logs_in_and_delivers(certificate):
    check = PasswordCheck(SENDER, SMTP_PASSWORD)
    # The server refuses MAIL before STARTTLS and offers AUTH only after it.
    with smtp_server(check, starttls=certificate.server_context()) as (port, server):
        channel = SmtpChannel(
            "mail",
            LOOPBACK,
            port,
            SENDER,
            security="starttls",
            username=SENDER,
            password=SMTP_PASSWORD,
            timeout=2,
            ssl_context=certificate.client_context(),
        )
        channel.send(ALERT)
    [mail] = server.received
    assert_alert_arrived(mail)
    assert mail.authenticated_as == SENDER
    assert len(check.mechanisms) == 1


def test_smtp_implicit_tls_logs_in_and_delivers(certificate):
    check = PasswordCheck(SENDER, SMTP_PASSWORD)
    with smtp_server(check, implicit_tls=certificate.server_context()) as (port, server):
        channel = SmtpChannel(
            "mail",
            LOOPBACK,
            port,
            SENDER,
            security="tls",
            username=SENDER,
            password=SMTP_PASSWORD,
            timeout=2,
            ssl_context=certificate.client_context(),
        )
        channel.send(ALERT)
    [mail] = server.received
    assert_alert_arrived(mail)
    assert mail.authenticated_as == SENDER


def test_smtp_implicit_tls_delivers_without_a_login(certificate):
    with smtp_server(implicit_tls=certificate.server_context()) as (port, server):
        trusting = certificate.client_context()
        channel = SmtpChannel("mail", LOOPBACK, port, SENDER, security="tls", timeout=2, ssl_context=trusting)
        channel.send(ALERT)
    [mail] = server.received
    assert_alert_arrived(mail)
    assert mail.authenticated_as is None


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_smtp_untrusted_certificate_is_a_delivery_error_before_the_login(certificate, security):
    # No ssl_context: the system's trusted authorities, which never signed this certificate.
    check = PasswordCheck(SENDER, SMTP_PASSWORD)
    server_side = certificate.server_context()
    tls = {"starttls": server_side} if security == "starttls" else {"implicit_tls": server_side}
    with smtp_server(check, **tls) as (port, server):
        channel = SmtpChannel(
            "mail", LOOPBACK, port, SENDER, security=security, username=SENDER, password=SMTP_PASSWORD, timeout=2
        )
        refused = rf"^smtp {LOOPBACK}:{port}: TLS failed \(CERTIFICATE_VERIFY_FAILED\)$"
        with pytest.raises(DeliveryError, match=refused) as caught:
            channel.send(ALERT)
    assert server.received == []
    assert check.mechanisms == []  # the password was never sent
    assert_one_line(str(caught.value))
    assert_no_secret(str(caught.value), repr(channel))


# --- the webhook --------------------------------------------------------------------------------


def test_webhook_posts_the_alert_as_signed_json(http):
    channel = WebhookChannel("hook", http.url("/hooks/disclosure"), secret=WEBHOOK_SECRET, clock=lambda: FIXED_SECONDS)
    channel.send(ALERT)
    [request] = http.received
    assert request.path == "/hooks/disclosure"
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert "张三".encode("utf-8") in request.body  # UTF-8 as itself, not \u escapes
    assert request.json() == {
        "key": ALERT.key,
        "subject": ALERT.subject,
        "text": ALERT.text,
        "recipients": [
            {"name": "张三", "email": ZHANG.email, "mobile": ZHANG.mobile},
            {"name": "李四", "email": None, "mobile": LI.mobile},
            {"name": "王五", "email": WANG.email, "mobile": None},
        ],
    }
    timestamp = request.headers["X-Disclosure-Timestamp"]
    assert timestamp == "1790000000"
    expected = hmac.new(WEBHOOK_SECRET.encode(), timestamp.encode() + b"." + request.body, hashlib.sha256)
    assert request.headers["X-Disclosure-Signature"] == "sha256=" + expected.hexdigest()


def test_webhook_without_a_secret_is_not_signed(http):
    WebhookChannel("hook", http.url("/hook")).send(ALERT)
    [request] = http.received
    assert "X-Disclosure-Signature" not in request.headers
    assert request.headers["X-Disclosure-Timestamp"].isdigit()


def test_webhook_http_500_is_a_delivery_error(http):
    http.reply = Reply(status=500, body=b"{}")
    channel = WebhookChannel("hook", http.url("/hook"), secret=WEBHOOK_SECRET)
    with pytest.raises(DeliveryError, match=rf"^webhook {LOOPBACK}:{http.port}: HTTP 500") as caught:
        channel.send(ALERT)
    assert_one_line(str(caught.value))
    assert_no_secret(str(caught.value), repr(channel))


def test_webhook_timeout_is_a_delivery_error_after_about_the_timeout(http):
    http.reply = Reply(delay=3.0)
    started = time.monotonic()
    with pytest.raises(DeliveryError, match=r"timed out after 0\.3 s$"):
        WebhookChannel("hook", http.url("/hook"), timeout=0.3).send(ALERT)
    assert time.monotonic() - started < 1.5


def test_webhook_server_down_is_a_delivery_error():
    url = f"http://{LOOPBACK}:{closed_port()}/hook"
    with pytest.raises(DeliveryError, match="cannot connect") as caught:
        WebhookChannel("hook", url, secret=WEBHOOK_SECRET, timeout=1).send(ALERT)
    assert_one_line(str(caught.value))


# --- the WeCom group robot ----------------------------------------------------------------------


def test_wecom_posts_a_text_message_mentioning_the_recipients(http):
    WeComRobotChannel("wecom", wecom_url(http)).send(ALERT)
    [request] = http.received
    assert request.path == "/cgi-bin/webhook/send"
    assert request.params == {"key": WECOM_KEY}
    assert request.json() == {
        "msgtype": "text",
        "text": {
            "content": f"{ALERT.subject}\n{ALERT.text}",
            "mentioned_mobile_list": [ZHANG.mobile, LI.mobile],
        },
    }


def test_wecom_errcode_is_a_delivery_error_without_the_key(http):
    # The errmsg echoes the key, to show that even a server's words are scrubbed.
    http.reply = Reply.json({"errcode": 93000, "errmsg": f"invalid webhook url, hint: key={WECOM_KEY}"})
    channel = WeComRobotChannel("wecom", wecom_url(http))
    with pytest.raises(DeliveryError, match=r"^wecom robot: errcode 93000 \(invalid webhook url") as caught:
        channel.send(ALERT)
    assert_one_line(str(caught.value))
    assert_no_secret(str(caught.value), repr(channel))
    assert "qyapi" not in repr(channel) and "/cgi-bin/webhook/send?***" in repr(channel)


@pytest.mark.parametrize(
    "reply, problem",
    [
        (Reply(body=b"<html>gateway</html>"), "the reply is not JSON"),
        (Reply.json({"ok": True}), "the reply has no errcode"),
        (Reply(status=502, body=b""), "HTTP 502"),
    ],
)
def test_wecom_reply_that_is_not_a_success_is_a_delivery_error(http, reply, problem):
    http.reply = reply
    with pytest.raises(DeliveryError, match=problem) as caught:
        WeComRobotChannel("wecom", wecom_url(http)).send(ALERT)
    assert_no_secret(str(caught.value))


def test_wecom_server_down_is_a_delivery_error_without_the_key():
    url = f"http://{LOOPBACK}:{closed_port()}/cgi-bin/webhook/send?key={WECOM_KEY}"
    with pytest.raises(DeliveryError, match="^wecom robot: cannot connect") as caught:
        WeComRobotChannel("wecom", url, timeout=1).send(ALERT)
    assert_no_secret(str(caught.value))


def test_robot_urls_are_kept_out_of_the_httpx_log(http, caplog):
    # httpx logs each request's URL at INFO; the robots' URLs are credentials.
    with caplog.at_level(logging.INFO, logger="httpx"):
        WeComRobotChannel("wecom", wecom_url(http)).send(ALERT)
        DingTalkRobotChannel("dingtalk", dingtalk_url(http), secret=DINGTALK_SECRET).send(ALERT)
    assert "HTTP Request: POST" in caplog.text
    assert_no_secret(caplog.text)


# --- the DingTalk group robot -------------------------------------------------------------------


def test_dingtalk_signs_the_request_and_mentions_the_recipients(http):
    DingTalkRobotChannel("dingtalk", dingtalk_url(http), secret=DINGTALK_SECRET, clock=lambda: FIXED_SECONDS).send(
        ALERT
    )
    [request] = http.received
    assert request.path == "/robot/send"
    params = request.params
    assert params["access_token"] == DINGTALK_TOKEN
    assert params["timestamp"] == "1790000000250"  # milliseconds
    digest = hmac.new(DINGTALK_SECRET.encode(), f"{params['timestamp']}\n{DINGTALK_SECRET}".encode(), hashlib.sha256)
    expected_sign = base64.b64encode(digest.digest()).decode()
    assert params["sign"] == expected_sign
    assert f"sign={quote_plus(expected_sign)}" in request.query  # URL-encoded on the wire
    assert request.json() == {
        "msgtype": "text",
        "text": {"content": f"{ALERT.subject}\n{ALERT.text}\n@{ZHANG.mobile} @{LI.mobile}"},
        "at": {"atMobiles": [ZHANG.mobile, LI.mobile], "isAtAll": False},
    }


def test_dingtalk_without_a_secret_sends_no_signature(http):
    DingTalkRobotChannel("dingtalk", dingtalk_url(http)).send(Message("测试", "正文", (WANG,)))
    [request] = http.received
    assert request.params == {"access_token": DINGTALK_TOKEN}
    assert request.json()["at"] == {"atMobiles": [], "isAtAll": False}
    assert request.json()["text"]["content"] == "测试\n正文"


def test_dingtalk_errcode_is_a_delivery_error_without_the_secrets(http):
    http.reply = Reply.json({"errcode": 310000, "errmsg": "sign not match, more: [https://ding-doc.dingtalk.com]"})
    channel = DingTalkRobotChannel("dingtalk", dingtalk_url(http), secret=DINGTALK_SECRET)
    with pytest.raises(DeliveryError, match=r"^dingtalk robot: errcode 310000 \(sign not match") as caught:
        channel.send(ALERT)
    assert_one_line(str(caught.value))
    assert_no_secret(str(caught.value), repr(channel))


def test_dingtalk_timeout_is_a_delivery_error_without_the_secrets(http):
    http.reply = Reply(delay=3.0)
    channel = DingTalkRobotChannel("dingtalk", dingtalk_url(http), secret=DINGTALK_SECRET, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(DeliveryError, match=r"^dingtalk robot: timed out after 0\.3 s$") as caught:
        channel.send(ALERT)
    assert time.monotonic() - started < 1.5
    assert_no_secret(str(caught.value))


def test_no_channel_repr_shows_a_secret():
    channels = [
        SmtpChannel("mail", "smtp.example.gov.cn", 465, SENDER, "tls", SENDER, SMTP_PASSWORD),
        WebhookChannel("hook", "https://oa.example.gov.cn/hooks/disclosure", secret=WEBHOOK_SECRET),
        WeComRobotChannel("wecom", f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={WECOM_KEY}"),
        DingTalkRobotChannel(
            "dingtalk", f"https://oapi.dingtalk.com/robot/send?access_token={DINGTALK_TOKEN}", DINGTALK_SECRET
        ),
    ]
    assert_no_secret(*map(repr, channels))


# --- building the channels from settings --------------------------------------------------------

EXAMPLE = """
[channels.console]
type = "console"
[channels.mail]
type = "smtp"
host = "smtp.example.gov.cn"
port = 465
security = "tls"
sender = "gk@example.gov.cn"
username = "gk@example.gov.cn"
password_env = "DISCLOSURE_SMTP_PASSWORD"
[channels.hook]
type = "webhook"
url = "https://oa.example.gov.cn/hooks/disclosure"
secret_env = "DISCLOSURE_WEBHOOK_SECRET"
timeout = 5
[channels.wecom]
type = "wecom"
webhook_url_env = "DISCLOSURE_WECOM_URL"
[channels.dingtalk]
type = "dingtalk"
webhook_url_env = "DISCLOSURE_DINGTALK_URL"
secret_env = "DISCLOSURE_DINGTALK_SECRET"
"""

ENVIRON = {
    "DISCLOSURE_SMTP_PASSWORD": SMTP_PASSWORD,
    "DISCLOSURE_WEBHOOK_SECRET": WEBHOOK_SECRET,
    "DISCLOSURE_WECOM_URL": f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={WECOM_KEY}",
    "DISCLOSURE_DINGTALK_URL": f"https://oapi.dingtalk.com/robot/send?access_token={DINGTALK_TOKEN}",
    "DISCLOSURE_DINGTALK_SECRET": DINGTALK_SECRET,
}


def example_config() -> dict:
    return tomllib.loads(EXAMPLE)["channels"]


def test_build_channels_makes_the_example_offices_channels():
    channels = build_channels(example_config(), ENVIRON)
    assert {name: type(channel) for name, channel in channels.items()} == {
        "console": ConsoleChannel,
        "mail": SmtpChannel,
        "hook": WebhookChannel,
        "wecom": WeComRobotChannel,
        "dingtalk": DingTalkRobotChannel,
    }
    assert all(channel.name == name for name, channel in channels.items())
    mail = channels["mail"]
    assert (mail.host, mail.port, mail.security, mail.username) == ("smtp.example.gov.cn", 465, "tls", SENDER)
    assert_no_secret(*map(repr, channels.values()))


def test_a_built_channel_delivers_with_the_secrets_from_the_environment(http):
    config = {"ding": {"type": "dingtalk", "webhook_url_env": "DING_URL", "secret_env": "DING_SECRET", "timeout": 2}}
    environ = {"DING_URL": dingtalk_url(http), "DING_SECRET": DINGTALK_SECRET}
    build_channels(config, environ)["ding"].send(ALERT)
    params = http.received[0].params
    assert params["access_token"] == DINGTALK_TOKEN and "sign" in params


def test_an_smtp_port_defaults_from_its_security():
    config = example_config()
    del config["mail"]["port"]
    assert build_channels(config, ENVIRON)["mail"].port == 465
    config["mail"]["security"] = "starttls"
    assert build_channels(config, ENVIRON)["mail"].port == 587


def _with(channel: str, **changes) -> dict:
    config = example_config()
    for key, value in changes.items():
        if value is None:
            del config[channel][key]
        else:
            config[channel][key] = value
    return config


@pytest.mark.parametrize(
    "config, environ, message",
    [
        pytest.param(
            {"pager": {"type": "pager"}}, {}, "channel pager: unknown type 'pager' (expected one of console, smtp, ",
            id="unknown type",
        ),
        pytest.param({"pager": {}}, {}, "channel pager: missing required key 'type'", id="no type"),
        pytest.param(
            _with("mail", password_env=None, password=SMTP_PASSWORD), ENVIRON,
            "channel mail: put secrets in environment variables: use password_env",
            id="literal password",
        ),
        pytest.param(
            _with("wecom", webhook_url_env=None, webhook_url=ENVIRON["DISCLOSURE_WECOM_URL"]), ENVIRON,
            "channel wecom: put secrets in environment variables: use webhook_url_env",
            id="literal webhook url",
        ),
        pytest.param(
            _with("hook", secret=WEBHOOK_SECRET), ENVIRON,
            "channel hook: put secrets in environment variables: use secret_env",
            id="literal secret",
        ),
        pytest.param(
            example_config(), {k: v for k, v in ENVIRON.items() if k != "DISCLOSURE_SMTP_PASSWORD"},
            "channel mail: environment variable DISCLOSURE_SMTP_PASSWORD is not set",
            id="env var not set",
        ),
        pytest.param(
            example_config(), {**ENVIRON, "DISCLOSURE_DINGTALK_SECRET": ""},
            "channel dingtalk: environment variable DISCLOSURE_DINGTALK_SECRET is empty",
            id="env var empty",
        ),
        pytest.param(
            _with("hook", retries=3), ENVIRON, "channel hook: unknown key 'retries' for type webhook", id="unknown key"
        ),
        pytest.param(_with("mail", host=None), ENVIRON, "channel mail: missing required key 'host'", id="no host"),
        pytest.param(
            _with("mail", port="465"), ENVIRON, "channel mail: port must be a whole number (got str)", id="port type"
        ),
        pytest.param(
            _with("hook", timeout=True), ENVIRON, "channel hook: timeout must be a number (got bool)", id="timeout type"
        ),
        pytest.param(
            _with("mail", security="ssl"), ENVIRON,
            "channel mail: security must be one of none, starttls, tls (got 'ssl')",
            id="bad security",
        ),
        pytest.param(
            _with("mail", username=None), ENVIRON,
            "channel mail: username and password_env go together",
            id="password without username",
        ),
        pytest.param(
            _with("hook", url="oa.example.gov.cn/hooks"), ENVIRON,
            "channel hook: url must be an http:// or https:// URL",
            id="url without scheme",
        ),
        pytest.param(
            example_config(), {**ENVIRON, "DISCLOSURE_WECOM_URL": WECOM_KEY},
            "channel wecom: webhook_url must be an http:// or https:// URL (not shown",
            id="env url without scheme",
        ),
        pytest.param({"mail": "smtp"}, {}, "channel mail: [channels.mail] must be a table", id="not a table"),
    ],
)
def test_build_channels_refuses_a_bad_table_naming_the_channel(config, environ, message):
    with pytest.raises(InvalidInput) as caught:
        build_channels(config, environ)
    text = str(caught.value)
    assert text.startswith(message)
    assert_one_line(text)
    assert_no_secret(text)

