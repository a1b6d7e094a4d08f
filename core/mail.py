"""One plain-text e-mail through the relay of the settings (``VIGIE_SMTP_*``)."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from core.errors import VigieError
from core.settings import Settings

TIMEOUT_S = 10.0


class MailNotSent(VigieError):  # noqa: N818 - named for what happened
    """The relay could not be reached or refused the message."""


@contextmanager
def open_relay(settings: Settings) -> Iterator[smtplib.SMTP]:
    """A session with the relay: STARTTLS when set, verifying its certificate, then login.

    The certificate must be valid for ``VIGIE_SMTP_HOST`` and signed by a CA of the system or
    of ``VIGIE_SMTP_CA_FILE``; a relay that does not verify is an error, never a plain session.
    """
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_S) as smtp:
        if settings.smtp_starttls:
            context = ssl.create_default_context(
                cafile=str(settings.smtp_ca_file) if settings.smtp_ca_file else None
            )
            smtp.starttls(context=context)
        if settings.smtp_username and settings.smtp_password:
            smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
        yield smtp


def send_mail(settings: Settings, to: str, subject: str, body: str) -> None:
    """Send ``body`` to ``to``; SMTP and network errors become MailNotSent."""
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with open_relay(settings) as smtp:
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise MailNotSent(f"smtp {settings.smtp_host}:{settings.smtp_port}: {exc}") from exc
