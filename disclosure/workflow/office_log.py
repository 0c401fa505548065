"""The office log: the record of users (added, roles granted and revoked, disabled, contact and login
changed), of every sight of a case's personal data (who, whose, when, why), and of the annual reports
published (each year's whole report as published, frozen: reports/annual_publication.py).

Its user entries are the record the users table is a projection of: folding them (``users_from_log``)
gives that table back, which is how `audit verify` checks it. Access entries are what 个人信息保护法
asks an office to be able to show (`disclosure audit access`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable, Mapping

__all__ = [
    "LogEntry", "USER_ENTRIES", "ACCESS_ENTRIES", "REPORT_ENTRIES", "ENTRY_LABELS", "UserRecord", "users_from_log", "EVERYONE",
]

USER_ENTRIES = {
    "user-added": "添加用户",
    "roles-granted": "授予角色",
    "roles-revoked": "撤销角色",
    "user-disabled": "停用用户",
    "user-enabled": "启用用户",
    "contact-changed": "更改联系方式",
    "login-set": "设定登录名",
}
ACCESS_ENTRIES = {
    "personal-data-viewed": "查看个人信息",
    "personal-data-exported": "导出个人信息",
}
REPORT_ENTRIES = {
    "annual-report-published": "发布年度报告",
}
ENTRY_LABELS = {**USER_ENTRIES, **ACCESS_ENTRIES, **REPORT_ENTRIES}

EVERYONE = "*"  # the subject of an export of every case


@dataclass(frozen=True)
class LogEntry:
    type: str
    user: str  # who did it (the user acted for, when an admin acted for them)
    subject: str  # the user changed, or the case whose personal data was seen
    data: Mapping[str, Any] = field(default_factory=dict)
    by: str | None = None
    recorded_at: datetime | None = None
    position: int | None = None


@dataclass
class UserRecord:
    """A user as their log entries leave them."""

    login: str | None
    roles: list[str]
    email: str | None = None
    mobile: str | None = None
    disabled: bool = False


def users_from_log(entries: Iterable[LogEntry]) -> dict[str, UserRecord]:
    """Every user as the user entries, folded in order, leave them."""
    users: dict[str, UserRecord] = {}
    for entry in entries:
        data, name = entry.data, entry.subject
        if entry.type == "user-added":
            users[name] = UserRecord(data.get("login"), list(data["roles"]), data.get("email"), data.get("mobile"))
            continue
        user = users.get(name)
        if user is None or entry.type not in USER_ENTRIES:
            continue
        if entry.type == "roles-granted":
            user.roles = user.roles + [role for role in data["roles"] if role not in user.roles]
        elif entry.type == "roles-revoked":
            user.roles = [role for role in user.roles if role not in data["roles"]]
        elif entry.type in ("user-disabled", "user-enabled"):
            user.disabled = entry.type == "user-disabled"
        elif entry.type == "contact-changed":
            for contact in ("email", "mobile"):
                if contact in data:
                    setattr(user, contact, data[contact])
        elif entry.type == "login-set":
            user.login = data["login"]
    return users
