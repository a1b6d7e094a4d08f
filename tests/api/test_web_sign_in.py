"""Sign-in on the web pages by an e-mailed one-time link, over HTTP with a real SMTP receiver."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message

import httpx
import psycopg
import pytest
from api_world import World, make_world, running_api, settings_for
from receivers import SmtpHandler, smtp_server
from web_world import form_token, grant, sign_in_link, signed_in

Conn = psycopg.Connection[tuple[object, ...]]
LINK = re.compile(r"(https?://\S+/web/sign-in/\S+)")


@dataclass
class Site:
    """A small world served with a mail relay on loopback, and a client of its pages."""

    world: World
    mail: SmtpHandler
    client: httpx.Client
    url: str


@pytest.fixture
def site(db: Conn, db_url: str) -> Iterator[Site]:
    """Ada holds the pilot role, Lea evaluator and admin; Bob none; two links an hour at most."""
    world = make_world(db)
    grant(db, world.people["ada"], "pilot")
    grant(db, world.people["lea"], "evaluator", "admin")
    with smtp_server() as (mail, port):
        settings = settings_for(db_url, smtp_port=port, web_sign_in_per_hour=2)
        with running_api(settings) as url, httpx.Client(base_url=url, timeout=30) as client:
            yield Site(world, mail, client, url)


def ask_link(site: Site, email: str) -> httpx.Response:
    """Ask for a sign-in link as a visitor would, with the form's token."""
    page = site.client.get("/web/sign-in")
    assert page.status_code == 200
    return site.client.post("/web/sign-in", data={"email": email, "csrf": form_token(page.text)})


def mails_to(site: Site, address: str, count: int) -> list[str]:
    """The bodies of the ``count`` e-mails to ``address``, waiting for them a few seconds."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        bodies = [body_of(m) for rcpt, m in site.mail.messages if address in rcpt]
        if len(bodies) >= count:
            return bodies
        time.sleep(0.05)
    raise AssertionError(f"{count} e-mail(s) to {address} did not come")


def body_of(message: Message) -> str:
    """The text of a plain-text e-mail."""
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def link_path(body: str) -> str:
    """The path of the sign-in link an e-mail carries."""
    found = LINK.search(body)
    assert found is not None, body
    return "/web/" + found.group(1).split("/web/", 1)[1]


def test_link_signs_in_once(site: Site) -> None:
    """Ada's e-mailed link opens a session in the role she picks; used again, it is refused."""
    assert ask_link(site, "ADA@town.example.org").status_code == 200
    path = link_path(mails_to(site, "ada@town.example.org", 1)[0])
    confirm = site.client.get(path)
    assert confirm.status_code == 200
    assert "Se connecter en pilote" in confirm.text
    done = site.client.post(path, data={"role": "pilot", "csrf": form_token(confirm.text)})
    assert done.status_code == 303
    cookie = done.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/web" in cookie
    assert "Secure" not in cookie  # served over plain HTTP on loopback
    inbox = site.client.get("/web/alerts")
    assert inbox.status_code == 200
    assert "Ada Pilot" in inbox.text
    assert site.client.get(path).status_code == 410
    assert site.client.post(path, data={"role": "pilot", "csrf": "x"}).status_code == 403


def test_same_answer_for_every_address(site: Site) -> None:
    """Known, unknown and role-less addresses get the same page; only Ada gets an e-mail."""
    answers = [
        ask_link(site, f"{who}@town.example.org").text.replace(who, "")
        for who in ("ada", "nobody", "bob")
    ]
    assert answers[0] == answers[1] == answers[2]
    mails_to(site, "ada@town.example.org", 1)
    time.sleep(0.5)
    assert [r for r, _ in site.mail.messages] == [["ada@town.example.org"]]


def test_requests_per_address_are_limited(site: Site) -> None:
    """Past two requests an hour no more links go out, and the page says the same."""
    first = ask_link(site, "ada@town.example.org").text
    mails_to(site, "ada@town.example.org", 1)
    ask_link(site, "Ada@town.example.org")
    mails_to(site, "ada@town.example.org", 2)
    third = ask_link(site, "ada@town.example.org").text
    time.sleep(0.5)
    assert third == first
    assert len(site.mail.messages) == 2


def test_role_chosen_among_those_held(site: Site, db: Conn) -> None:
    """Lea chooses between her roles; a role she does not hold opens nothing."""
    lea = site.world.people["lea"]
    with signed_in(db, site.url, lea, "evaluator") as client:
        assert "évaluation" in client.get("/web/plan").text
    path = sign_in_link(db, lea)
    confirm = site.client.get(path)
    assert "Se connecter en administration" in confirm.text
    refused = site.client.post(path, data={"role": "pilot", "csrf": form_token(confirm.text)})
    assert refused.status_code == 403
    assert "vigie_session" not in refused.headers.get("set-cookie", "")


def test_sign_out_and_expiry(site: Site, db: Conn) -> None:
    """Signing out ends the session; an idle session or a withdrawn role ends it too."""
    ada = site.world.people["ada"]
    with signed_in(db, site.url, ada, "pilot") as client:
        page = client.get("/web/alerts")
        out = client.post("/web/sign-out", data={"csrf": form_token(page.text)})
        assert out.status_code == 303
        assert client.get("/web/alerts").headers["location"].startswith("/web/sign-in?next=")
    with signed_in(db, site.url, ada, "pilot") as idle:
        db.execute("UPDATE web_sessions SET last_seen_at = now() - interval '61 minutes'")
        assert idle.get("/web/alerts").status_code == 303
    with signed_in(db, site.url, site.world.people["lea"], "admin") as old:
        db.execute("UPDATE web_sessions SET expires_at = now() WHERE ended_at IS NULL")
        assert old.get("/web/alerts").status_code == 303
    with signed_in(db, site.url, ada, "pilot") as withdrawn:
        assert withdrawn.get("/web/alerts").status_code == 200
        db.execute("DELETE FROM person_roles WHERE person_id = %s", (ada,))
        assert withdrawn.get("/web/alerts").status_code == 303


def test_pages_need_a_session_and_come_back(site: Site, db: Conn) -> None:
    """A page asked without a session leads to sign-in, then back to it; no open redirect."""
    answer = site.client.get("/web/actions/A1?x=1")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/web/sign-in?next=/web/actions/A1%3Fx%3D1"
    page = site.client.get("/web/sign-in?next=https://evil.example.org/")
    assert 'name="next" value="/web/"' in page.text
