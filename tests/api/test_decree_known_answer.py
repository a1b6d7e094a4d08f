"""Known answer: a January décret-tertiaire figure through broker, collector, aggregation and API.

A school subject to the décret publishes a year of electricity and gas indexes (every three hours
and at each local midnight) on the real broker; a running collector stores them; the daily
temperatures come in through the temperatures import; the aggregation job builds the rollups and
computes the built-in indicators; the API serves January 2026. The figures equal a hand
computation within 1 %. A second décret building, with a reference but no reading, is left out
of both sides and named.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
from api_world import api_client, bearer, make_token, settings_for
from factories import make_territory
from ingest_helpers import (
    Publisher,
    collector_thread,
    encode,
    make_settings,
    unique_prefix,
    wait_until,
)
from servers import MosquittoServer, PostgresServer

from aggregation import indicators, jobs, store, store_effects
from aggregation.builtin_indicators import define_builtin_indicators
from aggregation.temperatures import read_temperatures
from collector.service import CollectorOptions
from collector.topics import Kind, topic_of
from core.settings import Settings

Conn = psycopg.Connection[tuple[object, ...]]
TEMPLATE = "vigie_template"
PARIS = ZoneInfo("Europe/Paris")
FIRST, END = date(2025, 2, 1), date(2026, 2, 1)
JANUARY = date(2026, 1, 1)
BASE_ELEC, BASE_GAS, SLOPE = 150.0, 20.0, 40.0  # kWh a day, kWh a day, kWh per degree-day
REFERENCE_YEAR, REFERENCE_KWH, REFERENCE_DJU = 2019, 200_000.0, 2450.0
NORMAL_DJU = 2200.0
PROFILE = (380.0, 330.0, 280.0, 180.0, 90.0, 30.0, 10.0, 15.0, 60.0, 170.0, 280.0, 355.0)
CODE = "TT-04-DECREE-GAP"
CLIMATE = "TT-04-CLIMATE-KWH"


@dataclass(frozen=True)
class Truth:
    """The school's days as its meters saw them, and the temperatures of each day."""

    elec: dict[date, float]
    gas: dict[date, float]
    tmin_tmax: dict[date, tuple[float, float]]


def _days(first: date, end: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((end - first).days)]


def _truth() -> Truth:
    """A year of a seasonal climate with weather, a base load and a gas heating slope, noisy."""
    rng = random.Random(11)
    elec, gas, temps = {}, {}, {}
    for n, day in enumerate(_days(FIRST, END)):
        season = 11.5 - 7.5 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365.25)
        mean = season + 2.5 * math.sin(2 * math.pi * n / 9.3)
        tmin, tmax = round(mean - 4.0, 1), round(mean + 4.0, 1)
        temps[day] = (tmin, tmax)
        dju = max(0.0, 18.0 - (tmin + tmax) / 2)
        elec[day] = BASE_ELEC * rng.gauss(1.0, 0.03)
        gas[day] = (BASE_GAS + SLOPE * dju) * rng.gauss(1.0, 0.03)
    return Truth(elec, gas, temps)


def _dju(truth: Truth, day: date) -> float:
    tmin, tmax = truth.tmin_tmax[day]
    return max(0.0, 18.0 - (tmin + tmax) / 2)


def _instants(day: date) -> tuple[datetime, datetime, list[datetime]]:
    """A local day's start and end, and its reading instants: midnight, then every 3 h UTC."""
    start = datetime.combine(day, time(0), tzinfo=PARIS).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=PARIS).astimezone(UTC)
    grid = start.replace(hour=start.hour - start.hour % 3) + timedelta(hours=3)
    found = [start]
    while grid < end:
        found.append(grid)
        grid += timedelta(hours=3)
    return start, end, found


def _index_messages(
    settings: Settings, code: str, field: str, daily: dict[date, float]
) -> list[tuple[str, bytes]]:
    """A cumulative meter's readings: its index rises evenly through each local day."""
    topic = topic_of(settings.mqtt_topic_prefix, settings.territory, Kind.METER, code)
    index, messages = 10_000.0, []
    for day in _days(FIRST, END):
        start, end, instants = _instants(day)
        for ts in instants:
            value = index + daily[day] * (ts - start) / (end - start)
            body = {"msgId": f"{code}-{ts.timestamp():.0f}", "ts": ts.isoformat(),
                    "values": {field: round(value, 3)}}  # fmt: skip
            messages.append((topic, encode(body)))
        index += daily[day]
    body = {"msgId": f"{code}-end", "ts": _instants(END)[0].isoformat(),
            "values": {field: round(index, 3)}}  # fmt: skip
    return [*messages, (topic, encode(body))]


def _register(conn: Conn) -> None:
    """The territory's normal climate, two décret buildings, a buildings mission."""
    made = make_territory(conn, districts=1, points_per_cabinet=1, buildings=2)
    conn.execute(
        "UPDATE territories SET normal_heating_dju = %s, normal_heating_dju_months = %s",
        (NORMAL_DJU, list(PROFILE)),
    )
    conn.execute(
        "UPDATE meters SET reading_kind = 'cumulative', register_max = 10000000"
        " WHERE quantity = 'gas'"
    )
    conn.execute(
        "UPDATE buildings SET tertiary_decree = true, reference_year = %s,"
        " reference_consumption_kwh = %s, reference_dju = %s",
        (REFERENCE_YEAR, REFERENCE_KWH, REFERENCE_DJU),
    )
    policy = conn.execute(
        "INSERT INTO policies (territory_id, code, title) VALUES (%s, 'TT', 'T') RETURNING id",
        (made.territory_id,),
    ).fetchone()
    assert policy is not None
    conn.execute(
        "INSERT INTO missions (policy_id, code, title, domain)"
        " VALUES (%s, '04', 'Bâtiments', 'buildings')",
        (policy[0],),
    )


def _collect(conn: Conn, url: str, broker_url: str, truth: Truth) -> None:
    """The school's meters publish their year; the collector stores every reading."""
    settings = make_settings(url, broker_url, unique_prefix())
    messages = _index_messages(settings, "testville-B0-ELEC", "totalActiveEnergyImport", truth.elec)
    messages += _index_messages(settings, "testville-B0-GAS", "gasEnergyImport", truth.gas)
    publisher = Publisher(broker_url)
    history = CollectorOptions(metrics_port=None, max_age=timedelta(days=36_500))
    try:
        with collector_thread(settings, history):
            publisher.publish_all(messages, timeout=120)
            wait_until(
                lambda: (
                    conn.execute("SELECT count(*) FROM meter_readings").fetchone()
                    == (len(messages),)
                ),
                timeout=120,
                what="the meter readings",
            )
    finally:
        publisher.close()


def _aggregate(conn: Conn, truth: Truth, folder: Path) -> None:
    """Temperatures imported from CSV; rollups; the built-in indicators of January and 2026."""
    path = folder / "temperatures.csv"
    rows = [f"{d.isoformat()},{t[0]},{t[1]}" for d, t in truth.tmin_tmax.items()]
    path.write_text("day,tmin_c,tmax_c\n" + "\n".join(rows) + "\n", encoding="utf-8")
    (place,) = store.territories(conn)
    store_effects.save_temperatures(conn, place.id, read_temperatures(path), "test")
    jobs.aggregate_pending(conn)
    define_builtin_indicators(conn, "TT")
    indicators.compute_indicators(conn, place, "month", JANUARY, date(2026, 3, 1))
    indicators.compute_indicators(conn, place, "year", JANUARY, date(2027, 1, 1))


Served = tuple[Truth, dict[tuple[str, str], Any]]


@pytest.fixture(scope="module")
def january(
    postgres: PostgresServer, broker: MosquittoServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """The world built once; what the API serves of the décret figures, by indicator code."""
    url = postgres.create_database("decree_known_answer", template=TEMPLATE)
    truth = _truth()
    with psycopg.connect(url, autocommit=True) as conn:
        _register(conn)
        _collect(conn, url, broker.url, truth)
        _aggregate(conn, truth, tmp_path_factory.mktemp("decree"))
        tokens = {role: make_token(conn, role) for role in ("viewer", "evaluator")}
    served: dict[tuple[str, str], Any] = {}
    with api_client(settings_for(url)) as client:
        for code in (CODE, CLIMATE):
            for period in ("month", "year"):
                served[code, period] = client.get(
                    f"/v1/indicators/{code}/values",
                    params={"period": period, "from": "2026-01-01", "to": "2027-01-01"},
                    headers=bearer(tokens["viewer"]),
                ).json()["items"]
        served["export", "csv"] = client.get(
            "/v1/exports/indicator-values",
            params={"format": "csv", "indicator": CODE, "period": "month"},
            headers=bearer(tokens["evaluator"]),
        ).text
    yield truth, served
    postgres.drop_database("decree_known_answer")


@dataclass(frozen=True)
class Hand:
    """January worked out by hand from the school's true signature."""

    measured_kwh: float
    dju: float
    normal_dju: float
    normalised_kwh: float
    allowed_kwh: float

    @property
    def gap_pct(self) -> float:
        """% above the allowance."""
        return 100.0 * (self.normalised_kwh / self.allowed_kwh - 1.0)


def _by_hand(truth: Truth) -> Hand:
    """January's kWh at January's normal climate against January's share of the 2026 allowance."""
    january = [d for d in truth.elec if d.year == 2026 and d.month == 1]
    measured = sum(truth.elec[d] + truth.gas[d] for d in january)
    dju = sum(_dju(truth, d) for d in january)
    normal = NORMAL_DJU * PROFILE[0] / sum(PROFILE)
    base, slope = BASE_ELEC + BASE_GAS, SLOPE
    normalised = measured * (31 * base + slope * normal) / (31 * base + slope * dju)
    reference = (
        REFERENCE_KWH * (365 * base + slope * NORMAL_DJU) / (365 * base + slope * REFERENCE_DJU)
    )
    allowed_2026 = reference * (1 - 0.40 * (2026 - 2019) / (2030 - 2019))
    allowed = allowed_2026 * (31 * base + slope * normal) / (365 * base + slope * NORMAL_DJU)
    return Hand(measured, dju, normal, normalised, allowed)


def test_january_equals_the_hand_computation(january: Served) -> None:
    """January 2026's normalised kWh, allowance and gap are within 1 % of the hand's."""
    truth, served = january
    hand = _by_hand(truth)
    (gap,) = served[CODE, "month"]
    (kwh,) = served[CLIMATE, "month"]
    assert gap["period_start"] == kwh["period_start"] == "2026-01-01"
    assert kwh["value"] == pytest.approx(hand.normalised_kwh, rel=0.01)
    assert gap["details"]["allowed_kwh"] == pytest.approx(hand.allowed_kwh, rel=0.01)
    assert gap["value"] == pytest.approx(hand.gap_pct, abs=0.5)
    assert gap["details"]["measured_kwh"] == pytest.approx(hand.measured_kwh, rel=1e-4)
    assert (gap["method"], gap["method_version"]) == ("decree_path_gap_pct", "2.0")
    # Not a month set against a whole year of degree-days: the same order as what was measured.
    assert 0.8 < kwh["value"] / hand.measured_kwh < 1.2


def test_january_carries_its_degree_days(january: Served) -> None:
    """January's value carries January's and the year-to-date's actual and normal DJU."""
    truth, served = january
    hand = _by_hand(truth)
    (gap,) = served[CODE, "month"]
    for part in ("period", "year_to_date"):
        found = gap["details"][part]
        assert (found["from"], found["to"], found["days"]) == ("2026-01-01", "2026-02-01", 31)
        assert found["dju"] == pytest.approx(hand.dju, abs=0.1)
        assert found["normal_dju"] == pytest.approx(hand.normal_dju, abs=0.1)
    assert gap["details"]["normal_climate"]["annual_dju"] == NORMAL_DJU


def test_a_building_without_data_leaves_both_sides(january: Served) -> None:
    """The second building, reference but no reading, is named and in neither sum."""
    _, served = january
    (gap,) = served[CODE, "month"]
    assert gap["details"]["buildings"]["counted"] == 1
    assert gap["details"]["buildings"]["no_data"] == ["testville-B1"]
    assert "buildings_left_out_without_data" in gap["warnings"]
    assert gap["coverage"] == pytest.approx(0.5)


def test_months_after_the_data_have_no_figure_and_the_year_is_to_date(january: Served) -> None:
    """No February value; 2026's value is the year to date, the same as January's."""
    _, served = january
    assert [v["period_start"] for v in served[CODE, "month"]] == ["2026-01-01"]
    (year,) = served[CODE, "year"]
    assert year["value"] == pytest.approx(served[CODE, "month"][0]["value"])
    assert year["details"]["year_to_date"]["to"] == "2026-02-01"


def test_the_export_carries_the_details(january: Served) -> None:
    """The CSV export has a details column holding the same figures as JSON text."""
    _, served = january
    (row,) = csv.DictReader(io.StringIO(served["export", "csv"]))
    details = json.loads(row["details"])
    assert details["year_to_date"]["days"] == 31
    assert details["buildings"]["no_data"] == ["testville-B1"]
