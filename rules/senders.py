"""Delivery of notifications: e-mail over SMTP, and webhooks signed with HMAC-SHA256.

A webhook request carries ``X-Vigie-Timestamp`` and ``X-Vigie-Signature: sha256=<hex>``, the
HMAC-SHA256 with the shared secret of ``<timestamp>.<body>``, and ``Idempotency-Key``: a
receiver drops a request whose key it has already seen (delivery is at least once).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import time
import urllib.error
import urllib.request
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Protocol

from core.errors import VigieError
from core.settings import Settings
from rules.store_notifications import Outgoing

TIMEOUT_S = 10.0


class DeliveryFailed(VigieError):  # noqa: N818 - named for what happened
    """A notification could not be delivered this time; it will be retried."""


class Sender(Protocol):
    """Delivers one notification or raises DeliveryFailed."""

    def send(self, notification: Outgoing) -> None:
        """Deliver ``notification``."""


class EmailSender:
    """Sends notifications as plain-text e-mail through an SMTP relay."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def send(self, notification: Outgoing) -> None:
        """Send one e-mail; SMTP and network errors become DeliveryFailed."""
        s = self.settings
        message = EmailMessage()
        message["From"] = s.smtp_from
        message["To"] = notification.recipient
        message["Subject"] = notification.subject
        message["Message-ID"] = make_msgid(idstring=notification.idempotency_key[:32])
        message["X-Vigie-Idempotency-Key"] = notification.idempotency_key
        message.set_content(notification.body)
        try:
            with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=TIMEOUT_S) as smtp:
                if s.smtp_starttls:
                    smtp.starttls()
                if s.smtp_username and s.smtp_password:
                    smtp.login(s.smtp_username, s.smtp_password.get_secret_value())
                smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryFailed(f"smtp {s.smtp_host}:{s.smtp_port}: {exc}") from exc


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header value of a webhook body."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


class WebhookSender:
    """POSTs notifications as signed JSON to the URL they name."""

    def __init__(self, secret: str) -> None:
        self.secret = secret

    def send(self, notification: Outgoing) -> None:
        """POST the payload; anything but a 2xx answer becomes DeliveryFailed."""
        body = json.dumps(notification.payload, ensure_ascii=False, default=str).encode()
        timestamp = str(int(time.time()))
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's setting
            notification.recipient,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Idempotency-Key": notification.idempotency_key,
                "X-Vigie-Timestamp": timestamp,
                "X-Vigie-Signature": sign(self.secret, timestamp, body),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 - same
                status = response.status
        except urllib.error.HTTPError as exc:
            raise DeliveryFailed(f"webhook answered {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise DeliveryFailed(f"webhook unreachable: {exc}") from exc
        if not 200 <= status < 300:  # noqa: PLR2004 - the 2xx range
            raise DeliveryFailed(f"webhook answered {status}")
