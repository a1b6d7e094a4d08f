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
from core.mail import open_relay
from core.settings import Settings
from rules.store_notifications import Outgoing

TIMEOUT_S = 10.0


class DeliveryFailed(VigieError):  # noqa: N818 - named for what happened
    """A notification could not be delivered this time; it will be retried."""


class Sender(Protocol):
    """Delivers one notification or raises DeliveryFailed."""

    def send(self, notification: Outgoing) -> None:
        """Deliver ``notification``."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a delivery: it is never followed."""

    def redirect_request(self, *_args: object, **_kwargs: object) -> None:
        """Follow nothing: the 3xx reaches the caller as an HTTPError."""


OPENER = urllib.request.build_opener(_NoRedirect)


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
            with open_relay(s) as smtp:
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
        """POST the payload; anything but a 2xx answer (a redirect too) becomes DeliveryFailed.

        Without a secret nothing is sent: a request signed with an empty key proves nothing.
        """
        if not self.secret:
            raise DeliveryFailed("no webhook secret (VIGIE_ALERT_WEBHOOK_SECRET): not sent")
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
            with OPENER.open(request, timeout=TIMEOUT_S) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            followed = " (redirects are not followed)" if 300 <= exc.code < 400 else ""  # noqa: PLR2004 - the 3xx range
            raise DeliveryFailed(f"webhook answered {exc.code}{followed}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise DeliveryFailed(f"webhook unreachable: {exc}") from exc
        if not 200 <= status < 300:  # noqa: PLR2004 - the 2xx range
            raise DeliveryFailed(f"webhook answered {status}")
