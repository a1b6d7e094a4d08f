"""Effects through HTTP: the latest figure of each method, with what an evaluator needs to judge it.

Also the series of computations, an empty figure shown with its reason, and the exports.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import httpx
import psycopg
import pytest
from api_world import World, api_client, bearer, make_world, settings_for
from servers import PostgresServer

from aggregation import savings, store_effects
from aggregation.savings import Adjustment, Effect, Period

Conn = psycopg.Connection[tuple[object, ...]]
TEMPLATE = "vigie_template"
JUNE, JULY = date(2025, 6, 1), date(2025, 7, 1)
BASELINE = Period(date(2023, 1, 10), date(2024, 1, 10))
SUN = "burning_hours_from_sun_times_with_switching_offsets"
FIT = {"cv_rmse": 0.08, "autocorrelation": 0.2, "units": 3, "population": 3, "measured_share": 1}


@dataclass
class Town:
    """The world and a client of the API serving it."""

    conn: Conn
    world: World
    client: httpx.Client

    def get(self, path: str, who: str = "evaluator") -> httpx.Response:
        """A GET with the token of ``who``."""
        return self.client.get(path, headers=bearer(self.world.tokens[who]))


def _figure(method: str, as_of: date, saved: float, **more: Any) -> Effect:  # noqa: ANN401 - Effect's fields
    """A figure of A1 as of a date: 10,000 kWh counterfactual, ±500 kWh, 1.25 to a normal year."""
    start = Effect(method, BASELINE, Period(date(2024, 3, 21), as_of), 0.98, 0.95)
    figure = savings.with_estimate(
        start, counterfactual=10_000.0, actual=10_000.0 - saved, half=500.0, fit=FIT
    )
    return replace(savings.annualised(figure, 1.25), **more)


def _save(conn: Conn, action: int, effect: Effect) -> None:
    store_effects.save_effect(conn, action, effect)


@pytest.fixture(scope="module")
def town(postgres: PostgresServer) -> Iterator[Town]:
    """The world, its action A1 computed by three methods as of June and July."""
    url = postgres.create_database("api_effects", template=TEMPLATE)
    with psycopg.connect(url, autocommit=True) as conn:
        world = make_world(conn)
        a1 = world.actions["A1"]
        common = {"boundary": "cabinet_meters", "ipmvp_option": "B"}
        # July first: the series is ordered by as-of date, not by when rows were written.
        _save(conn, a1, _figure(savings.CABINET, JULY, 4_200.0, headline=True, **common))
        _save(conn, a1, _figure(savings.CABINET, JUNE, 3_900.0, headline=True, **common))
        _save(conn, a1, _figure(savings.LIGHTING, JUNE, 4_000.0, boundary="point_controllers"))
        empty = Effect(
            savings.LIGHTING, BASELINE, Period(date(2024, 3, 21), JULY), 0.1, 0.0,
            boundary="point_controllers", ipmvp_option="B",
            warnings=(savings.NO_BASELINE, savings.BASELINE_COVERAGE),
        )  # fmt: skip
        _save(conn, a1, empty)
        adjustments = (
            Adjustment("points_added", "equipment_history", date(2024, 3, 21), 1234.56, "2 pts"),
            Adjustment(
                "switch_off_policy", "recorded", date(2024, 5, 1), -800.0, "off at 1 am",
                kwh_per_year=-1000.0, id=7,
            ),
        )  # fmt: skip
        nameplate = _figure(
            savings.NAMEPLATE, JULY, 5_000.0, boundary="equipment_nameplate", ipmvp_option="A",
            deemed=True, measured=("reporting_energy",),
            stipulated=("baseline_power_from_nameplate", SUN),
            parameters={"points_changed": 12, "works_start": "2024-01-10"},
        )  # fmt: skip
        _save(conn, a1, savings.with_adjustments(nameplate, adjustments))
        conn.execute(
            "UPDATE indicator_values SET value_low = value - 10, value_high = value + 12"
            " WHERE period_start = '2024-03-01'"
        )
        with api_client(settings_for(url)) as client:
            yield Town(conn, world, client)


def _by_method(effects: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["method"]: e for e in effects}


def test_latest_effects_carry_what_an_evaluator_needs(town: Town) -> None:
    """Each method's latest figure carries its boundary, flags, parameters, fit and adjustments."""
    found = town.get("/v1/actions/A1/effects").json()
    latest = _by_method(found)
    # The world's older degree-day figure (March) is not of A1's latest computation (July).
    assert set(latest) == {savings.CABINET, savings.LIGHTING, savings.NAMEPLATE}
    cabinet = latest[savings.CABINET]
    assert cabinet["as_of"] == cabinet["reporting_end"] == "2025-07-01"
    assert (cabinet["boundary"], cabinet["ipmvp_option"]) == ("cabinet_meters", "B")
    assert cabinet["saved_kwh"] == 4_200.0
    assert (cabinet["saved_kwh_low"], cabinet["saved_kwh_high"]) == (3_700.0, 4_700.0)
    assert cabinet["annual_saved_kwh"] == pytest.approx(5_250.0)
    assert cabinet["annual_saved_kwh_low"] == pytest.approx(4_625.0)
    assert cabinet["annual_saved_kwh_high"] == pytest.approx(5_875.0)
    assert cabinet["fit"] == FIT
    assert cabinet["reliable"] is True
    assert cabinet["sufficient"] is True
    assert cabinet["deemed"] is False
    nameplate = latest[savings.NAMEPLATE]
    assert nameplate["deemed"] is True
    assert nameplate["measured"] == ["reporting_energy"]
    assert nameplate["stipulated"][0] == "baseline_power_from_nameplate"
    assert nameplate["parameters"] == {"points_changed": 12, "works_start": "2024-01-10"}
    assert nameplate["adjustments_kwh"] == pytest.approx(434.56)
    assert nameplate["counterfactual_kwh"] == pytest.approx(10_434.56)
    assert nameplate["adjustments"][1] == {
        "id": 7, "kind": "switch_off_policy", "source": "recorded", "starts_on": "2024-05-01",
        "kwh": -800.0, "kwh_per_year": -1000.0, "note": "off at 1 am",
    }  # fmt: skip
    assert nameplate["adjustments"][0]["id"] is None
    detail = town.get("/v1/actions/A1", who="viewer").json()
    assert _by_method(detail["effects"]) == latest


def test_each_action_flags_one_headline(town: Town) -> None:
    """Of an action's latest figures, the one presented for it is flagged, and only that one."""
    latest = town.get("/v1/actions/A1/effects").json()
    assert [e["method"] for e in latest if e["headline"]] == [savings.CABINET]


def test_an_empty_latest_figure_is_shown_with_its_reason(town: Town) -> None:
    """The latest computation has no figure: it is served with its warnings, never June's."""
    for path in (
        "/v1/actions/A1/effects",
        f"/v1/effects?action=A1&method={savings.LIGHTING}",
    ):
        body = town.get(path).json()
        items = body["items"] if isinstance(body, dict) else body
        (lighting,) = [e for e in items if e["method"] == savings.LIGHTING]
        assert lighting["as_of"] == "2025-07-01"
        assert lighting["saved_kwh"] is None
        assert lighting["annual_saved_kwh"] is None
        assert lighting["warnings"] == [savings.NO_BASELINE, savings.BASELINE_COVERAGE]
        assert (lighting["sufficient"], lighting["reliable"]) == (False, False)


def test_the_history_lists_every_computation_by_as_of_date(town: Town) -> None:
    """Every computation of a method, oldest as-of date first, page by page."""
    path = f"/v1/actions/A1/effects/history?method={savings.CABINET}&limit=1"
    seen, cursor = [], None
    while True:
        page = town.get(path + (f"&cursor={cursor}" if cursor else "")).json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [(e["as_of"], e["saved_kwh"]) for e in seen] == [
        ("2025-06-01", 3_900.0), ("2025-07-01", 4_200.0),
    ]  # fmt: skip
    assert seen[0]["id"] > seen[1]["id"]
    lighting = town.get(f"/v1/actions/A1/effects/history?method={savings.LIGHTING}").json()
    assert [(e["as_of"], e["saved_kwh"]) for e in lighting["items"]] == [
        ("2025-06-01", 4_000.0), ("2025-07-01", None),
    ]  # fmt: skip
    every = town.get("/v1/effects?action=A1&history=true").json()["items"]
    assert len(every) == 6
    assert [e["as_of"] for e in every] == sorted(e["as_of"] for e in every)
    assert len(town.get("/v1/effects?action=A1").json()["items"]) == 3


def test_effect_reads_refuse_unknown_actions_and_cursors(town: Town) -> None:
    """An unknown action is a 404; a cursor that is not ours is a 422 naming it."""
    assert town.get("/v1/actions/NOPE/effects").status_code == 404
    assert town.get("/v1/actions/NOPE/effects/history").status_code == 404
    response = town.get("/v1/effects?cursor=bm9wZQ")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.cursor"


def _csv_text(value: object) -> str:
    """What a JSON cell reads as in the CSV export."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _export(town: Town, query: str) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    text = town.get(f"/v1/exports/effects?format=csv&{query}").text
    rows = list(csv.DictReader(io.StringIO(text)))
    return rows, town.get(f"/v1/exports/effects?format=json&{query}").json()


def test_the_effects_export_carries_the_figures_in_both_formats(town: Town) -> None:
    """CSV and JSON hold the same cells, adjustments as kind:kWh; history adds every computation."""
    rows, records = _export(town, "")
    assert len(rows) == len(records) == 4
    for row, record in zip(rows, records, strict=True):
        assert list(row) == list(record)
        for column, value in record.items():
            if isinstance(value, bool):
                assert row[column].lower() == str(value).lower(), column
            elif isinstance(value, float):
                assert float(row[column]) == value, column
            elif isinstance(value, dict):
                assert json.loads(row[column]) == value, column
            else:
                assert row[column] == _csv_text(value), column
    nameplate = next(r for r in records if r["method"] == savings.NAMEPLATE)
    assert nameplate["adjustments"] == "points_added:1234.6; switch_off_policy:-800.0"
    assert nameplate["adjustments_kwh"] == pytest.approx(434.56)
    assert (nameplate["boundary"], nameplate["ipmvp_option"]) == ("equipment_nameplate", "A")
    assert nameplate["deemed"] is True
    assert nameplate["stipulated"] == f"baseline_power_from_nameplate; {SUN}"
    assert nameplate["parameters"] == {"points_changed": 12, "works_start": "2024-01-10"}
    assert nameplate["fit"]["cv_rmse"] == 0.08
    cabinet = next(r for r in records if r["method"] == savings.CABINET)
    assert (cabinet["as_of"], cabinet["headline"], cabinet["reliable"]) == (
        "2025-07-01", True, True,
    )  # fmt: skip
    history, _ = _export(town, "history=true")
    assert [r["as_of"] for r in history if r["action_code"] == "A1"] == [
        "2025-03-21", "2025-06-01", "2025-06-01", "2025-07-01", "2025-07-01", "2025-07-01",
    ]  # fmt: skip


def test_indicator_values_carry_their_interval(town: Town) -> None:
    """A value with a 95 % interval serves it, in the API and the export; others have none."""
    values = town.get("/v1/indicators/A1-ENERGY/values?period=month").json()["items"]
    march = next(v for v in values if v["period_start"] == "2024-03-01")
    assert (march["value_low"], march["value"], march["value_high"]) == (987.0, 997.0, 1009.0)
    assert {(v["value_low"], v["value_high"]) for v in values if v is not march} == {(None, None)}
    exported = town.get("/v1/exports/indicator-values?format=json&indicator=A1-ENERGY").json()
    row = next(r for r in exported if r["period_start"] == "2024-03-01")
    assert (row["value_low"], row["value_high"]) == (987.0, 1009.0)
