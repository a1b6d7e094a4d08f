"""Signed links of alert e-mails: acknowledge or open one alert, as one person, until a date.

The rules worker writes them into the e-mails it sends; the API checks them when they are
followed. Both hold the same secret (``VIGIE_WEB_LINK_SECRET``). A link's token reads::

    v1.<purpose>.<alert id>.<person id>.<expiry, Unix seconds>.<signature>

where the signature is the HMAC-SHA256 of everything before it, URL-safe base64 without padding.
It is bound to its recipient (the person id is signed), expires, and names one alert and one
purpose. That it is used once is the database's part: the API records the token's SHA-256 when
it is used (``web_used_links``) and refuses a second use.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Final

from core.errors import VigieError
from core.settings import Settings

VERSION: Final = "v1"
PARTS: Final = 6


class Purpose(StrEnum):
    """What a link lets its recipient do with one alert."""

    ACKNOWLEDGE = "acknowledge"
    OPEN = "open"


class BadLink(VigieError):  # noqa: N818 - named for what the link is
    """A link that is malformed, not signed with our secret, or expired; ``reason`` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"link refused: {reason}")
        self.reason = reason


@dataclass(frozen=True)
class Claim:
    """What a valid link says: purpose, alert, person and expiry."""

    purpose: Purpose
    alert_id: int
    person_id: int
    expires_at: datetime


@dataclass(frozen=True)
class LinkSigner:
    """Makes and checks the links; ``base_url`` is where people reach the API."""

    secret: bytes
    base_url: str
    ttl: timedelta

    def token(self, purpose: Purpose, alert_id: int, person_id: int, now: datetime) -> str:
        """A signed token for ``person_id`` to do ``purpose`` with ``alert_id``."""
        expires = int((now + self.ttl).timestamp())
        body = f"{VERSION}.{purpose.value}.{alert_id}.{person_id}.{expires}"
        return f"{body}.{self._signature(body)}"

    def url(self, purpose: Purpose, alert_id: int, person_id: int, now: datetime) -> str:
        """The link to follow: the web pages' link page with a fresh token."""
        return f"{self.base_url}/web/links/{self.token(purpose, alert_id, person_id, now)}"

    def check(self, token: str, now: datetime) -> Claim:
        """The claim of a token made with our secret and not expired; BadLink otherwise."""
        parts = token.split(".")
        if len(parts) != PARTS or parts[0] != VERSION:
            raise BadLink("malformed")
        body, signature = token.rsplit(".", 1)
        if not hmac.compare_digest(signature, self._signature(body)):
            raise BadLink("signature")
        _, purpose, alert, person, expires = body.split(".")
        try:
            claim = Claim(
                Purpose(purpose),
                int(alert),
                int(person),
                datetime.fromtimestamp(int(expires), UTC),
            )
        except ValueError as exc:
            raise BadLink("malformed") from exc
        if now >= claim.expires_at:
            raise BadLink("expired")
        return claim

    def _signature(self, body: str) -> str:
        mac = hmac.new(self.secret, body.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def token_digest(token: str) -> str:
    """The SHA-256 of a token, in hex: what the database keeps of a used link."""
    return hashlib.sha256(token.encode()).hexdigest()


def signer_of(settings: Settings) -> LinkSigner | None:
    """The signer the settings configure, or None without ``VIGIE_WEB_LINK_SECRET``."""
    if settings.web_link_secret is None:
        return None
    return LinkSigner(
        settings.web_link_secret.get_secret_value().encode(),
        settings.public_api_url,
        timedelta(hours=settings.web_link_ttl_h),
    )
