"""POSTing an alert as JSON, shared by the webhook and the group robots.

Every failure becomes a one-line ``DeliveryError``: no connection, a timeout, a status other than
2xx, and for the robots a reply whose ``errcode`` is not 0 (WeCom and DingTalk answer HTTP 200 to
a refused message and put the reason in the JSON body).

The robots' URLs are credentials. Error text is scrubbed of the secrets the caller names, and
because httpx logs each request's full URL at INFO on the ``httpx`` logger, a filter on that logger
masks every secret registered with ``hide_in_logs``.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Iterable, Mapping

import httpx

from disclosure.notifications.channels.redaction import one_line, redact
from disclosure.notifications.message import DeliveryError
from disclosure.workflow.messages import t

__all__ = ["JSON_CONTENT_TYPE", "encode_json", "post_json", "require_errcode_zero", "hide_in_logs"]

JSON_CONTENT_TYPE = "application/json; charset=utf-8"


class _SecretScrubber(logging.Filter):
    """Masks registered secrets in the records of the logger it is attached to."""

    def __init__(self) -> None:
        super().__init__()
        # Replaced whole, never mutated, so a record filtered on another thread sees a stable set.
        self.secrets: frozenset[str] = frozenset()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            text = record.getMessage()
            clean = redact(text, self.secrets)
            if clean != text:
                record.msg, record.args = clean, ()
        return True


_scrubber = _SecretScrubber()
logging.getLogger("httpx").addFilter(_scrubber)


def hide_in_logs(secrets: Iterable[str]) -> None:
    """Mask these secrets wherever httpx would log them."""
    _scrubber.secrets = _scrubber.secrets | {secret for secret in secrets if secret}


def encode_json(payload: Any) -> bytes:
    """The UTF-8 body: Chinese written as itself, not as \\u escapes."""
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def post_json(
    label: str,
    url: str,
    body: bytes,
    *,
    timeout: float,
    headers: Mapping[str, str] | None = None,
    transport: httpx.BaseTransport | None = None,
    secrets: Iterable[str] = (),
) -> httpx.Response:
    """POST ``body`` to ``url``; the response if its status is 2xx, else ``DeliveryError``.

    ``label`` starts every error message ("wecom robot: ..."); ``secrets`` are masked in it.
    """
    secrets = tuple(secrets)
    all_headers = {"Content-Type": JSON_CONTENT_TYPE, **(headers or {})}

    def failure(problem: str) -> DeliveryError:
        return DeliveryError(t("{label}: {problem}", label=label, problem=one_line(redact(problem, secrets))))

    # `from None` throughout: a chained httpx error carries the request, and so the secret URL.
    try:
        with httpx.Client(transport=transport, timeout=timeout) as client:
            response = client.post(url, content=body, headers=all_headers)
    except httpx.TimeoutException:
        raise failure(t("timed out after {timeout} s", timeout=timeout)) from None
    except httpx.ConnectError as error:
        raise failure(t("cannot connect ({reason})", reason=str(error) or t("no reason given"))) from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol):
        # Not even a redacted echo: the parser's message may hold a piece of the URL.
        raise failure(t("the URL is not valid")) from None
    except (httpx.HTTPError, OSError) as error:
        raise failure(t("{error} ({reason})", error=type(error).__name__, reason=str(error) or t("no reason given"))) from None
    if not response.is_success:
        raise failure(f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
    return response


def require_errcode_zero(label: str, response: httpx.Response, secrets: Iterable[str] = ()) -> None:
    """Accept a robot's reply ``{"errcode": 0, ...}``; any other reply is a ``DeliveryError``."""
    secrets = tuple(secrets)
    try:
        reply = response.json()
    except ValueError:  # json.JSONDecodeError and UnicodeDecodeError are both ValueErrors
        raise DeliveryError(t("{label}: the reply is not JSON (HTTP {status_code})",
                              label=label, status_code=response.status_code)) from None
    if not isinstance(reply, dict) or "errcode" not in reply:
        raise DeliveryError(t("{label}: the reply has no errcode", label=label))
    errcode = reply["errcode"]
    if errcode != 0:
        errmsg = one_line(redact(str(reply.get("errmsg", "")), secrets))
        shown_errcode = one_line(redact(str(errcode), secrets), 20)
        raise DeliveryError(t("{label}: errcode {shown_errcode} ({errmsg})",
                              label=label, shown_errcode=shown_errcode, errmsg=errmsg or t("no errmsg")))
