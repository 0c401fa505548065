"""E-mail through the office's SMTP server, with the standard library's ``smtplib``.

``security`` is how the connection is protected: ``"tls"`` opens TLS at once (SMTPS, usually port
465), ``"starttls"`` upgrades a plain connection (usually 587), ``"none"`` sends in the clear (a relay
on the local network, usually 25). Certificates are checked with ``ssl.create_default_context()``
unless an ``ssl_context`` is given. With a ``username`` the channel logs in before sending.

The mail is UTF-8 plain text, To the recipients that have an e-mail address, and carries the
alert's key in ``X-Disclosure-Alert`` so that mail rules and receivers can recognise a repeat.
Being read by its recipients only, it is the one channel whose text may name the applicant, when
the office allows it (notifications/composing.py).
"""

from __future__ import annotations

import smtplib
import ssl
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from disclosure.notifications.channels.checks import check_timeout
from disclosure.notifications.channels.redaction import one_line, redact
from disclosure.notifications.message import DeliveryError, Message
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

__all__ = ["SmtpChannel", "SECURITY_MODES", "ALERT_HEADER"]

SECURITY_MODES = ("none", "starttls", "tls")
ALERT_HEADER = "X-Disclosure-Alert"

# What the e-mail package raises for a malformed address ("a@" gives an IndexError from its parser).
_BAD_ADDRESS = (ValueError, IndexError, MessageError)


def _smtp_reason(error: smtplib.SMTPException) -> str:
    """What the server said, for the errors that carry a reply; the error's own text otherwise."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "every recipient was refused: " + "; ".join(
            f"{address} ({code})" for address, (code, _) in error.recipients.items()
        )
    code, reply = getattr(error, "smtp_code", None), getattr(error, "smtp_error", None)
    if code is not None:
        text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply or "")
        return f"{code} {text}".strip()
    return str(error) or type(error).__name__


def _describe(error: Exception, timeout: float) -> str:
    """One line saying what went wrong, in words an administrator can act on."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"authentication failed ({_smtp_reason(error)})"
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return str(error).rstrip(".") or "the server does not support a command sent"
    # smtplib reports a reply that never came as a disconnection; say what happened.
    if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
        return f"timed out after {timeout} s"
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return f"the server closed the connection ({str(error) or 'no reason given'})"
    if isinstance(error, smtplib.SMTPSenderRefused):
        return f"the sender was refused ({_smtp_reason(error)})"
    if isinstance(error, smtplib.SMTPException):
        return _smtp_reason(error)
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ssl.SSLError):
        return f"TLS failed ({error.reason or error})"
    if isinstance(error, OSError):
        return error.strerror or str(error) or type(error).__name__
    return str(error) or type(error).__name__


class SmtpChannel:
    reaches_recipients_only = True

    def __init__(
        self,
        name: str,
        host: str,
        port: int,
        sender: str,
        security: str = "none",
        username: str | None = None,
        password: str | None = None,
        timeout: float = 10.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if security not in SECURITY_MODES:
            modes = ", ".join(SECURITY_MODES)
            raise InvalidInput(t("channel {name}: security must be one of {modes} (got {security!r})",
                                 name=name, modes=modes, security=security))
        if not host:
            raise InvalidInput(t("channel {name}: host is empty", name=name))
        if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
            raise InvalidInput(t("channel {name}: port must be a whole number from 1 to 65535", name=name))
        try:
            Address(addr_spec=sender)
        except _BAD_ADDRESS:
            raise InvalidInput(t("channel {name}: sender {sender!r} is not an e-mail address", name=name, sender=sender)) from None
        # smtplib sends AUTH credentials as ASCII: better refused now than failing at every delivery.
        if username is not None and not username.isascii():
            raise InvalidInput(t("channel {name}: the username has characters SMTP login cannot send (ASCII only)", name=name))
        if password is not None and not password.isascii():
            raise InvalidInput(t("channel {name}: the password has characters SMTP login cannot send (ASCII only)", name=name))
        self.name = name
        self.host, self.port, self.sender, self.security = host, port, sender, security
        self.username = username
        self._password = password
        self._timeout = check_timeout(name, timeout)
        self._ssl_context = ssl_context
        self._label = f"smtp {host}:{port}"

    def _email(self, message: Message) -> EmailMessage:
        addressed = [recipient for recipient in message.recipients if recipient.email]
        if not addressed:
            raise DeliveryError(t("{label}: no recipient has an e-mail address", label=self._label))
        email = EmailMessage()
        email["From"] = self.sender
        try:
            email["To"] = [Address(display_name=recipient.name, addr_spec=recipient.email) for recipient in addressed]
        except _BAD_ADDRESS:
            raise DeliveryError(t("{label}: a recipient's e-mail address is malformed", label=self._label)) from None
        # A header may not hold a line break; the subject is one line by contract, but be safe.
        email["Subject"] = " ".join(message.subject.split())
        email["Date"] = formatdate(localtime=True)
        email["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2])
        if message.key:
            email[ALERT_HEADER] = message.key
        email.set_content(message.text, charset="utf-8")
        return email

    def _connect(self) -> smtplib.SMTP:
        if self.security == "tls":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self._timeout, context=self._context())
        return smtplib.SMTP(self.host, self.port, timeout=self._timeout)

    def _context(self) -> ssl.SSLContext:
        return self._ssl_context or ssl.create_default_context()

    def send(self, message: Message) -> None:
        email = self._email(message)
        try:
            with self._connect() as connection:
                if self.security == "starttls":
                    connection.starttls(context=self._context())
                if self.username:
                    connection.login(self.username, self._password or "")
                # Some recipients refused and others accepted counts as delivered: sending again
                # would repeat the mail to those who have it.
                connection.send_message(email)
        except UnicodeEncodeError:  # smtplib writes its commands as ASCII
            raise DeliveryError(t("{label}: a command had characters SMTP cannot send (ASCII only)", label=self._label)) from None
        except (OSError, smtplib.SMTPException) as error:
            problem = one_line(redact(_describe(error, self._timeout), [self._password or ""]))
            raise DeliveryError(t("{label}: {problem}", label=self._label, problem=problem)) from None

    def __repr__(self) -> str:
        login = f", username={self.username!r}, password=***" if self.username else ""
        return (
            f"SmtpChannel(name={self.name!r}, host={self.host!r}, port={self.port}, sender={self.sender!r}, "
            f"security={self.security!r}{login}, timeout={self._timeout})"
        )
