"""The web pages in a real browser: Debian's chromium, headless, driven by Playwright.

One browser and one territory for the module (``browser_world``: data through the broker, the
collector, the rules worker and the aggregation), the API served by uvicorn on loopback, e-mails
caught by a real SMTP server. A person signs in and acts as they would, with the mouse or the
keyboard; every page is checked for console errors. Screenshots of the inbox, an action and a
report's first page are kept in ``artifacts/web/`` (ignored by git).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from email.message import Message
from pathlib import Path

import psycopg
import pytest
from api_world import running_api
from browser_world import AS_OF, FIRST, BrowserWorld, build, now
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from receivers import SmtpHandler, smtp_server
from servers import MosquittoServer, PostgresServer, free_port
from web_world import sign_in_link

from core.links import LinkSigner
from core.settings import Settings
from rules.notify import Channels, deliver_due, queue
from rules.senders import EmailSender, Sender, WebhookSender

Conn = psycopg.Connection[tuple[object, ...]]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "web"
SECRET = "a-secret-of-the-browser-tests-32-characters"  # noqa: S105 - a test value
LINK = re.compile(r"(http://127\.0\.0\.1:\d+/web/\S+)")


class Site:
    """The served territory: its world, database, base URL, settings, mail and browser."""

    def __init__(  # noqa: PLR0913 - what the module's fixture made
        self,
        *,
        world: BrowserWorld,
        conn: Conn,
        url: str,
        settings: Settings,
        mail: SmtpHandler,
        browser: Browser,
    ) -> None:
        self.world, self.conn, self.url, self.settings = world, conn, url, settings
        self.mail, self.browser = mail, browser
        self.console: list[str] = []

    def context(self) -> BrowserContext:
        """A fresh browser context (no cookies) whose pages report their console errors."""
        context = self.browser.new_context(base_url=self.url, locale="fr-FR")
        context.on("page", self._watch)
        return context

    def _watch(self, page: Page) -> None:
        page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.console.append(str(e)))

    def signed_in(self, key: str, role: str) -> Page:
        """A page of a new context signed in as ``key`` in ``role`` (link made, button pressed)."""
        page = self.context().new_page()
        page.goto(sign_in_link(self.conn, self.world.people[key]))
        page.get_by_role("button", name=re.compile(role_label(role))).click()
        page.wait_for_url(re.compile(r"/web/(alerts|plan)"))
        return page


def role_label(role: str) -> str:
    """The sign-in button's words for a role."""
    return {"pilot": "pilote", "evaluator": "évaluation", "viewer": "consultation"}[role]


@pytest.fixture(scope="module")
def site(postgres: PostgresServer, broker: MosquittoServer) -> Iterator[Site]:
    """The territory built once, served with its mail relay, and one headless chromium."""
    assert CHROMIUM.exists(), "Debian's chromium is needed (scripts/setup installs it)"
    url = postgres.create_database("web_browser", template="vigie_template")
    port = free_port()
    with psycopg.connect(url, autocommit=True) as conn, smtp_server() as (mail, smtp_port):
        world = build(conn, url, broker.url)
        settings = Settings(
            database_url=url,
            territory="testville",
            smtp_port=smtp_port,
            public_api_url=f"http://127.0.0.1:{port}",
            web_link_secret=SECRET,
        )
        with running_api(settings, port) as base, sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
            yield Site(
                world=world, conn=conn, url=base, settings=settings, mail=mail, browser=browser
            )
            browser.close()
    postgres.drop_database("web_browser")


@pytest.fixture
def site_clean(site: Site) -> Iterator[Site]:
    """The site, whose pages must log no console error during the test."""
    site.console.clear()
    yield site
    assert site.console == []


def shot(page: Page, name: str) -> None:
    """Keep a screenshot of the whole page as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def body_of(message: Message) -> str:
    """The text of a plain-text e-mail."""
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def wait_for_mail(site: Site, to: str, count: int) -> str:
    """The newest of at least ``count`` e-mails to ``to``."""
    page_wait = 0
    while page_wait < 100:
        found = [body_of(m) for r, m in site.mail.messages if to in r]
        if len(found) >= count:
            return found[-1]
        page_wait += 1
        subprocess.run(["sleep", "0.1"], check=True)
    raise AssertionError(f"no e-mail to {to}")


def test_pilot_signs_in_by_email_and_sees_only_her_alerts(site_clean: Site) -> None:
    """Ada asks for a link, follows it from her e-mail, and her inbox holds her alerts only."""
    site, world = site_clean, site_clean.world
    page = site.context().new_page()
    page.goto("/web/alerts")
    page.get_by_label("Adresse électronique").fill(world.email("ada"))
    page.get_by_role("button", name="Recevoir un lien de connexion").click()
    page.get_by_text("un lien de connexion vient d'y être envoyé").wait_for()
    link = LINK.search(wait_for_mail(site, world.email("ada"), 1))
    assert link is not None
    page.goto(link.group(1))
    page.get_by_role("button", name="Se connecter en pilote").click()
    page.wait_for_url(re.compile(r"/web/alerts$"))
    inbox = page.content()
    for code, alert in world.alerts.items():
        shown = f'href="/web/alerts/{alert}"' in inbox
        assert shown == code.startswith("C1"), code
    assert "Lampe en panne" in inbox
    shot(page, "inbox")


def test_pilot_acknowledges_from_the_inbox_and_resolves_with_a_comment(site_clean: Site) -> None:
    """From her inbox Ada takes one alert in hand, then resolves another, saying what was done."""
    site, alerts = site_clean, site_clean.world.alerts
    page = site.signed_in("ada", "pilot")
    page.get_by_role(
        "button", name=re.compile(f"Prendre en charge l'alerte {alerts['C1-000']} ")
    ).click()
    page.get_by_text(f"L'alerte {alerts['C1-000']} est prise en charge.").wait_for()
    page.goto(f"/web/alerts/{alerts['C1-001']}")
    page.get_by_label("Commentaire").fill("Lanterne remplacée le matin même.")
    page.get_by_role("button", name="Résoudre").click()
    page.get_by_text(f"L'alerte {alerts['C1-001']} est résolue.").wait_for()
    history = page.get_by_role("region", name="Historique").inner_text()
    assert "Lanterne remplacée le matin même." in history
    assert "Ada Pilote" in history
    page.get_by_role("button", name="Résoudre").wait_for(state="detached")
    page.get_by_role("button", name="Clore").wait_for()


def test_a_second_resolve_without_comment_is_refused(site_clean: Site) -> None:
    """Resolving without saying what was done leaves the alert as it was, and says why."""
    site, alerts = site_clean, site_clean.world.alerts
    page = site.signed_in("ada", "pilot")
    page.goto(f"/web/alerts/{alerts['C1-002']}")
    page.get_by_role("button", name="Résoudre").click()
    page.get_by_text("dites ce qui a été fait dans le commentaire").first.wait_for()
    assert page.get_by_role("button", name="Résoudre").is_visible()


def test_email_link_acknowledges_once_without_signing_in(site_clean: Site) -> None:
    """The alert e-mail's link acknowledges the alert in one click; a second use is refused."""
    site, world = site_clean, site_clean.world
    signer = LinkSigner(SECRET.encode(), site.settings.public_api_url, timedelta(hours=72))
    senders: dict[str, Sender] = {"email": EmailSender(site.settings), "webhook": WebhookSender("")}
    before = len(site.mail.messages)
    queue(site.conn, "alert", Channels(signer=signer), now=now())
    deliver_due(site.conn, senders, now=now(), max_attempts=3)
    wait_for_mail(site, world.email("ada"), 2)
    assert len(site.mail.messages) > before
    body = "\n".join(body_of(m) for r, m in site.mail.messages if world.email("ada") in r)
    alert = world.alerts["C1-002"]
    ack = re.search(rf"\(alert {alert}\)\r?\n  acknowledge: (\S+)", body)
    assert ack is not None, body
    page = site.context().new_page()
    page.goto(ack.group(1))
    page.get_by_role("button", name="Prendre en charge l'alerte").click()
    page.get_by_text(f"L'alerte {alert} est prise en charge. Merci.").wait_for()
    again = page.goto(ack.group(1))
    assert again is not None
    assert again.status == 410
    assert "Lien déjà utilisé" in page.content()
    site.console.clear()  # the refusal's 410 is logged by the browser, as it should be
    state = site.conn.execute("SELECT state FROM alerts WHERE id = %s", (alert,)).fetchone()
    assert state == ("acknowledged",)


def test_keyboard_reaches_every_action_of_the_inbox(site_clean: Site) -> None:
    """Tabbing through the inbox reaches each filter, download, alert link and button in turn."""
    page = site_clean.signed_in("ada", "pilot")
    page.goto("/web/alerts")
    wanted = page.evaluate(
        "() => [...document.querySelectorAll('main a, main button, main select')]"
        ".map(e => e.outerHTML)"
    )
    reached: list[str] = []
    for _ in range(len(wanted) + 40):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => document.activeElement.outerHTML"))
    missing = [w for w in wanted if w not in reached]
    assert missing == []
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert focused != "none"


def test_evaluator_reads_an_action_and_prints_a_report(site_clean: Site) -> None:
    """Léa opens A1, its chart and saving; she makes a report whose PDF says it all, twice alike."""
    site = site_clean
    page = site.signed_in("lea", "evaluator")
    page.goto("/web/actions/A1")
    chart = page.get_by_role("img", name=re.compile("Graphique de l'indicateur A1-ENERGY"))
    chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
    )
    effects = page.get_by_role("region", name="Effets").inner_text()
    assert re.search(r"6 0\d\d\s+\(IC 95 % : 6 0\d\d à 6 0\d\d\)", effects), effects
    shot(page, "action")
    page.goto("/web/reports?kind=action&code=A1")
    page.get_by_label("Du", exact=True).fill(str(FIRST))
    page.get_by_label("Au", exact=True).fill(str(AS_OF))
    page.get_by_role("button", name="Établir le rapport").click()
    page.wait_for_url(re.compile(r"/web/reports/\d+$"))
    number = int(page.url.rsplit("/", 1)[1])
    assert f"Rapport d'activité n° {number}" in page.content()
    first = page.request.get(f"/web/reports/{number}.pdf")
    second = page.request.get(f"/web/reports/{number}.pdf")
    assert first.status == 200
    assert first.headers["content-type"] == "application/pdf"
    assert first.body() == second.body()
    _check_pdf(first.body(), number)


def _check_pdf(pdf: bytes, number: int) -> None:
    """The PDF's text holds the action, its saving with its interval and the period; it draws."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"report-{number}.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Rénovation LED du secteur C1" in text
    assert re.search(r"6 0\d\d \(IC 95 % : 6 0\d\d à 6 0\d\d\)", text), text
    assert f"du {FIRST:%d/%m/%Y} au {AS_OF:%d/%m/%Y}" in text
    prefix = ARTIFACTS / "report"
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(prefix)], check=True)
    pages = sorted(ARTIFACTS.glob("report-*.png"))
    assert pages
    shutil.copy(pages[0], ARTIFACTS / "report-first-page.png")


def test_viewer_sees_but_cannot_edit(site_clean: Site) -> None:
    """Vic reads A1 without any form; a change he posts anyway is refused."""
    site = site_clean
    page = site.signed_in("vic", "viewer")
    page.goto("/web/actions/A1")
    assert page.locator("form[action='/web/actions/A1/schedule']").count() == 0
    token = page.locator("input[name=csrf]").first.get_attribute("value")
    refused = page.request.post(
        "/web/actions/A1/schedule", form={"status": "cancelled", "csrf": token or ""}
    )
    assert refused.status == 403
    status = site.conn.execute("SELECT status FROM actions WHERE code = 'A1'").fetchone()
    assert status == ("done",)


def test_form_without_its_token_is_refused(site_clean: Site) -> None:
    """A form sent without its token gets the refusal page, and nothing changes."""
    site = site_clean
    page = site.signed_in("ada", "pilot")
    page.goto("/web/actions/A1")
    page.get_by_text("Modifier le statut et les dates").click()
    page.evaluate(
        "() => document.querySelector(\"form[action$='/schedule'] [name=csrf]\").remove()"
    )
    page.get_by_label("Statut").select_option("suspended")
    page.get_by_role("button", name="Enregistrer").first.click()
    page.get_by_role("heading", name="Formulaire refusé").wait_for()
    site.console.clear()  # the browser logs the 403, as it should
    status = site.conn.execute("SELECT status FROM actions WHERE code = 'A1'").fetchone()
    assert status == ("done",)
