"""Building the office's channels from the ``[channels]`` table of ``disclosure.toml``.

Each ``[channels.<name>]`` table has a ``type`` and that type's settings::

    [channels.mail]
    type = "smtp"                      # console, smtp, webhook, wecom or dingtalk
    host = "smtp.example.gov.cn"
    port = 465                         # default: 465 for tls, 587 for starttls, 25 for none
    security = "tls"                   # none (default), starttls or tls
    sender = "gk@example.gov.cn"
    username = "gk@example.gov.cn"
    password_env = "DISCLOSURE_SMTP_PASSWORD"

    [channels.hook]
    type = "webhook"
    url = "https://oa.example.gov.cn/hooks/disclosure"
    secret_env = "DISCLOSURE_WEBHOOK_SECRET"   # optional: signs each request
    timeout = 5

    [channels.wecom]
    type = "wecom"
    webhook_url_env = "DISCLOSURE_WECOM_URL"

    [channels.dingtalk]
    type = "dingtalk"
    webhook_url_env = "DISCLOSURE_DINGTALK_URL"
    secret_env = "DISCLOSURE_DINGTALK_SECRET"  # optional: the robot's 加签 secret

Secrets (the SMTP password, signing secrets, the robots' webhook URLs) are read only from the
environment variables that the ``*_env`` keys name, so the file can be shown and versioned; a
secret written in the file itself is refused. Every mistake is an ``InvalidInput`` naming the channel.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from disclosure.notifications.channels.console import ConsoleChannel
from disclosure.notifications.channels.dingtalk import DingTalkRobotChannel
from disclosure.notifications.channels.protocol import Channel
from disclosure.notifications.channels.smtp import SmtpChannel
from disclosure.notifications.channels.webhook import WebhookChannel
from disclosure.notifications.channels.wecom import WeComRobotChannel
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

__all__ = ["build_channels", "CHANNEL_TYPES"]

_TEXT, _WHOLE, _NUMBER = "a string", "a whole number", "a number"
_REQUIRED, _OPTIONAL = True, False

_DEFAULT_SMTP_PORTS = {"tls": 465, "starttls": 587, "none": 25}


def _is_kind(value: Any, kind: str) -> bool:
    if kind == _TEXT:
        return isinstance(value, str)
    if isinstance(value, bool):  # TOML's true is not a number, though Python's bool is an int
        return False
    return isinstance(value, int) if kind == _WHOLE else isinstance(value, (int, float))


class _Settings:
    """One channel's table, checked against its type's keys, with the environment for its secrets."""

    def __init__(
        self, name: str, table: Mapping[str, Any], kind: str, allowed: Mapping[str, tuple[str, bool]],
        environ: Mapping[str, str],
    ) -> None:
        self.name, self.table, self.environ = name, table, environ
        for key in table:
            if key == "type":
                continue
            if f"{key}_env" in allowed:
                raise self.error(t("put secrets in environment variables: use {key}_env", key=key))
            if key not in allowed:
                expected = ", ".join(("type", *allowed))
                raise self.error(t("unknown key {key!r} for type {kind} (expected {expected})", key=key, kind=kind, expected=expected))
        for key, (value_kind, required) in allowed.items():
            if required and key not in table:
                raise self.error(t("missing required key {key!r}", key=key))
            if key in table and not _is_kind(table[key], value_kind):
                # The value's type only, never the value: it may be a misplaced secret.
                raise self.error(t("{key} must be {value_kind} (got {given})",
                                   key=key, value_kind=value_kind, given=type(table[key]).__name__))

    def error(self, problem: str) -> InvalidInput:
        return InvalidInput(t("channel {name}: {problem}", name=self.name, problem=problem))

    def get(self, key: str, default: Any = None) -> Any:
        return self.table.get(key, default)

    def secret(self, env_key: str) -> str | None:
        """The value of the environment variable that ``env_key`` names; None when the key is absent."""
        variable = self.table.get(env_key)
        if variable is None:
            return None
        if not variable:
            raise self.error(t("{env_key} is empty (it names an environment variable)", env_key=env_key))
        value = self.environ.get(variable)
        if value is None:
            raise self.error(t("environment variable {variable} is not set", variable=variable))
        if not value:
            raise self.error(t("environment variable {variable} is empty", variable=variable))
        return value


def _console(settings: _Settings) -> Channel:
    return ConsoleChannel(settings.name)


def _smtp(settings: _Settings) -> Channel:
    security = settings.get("security", "none")
    username, password = settings.get("username"), settings.secret("password_env")
    if (username is None) != (password is None):
        raise settings.error(t("username and password_env go together: give both or neither"))
    return SmtpChannel(
        settings.name,
        host=settings.get("host"),
        port=settings.get("port", _DEFAULT_SMTP_PORTS.get(security, 25)),
        sender=settings.get("sender"),
        security=security,  # the channel refuses a value other than none, starttls or tls
        username=username,
        password=password,
        timeout=settings.get("timeout", 10.0),
    )


def _webhook(settings: _Settings) -> Channel:
    return WebhookChannel(
        settings.name, settings.get("url"), secret=settings.secret("secret_env"), timeout=settings.get("timeout", 5.0)
    )


def _wecom(settings: _Settings) -> Channel:
    return WeComRobotChannel(
        settings.name, settings.secret("webhook_url_env"), timeout=settings.get("timeout", 5.0)
    )


def _dingtalk(settings: _Settings) -> Channel:
    return DingTalkRobotChannel(
        settings.name,
        settings.secret("webhook_url_env"),
        secret=settings.secret("secret_env"),
        timeout=settings.get("timeout", 5.0),
    )


# type → {key: (kind of value, required)}; "type" itself is allowed in every table.
_KEYS: Mapping[str, Mapping[str, tuple[str, bool]]] = {
    "console": {},
    "smtp": {
        "host": (_TEXT, _REQUIRED),
        "port": (_WHOLE, _OPTIONAL),
        "sender": (_TEXT, _REQUIRED),
        "security": (_TEXT, _OPTIONAL),
        "username": (_TEXT, _OPTIONAL),
        "password_env": (_TEXT, _OPTIONAL),
        "timeout": (_NUMBER, _OPTIONAL),
    },
    "webhook": {"url": (_TEXT, _REQUIRED), "secret_env": (_TEXT, _OPTIONAL), "timeout": (_NUMBER, _OPTIONAL)},
    "wecom": {"webhook_url_env": (_TEXT, _REQUIRED), "timeout": (_NUMBER, _OPTIONAL)},
    "dingtalk": {
        "webhook_url_env": (_TEXT, _REQUIRED),
        "secret_env": (_TEXT, _OPTIONAL),
        "timeout": (_NUMBER, _OPTIONAL),
    },
}

_BUILDERS: Mapping[str, Callable[[_Settings], Channel]] = {
    "console": _console,
    "smtp": _smtp,
    "webhook": _webhook,
    "wecom": _wecom,
    "dingtalk": _dingtalk,
}
CHANNEL_TYPES = tuple(_BUILDERS)


def _build(name: str, table: Any, environ: Mapping[str, str]) -> Channel:
    if not isinstance(table, Mapping):
        raise InvalidInput(t("channel {name}: [channels.{name}] must be a table", name=name))
    if "type" not in table:
        raise InvalidInput(t("channel {name}: missing required key 'type'", name=name))
    kind = table["type"]
    if not isinstance(kind, str) or kind not in _BUILDERS:
        types = ", ".join(CHANNEL_TYPES)
        if isinstance(kind, str):
            raise InvalidInput(t("channel {name}: unknown type {kind!r} (expected one of {types})", name=name, kind=kind, types=types))
        raise InvalidInput(t("channel {name}: unknown type of {given} (expected one of {types})",
                             name=name, given=type(kind).__name__, types=types))
    return _BUILDERS[kind](_Settings(name, table, kind, _KEYS[kind], environ))


def build_channels(config: Mapping[str, Any], environ: Mapping[str, str]) -> dict[str, Channel]:
    """The channels of the ``[channels]`` table, by their table names, secrets taken from ``environ``."""
    if not isinstance(config, Mapping):
        raise InvalidInput(t("[channels] must be a table"))
    return {name: _build(name, table, environ) for name, table in config.items()}
