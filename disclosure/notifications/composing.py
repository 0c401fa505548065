"""The text each channel is given: no applicant's personal data, but for an e-mail the office allows.

Group robots post into chats many people read, and a webhook hands the text to another system, so
an alert's text names no applicant: the case number, the clock, the due date and the threshold say
which case it is. An e-mail goes to its recipients only, and carries the applicant's name (read at
delivery) when ``[notifications] email_applicant_name`` is true; never the identity number, the
phone, the address or the request.

Alerts stored by earlier versions kept a ``申请人：<name>`` line in their text; it is taken out at
delivery, so such an alert still queued reaches no channel with the name the office did not allow.
"""

from __future__ import annotations

from typing import Any, Mapping

from disclosure.settings import Settings

__all__ = ["APPLICANT_LABEL", "without_applicant", "with_applicant", "channels_that_may_name_the_applicant"]

APPLICANT_LABEL = "申请人："
CASE_LABEL = "案件编号："
# The lines that followed the applicant's in a stored text: a name holding a line break ends at one of them.
_LINES_AFTER_APPLICANT = ("期限：", "到期日：", "情况：", "提醒：")


def without_applicant(text: str) -> str:
    """``text`` without its applicant line (and the rest of a name that ran over several lines)."""
    kept: list[str] = []
    skipping = False
    for line in text.split("\n"):
        if line.startswith(APPLICANT_LABEL):
            skipping = True
        elif skipping and line.startswith(_LINES_AFTER_APPLICANT):
            skipping = False
        if not skipping:
            kept.append(line)
    return "\n".join(kept)


def with_applicant(text: str, name: str | None) -> str:
    """``text`` with ``申请人：<name>`` after its case number line, where alerts have always shown it;
    ``text`` as it is without a name or a case number line (an office reminder)."""
    text = without_applicant(text)
    if not name:
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.startswith(CASE_LABEL):
            return "\n".join([*lines[: index + 1], f"{APPLICANT_LABEL}{name}", *lines[index + 1 :]])
    return text


def channels_that_may_name_the_applicant(channels: Mapping[str, Any], settings: Settings) -> frozenset[str]:
    """The channels whose messages reach their recipients only (e-mail), when the office allows the name.

    A channel that does not say it reaches its recipients only counts as a group channel: an office's
    own channel class, unless it says otherwise, never gets the name.
    """
    if not settings.email_applicant_name:
        return frozenset()
    return frozenset(
        name for name, channel in channels.items() if getattr(channel, "reaches_recipients_only", False) is True
    )
