"""One plain-text e-mail through the relay of the settings (``VIGIE_SMTP_*``)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from core.errors import VigieError
from core.settings import Settings

TIMEOUT_S = 10.0


class MailNotSent(VigieError):  # noqa: N818 - named for what happened
    """The relay could not be reached or refused the message."""


def send_mail(settings: Settings, to: str, subject: str, body: str) -> None:
    """Send ``body`` to ``to``; SMTP and network errors become MailNotSent."""
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_S) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_username and settings.smtp_password:
                smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise MailNotSent(f"smtp {settings.smtp_host}:{settings.smtp_port}: {exc}") from exc
