"""Drawn areas in the database (migration 0086), against shapes whose inside is known."""

from __future__ import annotations

from collections.abc import Mapping

import psycopg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg.types.json import Jsonb

Conn = psycopg.Connection[tuple[object, ...]]
COORDINATE = st.integers(min_value=-1000, max_value=1000).map(lambda i: i / 100)


def _box(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def _inside(conn: Conn, geometry: Mapping[str, object], x: float, y: float) -> bool:
    row = conn.execute(
        "SELECT vigie_in_area(vigie_area_rings(%s), point(%s, %s))"
        " AND vigie_area_bounds(%s) @> point(%s, %s)",
        (Jsonb(dict(geometry)), x, y, Jsonb(dict(geometry)), x, y),
    ).fetchone()
    assert row is not None
    return bool(row[0])


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    corners=st.lists(COORDINATE, min_size=4, max_size=4, unique=True),
    hole=st.tuples(st.floats(0.1, 0.4), st.floats(0.6, 0.9)),
    point=st.tuples(COORDINATE, COORDINATE),
)
def test_a_point_is_inside_a_polygon_with_a_hole_exactly_when_geometry_says(
    db: Conn, corners: list[float], hole: tuple[float, float], point: tuple[float, float]
) -> None:
    """Inside the outer ring and outside the hole, or not: as the rectangles' arithmetic says."""
    x0, x1 = sorted(corners[:2])
    y0, y1 = sorted(corners[2:])
    hx0, hx1 = x0 + hole[0] * (x1 - x0), x0 + hole[1] * (x1 - x0)
    hy0, hy1 = y0 + hole[0] * (y1 - y0), y0 + hole[1] * (y1 - y0)
    x, y = point
    on_an_edge = x in {x0, x1, hx0, hx1} or y in {y0, y1, hy0, hy1}
    if on_an_edge:
        return
    expected = x0 < x < x1 and y0 < y < y1 and not (hx0 < x < hx1 and hy0 < y < hy1)
    geometry = {"type": "Polygon", "coordinates": [_box(x0, y0, x1, y1), _box(hx0, hy0, hx1, hy1)]}
    assert _inside(db, geometry, x, y) == expected


def test_a_multipolygon_holds_the_points_of_each_of_its_polygons(db: Conn) -> None:
    """Two squares: a point in either is inside, a point between them is not."""
    geometry = {"type": "MultiPolygon", "coordinates": [[_box(0, 0, 1, 1)], [_box(2, 0, 3, 1)]]}
    assert _inside(db, geometry, 0.5, 0.5)
    assert _inside(db, geometry, 2.5, 0.5)
    assert not _inside(db, geometry, 1.5, 0.5)


def test_a_concave_outline_leaves_its_notch_out(db: Conn) -> None:
    """An L shape: the corner it does not cover is outside, its two arms inside."""
    ell = [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]
    geometry = {"type": "Polygon", "coordinates": [ell]}
    assert _inside(db, geometry, 1.5, 0.5)
    assert _inside(db, geometry, 0.5, 1.5)
    assert not _inside(db, geometry, 1.5, 1.5)
