"""钉钉自定义机器人 (a DingTalk custom robot): the alert posted as a text message into a group chat.

The webhook URL, ``https://oapi.dingtalk.com/robot/send?access_token=...``, is a credential and is
never shown. The message::

    {"msgtype": "text", "text": {"content": "..."}, "at": {"atMobiles": [...], "isAtAll": false}}

DingTalk shows an @-mention only when the content also holds ``@<mobile>``, so the mobiles are
appended to the content as well as listed in ``atMobiles``.

With a signing secret (the robot's "加签" security setting) each request carries
``&timestamp=<ms>&sign=<s>``, where ``s`` is the URL-encoded base64 of HMAC-SHA256 keyed with the
secret over ``"<timestamp>\\n<secret>"`` and the timestamp is in milliseconds: DingTalk's documented
scheme, refused (errcode 310000) when the clock is more than an hour off. DingTalk answers HTTP 200
with ``{"errcode": 0, "errmsg": "ok"}`` when it accepted the message, another errcode when not.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Callable
from urllib.parse import quote_plus

import httpx

from disclosure.notifications.channels.checks import check_http_url, check_timeout
from disclosure.notifications.channels.posting import encode_json, hide_in_logs, post_json, require_errcode_zero
from disclosure.notifications.channels.redaction import public_url, url_secrets
from disclosure.notifications.message import Message

__all__ = ["DingTalkRobotChannel", "sign"]

LABEL = "dingtalk robot"


def sign(secret: str, timestamp_ms: int) -> str:
    """The ``sign`` query value (not yet URL-encoded) for a request made at ``timestamp_ms``."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def payload(message: Message) -> dict:
    mobiles = [recipient.mobile for recipient in message.recipients if recipient.mobile]
    content = f"{message.subject}\n{message.text}"
    if mobiles:
        content += "\n" + " ".join(f"@{mobile}" for mobile in mobiles)
    return {"msgtype": "text", "text": {"content": content}, "at": {"atMobiles": mobiles, "isAtAll": False}}


class DingTalkRobotChannel:
    def __init__(
        self,
        name: str,
        webhook_url: str,
        secret: str | None = None,
        timeout: float = 5.0,
        clock: Callable[[], float] = time.time,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.name = name
        self._url = check_http_url(name, "webhook_url", webhook_url, secret=True)
        self._secret = secret or None
        self._timeout = check_timeout(name, timeout)
        self._clock = clock
        self._transport = transport
        self._secrets = url_secrets(webhook_url) | {self._secret or ""}
        hide_in_logs(self._secrets)

    def _signed_url(self) -> str:
        if not self._secret:
            return self._url
        timestamp_ms = round(self._clock() * 1000)
        separator = "&" if "?" in self._url else "?"
        # Encoded here rather than left to httpx: base64's "+" must reach DingTalk as %2B, not a space.
        return f"{self._url}{separator}timestamp={timestamp_ms}&sign={quote_plus(sign(self._secret, timestamp_ms))}"

    def send(self, message: Message) -> None:
        response = post_json(
            LABEL, self._signed_url(), encode_json(payload(message)),
            timeout=self._timeout, transport=self._transport, secrets=self._secrets,
        )
        require_errcode_zero(LABEL, response, self._secrets)

    def __repr__(self) -> str:
        signed = "signed" if self._secret else "unsigned"
        return (
            f"DingTalkRobotChannel(name={self.name!r}, webhook_url={public_url(self._url)!r}, {signed}, "
            f"timeout={self._timeout})"
        )
