"""CSV and JSON exports carry identical cells: booleans, numbers without binary noise, nulls."""

from __future__ import annotations

import csv
import io
import json

import psycopg
import pytest
from api_world import api_client, bearer, make_world, settings_for

Conn = psycopg.Connection[tuple[object, ...]]


def _json_text(value: object) -> str:
    """The text a JSON value has as a CSV cell: strings as they are, null empty, else JSON."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value)


@pytest.mark.parametrize("export", ["effects", "indicator-values"])
def test_csv_and_json_cells_are_identical(db: Conn, db_url: str, export: str) -> None:
    """Every cell of the CSV is the JSON value's text, row by row and column by column."""
    world = make_world(db)
    db.execute(
        "UPDATE effects SET actual_kwh = 22244.867999999995, saved_kwh = 0.1::float8 + 0.2,"
        " sufficient = false, saved_pct_low = NULL"
        " WHERE id = (SELECT min(id) FROM effects)"
    )
    db.execute("UPDATE indicator_values SET value = value / 3 + 0.1, coverage = 0.97")
    evaluator = bearer(world.tokens["evaluator"])
    with api_client(settings_for(db_url)) as client:
        as_csv = client.get(f"/v1/exports/{export}?format=csv", headers=evaluator).text
        as_json = client.get(f"/v1/exports/{export}?format=json", headers=evaluator).json()
    header, *rows = list(csv.reader(io.StringIO(as_csv)))
    assert len(rows) == len(as_json) > 0
    for row, record in zip(rows, as_json, strict=True):
        assert header == list(record)
        assert row == [_json_text(v) for v in record.values()]
    assert all("999999" not in cell and "000000" not in cell for row in rows for cell in row)


def test_effects_export_writes_booleans_and_rounded_sums(db: Conn, db_url: str) -> None:
    """``sufficient`` is ``false``, a noisy sum is written 22244.868, a missing bound empty."""
    world = make_world(db)
    db.execute(
        "UPDATE effects SET actual_kwh = 22244.867999999995, saved_kwh = 0.1::float8 + 0.2,"
        " sufficient = false, saved_pct_low = NULL"
    )
    with api_client(settings_for(db_url)) as client:
        response = client.get(
            "/v1/exports/effects?format=csv", headers=bearer(world.tokens["evaluator"])
        )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows
    for row in rows:
        cells = (row["sufficient"], row["actual_kwh"], row["saved_kwh"], row["saved_pct_low"])
        assert cells == ("false", "22244.868", "0.3", "")
        assert row["coverage_baseline"] == "0.97"
