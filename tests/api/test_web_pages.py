"""The web pages over HTTP: what each role sees and may do, forms, files, downloads and reports."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest
from api_world import World, api_client, bearer, make_world, running_api, settings_for
from openpyxl import load_workbook
from web_world import form_token, grant, signed_in

Conn = psycopg.Connection[tuple[object, ...]]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@dataclass
class Site:
    """A small world served on loopback."""

    world: World
    db: Conn
    db_url: str
    url: str


@pytest.fixture
def site(db: Conn, db_url: str, tmp_path: Path) -> Iterator[Site]:
    """Ada and Bob pilot A1 and A2, Lea evaluates, Max administers, Vic views."""
    world = make_world(db)
    for key, role in (("ada", "pilot"), ("bob", "pilot"), ("lea", "evaluator")):
        grant(db, world.people[key], role)
    for key in ("max", "vic"):
        row = db.execute(
            "INSERT INTO people (name, email) VALUES (%s, %s) RETURNING id",
            (key.title(), f"{key}@town.example.org"),
        ).fetchone()
        assert row is not None
        world.people[key] = int(str(row[0]))
    grant(db, world.people["max"], "admin")
    grant(db, world.people["vic"], "viewer")
    settings = settings_for(db_url, web_file_max_bytes=4096, web_files_dir=tmp_path / "files")
    with running_api(settings) as url:
        yield Site(world, db, db_url, url)


def test_each_role_sees_its_pages(site: Site) -> None:
    """Every page answers each role as the JSON API would: viewers see no alert and no report."""
    alert = site.world.alerts["A1"]
    paths = [
        "/web/plan", "/web/missions/03", "/web/actions/A1", "/web/alerts",
        f"/web/alerts/{alert}", "/web/reports", "/web/charts/indicators/A1-ENERGY.svg",
        "/web/charts/actions/A1/savings.svg", "/web/charts/actions/A1/scope.svg",
        f"/web/charts/alerts/{alert}/map.svg", "/web/downloads/plan.csv",
        "/web/downloads/actions/A1/effects.xlsx", "/web/downloads/missions/03/budgets.csv",
    ]  # fmt: skip
    expected = {
        ("ada", "pilot"): {},
        ("bob", "pilot"): {f"/web/alerts/{alert}": 404, f"/web/charts/alerts/{alert}/map.svg": 404},
        ("lea", "evaluator"): {},
        ("max", "admin"): {},
        ("vic", "viewer"): {
            "/web/alerts": 403, f"/web/alerts/{alert}": 403, "/web/reports": 403,
            f"/web/charts/alerts/{alert}/map.svg": 403,
        },
    }  # fmt: skip
    for (who, role), refused in expected.items():
        with signed_in(site.db, site.url, site.world.people[who], role) as client:
            for path in paths:
                answer = client.get(path)
                assert answer.status_code == refused.get(path, 200), (who, path, answer.text)
                if answer.headers["content-type"].startswith("text/html"):
                    assert "Content-Security-Policy" in answer.headers
                    assert '<html lang="fr">' in answer.text


def test_an_action_page_counts_its_alerts_and_links_to_them(site: Site) -> None:
    """An action's page counts its live alerts, shows the newest and opens the inbox on them."""
    with signed_in(site.db, site.url, site.world.people["lea"], "evaluator") as lea:
        page = lea.get("/web/actions/A1").text
        assert "1 en cours · haute 1" in page
        assert f'href="/web/alerts/{site.world.alerts["A1"]}"' in page
        assert 'href="/web/alerts?action=A1"' in page
        inbox = lea.get("/web/alerts?action=A1").text
        assert 'href="/web/actions/A1"' in inbox
        assert 'href="/web/actions/A2"' not in inbox
        assert 'name="action" value="A1"' in inbox
        assert 'href="/web/actions/A2"' in lea.get("/web/alerts").text
    with signed_in(site.db, site.url, site.world.people["vic"], "viewer") as vic:
        assert "/web/alerts?action=A1" not in vic.get("/web/actions/A1").text


def test_pilot_edits_her_action_as_the_api_allows(site: Site) -> None:
    """Ada changes A1's dates, budget and a value; a refused date is said beside its field.

    Nothing is written for the refused form; Bob's action is not hers.
    """
    with signed_in(site.db, site.url, site.world.people["ada"], "pilot") as ada:
        token = form_token(ada.get("/web/actions/A1").text)
        fields = {"status": "in_progress", "planned_start": "2024-02-01",
                  "planned_end": "2024-01-01", "csrf": token}  # fmt: skip
        refused = ada.post("/web/actions/A1/schedule", data=fields)
        assert refused.status_code == 422
        assert 'id="planned_end-error"' in refused.text
        assert "précède la date de début" in refused.text
        assert site.db.execute("SELECT status FROM actions WHERE code = 'A1'").fetchone() == (
            "done",
        )
        fields["planned_end"] = "2024-12-31"
        assert ada.post("/web/actions/A1/schedule", data=fields).status_code == 303
        row = site.db.execute("SELECT status, planned_end FROM actions WHERE code = 'A1'")
        assert str(row.fetchone()) == "('in_progress', datetime.date(2024, 12, 31))"
        budget = {"year": "2024", "committed_eur": "95000,5", "spent_eur": "1", "csrf": token}
        assert ada.post("/web/actions/A1/budget", data=budget).status_code == 422
        budget["committed_eur"] = "95000.50"
        assert ada.post("/web/actions/A1/budget", data=budget).status_code == 303
        value = {"indicator": "A1-DONE", "period": "month", "period_start": "2024-05-01",
                 "value": "42", "csrf": token}  # fmt: skip
        assert ada.post("/web/actions/A1/values", data=value).status_code == 303
        assert "action A2 is piloted by someone else" not in ada.get("/web/actions/A2").text
        assert ada.post("/web/actions/A2/schedule", data=fields).status_code == 403
    committed = site.db.execute(
        "SELECT committed_eur FROM budget_lines b JOIN actions a ON a.id = b.action_id"
        " WHERE a.code = 'A1' AND year = 2024"
    ).fetchone()
    assert str(committed) == "(Decimal('95000.50'),)"
    entered = site.db.execute(
        "SELECT value, source FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id"
        " WHERE i.code = 'A1-DONE'"
    ).fetchone()
    assert entered == (42.0, "manual")


def test_every_form_needs_its_token(site: Site) -> None:
    """Each form sent without its token, or with another session's, is refused; nothing moves."""
    alert = site.world.alerts["A1"]
    posts = {
        "/web/actions/A1/schedule": {"status": "cancelled"},
        "/web/actions/A1/budget": {"year": "2024", "committed_eur": "1", "spent_eur": "1"},
        "/web/actions/A1/values": {"indicator": "A1-DONE", "period": "month",
                                   "period_start": "2024-01-01", "value": "1"},
        "/web/analyses": {"action_code": "A1", "kind": "analysis", "body": "x"},
        f"/web/alerts/{alert}/acknowledge": {},
        "/web/sign-out": {},
    }  # fmt: skip
    with (
        signed_in(site.db, site.url, site.world.people["ada"], "pilot") as ada,
        signed_in(site.db, site.url, site.world.people["max"], "admin") as other,
    ):
        foreign = form_token(other.get("/web/plan").text)
        for path, fields in posts.items():
            for token in ("", foreign):
                answer = ada.post(path, data={**fields, "csrf": token})
                assert answer.status_code == 403, (path, token)
                assert "Formulaire refusé" in answer.text
        assert ada.get("/web/alerts").status_code == 200  # still signed in
    state = site.db.execute("SELECT state FROM alerts WHERE id = %s", (alert,)).fetchone()
    assert state == ("open",)


def test_files_are_checked_kept_and_served_by_role(site: Site) -> None:
    """A PDF is attached, listed and downloaded whole; what is not allowed is refused.

    A disguised program, an oversized file and a viewer are refused; Bob may not remove Ada's
    file, Ada may.
    """
    with signed_in(site.db, site.url, site.world.people["ada"], "pilot") as ada:
        token = form_token(ada.get("/web/actions/A1").text)
        form = {"subject_kind": "action", "subject_code": "A1", "csrf": token}
        sent = ada.post("/web/files", data=form, files={"file": ("étude.pdf", PDF, "text/plain")})
        assert sent.status_code == 303
        page = ada.get("/web/actions/A1").text
        assert "Le fichier étude.pdf est joint." in page
        file_id = int(re.findall(r'href="/web/files/(\d+)"', page)[0])
        download = ada.get(f"/web/files/{file_id}")
        assert download.content == PDF
        assert download.headers["content-type"] == "application/pdf"
        assert download.headers["content-disposition"].startswith("attachment;")
        program = b"MZ\x90\x00" + b"\x00" * 200
        ada.post(
            "/web/files", data=form, files={"file": ("facture.pdf", program, "application/pdf")}
        )
        assert "Le fichier facture.pdf est refusé" in ada.get("/web/actions/A1").text
        big = PDF + b"%" * 5000
        ada.post("/web/files", data=form, files={"file": ("gros.pdf", big, "application/pdf")})
        assert "dépasse la taille permise" in ada.get("/web/actions/A1").text
    stored = site.db.execute("SELECT count(*), min(stored_as), bool_and(content IS NULL)"
                             " FROM attached_files").fetchone()  # fmt: skip
    assert stored is not None
    assert stored[0] == 1
    assert stored[2] is True  # kept in VIGIE_WEB_FILES_DIR, not in the row
    with signed_in(site.db, site.url, site.world.people["vic"], "viewer") as vic:
        assert vic.get(f"/web/files/{file_id}").status_code == 403
    with signed_in(site.db, site.url, site.world.people["bob"], "pilot") as bob:
        assert bob.get(f"/web/files/{file_id}").content == PDF
        token = form_token(bob.get("/web/plan").text)
        assert bob.post(f"/web/files/{file_id}/delete", data={"csrf": token}).status_code == 403
        fields = {"subject_kind": "action", "subject_code": "A1", "csrf": token}
        refused = bob.post("/web/files", data=fields, files={"file": ("x.pdf", PDF, "text/plain")})
        assert refused.status_code == 403
    with signed_in(site.db, site.url, site.world.people["ada"], "pilot") as ada:
        token = form_token(ada.get("/web/plan").text)
        assert ada.post(f"/web/files/{file_id}/delete", data={"csrf": token}).status_code == 303
    assert site.db.execute("SELECT count(*) FROM attached_files").fetchone() == (0,)


def test_downloads_have_the_exports_columns(site: Site) -> None:
    """An action's effects download as the evaluators' export writes them, in CSV and XLSX."""
    with api_client(settings_for(site.db_url)) as api:
        exported = api.get(
            "/v1/exports/effects", headers=bearer(site.world.tokens["evaluator"])
        ).text
    rows = list(csv.reader(io.StringIO(exported)))
    a1 = [rows[0], *[r for r in rows[1:] if r[0] == "A1"]]
    with signed_in(site.db, site.url, site.world.people["ada"], "pilot") as ada:
        downloaded = ada.get("/web/downloads/actions/A1/effects.csv")
        assert downloaded.headers["content-type"] == "text/csv; charset=utf-8"
        assert list(csv.reader(io.StringIO(downloaded.text))) == a1
        sheet = load_workbook(io.BytesIO(ada.get("/web/downloads/actions/A1/effects.xlsx").content))
        cells = [[c.value for c in row] for row in sheet.worksheets[0].iter_rows()]
        assert cells[0] == a1[0]
        assert cells[1][a1[0].index("saved_kwh")] == 4000
        alerts = ada.get("/web/downloads/alerts.csv").text.splitlines()
        assert len(alerts) == 2  # the header and Ada's one alert


def test_reports_are_frozen(site: Site) -> None:
    """Report n is the same PDF later, whatever the data became; a pilot reads it, makes none."""
    lea = site.world.people["lea"]
    with signed_in(site.db, site.url, lea, "evaluator") as client:
        token = form_token(client.get("/web/reports").text)
        made = client.post("/web/reports", data={"subject": "mission:03", "start": "2024-01-01",
                                                 "end": "2024-12-31", "csrf": token})  # fmt: skip
        assert made.status_code == 303
        number = int(made.headers["location"].rsplit("/", 1)[1])
        first = client.get(f"/web/reports/{number}.pdf")
        assert first.content.startswith(b"%PDF-")
        html = client.get(f"/web/reports/{number}")
        assert "style-src 'sha256-" in html.headers["content-security-policy"]
        assert "Renovate district 0" in html.text
        site.db.execute("UPDATE effects SET saved_kwh = 1, saved_kwh_low = 0, saved_kwh_high = 2")
        assert client.get(f"/web/reports/{number}.pdf").content == first.content
        again = client.post("/web/reports", data={"subject": "mission:03", "start": "2024-01-01",
                                                  "end": "2024-12-31", "csrf": token})  # fmt: skip
        later = int(again.headers["location"].rsplit("/", 1)[1])
        assert later == number + 1
        assert client.get(f"/web/reports/{later}.pdf").content != first.content
    with signed_in(site.db, site.url, site.world.people["ada"], "pilot") as ada:
        assert ada.get(f"/web/reports/{number}.pdf").content == first.content
        token = form_token(ada.get("/web/reports").text)
        refused = ada.post("/web/reports", data={"subject": "action:A1", "start": "2024-01-01",
                                                 "end": "2024-12-31", "csrf": token})  # fmt: skip
        assert refused.status_code == 403
    version = site.db.execute(
        "SELECT data_version ? 'readings_batch', period_start, created_by FROM activity_reports"
        " WHERE number = %s",
        (number,),
    ).fetchone()
    assert version is not None
    assert version[0] is True
    assert version[2] == lea


def test_pages_without_session_are_not_served(site: Site) -> None:
    """Without a session a page, a chart, a file or a download leads to sign-in, never data."""
    with httpx.Client(base_url=site.url) as anonymous:
        for path in (
            "/web/plan",
            "/web/charts/actions/A1/scope.svg",
            "/web/downloads/plan.csv",
            "/web/reports/1.pdf",
            "/web/files/1",
        ):
            answer = anonymous.get(path)
            assert answer.status_code == 303, path
            assert answer.headers["location"].startswith("/web/sign-in?next=")
