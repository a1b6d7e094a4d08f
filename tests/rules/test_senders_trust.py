"""Senders trust only what proves itself: a verified relay, a signing key, a 2xx answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from receivers import http_server, smtp_server
from tls_certs import PrivateCA

from core.settings import Settings
from rules.senders import DeliveryFailed, EmailSender, WebhookSender
from rules.store_notifications import Outgoing


def _outgoing(channel: str, recipient: str) -> Outgoing:
    return Outgoing(
        id=1,
        channel=channel,
        kind="alert",
        recipient=recipient,
        subject="Lamp failure",
        body="A lamp failed.",
        payload={"alert": 1},
        attempts=0,
        idempotency_key="k" * 40,
    )


def test_starttls_verifies_the_relay_certificate(tmp_path: Path) -> None:
    """A relay whose certificate no trusted CA signed is refused; with its CA, mail goes."""
    ca = PrivateCA(tmp_path / "ca")
    relay = ca.server("relay", ["127.0.0.1"])
    mail = _outgoing("email", "pilot@town.example.org")
    with smtp_server(tls=relay) as (handler, port):
        untrusted = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=True)
        with pytest.raises(DeliveryFailed, match="CERTIFICATE_VERIFY_FAILED"):
            EmailSender(untrusted).send(mail)
        assert handler.messages == []
        trusted = untrusted.model_copy(update={"smtp_ca_file": ca.cert})
        EmailSender(trusted).send(mail)
    assert [to for to, _message in handler.messages] == [["pilot@town.example.org"]]


def test_starttls_refuses_a_certificate_for_another_host(tmp_path: Path) -> None:
    """A certificate of a trusted CA but for another name is refused too."""
    ca = PrivateCA(tmp_path / "ca")
    other = ca.server("elsewhere", ["mail.elsewhere.example.org"])
    with smtp_server(tls=other) as (handler, port):
        settings = Settings(
            smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=True, smtp_ca_file=ca.cert
        )
        with pytest.raises(DeliveryFailed, match="CERTIFICATE_VERIFY_FAILED"):
            EmailSender(settings).send(_outgoing("email", "pilot@town.example.org"))
    assert handler.messages == []


def test_webhook_without_a_secret_sends_nothing() -> None:
    """An empty key signs nothing: the request is not sent, and a URL without a key is refused."""
    with http_server() as (receiver, url):
        with pytest.raises(DeliveryFailed, match="no webhook secret"):
            WebhookSender("").send(_outgoing("webhook", url))
        assert receiver.attempts == 0
        with pytest.raises(ValidationError, match="VIGIE_ALERT_WEBHOOK_SECRET"):
            Settings(alert_webhook_url=url)


def test_a_redirect_is_not_a_delivery() -> None:
    """A receiver answering 302 to a page that answers 200 has not received the notification."""
    with http_server() as (receiver, url):
        receiver.redirect = url.replace("/hooks/vigie", "/elsewhere")
        with pytest.raises(DeliveryFailed, match="302"):
            WebhookSender("s3cret").send(_outgoing("webhook", url))
        assert receiver.attempts == 1
        assert receiver.requests == []
