"""The ways alerts reach people: the console, e-mail, a webhook, and WeCom and DingTalk group robots.

Each channel is one small class with a ``name`` and ``send(message)``, which delivers or raises
``DeliveryError`` with a one-line message that never holds a secret (nor does any channel's repr).
``build_channels`` makes them from the ``[channels]`` table of ``disclosure.toml``, taking secrets
from environment variables only.

    protocol    Channel, what the outbox relies on
    console     ConsoleChannel: standard error and the log
    recording   RecordingChannel: a fake for tests, with failure injection
    smtp        SmtpChannel: e-mail with smtplib (plain, STARTTLS or TLS; login)
    webhook     WebhookChannel: signed JSON POST to the office's own systems
    wecom       WeComRobotChannel: 企业微信群机器人
    dingtalk    DingTalkRobotChannel: 钉钉自定义机器人 (with 加签)
    posting     the HTTP POST, status and errcode checks the last three share
    redaction   keeping secrets out of messages, reprs and logs
    checks      constructor argument checks
    config      build_channels
"""

from __future__ import annotations

from disclosure.notifications.channels.config import build_channels
from disclosure.notifications.channels.console import ConsoleChannel
from disclosure.notifications.channels.dingtalk import DingTalkRobotChannel
from disclosure.notifications.channels.protocol import Channel
from disclosure.notifications.channels.recording import RecordingChannel
from disclosure.notifications.channels.smtp import SmtpChannel
from disclosure.notifications.channels.webhook import WebhookChannel
from disclosure.notifications.channels.wecom import WeComRobotChannel

__all__ = [
    "Channel",
    "RecordingChannel",
    "ConsoleChannel",
    "SmtpChannel",
    "WebhookChannel",
    "WeComRobotChannel",
    "DingTalkRobotChannel",
    "build_channels",
]
