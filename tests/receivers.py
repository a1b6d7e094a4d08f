"""Real notification receivers on loopback: an SMTP server and an HTTP server.

Both record what they accept and can be told to refuse the next N deliveries.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope
from servers import free_port
from tls_certs import Issued


@dataclass
class SmtpHandler:
    """Keeps every message accepted; answers 451 while ``refuse`` is above zero."""

    messages: list[tuple[list[str], Message]] = field(default_factory=list)
    refuse: int = 0

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self,
        server: object,  # noqa: ARG002 - part of the hook's signature
        session: object,  # noqa: ARG002 - same
        envelope: Envelope,
    ) -> str:
        """Accept or refuse one message."""
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 try again later"
        content = envelope.original_content or b""
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(content)))
        return "250 OK"


@contextmanager
def smtp_server(tls: Issued | None = None) -> Iterator[tuple[SmtpHandler, int]]:
    """An SMTP server on a free loopback port for the duration of the block.

    With ``tls`` (a certificate and its key), it offers STARTTLS and requires it.
    """
    handler = SmtpHandler()
    port = free_port()
    context = None
    if tls is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(tls.cert, tls.key)
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=context is not None,
    )
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@dataclass
class HttpLog:
    """Requests accepted by the HTTP receiver; it answers 503 while ``refuse`` is above zero."""

    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    attempts: int = 0
    refuse: int = 0
    redirect: str | None = None


@contextmanager
def http_server() -> Iterator[tuple[HttpLog, str]]:
    """An HTTP server on a free loopback port that records POSTed bodies and headers.

    With ``redirect`` set on its log, it answers every POST 302 to there (and any GET 200).
    """
    record = HttpLog()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            record.attempts += 1
            if record.redirect is not None:
                self.send_response(302)
                self.send_header("Location", record.redirect)
            elif record.refuse > 0:
                record.refuse -= 1
                self.send_response(503)
            else:
                record.requests.append((dict(self.headers.items()), body))
                self.send_response(204)
            self.end_headers()

        def do_GET(self) -> None:
            record.attempts += 1
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            """Stay quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield record, f"http://127.0.0.1:{server.server_address[1]}/hooks/vigie"
    finally:
        server.shutdown()
        server.server_close()
