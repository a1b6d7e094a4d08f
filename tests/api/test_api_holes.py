"""Small holes stay closed: values, formulas, territories, cursors, tokens, headers, bodies."""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import Iterator

import psycopg
import pytest
from api_world import api_client, bearer, make_world, settings_for
from factories import make_territory
from typer.testing import CliRunner

from vigie.cli import app as cli

Conn = psycopg.Connection[tuple[object, ...]]


def test_a_computed_indicator_takes_no_manual_value(db: Conn, db_url: str) -> None:
    """A month not computed yet of an indicator with a computation is refused (409), stays empty."""
    world = make_world(db)
    db.execute("UPDATE indicators SET computation = 'scope_energy' WHERE code = 'A1-ENERGY'")
    with api_client(settings_for(db_url)) as client:
        refused = client.put(
            "/v1/indicators/A1-ENERGY/values/month/2025-05-01",
            json={"value": 1},
            headers=bearer(world.tokens["ada"]),
        )
    assert refused.status_code == 409
    assert "computed (scope_energy)" in refused.json()["detail"]
    stored = "SELECT count(*) FROM indicator_values WHERE period_start = '2025-05-01'"
    assert db.execute(stored).fetchone() == (0,)


def test_csv_exports_escape_formulas(db: Conn, db_url: str) -> None:
    """User text starting with = + - @ is written with a leading quote; JSON keeps it as is."""
    world = make_world(db)
    db.execute(
        "UPDATE indicators SET title = '=HYPERLINK(\"http://evil\")' WHERE code = 'A1-ENERGY'"
    )
    db.execute("UPDATE indicators SET title = '@SUM(A1)' WHERE code = 'A2-ENERGY'")
    db.execute("UPDATE effects SET warnings = ARRAY['+1+2', 'ok']")
    evaluator = bearer(world.tokens["evaluator"])
    with api_client(settings_for(db_url)) as client:
        values = client.get("/v1/exports/indicator-values?format=csv", headers=evaluator).text
        effects = client.get("/v1/exports/effects?format=csv", headers=evaluator).text
        as_json = client.get("/v1/exports/effects?format=json", headers=evaluator).json()
    titles = {row["indicator_title"] for row in csv.DictReader(io.StringIO(values))}
    assert titles == {'\'=HYPERLINK("http://evil")', "'@SUM(A1)"}
    warnings = {row["warnings"] for row in csv.DictReader(io.StringIO(effects))}
    assert warnings == {"'+1+2; ok"}
    assert {record["warnings"] for record in as_json} == {"+1+2; ok"}


def test_assets_of_another_territory_are_not_found(db: Conn, db_url: str) -> None:
    """Another territory's light point has no readings here, its district joins no scope."""
    world = make_world(db)
    other = make_territory(db, code="otherville")
    viewer, ada = bearer(world.tokens["viewer"]), bearer(world.tokens["ada"])
    with api_client(settings_for(db_url)) as client:
        point = other.point_codes[0]
        readings = client.get(f"/v1/assets/light_point/{point}/readings", headers=viewer)
        rollups = client.get("/v1/assets/district/otherville-D0/rollups", headers=viewer)
        own = client.get("/v1/assets/district/testville-D0/rollups", headers=viewer)
        scope = client.post(
            "/v1/actions/A1/scope", json={"kind": "district", "code": "otherville-D0"}, headers=ada
        )
    assert readings.status_code == 404
    assert rollups.status_code == 404
    assert own.status_code == 200
    assert scope.status_code == 422
    assert scope.json()["errors"][0]["field"] == "body.code"
    joined = "SELECT count(*) FROM action_scopes WHERE district_id = %s"
    assert db.execute(joined, (other.district_ids[0],)).fetchone() == (0,)


def _cursor(key: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "key", ["0001-01-01T00:00:00+00:00", "2024-01-01T00:00:00", "9999-12-31T23:59:59+14:00", "x"]
)
def test_a_crafted_rollups_cursor_is_a_422(db: Conn, db_url: str, key: str) -> None:
    """A cursor holding an instant out of range, without offset, or no instant is refused."""
    world = make_world(db)
    viewer = bearer(world.tokens["viewer"])
    with api_client(settings_for(db_url)) as client:
        for path in ("rollups", "readings"):
            kind = "district" if path == "rollups" else "light_point"
            code = "testville-D0" if path == "rollups" else world.town.point_codes[0]
            answer = client.get(
                f"/v1/assets/{kind}/{code}/{path}?cursor={_cursor(key)}", headers=viewer
            )
            assert answer.status_code == 422, answer.text
            assert answer.json()["errors"][0]["field"] == "query.cursor"


def test_tokens_expire_and_name_their_person(
    db: Conn, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An expired token is a 401 saying so; an admin's or evaluator's token needs --person."""
    world = make_world(db)
    db.execute(
        "UPDATE api_tokens SET created_at = now() - interval '2 days',"
        " expires_at = now() - interval '1 day' WHERE role = 'viewer'"
    )
    with api_client(settings_for(db_url)) as client:
        expired = client.get("/v1/policy", headers=bearer(world.tokens["viewer"]))
    assert expired.status_code == 401
    assert "expired" in expired.json()["detail"]
    monkeypatch.setenv("VIGIE_DATABASE_URL", db_url)
    monkeypatch.setenv("VIGIE_TERRITORY", "testville")
    runner = CliRunner()
    for role in ("admin", "evaluator"):
        refused = runner.invoke(cli, ["token", "create", "--role", role])
        assert refused.exit_code != 0
    made = runner.invoke(
        cli, ["token", "create", "--role", "evaluator", "--person", "lea@town.example.org"]
    )
    assert made.exit_code == 0, made.output
    row = db.execute(
        "SELECT expires_at - created_at FROM api_tokens WHERE label IS NULL"
    ).fetchone()
    assert row is not None
    assert str(row[0]).startswith("90 days")


def test_no_cdn_docs_page_and_security_headers(db_url: str) -> None:
    """/docs is gone (it loaded a CDN script); every answer carries the security headers."""
    with api_client(settings_for(db_url)) as client:
        docs = client.get("/docs")
        spec = client.get("/openapi.json")
        health = client.get("/health")
    assert docs.status_code == 404
    assert spec.status_code == 200
    for answer in (docs, spec, health):
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


def test_a_chunked_body_over_the_limit_is_a_413(db: Conn, db_url: str) -> None:
    """A body sent without a length is counted too: over the limit it is a 413, not a 400."""
    world = make_world(db)
    body = json.dumps(
        {"kind": "analysis", "written_on": "2025-01-01", "mission_code": "03", "body": "x" * 5000}
    ).encode()

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 1000):
            yield body[start : start + 1000]

    headers = {**bearer(world.tokens["admin"]), "Content-Type": "application/json"}
    with api_client(settings_for(db_url, api_max_body_bytes=2048)) as client:
        refused = client.post("/v1/analyses", content=chunks(), headers=headers)
        small = json.dumps(
            {"kind": "analysis", "written_on": "2025-01-01", "mission_code": "03", "body": "ok"}
        ).encode()
        accepted = client.post("/v1/analyses", content=iter([small]), headers=headers)
    assert refused.status_code == 413
    assert refused.headers["content-type"] == "application/problem+json"
    assert accepted.status_code == 201, accepted.text
    assert db.execute("SELECT count(*) FROM analyses").fetchone() == (2,)
