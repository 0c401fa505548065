"""Real servers on the loopback interface for the channel tests: an SMTP server (aiosmtpd) and an HTTP
server (http.server) whose reply each test chooses, both recording what they received."""

from __future__ import annotations

import json
import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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


class MailRecorder:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.received: list[ReceivedMail] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        self.received.append(
            ReceivedMail(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                # Lines end in CRLF on the wire; the parser keeps them, the assertions want "\n".
                message_from_bytes(envelope.original_content.replace(b"\r\n", b"\n"), policy=policy.default),
                login,
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
def smtp_server(authenticator: PasswordCheck | None = None) -> Iterator[tuple[int, MailRecorder]]:
    """An SMTP server on the loopback interface: yields its port and its recorder; stopped on exit.

    With an authenticator, AUTH is offered without TLS (aiosmtpd refuses that by default, rightly,
    but these tests have no certificate) and PLAIN is withheld so that smtplib uses LOGIN.
    """
    recorder = MailRecorder()
    options: dict[str, Any] = {}
    if authenticator is not None:
        options = {"authenticator": authenticator, "auth_require_tls": False, "auth_exclude_mechanism": ["PLAIN"]}
    # aiosmtpd 1.4 cannot listen on port 0 (its readiness check connects to the port it was given).
    controller = Controller(recorder, hostname=LOOPBACK, port=closed_port(), ready_timeout=5.0, **options)
    controller.start()
    try:
        yield controller.port, recorder
    finally:
        controller.stop()


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

