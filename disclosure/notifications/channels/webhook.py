"""A generic webhook: the alert POSTed as JSON to a URL of the office's own systems (an OA, a ticket queue).

The body, UTF-8 JSON with Chinese unescaped::

    {"key": "...", "subject": "...", "text": "...",
     "recipients": [{"name": "张三", "email": "...", "mobile": "..."}]}

Headers: ``Content-Type: application/json; charset=utf-8``, ``X-Disclosure-Timestamp`` (Unix seconds
when sent) and, when the channel has a secret, ``X-Disclosure-Signature: sha256=<hex>``, where
``<hex>`` is HMAC-SHA256 keyed with the secret (UTF-8) over the bytes ``<timestamp>.<body>``: the
timestamp header's value, a full stop, then the exact body bytes. A receiver recomputes it from the
raw body, compares in constant time, and refuses timestamps far from its clock so that a captured
request cannot be replayed later. ``key`` names the alert: delivery is at least once, so a receiver
that must not act twice deduplicates on it.

Any status other than 2xx, a timeout or no connection is a ``DeliveryError``.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Callable
from urllib.parse import urlsplit

import httpx

from disclosure.notifications.channels.checks import check_http_url, check_timeout
from disclosure.notifications.channels.posting import encode_json, hide_in_logs, post_json
from disclosure.notifications.channels.redaction import public_url
from disclosure.notifications.message import Message

__all__ = ["WebhookChannel", "SIGNATURE_HEADER", "TIMESTAMP_HEADER", "signature"]

SIGNATURE_HEADER = "X-Disclosure-Signature"
TIMESTAMP_HEADER = "X-Disclosure-Timestamp"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The ``X-Disclosure-Signature`` value: ``sha256=`` and the hex HMAC of ``timestamp.body``."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def payload(message: Message) -> dict:
    return {
        "key": message.key,
        "subject": message.subject,
        "text": message.text,
        "recipients": [
            {"name": recipient.name, "email": recipient.email, "mobile": recipient.mobile}
            for recipient in message.recipients
        ],
    }


class WebhookChannel:
    def __init__(
        self,
        name: str,
        url: str,
        secret: str | None = None,
        timeout: float = 5.0,
        transport: httpx.BaseTransport | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.name = name
        self._url = check_http_url(name, "url", url, secret=False)
        self._secret = secret or None
        self._timeout = check_timeout(name, timeout)
        self._transport = transport
        self._clock = clock
        # The URL may still carry a token in its query, as many receivers expect; treat that as secret.
        self._secrets = (url, urlsplit(url).query, self._secret or "")
        self._label = f"webhook {urlsplit(url).netloc.rpartition('@')[2]}"
        hide_in_logs(self._secrets)

    def send(self, message: Message) -> None:
        body = encode_json(payload(message))
        timestamp = str(int(self._clock()))
        headers = {TIMESTAMP_HEADER: timestamp}
        if self._secret:
            headers[SIGNATURE_HEADER] = signature(self._secret, timestamp, body)
        post_json(
            self._label, self._url, body,
            timeout=self._timeout, headers=headers, transport=self._transport, secrets=self._secrets,
        )

    def __repr__(self) -> str:
        signed = "signed" if self._secret else "unsigned"
        return f"WebhookChannel(name={self.name!r}, url={public_url(self._url)!r}, {signed}, timeout={self._timeout})"
