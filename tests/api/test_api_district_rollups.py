"""A district's rollups read from the aggregation's district days give the figures of a sum."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
import pytest
from api_world import api_client, bearer, make_token, settings_for
from factories import make_territory

from aggregation import store

Conn = psycopg.Connection[tuple[object, ...]]
# What the API computed before districts had days of their own: a sum over the district's light
# points' daily rollups at every read, coverage over the district's light points.
SUMMED_AT_READ = """
WITH series AS (
    SELECT r.day::timestamp AT TIME ZONE 'Europe/Paris' AS t, sum(r.energy_wh) / 1000.0 AS value,
           sum(r.coverage) / (SELECT count(*) FROM light_points WHERE district_id = %(id)s)
               AS coverage
    FROM lamp_rollups_daily r
    JOIN light_points lp ON lp.id = r.light_point_id
    WHERE lp.district_id = %(id)s AND r.day >= '2025-01-01' AND r.day < '2025-04-01'
    GROUP BY r.day
)
SELECT date_trunc(%(bucket)s, t, 'Europe/Paris'), sum(value)::float8, avg(value)::float8,
       min(value)::float8, max(value)::float8, count(*), avg(coverage)::float8
FROM series GROUP BY 1 ORDER BY 1
"""
# Days of uneven energy and coverage for three of four points of district 0, and for district 1;
# some days of January have no rollup at all.
ROLLUPS = """
INSERT INTO lamp_rollups_daily (light_point_id, day, energy_wh, coverage)
SELECT p, d::date, 100.0 * p + 7 * extract(doy FROM d) + p * extract(dow FROM d),
       least(1.0, 0.4 + ((p + extract(doy FROM d)::int) %% 7) / 10.0)
FROM unnest(%(points)s::int[]) p
CROSS JOIN generate_series(DATE '2024-12-20', DATE '2025-04-10', interval '1 day') d
WHERE extract(doy FROM d)::int %% 11 <> 0
"""


@pytest.mark.parametrize("bucket", ["day", "month"])
def test_district_buckets_equal_the_sum_of_its_points(db: Conn, db_url: str, bucket: str) -> None:
    """Day and month buckets of a district: the same sums, means, counts and coverage as before."""
    town = make_territory(db, districts=2, points_per_cabinet=4)
    points = list(town.point_ids.values())
    db.execute(ROLLUPS, {"points": points[:3] + points[4:]})
    territory = store.territories(db, "testville")[0]
    span = store.Window(
        datetime(2024, 12, 1, tzinfo=UTC), datetime(2025, 5, 1, tzinfo=UTC), frozenset()
    )
    assert store.recompute_districts(db, territory, span) > 0
    expected = db.execute(
        SUMMED_AT_READ.encode(), {"id": town.district_ids[0], "bucket": bucket}
    ).fetchall()
    viewer = bearer(make_token(db, "viewer"))
    path = (
        f"/v1/assets/district/testville-D0/rollups?bucket={bucket}&limit=500"
        "&from=2025-01-01T00:00:00%2B01:00&to=2025-04-01T00:00:00%2B02:00"
    )
    with api_client(settings_for(db_url)) as client:
        response = client.get(path, headers=viewer)
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == len(expected) == (82 if bucket == "day" else 3)
    for item, row in zip(items, expected, strict=True):
        assert datetime.fromisoformat(item["bucket_start"]) == row[0]
        got = [item[k] for k in ("sum", "mean", "min", "max", "count", "coverage")]
        assert got == pytest.approx(list(row[1:]), rel=1e-6)
