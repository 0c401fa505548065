"""The office settings a kind reads (`init --setting NAME=VALUE`, `--correction-days`): only the names some
kind reads, each value in its form, so a typo is refused at init rather than by every later registration."""

from __future__ import annotations

from typing import Any, Mapping

from disclosure.workflow.clocks import ClockUnit
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.kinds import KindRegistry
from disclosure.workflow.kinds.disclosure_params import OFFICE_PERIODS, positive_int
from disclosure.workflow.messages import message_of, t
from disclosure.workflow.vocabulary import any_of

__all__ = ["checked_office_settings"]


def checked_office_settings(settings: Mapping[str, Any], kinds: KindRegistry) -> dict[str, Any]:
    """``settings`` with each length a whole number of days; an unknown name or a value out of form is a
    one-line InvalidInput. The statute fixes the built-in kinds' periods but the correction period and
    the petitions' unit ([XF]: days, or working days if the office says so); an office's own kinds
    name their own settings."""
    lengths, units = set(OFFICE_PERIODS), {}
    for kind in kinds:
        statutory = kinds.is_built_in(kind.code)
        for spec in kind.clock_specs.values():
            if spec.length_setting:
                lengths.add(spec.length_setting)
            if spec.unit_setting:
                units[spec.unit_setting] = _STATUTORY_UNITS if statutory else tuple(ClockUnit)
    checked: dict[str, Any] = {}
    for name, value in settings.items():
        if name in lengths:
            checked[name] = positive_int(value, name)
        elif name in units:
            try:
                unit = ClockUnit.parse(str(value))
            except InvalidInput as problem:
                raise InvalidInput(t("the office setting {setting}: {problem}", setting=name, problem=message_of(problem))) from None
            if unit not in units[name]:
                raise InvalidInput(t("the office setting {setting} may be {units}, not {unit}",
                                     setting=name, units=any_of(allowed.value for allowed in units[name]), unit=unit.value))
            checked[name] = unit.value
        else:
            raise InvalidInput(t("unknown office setting {name!r}; the kinds read {names}",
                                 name=name, names=", ".join(sorted(lengths | set(units)))))
    return checked


# A built-in kind's unit is the statute's calendar days, or working days where the office chooses them.
_STATUTORY_UNITS = (ClockUnit.DAYS, ClockUnit.WORKDAYS)
