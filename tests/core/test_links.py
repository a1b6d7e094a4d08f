"""Signed links of alert e-mails: bound to one person, one alert and one purpose, until a date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.links import BadLink, LinkSigner, Purpose, signer_of, token_digest
from core.settings import Settings

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
SIGNER = LinkSigner(b"s" * 32, "https://vigie.example.org", timedelta(hours=72))


@given(
    purpose=st.sampled_from(list(Purpose)),
    alert=st.integers(1, 2**62),
    person=st.integers(1, 2**31 - 1),
)
def test_a_token_says_what_it_was_made_for(purpose: Purpose, alert: int, person: int) -> None:
    """Checked before its expiry, a token gives back its purpose, alert, person and expiry."""
    claim = SIGNER.check(SIGNER.token(purpose, alert, person, NOW), NOW + timedelta(hours=71))
    assert (claim.purpose, claim.alert_id, claim.person_id) == (purpose, alert, person)
    assert claim.expires_at == NOW + timedelta(hours=72)


def test_changing_any_part_breaks_the_signature() -> None:
    """Another person, alert or purpose in a token, or another secret, fails its signature."""
    token = SIGNER.token(Purpose.ACKNOWLEDGE, 12, 7, NOW)
    version, purpose, alert, person, expiry, signature = token.split(".")
    for forged in (
        f"{version}.{purpose}.{alert}.8.{expiry}.{signature}",
        f"{version}.{purpose}.13.{person}.{expiry}.{signature}",
        f"{version}.open.{alert}.{person}.{expiry}.{signature}",
        f"{version}.{purpose}.{alert}.{person}.{int(expiry) + 3600}.{signature}",
    ):
        with pytest.raises(BadLink, match="signature"):
            SIGNER.check(forged, NOW)
    other = LinkSigner(b"t" * 32, SIGNER.base_url, SIGNER.ttl)
    with pytest.raises(BadLink, match="signature"):
        other.check(token, NOW)


def test_expired_and_malformed_tokens_are_refused() -> None:
    """A token is refused from its expiry on, and so is anything not shaped like one."""
    token = SIGNER.token(Purpose.OPEN, 1, 1, NOW)
    with pytest.raises(BadLink, match="expired"):
        SIGNER.check(token, NOW + timedelta(hours=72))
    for bad in ("", "v1", "v2.open.1.1.1.x", token + ".x", "v1.open.a.1.1.x"):
        with pytest.raises(BadLink):
            SIGNER.check(bad, NOW)


def test_url_and_digest() -> None:
    """The URL leads to the pages' link page; the digest is what the database keeps."""
    url = SIGNER.url(Purpose.ACKNOWLEDGE, 5, 6, NOW)
    assert url.startswith("https://vigie.example.org/web/links/v1.acknowledge.5.6.")
    assert len(token_digest(url.rsplit("/", 1)[1])) == 64


def test_no_secret_no_links() -> None:
    """Without VIGIE_WEB_LINK_SECRET the worker signs no link; a short secret is refused."""
    assert signer_of(Settings(web_link_secret=None)) is None
    signer = signer_of(Settings(web_link_secret="x" * 40, public_api_url="https://v.example.org/"))
    assert signer is not None
    assert signer.base_url == "https://v.example.org"
    with pytest.raises(ValueError, match="at least 32"):
        Settings(web_link_secret="short")  # noqa: S106 - a secret too short, refused
