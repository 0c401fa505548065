"""The checks channel constructors make of their arguments, with messages naming the channel.

A channel that cannot work (a bad timeout, a URL that is not HTTP) is refused when the office's
settings are read, as ``InvalidInput``, rather than failing at every delivery.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

__all__ = ["check_timeout", "check_http_url"]


def check_timeout(channel: str, timeout: float) -> float:
    """The timeout in seconds as a float; it must be a positive number."""
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise InvalidInput(t("channel {channel}: timeout must be a positive number of seconds", channel=channel))
    return float(timeout)


def _is_http_url(url: object) -> bool:
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- reading it raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def check_http_url(channel: str, what: str, url: str, *, secret: bool) -> str:
    """``url`` if it is an absolute http(s) URL; a secret URL is not repeated in the error."""
    if not _is_http_url(url):
        if secret:
            raise InvalidInput(t("channel {channel}: {what} must be an http:// or https:// URL (not shown: it holds a credential)",
                                 channel=channel, what=what))
        raise InvalidInput(t("channel {channel}: {what} must be an http:// or https:// URL (got {url!r})",
                             channel=channel, what=what, url=url))
    return url
