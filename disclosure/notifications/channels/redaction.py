"""Keeping secrets out of what channels show: error messages, reprs and logs.

A robot's webhook URL is itself a credential (``key=`` for WeCom, ``access_token=`` for DingTalk),
so a URL is shown only as scheme, host and path, and any text that could echo it is scrubbed.
"""

from __future__ import annotations

from typing import Iterable
from urllib.parse import unquote_plus, urlsplit

__all__ = ["MASK", "redact", "one_line", "url_secrets", "public_url"]

MASK = "***"

# Query values shorter than this are flags (debug=1), not credentials; masking them would garble
# unrelated digits in messages. Secrets passed explicitly are masked whatever their length.
_SHORTEST_QUERY_SECRET = 4


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of every non-empty secret replaced by ``***``."""
    # Longest first, so a URL is masked whole before the token inside it.
    for secret in sorted({secret for secret in secrets if secret}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def one_line(text: str, limit: int = 200) -> str:
    """``text`` on one line, cut to ``limit`` characters (server replies can be long)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def url_secrets(url: str) -> set[str]:
    """What must not be shown of a secret URL: the URL, and its query values as written and decoded."""
    secrets = {url}
    for pair in urlsplit(url).query.split("&"):
        value = pair.partition("=")[2]
        if len(value) >= _SHORTEST_QUERY_SECRET:
            secrets.update((value, unquote_plus(value)))
    return secrets


def public_url(url: str) -> str:
    """The URL without user information or query: ``https://qyapi.weixin.qq.com/cgi-bin/webhook/send?***``."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    shown = f"{parts.scheme}://{host}{parts.path}"
    return f"{shown}?{MASK}" if parts.query else shown
