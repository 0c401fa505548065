"""The canonical codes of STATUTE.md, with their Chinese labels and annual-report rows.

Outcome, applicant-type and channel codes are the project's vocabulary: stored in
events, printed beside their labels, counted in the annual report.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import chained, t

__all__ = [
    "OUTCOMES",
    "OUTCOME_REPORT_ROWS",
    "APPLICANT_TYPES",
    "CHANNELS",
    "ROLES",
    "any_of_roles",
    "any_of",
    "CLOCK_LABELS",
    "SYSTEM_ROLE",
    "SYSTEM_USER",
    "SYSTEM_ROLE_LABEL",
    "DELIVERY_METHODS",
    "APPEAL_TYPES",
    "APPEAL_RESULTS",
    "FEEDBACK_RATINGS",
    "FEEDBACK_FACT",
    "outcome_family",
    "code_named",
    "require_code",
]

# code: (label, annual report row of [NB] table 三)
_OUTCOME_TABLE = {
    "granted": ("予以公开", "（一）"),
    "partial": ("部分公开", "（二）"),
    "withheld.state_secret": ("属于国家秘密", "（三）1"),
    "withheld.law_prohibited": ("其他法律行政法规禁止公开", "（三）2"),
    "withheld.security_stability": ("危及“三安全一稳定”", "（三）3"),
    "withheld.third_party": ("保护第三方合法权益", "（三）4"),
    "withheld.internal_affairs": ("属于三类内部事务信息", "（三）5"),
    "withheld.process_info": ("属于四类过程性信息", "（三）6"),
    "withheld.enforcement_file": ("属于行政执法案卷", "（三）7"),
    "withheld.administrative_query": ("属于行政查询事项", "（三）8"),
    "unavailable.not_held": ("本机关不掌握相关政府信息", "（四）1"),
    "unavailable.needs_creation": ("没有现成信息需要另行制作", "（四）2"),
    "unavailable.still_unclear": ("补正后申请内容仍不明确", "（四）3"),
    "declined.petition": ("信访举报投诉类申请", "（五）1"),
    "declined.duplicate": ("重复申请", "（五）2"),
    "declined.publication": ("要求提供公开出版物", "（五）3"),
    "declined.excessive": ("无正当理由大量反复申请", "（五）4"),
    "declined.confirmation": ("要求行政机关确认或重新出具已获取信息", "（五）5"),
    "other.no_correction": ("逾期不补正", "（六）1"),
    "other.fee_unpaid": ("逾期未缴纳费用", "（六）2"),
    "other.other": ("其他", "（六）3"),
}

OUTCOMES: Mapping[str, str] = {code: label for code, (label, _) in _OUTCOME_TABLE.items()}
OUTCOME_REPORT_ROWS: Mapping[str, str] = {code: row for code, (_, row) in _OUTCOME_TABLE.items()}

# Outcomes the engine sets itself when a period lapses; a clerk cannot reply with them.
ENGINE_OUTCOMES = frozenset({"other.no_correction", "other.fee_unpaid"})

APPLICANT_TYPES: Mapping[str, str] = {
    "natural": "自然人",
    "enterprise": "商业企业",
    "research": "科研机构",
    "public_interest": "社会公益组织",
    "legal_service": "法律服务机构",
    "other_org": "其他",
}

CHANNELS: Mapping[str, str] = {
    "in_person": "当面",
    "post": "信函",
    "online": "网络",
    "fax": "传真",
    "email": "电子邮件",
}

ROLES: Mapping[str, str] = {
    "registrar": "登记员",
    "handler": "承办人",
    "reviewer": "审查员",
    "head": "负责人",
    "auditor": "审计员",
    "admin": "管理员",
}

# A role named in a sentence ("needs the role registrar or handler"): its code in English, its label in
# Chinese, through the catalog.
_ROLE_WORDS: Mapping[str, str] = {
    "registrar": t("registrar"), "handler": t("handler"), "reviewer": t("reviewer"), "head": t("head"),
    "auditor": t("auditor"), "admin": t("admin"),
}


def any_of_roles(roles: Iterable[str]) -> str:
    """The roles as a choice: "registrar or handler" (登记员或承办人)."""
    return any_of(_ROLE_WORDS.get(role, role) for role in roles)


def any_of(words: Iterable[str]) -> str:
    """Words as a choice, "a or b or c", the "or" said in the clerk's language (a或b或c)."""
    return chained(words, lambda said, word: t("{roles} or {role}", roles=said, role=word))


CLOCK_LABELS: Mapping[str, str] = {
    "reply": "答复期限",
    "correction_notice": "补正告知期限",
    "correction": "补正期限",
    "opinion": "征求意见期限",
    "payment": "缴费期限",
    "period": "期间",
}

# The engine's own role, held only by the user `system` (the sweep): never given to a person.
SYSTEM_ROLE = "system"
SYSTEM_USER = "system"
SYSTEM_ROLE_LABEL = "系统"

DELIVERY_METHODS: Mapping[str, str] = {
    "post": "邮寄",
    "email": "电子邮件",
    "in_person": "当面领取",
    "online": "网上送达",
}

APPEAL_TYPES: Mapping[str, str] = {
    "reconsideration": "行政复议",
    "litigation": "行政诉讼（未经复议直接起诉）",
    "litigation_after_reconsideration": "行政诉讼（复议后起诉）",
}

APPEAL_RESULTS: Mapping[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
}

# A petitioner's or deputy's rating of the reply, kept in the case's facts under FEEDBACK_FACT; the
# statistics' 反馈率 and 满意率 read it (满意 and 基本满意 count as satisfied, as offices publish them).
FEEDBACK_FACT = "rating"
FEEDBACK_RATINGS: Mapping[str, str] = {
    "satisfied": "满意",
    "basically_satisfied": "基本满意",
    "dissatisfied": "不满意",
}


def outcome_family(code: str) -> str:
    """granted, partial, withheld, unavailable, declined or other."""
    return code.split(".", 1)[0]


def code_named(value: str, pairs: Iterable[tuple[str, str]]) -> str | None:
    """The code ``value`` is, or whose Chinese label it is among (code, label) ``pairs`` (a clerk types
    either; events keep the code); None for neither. A label two or more codes share is refused
    (InvalidInput) naming them: the clerk types the code meant."""
    pairs = list(pairs)
    if value in {code for code, _ in pairs}:
        return value
    codes = tuple(dict.fromkeys(code for code, label in pairs if label == value))
    if len(codes) > 1:
        raise InvalidInput(t("{value!r} is the label of more than one code ({codes}); type the code meant",
                             value=value, codes=", ".join(codes)))
    return codes[0] if codes else None


def require_code(vocabulary: Mapping[str, str], value: str, what: str) -> str:
    """The code ``value`` is, or whose Chinese label it is (code_named)."""
    code = code_named(value, vocabulary.items())
    if code is not None:
        return code
    raise InvalidInput(t("unknown {what} {value!r}; expected one of {codes}", what=what, value=value, codes=", ".join(vocabulary)))
