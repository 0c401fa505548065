"""企业微信群机器人 (a WeCom group robot): the alert posted as a text message into a group chat.

The robot's webhook URL, ``https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...``, is the whole
credential: whoever has it can post to the group. It comes from an environment variable and is
never shown (see ``redaction``). The message::

    {"msgtype": "text", "text": {"content": "<subject>\\n<text>", "mentioned_mobile_list": [...]}}

mentions the recipients by their mobile numbers. WeCom answers HTTP 200 with ``{"errcode": 0,
"errmsg": "ok"}`` when it accepted the message and another errcode when it did not (93000: the
webhook URL is invalid; 45009: too many messages a minute).
"""

from __future__ import annotations

import httpx

from disclosure.notifications.channels.checks import check_http_url, check_timeout
from disclosure.notifications.channels.posting import encode_json, hide_in_logs, post_json, require_errcode_zero
from disclosure.notifications.channels.redaction import public_url, url_secrets
from disclosure.notifications.message import Message

__all__ = ["WeComRobotChannel"]

LABEL = "wecom robot"


def payload(message: Message) -> dict:
    mobiles = [recipient.mobile for recipient in message.recipients if recipient.mobile]
    return {
        "msgtype": "text",
        "text": {"content": f"{message.subject}\n{message.text}", "mentioned_mobile_list": mobiles},
    }


class WeComRobotChannel:
    def __init__(
        self, name: str, webhook_url: str, timeout: float = 5.0, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.name = name
        self._url = check_http_url(name, "webhook_url", webhook_url, secret=True)
        self._timeout = check_timeout(name, timeout)
        self._transport = transport
        self._secrets = url_secrets(webhook_url)
        hide_in_logs(self._secrets)

    def send(self, message: Message) -> None:
        response = post_json(
            LABEL, self._url, encode_json(payload(message)),
            timeout=self._timeout, transport=self._transport, secrets=self._secrets,
        )
        require_errcode_zero(LABEL, response, self._secrets)

    def __repr__(self) -> str:
        return f"WeComRobotChannel(name={self.name!r}, webhook_url={public_url(self._url)!r}, timeout={self._timeout})"
