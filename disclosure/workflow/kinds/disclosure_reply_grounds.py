"""What a reply to an application must say beyond its outcome ([GK] 36–39; STATUTE.md §2 "What a
reply says"): why it does not give everything asked for, on which article, and where information
already public can be obtained.

A reply that gives part, withholds, finds nothing or declines records its reason and legal basis.
Where the outcome itself is the reason (属于国家秘密, 本机关不掌握…) its label is the default reason;
where the statute names the article, that is the default basis. The two outcomes that cannot
default one of them need it given: ``partial`` (which part is withheld, and why) and
``declined.confirmation`` (the statute names no article for it).
"""

from __future__ import annotations

from typing import Any, Mapping

from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t
from disclosure.workflow.vocabulary import OUTCOMES, outcome_family

__all__ = ["LEGAL_BASIS", "REASONED_FAMILIES", "reply_grounds"]

_REGULATIONS = "《中华人民共和国政府信息公开条例》"

# The article each outcome rests on, as STATUTE.md §2's outcome table cites it.
LEGAL_BASIS: Mapping[str, str] = {
    "partial": f"{_REGULATIONS}第三十七条",
    "withheld.state_secret": f"{_REGULATIONS}第十四条",
    "withheld.law_prohibited": f"{_REGULATIONS}第十四条",
    "withheld.security_stability": f"{_REGULATIONS}第十四条",
    "withheld.third_party": f"{_REGULATIONS}第十五条、第三十二条",
    "withheld.internal_affairs": f"{_REGULATIONS}第十六条第一款",
    "withheld.process_info": f"{_REGULATIONS}第十六条第二款",
    "withheld.enforcement_file": f"{_REGULATIONS}第十六条第二款",
    "withheld.administrative_query": f"{_REGULATIONS}第三十六条第（七）项",
    "unavailable.not_held": f"{_REGULATIONS}第三十六条第（四）项、第（五）项",
    "unavailable.needs_creation": f"{_REGULATIONS}第三十八条",
    "unavailable.still_unclear": f"{_REGULATIONS}第三十条",
    "declined.petition": f"{_REGULATIONS}第三十九条第一款",
    "declined.duplicate": f"{_REGULATIONS}第三十六条第（六）项",
    "declined.publication": f"{_REGULATIONS}第三十九条第二款",
    "declined.excessive": f"{_REGULATIONS}第三十五条",
}

# The outcome families whose reply must give its reasons and legal basis.
REASONED_FAMILIES = frozenset({"partial", "withheld", "unavailable", "declined"})

# Outcomes whose label says no reason: what was withheld, and why, is the office's to say.
_REASON_NOT_IN_LABEL = frozenset({"partial"})


def reply_grounds(outcome: str, params: Mapping[str, Any]) -> dict[str, str]:
    """The reply's reason, legal basis and where to obtain the information, as its event records them:
    what was given (``reason``, ``basis``, ``available_at``), else the outcome's defaults."""
    grounds = {name: str(params[name]).strip() for name in ("reason", "basis", "available_at") if params.get(name)}
    grounds = {name: text for name, text in grounds.items() if text}
    if outcome_family(outcome) not in REASONED_FAMILIES:
        return grounds
    if "reason" not in grounds:
        if outcome in _REASON_NOT_IN_LABEL:
            raise InvalidInput(t("a {outcome} reply needs --reason: what is withheld and why ([GK] 36–37)", outcome=outcome))
        grounds["reason"] = OUTCOMES[outcome]
    if "basis" not in grounds:
        if outcome not in LEGAL_BASIS:
            raise InvalidInput(t("a {outcome} reply needs --basis: the legal basis, for which the statute names no default article", outcome=outcome))
        grounds["basis"] = LEGAL_BASIS[outcome]
    return grounds
