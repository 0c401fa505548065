"""A clock of a kind, as its definition gives it: label, unit, length, what may override them, alerts."""

from __future__ import annotations

from typing import Any, Mapping

from disclosure.workflow.alerts import AlertPolicy
from disclosure.workflow.clocks import ClockUnit
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.kinds import definition_values as form
from disclosure.workflow.messages import message_of, t

__all__ = ["ClockSpec"]


class ClockSpec:
    """A clock of a kind: its label, unit and length, what may override them, its alert thresholds."""

    def __init__(self, name: str, table: Mapping[str, Any], where: str) -> None:
        form.only_keys(table, ("label", "unit", "length", "unit_setting", "length_setting", "length_when", "alerts"), where)
        self.name = name
        self.label = form.text(table, "label", where) or name
        try:
            self.unit = ClockUnit.parse(str(table.get("unit", "workdays")))
        except InvalidInput as error:
            raise InvalidInput(t("{where}: {error}", where=where, error=message_of(error))) from None
        self.length = table.get("length")
        if not isinstance(self.length, int) or isinstance(self.length, bool) or self.length < 1:
            raise InvalidInput(t("{where}: length must be a whole number, at least 1", where=where))
        self.unit_setting = form.text(table, "unit_setting", where)  # the office setting that overrides the unit
        self.length_setting = form.text(table, "length_setting", where)
        self.length_when: Mapping[str, int] = table.get("length_when", {})
        if not isinstance(self.length_when, Mapping) or not all(
            isinstance(other, int) and not isinstance(other, bool) and other >= 1 for other in self.length_when.values()
        ):
            raise InvalidInput(t(
                "{where}: {key} must be a table of whole numbers, at least 1 (got {value!r})", where=where, key="length_when", value=self.length_when,
            ))
        self.alerts = table.get("alerts", True)
        self.policy = _policy(self.alerts, where)

    def resolve(self, settings: Mapping[str, Any], flags: Mapping[str, Any]) -> tuple[int, ClockUnit]:
        length = self.length
        if self.length_setting and self.length_setting in settings:
            try:
                length = int(settings[self.length_setting])
            except (TypeError, ValueError):
                length = 0
            if length < 1:  # a period of no days would make a case due the day it arrives
                raise InvalidInput(t(
                    "the office setting {setting} must be a whole number, at least 1 (got {value!r})",
                    setting=self.length_setting, value=settings[self.length_setting],
                ))
        for flag, other in self.length_when.items():
            if flags.get(flag) is True:
                length = int(other)
        unit = ClockUnit.parse(str(settings[self.unit_setting])) if self.unit_setting and self.unit_setting in settings else self.unit
        return length, unit


def _policy(alerts: Any, where: str) -> AlertPolicy | None:
    """The sweep's thresholds for the clock: the defaults, none (false), or a table of them."""
    if alerts is False:
        return None
    if alerts is True:
        return AlertPolicy()
    if not isinstance(alerts, Mapping):
        raise InvalidInput(t("{where}: alerts must be true, false or a table of thresholds", where=where))
    unknown = sorted(set(alerts) - {"before_due", "on_due", "overdue", "escalate_after"})
    if unknown:
        raise InvalidInput(t("{where}: alerts has an unknown threshold {threshold!r}", where=where, threshold=unknown[0]))
    try:
        return AlertPolicy(**alerts)
    except InvalidInput as error:  # its line names the threshold; this names the file and the clock
        raise InvalidInput(t("{where}: {error}", where=where, error=message_of(error))) from None
