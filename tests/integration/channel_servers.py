"""Real servers on the loopback interface for the channel tests: an SMTP server (aiosmtpd; plain, with
STARTTLS or with implicit TLS using a self-signed certificate made by the ``openssl`` command) and an
HTTP server (http.server) whose reply each test chooses, both recording what they received."""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import parse_qs, urlsplit

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

LOOPBACK = "127.0.0.1"


def closed_port() -> int:
    """A port on which nothing listens (it was free a moment ago), for "server down" tests."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


# --- SMTP ---------------------------------------------------------------------------------------


@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    authenticated_as: str | None
    tls_version: str | None = None  # "TLSv1.3" when the mail came over TLS (STARTTLS or implicit)


class MailRecorder:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.received: list[ReceivedMail] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        tls = server.transport.get_extra_info("ssl_object") if server.transport is not None else None
        self.received.append(
            ReceivedMail(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                # Lines end in CRLF on the wire; the parser keeps them, the assertions want "\n".
                message_from_bytes(envelope.original_content.replace(b"\r\n", b"\n"), policy=policy.default),
                login,
                tls.version() if tls is not None else None,
            )
        )
        return "250 Message accepted for delivery"


class PasswordCheck:
    """An aiosmtpd authenticator that accepts one user and password, and notes the mechanisms used."""

    def __init__(self, username: str, password: str) -> None:
        self.username, self.password = username, password
        self.mechanisms: list[str] = []

    def __call__(self, server, session, envelope, mechanism: str, auth_data: Any) -> AuthResult:
        self.mechanisms.append(mechanism)
        accepted = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == self.username
            and auth_data.password.decode() == self.password
        )
        return AuthResult(success=accepted, handled=False, auth_data=auth_data if accepted else None)


@contextmanager
def smtp_server(
    authenticator: PasswordCheck | None = None,
    *,
    starttls: ssl.SSLContext | None = None,
    implicit_tls: ssl.SSLContext | None = None,
) -> Iterator[tuple[int, MailRecorder]]:
    """An SMTP server on the loopback interface: yields its port and its recorder; stopped on exit.

    ``starttls`` (a server context) makes the server offer STARTTLS and refuse mail until the client
    has upgraded; ``implicit_tls`` makes it speak TLS from the first byte, like port 465.

    Without TLS, an authenticator's AUTH is offered in the clear (aiosmtpd refuses that by default,
    rightly, but the plain tests have no certificate) and PLAIN is withheld so that smtplib uses LOGIN.
    With STARTTLS, AUTH is offered only after the upgrade (aiosmtpd's default). With implicit TLS
    aiosmtpd does not know the connection is encrypted (it only counts its own STARTTLS), so AUTH has
    to be allowed "without" TLS there too.
    """
    if starttls is not None and implicit_tls is not None:
        raise ValueError("a server speaks either STARTTLS or implicit TLS, not both")
    recorder = MailRecorder()
    options: dict[str, Any] = {}
    if starttls is not None:
        options.update(tls_context=starttls, require_starttls=True)
    if implicit_tls is not None:
        options.update(ssl_context=implicit_tls)
    if authenticator is not None:
        options["authenticator"] = authenticator
        if starttls is None:
            options["auth_require_tls"] = False
        if starttls is None and implicit_tls is None:
            options["auth_exclude_mechanism"] = ["PLAIN"]
    # aiosmtpd 1.4 cannot listen on port 0 (its readiness check connects to the port it was given).
    controller = Controller(recorder, hostname=LOOPBACK, port=closed_port(), ready_timeout=5.0, **options)
    controller.start()
    try:
        yield controller.port, recorder
    finally:
        controller.stop()


@dataclass(frozen=True)
class Certificate:
    """A self-signed certificate for 127.0.0.1 and localhost, and its unencrypted private key."""

    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A client context that trusts this certificate (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.cert))


def self_signed_certificate(directory: Path) -> Certificate:
    """Make a certificate with the ``openssl`` command; ``RuntimeError`` saying why if it cannot."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("the openssl command is not on PATH")
    cert, key = directory / "cert.pem", directory / "key.pem"
    command = [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert)]
    command += ["-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise RuntimeError(f"openssl could not be run: {error}") from None
    if done.returncode != 0 or not cert.is_file() or not key.is_file():
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"openssl req failed with exit status {done.returncode}: {last}")
    return Certificate(cert, key)


# --- HTTP ---------------------------------------------------------------------------------------


@dataclass
class ReceivedRequest:
    path: str
    query: str
    headers: dict[str, str]
    body: bytes

    @property
    def params(self) -> dict[str, str]:
        return {name: values[0] for name, values in parse_qs(self.query).items()}

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Reply:
    """What the server answers: a status, a body, after an optional delay."""

    status: int = 200
    body: bytes = b'{"errcode": 0, "errmsg": "ok"}'
    delay: float = 0.0

    @classmethod
    def json(cls, payload: Any, status: int = 200) -> Reply:
        return cls(status=status, body=json.dumps(payload, ensure_ascii=False).encode("utf-8"))


@dataclass
class HttpRecorder:
    reply: Reply = field(default_factory=Reply)
    received: list[ReceivedRequest] = field(default_factory=list)
    # Set when the server stops, so a reply delayed past a client's timeout does not hold up the test.
    stopping: threading.Event = field(default_factory=threading.Event)
    port: int = 0

    def url(self, path: str = "/") -> str:
        return f"http://{LOOPBACK}:{self.port}{path}"


def _handler_for(recorder: HttpRecorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            parts = urlsplit(self.path)
            recorder.received.append(ReceivedRequest(parts.path, parts.query, dict(self.headers.items()), body))
            reply = recorder.reply
            if reply.delay and recorder.stopping.wait(reply.delay):
                return
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            except OSError:
                pass  # the client gave up waiting (a timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep the test output quiet

    return Handler


@contextmanager
def http_server() -> Iterator[HttpRecorder]:
    """A threaded HTTP server on a free loopback port; set ``.reply`` to choose its answers."""
    recorder = HttpRecorder()
    server = ThreadingHTTPServer((LOOPBACK, 0), _handler_for(recorder))
    recorder.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        recorder.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

