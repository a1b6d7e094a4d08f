"""The buildings' occupancy panels from their days equal the same panels from the meters' hours.

Beyond 2 days the out-of-hours electricity (share and by day) and the occupied hours above 19 °C
read the whole UTC days of their range from ``building_daily`` (kept by the aggregation job) and
only the hours before the first and after the last whole day from the meters' hourly rollups.
Each is compared with the panel as it was, reading every hour (``hourly_panels/*.sql``), on the
scenario's data stored through the broker, the collector and the aggregation job. Beyond 30 days
the indoor temperature is one point per UTC day, the mean of the meters' hours of that day in the
range: from the same days and edge hours, compared with the mean of the hours.

A second territory, the same scenario on the clock of Montreal, judges occupancy on its own
clock, in ``building_daily`` and in the hours alike; the first one's (Paris) is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
from building_panels import DAILY_UP_FROM, OCCUPANCY_PANELS, TEMPERATURE, hourly, panel
from grafana_scenario import Scenario, build, occupied
from panel_reader import Reader, expanded, scenario_reader
from servers import MosquittoServer, PostgresServer

from grafana.dashboards import Query

SECOND, ZONE = "grafmontreal", "America/Montreal"


@pytest.fixture(scope="module")
def zoned(postgres: PostgresServer, broker: MosquittoServer) -> Iterator[tuple[Reader, Scenario]]:
    """The scenario, the same one in a second territory on Montreal's clock, and a login."""
    with scenario_reader(postgres, broker) as connected:
        with psycopg.connect(connected.owner_url, autocommit=True) as owner:
            second = build(owner, connected.owner_url, broker.url, code=SECOND)
            owner.execute("UPDATE territories SET timezone = %s WHERE code = %s", (ZONE, SECOND))
            owner.execute("ANALYZE")
        yield connected, second


@pytest.fixture(scope="module")
def reader(zoned: tuple[Reader, Scenario]) -> Reader:
    """A connection as a login member of vigie_grafana (the first territory by default)."""
    return zoned[0]


def spans(reader: Reader) -> dict[str, tuple[datetime, datetime]]:
    """Near and long ranges, with edges inside UTC days and on midnights."""
    start, end, until = reader.scenario.start, reader.scenario.end, reader.scenario.until
    midnight = end.replace(hour=0)
    return {
        "6h": (until - timedelta(hours=6), until),
        "2d": (until - timedelta(days=2), until),
        "2d inside": (start + timedelta(hours=29, minutes=13), start + timedelta(hours=77)),
        "just over 2d": (until - timedelta(days=2, minutes=1), until),
        "3d on midnights": (midnight - timedelta(days=3), midnight),
        "3d from a midnight": (midnight - timedelta(days=3), end - timedelta(minutes=17)),
        "a week inside": (
            start + timedelta(hours=5, minutes=13),
            end - timedelta(hours=31, minutes=41),
        ),
        "7d": (until - timedelta(days=7), until),
        "30d": (until - timedelta(days=30), until),
        "31d to inside a day": (
            end - timedelta(days=31, hours=31, minutes=41),
            end - timedelta(hours=31, minutes=41),
        ),
        "40d on midnights": (midnight - timedelta(days=40), midnight),
        "1y": (until - timedelta(days=365), until),
    }


def keyed(  # noqa: PLR0913 - the panel, its range and the variables' choice, as expanded takes
    reader: Reader,
    query: Query,
    span: tuple[datetime, datetime],
    *,
    every: bool,
    timescaledb: bool = False,
    territory: str | None = None,
) -> dict[tuple[Any, ...], Any]:
    """The panel's rows over ``span``, keyed by all but their last column."""
    sql = expanded(
        reader,
        query,
        every=every,
        timescaledb=timescaledb,
        step="1h",
        span=span,
        territory=territory,
    )
    return {tuple(row[:-1]): row[-1] for row in reader.run(sql).rows}


def assert_same_rows(
    reader: Reader, title: str, ranges: dict[str, tuple[datetime, datetime]], territory: str
) -> int:
    """The panel and its hourly reference agree over each range; how many rows compared."""
    query, compared = panel(title), 0
    for name, span in ranges.items():
        for every, timescaledb in ((True, False), (False, False), (True, True)):
            chosen = {"every": every, "timescaledb": timescaledb, "territory": territory}
            new = keyed(reader, query, span, **chosen)  # type: ignore[arg-type]
            old = keyed(reader, hourly(query), span, **chosen)  # type: ignore[arg-type]
            assert new.keys() == old.keys(), (name, every)
            for key, value in old.items():
                assert new[key] == pytest.approx(value, rel=1e-9, abs=1e-9), (name, every, key)
            compared += len(old)
    return compared


@pytest.mark.parametrize("territory", ["grafville", SECOND])
@pytest.mark.parametrize("title", list(OCCUPANCY_PANELS))
def test_panel_from_days_equals_the_panel_from_hours(
    reader: Reader, title: str, territory: str
) -> None:
    """Over every range, for every building and for the first one, the same rows and values."""
    ranges = spans(reader)
    compared = assert_same_rows(reader, title, ranges, territory)
    assert compared >= 2 * len(ranges), compared


@pytest.mark.parametrize("territory", ["grafville", SECOND])
def test_temperature_beyond_30_days_is_the_mean_of_each_days_hours(
    reader: Reader, territory: str
) -> None:
    """Over more than 30 days: one point per UTC day, the mean of that day's hours in the range."""
    ranges = {n: s for n, s in spans(reader).items() if s[1] - s[0] > DAILY_UP_FROM}
    assert len(ranges) == 3
    compared = assert_same_rows(reader, TEMPERATURE, ranges, territory)
    assert compared >= 3 * 9, compared
    span = ranges["31d to inside a day"]
    edge = keyed(reader, panel(TEMPERATURE), span, every=False, territory=territory)
    assert all(int(key[0]) % 86400 == 0 for key in edge), edge
    assert len(set(edge.values())) > 1, edge


def test_the_long_ranges_hold_whole_days_and_edges(reader: Reader) -> None:
    """The comparison above covers days from the rollup: some are stored, some are partial."""
    by_day = panel("Électricité hors occupation par jour")
    span = spans(reader)["a week inside"]
    rows = keyed(reader, by_day, span, every=True)
    first, last = (int(t.timestamp()) // 86400 * 86400 for t in span)
    assert sorted(int(day) for day, _ in rows) == list(range(first, last + 1, 86400)), rows
    rolled = reader.run(
        "SELECT count(*), sum(electricity_hours), sum(temperature_hours)"
        " FROM reporting.building_daily"
    ).rows
    assert rolled[0][0] >= 9, rolled
    assert rolled[0][1] == rolled[0][2], rolled


def scenario_hours(reader: Reader, span: tuple[datetime, datetime]) -> list[datetime]:
    """The hours of the meters' hourly rollups in ``span`` (readings close each hour)."""
    start, end = reader.scenario.start, reader.scenario.end
    hours = (start + timedelta(hours=h) for h in range(int((end - start) / timedelta(hours=1))))
    return [h for h in hours if span[0] <= h <= span[1]]


def test_out_of_hours_and_warm_hours_follow_the_scenario(reader: Reader) -> None:
    """Over a week cut inside days: the figures the scenario's meters give, hour by hour.

    The hour [h, h + 1 h) holds what the reading at h + 1 h reports: 2 kWh and 20 °C when that
    instant is occupied, 1 kWh and 17 °C otherwise; the panels judge occupancy by h.
    """
    span = spans(reader)["a week inside"]
    hours = scenario_hours(reader, span)
    kwh = {h: 2.0 if occupied(h + timedelta(hours=1)) else 1.0 for h in hours}
    out = sum(v for h, v in kwh.items() if not occupied(h))
    warm = sum(1 for h in hours if occupied(h) and occupied(h + timedelta(hours=1)))
    share = keyed(
        reader, panel("Part de l'électricité consommée hors occupation"), span, every=False
    )
    above = keyed(reader, panel("Heures d'occupation au-dessus de 19 °C"), span, every=False)
    assert list(share.values()) == [pytest.approx(100.0 * out / sum(kwh.values()))]
    assert list(above.values()) == [warm]
    assert warm > 0


def test_a_territory_on_another_clock_counts_its_own_occupied_hours(
    zoned: tuple[Reader, Scenario],
) -> None:
    """Montreal's scenario: hours above 19 °C and out of occupancy on Montreal's clock.

    Its meters report as the first territory's do (warm and 2 kWh when Paris is occupied); the
    panels judge the hours on Montreal's clock, 6 hours behind, over a long and a short range.
    """
    reader, second = zoned
    montreal = ZoneInfo(ZONE)

    def here(ts: datetime) -> bool:
        local = ts.astimezone(montreal)
        return local.isoweekday() <= 5 and 7 <= local.hour <= 18

    week = spans(reader)["a week inside"]
    for span in (week, (second.end - timedelta(hours=40), second.end)):
        start, end = second.start, second.end
        hours = [
            start + timedelta(hours=h) for h in range(int((end - start).total_seconds()) // 3600)
        ]
        hours = [h for h in hours if span[0] <= h <= span[1]]
        kwh = {h: 2.0 if occupied(h + timedelta(hours=1)) else 1.0 for h in hours}
        out = sum(v for h, v in kwh.items() if not here(h))
        warm = sum(1 for h in hours if here(h) and occupied(h + timedelta(hours=1)))
        share = keyed(
            reader,
            panel("Part de l'électricité consommée hors occupation"),
            span,
            every=False,
            territory=SECOND,
        )
        above = keyed(
            reader,
            panel("Heures d'occupation au-dessus de 19 °C"),
            span,
            every=False,
            territory=SECOND,
        )
        assert list(share.values()) == [pytest.approx(100.0 * out / sum(kwh.values()))]
        assert list(above.values()) == [warm]
        if span == week:  # a whole week holds working days on both clocks; the last 40 hours,
            # ending when the tests run, may hold a weekend or only hours both clocks share
            paris = sum(1 for h in hours if occupied(h) and occupied(h + timedelta(hours=1)))
            assert 0 < warm < paris
