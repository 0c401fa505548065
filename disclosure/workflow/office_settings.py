"""The office settings a kind reads (`init --setting NAME=VALUE`, `--correction-days`): only the names some
kind reads, each value in its form, so a typo is refused at init rather than by every later registration."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from disclosure.workflow.clocks import ClockUnit
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.kinds.base import Kind
from disclosure.workflow.kinds.disclosure_params import STATUTORY_PERIODS, positive_int
from disclosure.workflow.messages import message_of, t

__all__ = ["checked_office_settings"]


def checked_office_settings(settings: Mapping[str, Any], kinds: Iterable[Kind]) -> dict[str, Any]:
    """``settings`` with each length a whole number of days; an unknown name or a value out of form is a
    one-line InvalidInput."""
    lengths, units = set(STATUTORY_PERIODS), set()
    for kind in kinds:
        for spec in kind.clock_specs.values():
            if getattr(spec, "length_setting", None):
                lengths.add(spec.length_setting)
            if getattr(spec, "unit_setting", None):
                units.add(spec.unit_setting)
    checked: dict[str, Any] = {}
    for name, value in settings.items():
        if name in lengths:
            checked[name] = positive_int(value, name)
        elif name in units:
            try:
                checked[name] = ClockUnit.parse(str(value)).value
            except InvalidInput as problem:
                raise InvalidInput(t("the office setting {setting}: {problem}", setting=name, problem=message_of(problem))) from None
        else:
            raise InvalidInput(t("unknown office setting {name!r}; the kinds read {names}",
                                 name=name, names=", ".join(sorted(lengths | units))))
    return checked
