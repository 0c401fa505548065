"""The office's `disclosure.toml`: alert thresholds, delivery, what e-mail may name, the scheduler's times,
channels, waits.

Read from `--config FILE`, else `disclosure.toml` beside a SQLite case book (or in the working
directory for PostgreSQL); without a file every default holds and alerts go to the console.
Secrets never appear in the file: a channel names the environment variable that holds each one
(`password_env = "DISCLOSURE_SMTP_PASSWORD"`), so the file can be shown and kept in version control.

```toml
[alerts]                      # thresholds in working days, for every clock; then per clock
before_due = 3
escalate_after = 5
[alerts.opinion]
overdue = true

[delivery]
channels = ["mail", "wecom"]  # default: every channel below (none: the console)
max_attempts = 8              # then the delivery is dead (kept, listed, retriable by hand)
backoff_seconds = 60          # 60 s, 120 s, 240 s … doubling after each failure
backoff_max_seconds = 3600
lease_seconds = 300           # a claimed delivery whose sender vanished comes due again after this
batch = 50                    # deliveries claimed at a time (schedulers sharing a database split the work)

[notifications]
email_applicant_name = false  # true: an e-mail to the handler names the applicant (group channels never do)

[scheduler]
sweep_at = ["08:30", "14:00"] # Asia/Shanghai, on working days only
deliver_every_seconds = 60

[channels.mail]               # see notifications/channels
type = "smtp"

[database]
busy_timeout_seconds = 10     # how long a command waits for another's write lock (SQLite busy timeout,
                              # PostgreSQL lock_timeout); then "the case book is busy", exit 1
statement_timeout_seconds = 60  # PostgreSQL: the longest one statement of a writing command may run (0: no limit)
synchronous = "full"          # SQLite: "full" (default; a commit survives a power cut) or "normal" (may lose the last commits)

[files]
group = "gkb"                 # the book, backups, exports and reports are 0660 and this group's (default: 0600, the owner's)

[office]                      # [office], [letters], [documents]: see paper_settings.py
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any, Mapping

from disclosure.paper_settings import KEYS as PAPER_KEYS, PaperSettings, parse_paper_settings
from disclosure.private_files import FileAccess, sqlite_book_path
from disclosure.storage.waits import SYNCHRONOUS_MODES, BookWaits
from disclosure.workflow.alerts import DEFAULT_POLICIES, AlertPolicy, policies_from_settings
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import message_of, t

__all__ = ["Settings", "DEFAULT_SETTINGS", "load_settings", "settings_file_for"]

FILE_NAME = "disclosure.toml"
_SECTIONS = ("alerts", "delivery", "notifications", "scheduler", "channels", "kinds", "database", "files", *PAPER_KEYS)
_DELIVERY_KEYS = ("channels", "max_attempts", "backoff_seconds", "backoff_max_seconds", "lease_seconds", "batch")
_NOTIFICATIONS_KEYS = ("email_applicant_name",)
_SCHEDULER_KEYS = ("sweep_at", "deliver_every_seconds")
_DATABASE_KEYS = ("busy_timeout_seconds", "statement_timeout_seconds", "synchronous")
_FILES_KEYS = ("group",)
# A wait longer than an hour is a mistake in the file, not a wish: a clerk would take it for a hang.
_LONGEST_WAIT_SECONDS = 3600


@dataclass(frozen=True)
class Settings:
    policies: Mapping[str, AlertPolicy | None] = field(default_factory=lambda: dict(DEFAULT_POLICIES))
    channels: Mapping[str, Any] = field(default_factory=dict)  # the [channels] table, built lazily
    delivery_channels: tuple[str, ...] | None = None  # None: every configured channel, else the console
    max_attempts: int = 8
    backoff_seconds: int = 60
    backoff_max_seconds: int = 3600
    lease_seconds: int = 300
    batch: int = 50
    email_applicant_name: bool = False  # off: no message names the applicant (notifications/composing.py)
    sweep_at: tuple[time, ...] = (time(8, 30), time(14, 0))
    deliver_every_seconds: int = 60
    kind_files: tuple[str, ...] = ()  # the office's own kinds of case (disclosure/kind_files.py)
    waits: BookWaits = BookWaits()  # [database]: the waits on a busy book, SQLite's durability (storage/database.py)
    files: FileAccess = FileAccess()  # who may read the files holding personal data (private_files.py)
    papers: PaperSettings = PaperSettings()  # the letters and files a case keeps (paper_settings.py)
    source: str | None = None

    def channels_for_alerts(self) -> tuple[str, ...]:
        """The channels each new alert is queued for."""
        if self.delivery_channels is not None:
            return self.delivery_channels
        return tuple(self.channels) or ("console",)


DEFAULT_SETTINGS = Settings()


def settings_file_for(database: str) -> Path:
    """Where the office's settings live when `--config` is not given."""
    book = sqlite_book_path(database)
    return Path.cwd() / FILE_NAME if book is None else book.resolve().parent / FILE_NAME


# The most each whole-number setting may be: beyond them a number is a typo, and a wait of centuries
# overflows the clock's arithmetic (a delivery's next attempt).
_MOST = {"max_attempts": 1000, "backoff_seconds": 7 * 86400, "backoff_max_seconds": 30 * 86400, "lease_seconds": 86400,
         "batch": 10000, "deliver_every_seconds": 86400}


def _whole(table: Mapping[str, Any], key: str, where: str, minimum: int = 1) -> int | None:
    if key not in table:
        return None
    value = table[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise InvalidInput(t("{where}.{key} must be a whole number, at least {minimum} (got {value!r})",
                             where=where, key=key, minimum=minimum, value=value))
    most = _MOST.get(key)
    if most is not None and value > most:
        raise InvalidInput(t("{what} must be at most {most} (got {number})", what=where + "." + key, most=most, number=value))
    return value


def _seconds(table: Mapping[str, Any], key: str, *, zero_allowed: bool) -> float | None:
    if key not in table:
        return None
    value = table[key]
    smallest = 0 if zero_allowed else 0.001
    if (
        not isinstance(value, (int, float)) or isinstance(value, bool)
        or not smallest <= value <= _LONGEST_WAIT_SECONDS
    ):
        lowest = "0" if zero_allowed else "more than 0"
        raise InvalidInput(t("database.{key} must be a number of seconds, {lowest} to {longest} (got {value!r})",
                             key=key, lowest=lowest, longest=_LONGEST_WAIT_SECONDS, value=value))
    return float(value)


def _waits(table: Mapping[str, Any]) -> BookWaits:
    _unknown(table, _DATABASE_KEYS, "database")
    busy = _seconds(table, "busy_timeout_seconds", zero_allowed=False)
    statement = _seconds(table, "statement_timeout_seconds", zero_allowed=True)
    defaults = BookWaits()
    return BookWaits(
        busy_seconds=defaults.busy_seconds if busy is None else busy,
        statement_seconds=defaults.statement_seconds if statement is None else statement,
        synchronous=_synchronous(table, defaults.synchronous),
    )


def _synchronous(table: Mapping[str, Any], default: str) -> str:
    value = table.get("synchronous", default)
    if value not in SYNCHRONOUS_MODES:
        raise InvalidInput(t("database.synchronous must be \"full\" or \"normal\" (got {value!r})", value=value))
    return value


def _file_access(table: Mapping[str, Any]) -> FileAccess:
    _unknown(table, _FILES_KEYS, "files")
    if "group" not in table:
        return FileAccess()
    group = table["group"]
    if not isinstance(group, str) or not group.strip():
        raise InvalidInput(t("files.group must be the name of a group of this machine's users (got {group!r})", group=group))
    access = FileAccess(group)
    access.group_id()  # a group the machine lacks is refused now, not at the first file written
    return access


def _unknown(table: Mapping[str, Any], allowed: tuple[str, ...], where: str | None) -> None:
    """``where``: the table's name; None for the file's top level, whose keys are sections."""
    for key in table:
        if key not in allowed:
            if where is None:
                raise InvalidInput(t("unknown section [{key}] (expected one of {allowed})", key=key, allowed=", ".join(allowed)))
            raise InvalidInput(t("{where}: unknown setting {key!r} (expected one of {allowed})",
                                 where=where, key=key, allowed=", ".join(allowed)))


def _table(document: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = document.get(name, {})
    if not isinstance(value, Mapping):
        raise InvalidInput(t("[{name}] must be a table", name=name))
    return value


def _papers(document: Mapping[str, Any], base: Path) -> PaperSettings:
    tables = {name: _table(document, name) for name in PAPER_KEYS}
    for name, table in tables.items():
        _unknown(table, PAPER_KEYS[name], name)
    return parse_paper_settings(tables["office"], tables["letters"], tables["documents"], base)


def _email_applicant_name(table: Mapping[str, Any]) -> bool:
    _unknown(table, _NOTIFICATIONS_KEYS, "notifications")
    value = table.get("email_applicant_name", False)
    if not isinstance(value, bool):
        raise InvalidInput(t("notifications.email_applicant_name must be true or false (got {value!r})", value=value))
    return value


def _times(values: Any) -> tuple[time, ...]:
    if not isinstance(values, list) or not values:
        raise InvalidInput(t("scheduler.sweep_at must be a list of times such as [\"08:30\", \"14:00\"]"))
    parsed = []
    for value in values:
        try:
            parsed.append(time.fromisoformat(str(value)))
        except ValueError:
            raise InvalidInput(t("scheduler.sweep_at: {value!r} is not a time (HH:MM)", value=value)) from None
    return tuple(sorted(set(parsed)))


def parse_settings(document: Mapping[str, Any], source: str | None = None) -> Settings:
    _unknown(document, _SECTIONS, None)
    delivery, scheduler = _table(document, "delivery"), _table(document, "scheduler")
    channels = _table(document, "channels")
    _unknown(delivery, _DELIVERY_KEYS, "delivery")
    _unknown(scheduler, _SCHEDULER_KEYS, "scheduler")
    chosen = delivery.get("channels")
    if chosen is not None:
        if not isinstance(chosen, list) or not all(isinstance(name, str) for name in chosen):
            raise InvalidInput(t("delivery.channels must be a list of channel names"))
        for name in chosen:
            if name not in channels and name != "console":
                raise InvalidInput(t("delivery.channels names {name!r}, which has no [channels.{name}] table", name=name))
    kinds = _table(document, "kinds")
    _unknown(kinds, ("files",), "kinds")
    files = kinds.get("files", [])
    if not isinstance(files, list) or not all(isinstance(name, str) for name in files):
        raise InvalidInput(t("kinds.files must be a list of paths"))
    base = Path(source).parent if source else Path.cwd()
    values: dict[str, Any] = {
        "kind_files": tuple(str(base / name) for name in files),
        "policies": policies_from_settings(_table(document, "alerts")),
        "channels": channels,
        "delivery_channels": tuple(chosen) if chosen is not None else None,
        "email_applicant_name": _email_applicant_name(_table(document, "notifications")),
        "waits": _waits(_table(document, "database")),
        "files": _file_access(_table(document, "files")),
        "papers": _papers(document, base),
        "source": source,
    }
    for key in ("max_attempts", "backoff_seconds", "backoff_max_seconds", "lease_seconds", "batch"):
        number = _whole(delivery, key, "delivery")
        if number is not None:
            values[key] = number
    every = _whole(scheduler, "deliver_every_seconds", "scheduler")
    if every is not None:
        values["deliver_every_seconds"] = every
    if "sweep_at" in scheduler:
        values["sweep_at"] = _times(scheduler["sweep_at"])
    return Settings(**values)


def load_settings(path: str | Path | None, *, required: bool = False) -> Settings:
    """The settings in ``path``; the defaults when it does not exist and was not asked for by name."""
    if path is None:
        return DEFAULT_SETTINGS
    path = Path(path)
    if not path.is_file():
        if required:
            raise InvalidInput(t("no settings file at {path}", path=path))
        return DEFAULT_SETTINGS
    import tomllib  # here: most books have no settings file

    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(t("cannot read {path}: {error}", path=path, error=error)) from None
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(t("{path} is not valid TOML: {error}", path=path, error=error)) from None
    try:
        return parse_settings(document, str(path))
    except InvalidInput as problem:  # which file, as --config or beside the book may be one of several
        raise InvalidInput(t("{path}: {problem}", path=path, problem=message_of(problem))) from None
