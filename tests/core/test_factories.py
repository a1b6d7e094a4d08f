"""The small-territory factory builds a schema-valid territory."""

from __future__ import annotations

import psycopg
from factories import make_territory


def test_small_territory_is_consistent(db: psycopg.Connection[tuple[object, ...]]) -> None:
    """Two districts of one cabinet and five LED points each, one school with three meters."""
    made = make_territory(db)
    assert len(made.point_codes) == 10
    assert db.execute(
        "SELECT count(*) FROM light_points_current WHERE technology = 'LED'"
    ).fetchone() == (10,)
    assert db.execute("SELECT count(*) FROM meters").fetchone() == (3,)
