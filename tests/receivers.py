"""Real notification receivers on loopback: an SMTP server and an HTTP server.

Both record what they accept and can be told to refuse the next N deliveries.
"""

from __future__ import annotations

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
def smtp_server() -> Iterator[tuple[SmtpHandler, int]]:
    """An SMTP server on a free loopback port for the duration of the block."""
    handler = SmtpHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
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


@contextmanager
def http_server() -> Iterator[tuple[HttpLog, str]]:
    """An HTTP server on a free loopback port that records POSTed bodies and headers."""
    record = HttpLog()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            record.attempts += 1
            if record.refuse > 0:
                record.refuse -= 1
                self.send_response(503)
            else:
                record.requests.append((dict(self.headers.items()), body))
                self.send_response(204)
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
