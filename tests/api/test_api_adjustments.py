"""Non-routine adjustments through HTTP: who records and withdraws them, and what is refused.

And how the next computation of the action's effects applies them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import psycopg
import pytest
from api_world import World, api_client, bearer, make_token, make_world, settings_for
from effects_helpers import add_school_action, compute, one
from factories import make_territory
from servers import PostgresServer

Conn = psycopg.Connection[tuple[object, ...]]
TEMPLATE = "vigie_template"
AS_OF = date(2026, 1, 1)


@dataclass
class Town:
    """The world, a school action piloted by Ada, and a client of the API serving them."""

    conn: Conn
    world: World
    client: httpx.Client

    def ask(self, who: str, method: str, path: str, body: object = None) -> httpx.Response:
        """A request with the token of ``who``; a ``str`` body is sent as it is, as JSON."""
        headers = bearer(self.world.tokens[who])
        if isinstance(body, str):
            headers["Content-Type"] = "application/json"
            return self.client.request(method, path, headers=headers, content=body)
        return self.client.request(method, path, headers=headers, json=body)


@pytest.fixture(scope="module")
def town(postgres: PostgresServer) -> Iterator[Town]:
    """One database with the world, a school action (B1) and a second territory's assets."""
    url = postgres.create_database("api_adjustments", template=TEMPLATE)
    with psycopg.connect(url, autocommit=True) as conn:
        world = make_world(conn)
        mission = one(
            conn,
            "INSERT INTO missions (policy_id, code, title, domain)"
            " SELECT id, '04', 'Buildings', 'buildings' FROM policies WHERE code = 'P1'"
            " RETURNING id",
            (),
        )
        world.actions["B1"] = add_school_action(
            conn, world.town, mission, "B1", pilot_id=world.people["ada"]
        )
        make_territory(conn, code="otherville", districts=1, points_per_cabinet=1)
        world.tokens["admin_lea"] = make_token(conn, "admin", world.people["lea"])
        with api_client(settings_for(url)) as client:
            yield Town(conn, world, client)


def _new(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "kind": "switch_off_policy",
        "starts_on": "2025-03-01",
        "kwh_per_year": -1200.0,
        "reason": "Lights off from 1 am to 5 am in the district, council decision 2025-17",
    }
    body.update(overrides)
    return body


def test_the_pilot_records_an_adjustment_that_every_role_reads(town: Town) -> None:
    """Ada records one on her action: 201 with who and when; evaluators and viewers list it."""
    cabinet = town.world.town.cabinet_codes[0]
    created = town.ask(
        "ada", "POST", "/v1/actions/A1/adjustments",
        _new(asset={"kind": "cabinet", "code": cabinet}, ends_on="2025-09-01"),
    )  # fmt: skip
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["action_code"] == "A1"
    assert body["kind"] == "switch_off_policy"
    assert (body["starts_on"], body["ends_on"]) == ("2025-03-01", "2025-09-01")
    assert body["kwh_per_year"] == -1200.0
    assert body["asset"] == {"kind": "cabinet", "code": cabinet}
    assert body["recorded_by"] == {"id": town.world.people["ada"], "name": "Ada Pilot"}
    assert body["withdrawn"] is False
    assert body["withdrawn_at"] is None
    for who in ("evaluator", "viewer", "bob", "admin"):
        listed = town.ask(who, "GET", "/v1/actions/A1/adjustments")
        assert listed.status_code == 200
        assert body in listed.json()["items"]
        assert town.ask(who, "GET", f"/v1/actions/A1/adjustments/{body['id']}").json() == body


@pytest.mark.parametrize(
    ("who", "status", "detail"),
    [
        ("bob", 403, "action A1 is piloted by someone else"),
        ("viewer", 403, "role viewer may not change action A1"),
        ("evaluator", 403, "role evaluator may not change action A1"),
        ("admin", 403, "this token names no person"),
        ("admin_lea", 201, None),
    ],
)
def test_who_may_record_an_adjustment(
    town: Town, who: str, status: int, detail: str | None
) -> None:
    """Only the action's pilot and admins record, and only with a token that names a person."""
    response = town.ask(who, "POST", "/v1/actions/A1/adjustments", _new())
    assert response.status_code == status, response.text
    if detail is not None:
        assert detail in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (_new(kind="weather"), "body.kind"),
        (_new(ends_on="2025-02-01"), "body.ends_on"),
        (_new(ends_on="2025-03-01"), "body.ends_on"),
        (json.dumps(_new(kwh_per_year=math.nan)), "body.kwh_per_year"),
        (json.dumps(_new(kwh_per_year=-math.inf)), "body.kwh_per_year"),
        (_new(kwh_per_year=1e15), "body.kwh_per_year"),
        (_new(kwh_per_year="a lot"), "body.kwh_per_year"),
        (_new(reason="   "), "body.reason"),
        (_new(reason=None), "body.reason"),
        (_new(starts_on="2025-02-30"), "body.starts_on"),
        (_new(asset={"kind": "meter", "code": "X"}), "body.asset.kind"),
        (_new(asset={"kind": "cabinet", "code": "otherville-C00"}), "body.asset.code"),
        (_new(asset={"kind": "light_point", "code": "nowhere"}), "body.asset.code"),
        (_new(colour="red"), "body.colour"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(town: Town, body: object, field: str) -> None:
    """Each bad field is refused with a 422 that names it; nothing is recorded."""
    before = town.conn.execute("SELECT count(*) FROM effect_adjustments").fetchone()
    response = town.ask("ada", "POST", "/v1/actions/A1/adjustments", body)
    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]]
    after = town.conn.execute("SELECT count(*) FROM effect_adjustments").fetchone()
    assert after == before


def test_an_unknown_action_or_adjustment_is_a_404(town: Town) -> None:
    """Adjustments of an action that does not exist, or one the action lacks: 404."""
    assert town.ask("admin_lea", "POST", "/v1/actions/NOPE/adjustments", _new()).status_code == 404
    assert town.ask("viewer", "GET", "/v1/actions/NOPE/adjustments").status_code == 404
    assert town.ask("viewer", "GET", "/v1/actions/A1/adjustments/99999").status_code == 404
    withdrawn = town.ask("admin_lea", "POST", "/v1/actions/A1/adjustments/99999/withdraw")
    assert withdrawn.status_code == 404


def test_a_withdrawn_adjustment_is_kept_and_marked(town: Town) -> None:
    """Withdrawing keeps the row with who, when and why; a second time is a 409; elsewhere 404."""
    made = town.ask("bob", "POST", "/v1/actions/A2/adjustments", _new(kind="points_added"))
    ident = made.json()["id"]
    assert (
        town.ask("ada", "POST", f"/v1/actions/A2/adjustments/{ident}/withdraw").status_code == 403
    )
    assert (
        town.ask("ada", "POST", f"/v1/actions/A1/adjustments/{ident}/withdraw").status_code == 404
    )
    response = town.ask(
        "bob", "POST", f"/v1/actions/A2/adjustments/{ident}/withdraw", {"reason": "typed twice"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["withdrawn"] is True
    assert body["withdrawn_by"] == {"id": town.world.people["bob"], "name": "Bob Pilot"}
    assert body["withdrawal_reason"] == "typed twice"
    again = town.ask("bob", "POST", f"/v1/actions/A2/adjustments/{ident}/withdraw")
    assert again.status_code == 409
    assert f"adjustment {ident} was withdrawn on" in again.json()["detail"]
    listed = town.ask("evaluator", "GET", "/v1/actions/A2/adjustments").json()["items"]
    assert [a["withdrawn"] for a in listed if a["id"] == ident] == [True]
    row = town.conn.execute("SELECT count(*) FROM effect_adjustments WHERE id = %s", (ident,))
    assert row.fetchone() == (1,)


def test_the_database_keeps_an_adjustment_as_recorded(town: Town) -> None:
    """Changing a recorded adjustment, or withdrawing it twice, is refused by the database."""
    made = town.ask("bob", "POST", "/v1/actions/A2/adjustments", _new()).json()
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="kept as recorded"):
        town.conn.execute(
            "UPDATE effect_adjustments SET kwh_per_year = 5 WHERE id = %s", (made["id"],)
        )


def _school_effect(town: Town) -> dict[str, Any]:
    found = town.ask("evaluator", "GET", "/v1/actions/B1/effects").json()
    (effect,) = [e for e in found if e["method"] == "building_degree_days"]
    return dict(effect)


def test_an_adjustment_changes_the_next_computed_effect(town: Town) -> None:
    """3,650 kWh a year, prorated to its days, joins the next computed baseline; withdrawn, not."""
    compute(town.conn, town.world.town, AS_OF)
    before = _school_effect(town)
    assert before["adjustments"] == []
    start = date.fromisoformat(str(before["reporting_start"]))
    half = date(2025, 7, 1)
    created = town.ask(
        "ada", "POST", "/v1/actions/B1/adjustments",
        _new(kind="occupancy", starts_on="2024-06-01", ends_on=half.isoformat(),
             kwh_per_year=3650.0, asset={"kind": "building", "code": "testville-B0"}),
    ).json()  # fmt: skip
    compute(town.conn, town.world.town, AS_OF)
    after = _school_effect(town)
    added = 3650.0 * (half - start).days / 365
    assert after["counterfactual_kwh"] == pytest.approx(before["counterfactual_kwh"] + added)
    assert after["saved_kwh"] == pytest.approx(before["saved_kwh"] + added)
    assert after["adjustments_kwh"] == pytest.approx(added)
    (applied,) = after["adjustments"]
    assert applied["id"] == created["id"]
    assert applied["source"] == "recorded"
    assert applied["kind"] == "occupancy"
    assert applied["kwh"] == pytest.approx(added)
    assert applied["kwh_per_year"] == 3650.0
    withdrawn = town.ask("ada", "POST", f"/v1/actions/B1/adjustments/{created['id']}/withdraw")
    assert withdrawn.status_code == 200
    compute(town.conn, town.world.town, AS_OF)
    again = _school_effect(town)
    assert again["counterfactual_kwh"] == pytest.approx(before["counterfactual_kwh"])
    assert again["adjustments"] == []
