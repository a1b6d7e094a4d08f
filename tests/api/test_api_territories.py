"""Two territories in one database, one API: no caller of one sees or touches the other's data.

Testville (the installation's own, VIGIE_TERRITORY) and Otherville (its lamps sodium) each have
a policy, actions, indicators, effects, an alert, an analysis, people of every role with tokens
and web sessions, a file and a report. For every role, on either side: every read, export and
plan shows only the caller's territory, and every id or code of the other territory is a 404
(or the 403 the role gets anyway), for reading and for writing alike. The API connects as
vigie_api, its role in production.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import psycopg
import pytest
from api_world import World, api_client, bearer, make_token, make_world, settings_for
from factories import login_url
from servers import PostgresServer
from typer.testing import CliRunner
from web_world import form_token, grant, signed_in

from core.links import LinkSigner, Purpose
from registry.generated import TerritoryPlan, seed_generated
from vigie.cli import app as cli

Conn = psycopg.Connection[tuple[object, ...]]
TEMPLATE = "vigie_template"
ROLES = ("admin", "evaluator", "viewer", "ada")  # ada pilots A1 on her side
SIDES = ("testville", "otherville")
PREFIX = {"testville": "TV", "otherville": "OV"}
LINK_SECRET = "territories-link-secret-of-the-tests-0123456789"  # noqa: S105 - a test's own key
GAMMA = TerritoryPlan(code="gamma", name="Gamma", points=40, districts=2, sodium_share=0.5, seed=3)


@dataclass
class Side:
    """One territory's world and the ids the other side must never reach."""

    code: str
    world: World
    analysis: int
    file: int
    report: int
    web_people: dict[str, int]

    @property
    def prefix(self) -> str:
        """What the territory's codes start with."""
        return PREFIX[self.code]

    @property
    def markers(self) -> tuple[str, ...]:
        """Strings that appear in this territory's data and nowhere else (lower case)."""
        p = self.prefix.lower()
        return (self.code, f"{p}p1", f"{p}a1", f"{p}a2", f"{p}ada@", f"{p}lea@")

    def fill(self, path: str) -> str:
        """A path template with this territory's codes and ids."""
        return path.format(
            p=self.prefix,
            town=self.code,
            alert=self.world.alerts["A1"],
            analysis=self.analysis,
            lea=self.world.people["lea"],
            file=self.file,
            report=self.report,
        )


@dataclass
class Installation:
    """The database, the running API and both sides."""

    conn: Conn
    db_url: str
    client: httpx.Client
    url: str
    sides: dict[str, Side]

    def other(self, code: str) -> Side:
        """The side that is not ``code``."""
        return self.sides[SIDES[1] if code == SIDES[0] else SIDES[0]]


def _one(conn: Conn, query: str, params: tuple[object, ...]) -> int:
    row = conn.execute(query.encode(), params).fetchone()
    assert row is not None
    return int(str(row[0]))


def _side(conn: Conn, code: str) -> Side:
    prefix = PREFIX[code]
    world = make_world(conn, code, prefix, technology="HPS" if code == "otherville" else "LED")
    analysis = _one(
        conn,
        "SELECT an.id FROM analyses an JOIN missions m ON m.id = an.mission_id"
        " JOIN policies po ON po.id = m.policy_id WHERE po.code = %s",
        (f"{prefix}P1",),
    )
    data = f"{code} minutes".encode()
    file = _one(
        conn,
        "INSERT INTO attached_files (action_id, name, content_type, size_bytes, sha256, content)"
        " VALUES (%s, %s, 'text/plain', %s, %s, %s) RETURNING id",
        (world.actions["A1"], f"{code}.txt", len(data), hashlib.sha256(data).hexdigest(), data),
    )
    pdf = b"%PDF-1.4 " + code.encode()
    report = _one(
        conn,
        "INSERT INTO activity_reports (territory_id, subject_kind, subject_code, title,"
        " period_start, period_end, data_version, html, pdf, pdf_sha256) VALUES (%s, 'action',"
        " %s, %s, '2024-01-01', '2024-12-31', '{}', %s, %s, %s) RETURNING number",
        (
            world.town.territory_id,
            f"{prefix}A1",
            f"Report of {code}",
            f"<style>p {{ margin: 0 }}</style><p>{code}</p>",
            pdf,
            hashlib.sha256(pdf).hexdigest(),
        ),
    )
    people = {"ada": world.people["ada"], "lea": world.people["lea"]}
    grant(conn, people["ada"], "pilot", territory=code)
    grant(conn, people["lea"], "evaluator", territory=code)
    for key, role in (("max", "admin"), ("vic", "viewer")):
        people[key] = _one(
            conn,
            "INSERT INTO people (name, email) VALUES (%s, %s) RETURNING id",
            (f"{key.title()} {prefix}", f"{prefix.lower()}{key}@town.example.org"),
        )
        grant(conn, people[key], role, territory=code)
    return Side(code, world, analysis, file, report, people)


@pytest.fixture(scope="module")
def place(postgres: PostgresServer) -> Iterator[Installation]:
    """Both territories (and a generated third, Gamma) in one database, one API serving them."""
    url = postgres.create_database("api_territories", template=TEMPLATE)
    with psycopg.connect(url, autocommit=True) as conn:
        sides = {code: _side(conn, code) for code in SIDES}
        seed_generated(conn, GAMMA)
        settings = settings_for(login_url(url, "vigie_api"), web_link_secret=LINK_SECRET)
        with api_client(settings) as client:
            yield Installation(conn, url, client, str(client.base_url), sides)
    postgres.drop_database("api_territories")


def _token(side: Side, role: str) -> dict[str, str]:
    return bearer(side.world.tokens[role])


def _leaks(text: str, other: Side, asked: str = "") -> list[str]:
    """The other side's markers in ``text``, but for those the request itself named."""
    lowered, named = text.lower(), asked.lower()
    return [m for m in other.markers if m in lowered and m not in named]


READS = (
    "/v1/policy",
    "/v1/policies",
    "/v1/missions",
    "/v1/missions/03",
    "/v1/actions",
    "/v1/effects",
    "/v1/indicators",
    "/v1/alerts",
    "/v1/analyses",
    "/v1/people",
    "/v1/areas",
    "/v1/exports/indicator-values",
    "/v1/exports/effects?history=true",
    "/v1/plans/sodium",
    "/v1/plans/sodium/export",
)
# Paths naming one territory's codes and ids: asked by the other, each is 404 (or 403 for a
# role refused that resource anyway), never the row.
BY_ID = (
    "/v1/actions/{p}A1",
    "/v1/actions/{p}A1/history",
    "/v1/actions/{p}A1/effects",
    "/v1/actions/{p}A1/effects/history",
    "/v1/actions/{p}A1/adjustments",
    "/v1/indicators/{p}A1-ENERGY",
    "/v1/indicators/{p}A1-ENERGY/values?from=2024-01-01",
    "/v1/alerts/{alert}",
    "/v1/analyses/{analysis}",
    "/v1/people/{lea}",
    "/v1/assets/light_point/{town}-P00000/readings",
    "/v1/assets/cabinet/{town}-C00/readings",
    "/v1/assets/district/{town}-D0/rollups",
)
# Lists filtered by one territory's codes and ids: asked by the other, empty or 403.
FILTERS = (
    "/v1/exports/indicator-values?indicator={p}A1-ENERGY",
    "/v1/actions?pilot={lea}",
    "/v1/analyses?action={p}A1",
    "/v1/effects?action={p}A1",
    "/v1/alerts?action={p}A1&live=true",
)


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("role", ROLES)
def test_every_read_shows_only_the_callers_territory(
    place: Installation, role: str, side: str
) -> None:
    """Each role's reads, exports and plan on one side: 200 or 403, never the other's data."""
    mine, other = place.sides[side], place.other(side)
    served = 0
    for path in (*READS, *(mine.fill(p) for p in (*BY_ID, *FILTERS))):
        response = place.client.get(path, headers=_token(mine, role))
        assert response.status_code in {200, 403}, (path, response.text)
        assert _leaks(response.text, other) == [], (path, response.text[:300])
        served += response.status_code == 200
    policy = place.client.get("/v1/policy", headers=_token(mine, role))
    assert policy.status_code == 200, policy.text
    assert policy.json()["territory"] == side
    assert served >= 10


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("role", ROLES)
def test_the_other_territorys_ids_are_not_found(place: Installation, role: str, side: str) -> None:
    """Every id and code of the other territory: 404 where the caller reads its own, else 403."""
    mine, other = place.sides[side], place.other(side)
    for path in BY_ID:
        own = place.client.get(mine.fill(path), headers=_token(mine, role))
        theirs = place.client.get(other.fill(path), headers=_token(mine, role))
        assert theirs.status_code in {403, 404}, (path, theirs.text)
        if own.status_code == 200:
            assert theirs.status_code == 404, (path, theirs.text)
        assert _leaks(theirs.text, other, other.fill(path)) == [], (path, theirs.text)
    for path in FILTERS:
        theirs = place.client.get(other.fill(path), headers=_token(mine, role))
        assert theirs.status_code in {200, 403}, (path, theirs.text)
        assert _leaks(theirs.text, other, other.fill(path)) == [], (path, theirs.text)


def _history(conn: Conn) -> tuple[int, int, int]:
    """How many policy changes, alert events and adjustments the database holds."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM policy_changes), (SELECT count(*) FROM alert_events),"
        " (SELECT count(*) FROM effect_adjustments)"
    ).fetchone()
    assert row is not None
    return int(str(row[0])), int(str(row[1])), int(str(row[2]))


WRITES = (
    ("POST", "/v1/alerts/{alert}/acknowledge", None),
    ("POST", "/v1/alerts/{alert}/resolve", {"comment": "done"}),
    ("PATCH", "/v1/actions/{p}A1", {"title": "taken"}),
    ("PUT", "/v1/actions/{p}A1/budgets/2024", {"committed_eur": 1, "spent_eur": 1}),
    ("PATCH", "/v1/analyses/{analysis}", {"body": "taken"}),
    ("PATCH", "/v1/indicators/{p}A1-DONE", {"title": "taken"}),
    ("PUT", "/v1/indicators/{p}A1-DONE/values/month/2024-01-01", {"value": 1}),
    ("DELETE", "/v1/targets/{p}A1-ENERGY/2025-12-31", None),
    ("PATCH", "/v1/people/{lea}", {"name": "Taken"}),
    ("PATCH", "/v1/policies/{p}P1", {"title": "taken"}),
    (
        "POST",
        "/v1/actions/{p}A1/adjustments",
        {
            "kind": "points_added",
            "starts_on": "2024-05-01",
            "kwh_per_year": 10,
            "reason": "taken",
        },
    ),
    ("POST", "/v1/actions/{p}A1/scope", {"kind": "district", "code": "{town}-D0"}),
)


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("role", [*ROLES, "bob"])
def test_no_write_reaches_the_other_territory(place: Installation, role: str, side: str) -> None:
    """Writes and alert actions on the other's ids: 403, 404 or 422, and nothing is written."""
    mine, other = place.sides[side], place.other(side)
    before = _history(place.conn)
    for method, path, body in WRITES:
        sent = body
        if body is not None and body.get("code") == "{town}-D0":
            sent = {**body, "code": f"{other.code}-D0"}
        response = place.client.request(
            method, other.fill(path), headers=_token(mine, role), json=sent
        )
        assert response.status_code in {403, 404}, (method, path, response.text)
        asked = other.fill(path) + str(sent)
        assert _leaks(response.text, other, asked) == [], (path, response.text)
    created = place.client.post(
        "/v1/analyses",
        headers=_token(mine, role),
        json={"kind": "analysis", "written_on": "2024-06-02", "body": "x", "action_code":
              f"{other.prefix}A1"},
    )  # fmt: skip
    assert created.status_code in {403, 404}, created.text
    assert _history(place.conn) == before


def test_a_territory_outside_the_token_is_refused_and_an_unknown_one_not_found(
    place: Installation,
) -> None:
    """?territory= naming the other side: 403 saying which the token sees; an unknown code: 404."""
    mine = place.sides["testville"]
    refused = place.client.get("/v1/actions?territory=otherville", headers=_token(mine, "admin"))
    assert refused.status_code == 403
    assert "may not see territory otherville" in refused.json()["detail"]
    assert "testville" in refused.json()["detail"]
    unknown = place.client.get("/v1/actions?territory=nowhere", headers=_token(mine, "admin"))
    assert unknown.status_code == 404
    assert "no territory 'nowhere'" in unknown.json()["detail"]
    own = place.client.get("/v1/actions?territory=testville", headers=_token(mine, "admin"))
    assert [a["code"] for a in own.json()["items"]] == ["TVA1", "TVA2"]


def test_a_token_of_several_territories_names_one(place: Installation) -> None:
    """Both sides: ours by default, the other with ?territory=; without ours, it must name one."""
    both = bearer(make_token(place.conn, "evaluator", territories=("otherville", "testville")))
    default = place.client.get("/v1/policy", headers=both).json()
    assert default["territory"] == "testville"
    asked = place.client.get("/v1/policy?territory=otherville", headers=both).json()
    assert asked["territory"] == "otherville"
    assert _leaks(str(asked), place.sides["testville"]) == []
    two = bearer(make_token(place.conn, "evaluator", territories=("otherville", "gamma")))
    unnamed = place.client.get("/v1/actions", headers=two)
    assert unnamed.status_code == 422
    assert "gamma, otherville" in unnamed.json()["detail"]
    assert place.client.get("/v1/actions?territory=gamma", headers=two).json()["items"] == []
    none = bearer(make_token(place.conn, "viewer", territories=()))
    nothing = place.client.get("/v1/policy", headers=none)
    assert nothing.status_code == 403
    assert "may see no territory" in nothing.json()["detail"]


def test_each_territory_plans_its_own_sodium_points(place: Installation) -> None:
    """The sodium plan of Otherville has its points; Testville's (all LED) has none of them."""
    theirs = place.client.get(
        "/v1/plans/sodium", headers=_token(place.sides["otherville"], "admin")
    )
    ours = place.client.get("/v1/plans/sodium", headers=_token(place.sides["testville"], "admin"))
    assert theirs.status_code == ours.status_code == 200
    assert "otherville-P00000" in theirs.text
    assert "otherville" not in ours.text


WEB_LISTS = (
    "/web/plan",
    "/web/missions/03",
    "/web/alerts",
    "/web/reports",
    "/web/downloads/plan.csv",
    "/web/downloads/alerts.csv",
    "/web/downloads/reports.csv",
    "/web/downloads/missions/03/budgets.csv",
    "/web/downloads/missions/03/effects.csv",
)
WEB_BY_ID = (
    "/web/actions/{p}A1",
    "/web/alerts/{alert}",
    "/web/charts/indicators/{p}A1-ENERGY.svg",
    "/web/charts/actions/{p}A1/savings.svg",
    "/web/charts/actions/{p}A1/scope.svg",
    "/web/charts/alerts/{alert}/map.svg",
    "/web/downloads/actions/{p}A1/budgets.csv",
    "/web/downloads/actions/{p}A1/effects.csv",
    "/web/downloads/indicators/{p}A1-ENERGY.csv",
    "/web/files/{file}",
    "/web/reports/{report}",
    "/web/reports/{report}.pdf",
)
WEB_ROLES = {"max": "admin", "ada": "pilot", "lea": "evaluator", "vic": "viewer"}


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("person", WEB_ROLES)
def test_web_pages_of_each_role_show_only_their_territory(
    place: Installation, person: str, side: str
) -> None:
    """Signed in on one side: pages and downloads without the other's data; its ids are 404."""
    mine, other = place.sides[side], place.other(side)
    role = WEB_ROLES[person]
    with signed_in(place.conn, place.url, mine.web_people[person], role) as client:
        for path in (*WEB_LISTS, *(mine.fill(p) for p in WEB_BY_ID)):
            page = client.get(path)
            assert page.status_code in {200, 403}, (path, page.status_code)
            assert _leaks(page.text, other) == [], (path, page.text[:300])
        for path in WEB_BY_ID:
            own = client.get(mine.fill(path))
            theirs = client.get(other.fill(path))
            assert theirs.status_code in {403, 404}, (path, theirs.status_code)
            if own.status_code == 200:
                assert theirs.status_code == 404, (path, theirs.status_code)
            assert _leaks(theirs.text, other, other.fill(path)) == [], (path, theirs.text[:300])
        plan = client.get("/web/plan")
        assert f"{mine.prefix}A1" in plan.text


def test_a_person_of_two_territories_switches_between_them(place: Installation) -> None:
    """The switch shows the other territory's pages; a territory not theirs is refused."""
    both = _one(
        place.conn,
        "INSERT INTO people (name, email) VALUES ('Sam Both', 'sam@both.example.org') RETURNING id",
        (),
    )
    grant(place.conn, both, "admin", territory="otherville")
    grant(place.conn, both, "admin", territory="testville")
    with signed_in(place.conn, place.url, both, "admin") as client:
        first = client.get("/web/plan")
        assert "TVA1" in first.text
        assert "OVA1" not in first.text
        assert 'name="territory"' in first.text
        switched = client.post(
            "/web/territory", data={"territory": "otherville", "csrf": form_token(first.text)}
        )
        assert switched.status_code == 303
        after = client.get("/web/plan")
        assert "OVA1" in after.text
        assert "TVA1" not in after.text
        ours = place.sides["testville"].world.alerts["A1"]
        assert client.get(f"/web/alerts/{ours}").status_code == 404
        refused = client.post(
            "/web/territory", data={"territory": "gamma", "csrf": form_token(after.text)}
        )
        assert refused.status_code == 403
        assert "OVA1" in client.get("/web/plan").text


def test_alert_e_mail_links_open_only_a_territory_of_the_person(place: Installation) -> None:
    """A link for an alert of a territory its person may not see shows nothing and does nothing."""
    signer = LinkSigner(LINK_SECRET.encode(), place.url, timedelta(hours=1))
    ours, theirs = place.sides["testville"], place.sides["otherville"]
    alert = ours.world.alerts["A1"]
    now = datetime.now(UTC)
    stranger = signer.token(Purpose.ACKNOWLEDGE, alert, theirs.web_people["max"], now)
    refused = place.client.get(f"/web/links/{stranger}")
    assert refused.status_code == 410
    assert "TVA1" not in refused.text
    form = form_token(refused.text) if 'name="csrf"' in refused.text else ""
    used = place.client.post(f"/web/links/{stranger}", data={"csrf": form})
    assert used.status_code in {403, 410}
    state = place.conn.execute("SELECT state FROM alerts WHERE id = %s", (alert,)).fetchone()
    assert state == ("open",)
    own = signer.token(Purpose.OPEN, alert, ours.world.people["ada"], now)
    shown = place.client.get(f"/web/links/{own}")
    assert shown.status_code == 200
    assert "Lamp burns by day" in shown.text


def test_commands_give_tokens_and_people_their_territories(
    place: Installation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`vigie token create` and `vigie web grant` take --territory; an unknown one is refused."""
    monkeypatch.setenv("VIGIE_DATABASE_URL", place.db_url)
    monkeypatch.setenv("VIGIE_TERRITORY", "testville")
    runner = CliRunner()
    made = runner.invoke(
        cli, ["token", "create", "--role", "viewer", "--territory", "otherville", "--territory",
              "gamma"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "gamma, otherville" in made.output
    token = made.output.strip().splitlines()[-1]
    assert place.client.get("/v1/policy", headers=bearer(token)).status_code == 422
    asked = place.client.get("/v1/actions?territory=otherville", headers=bearer(token))
    assert [a["code"] for a in asked.json()["items"]] == ["OVA1", "OVA2"]
    ours = place.client.get("/v1/actions?territory=testville", headers=bearer(token))
    assert ours.status_code == 403
    unknown = runner.invoke(cli, ["token", "create", "--role", "viewer", "--territory", "nowhere"])
    assert unknown.exit_code == 1
    assert "no territory nowhere" in str(unknown.exception)
    default = runner.invoke(cli, ["token", "create", "--role", "viewer"])
    assert "(viewer, testville," in default.output
    email = "tvvic@town.example.org"
    granted = runner.invoke(cli, ["web", "grant", email, "viewer", "--territory", "gamma"])
    assert granted.exit_code == 0, granted.output
    assert "in gamma" in granted.output
    seen = place.conn.execute(
        "SELECT array_agg(t.code ORDER BY t.code) FROM person_territories p"
        " JOIN territories t ON t.id = p.territory_id JOIN people x ON x.id = p.person_id"
        " WHERE x.email = %s",
        (email,),
    ).fetchone()
    assert seen is not None
    assert seen[0] == ["gamma", "testville"]
