"""Plain functions that put a small, known territory into a test database."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


@dataclass
class SmallTerritory:
    """Ids and codes of what ``make_territory`` created."""

    territory_id: int
    code: str
    district_ids: list[int] = field(default_factory=list)
    cabinet_codes: list[str] = field(default_factory=list)
    point_codes: list[str] = field(default_factory=list)
    point_ids: dict[str, int] = field(default_factory=dict)
    building_codes: list[str] = field(default_factory=list)
    meter_codes: list[str] = field(default_factory=list)
    meter_ids: dict[str, int] = field(default_factory=dict)


def make_territory(  # noqa: PLR0913 - every knob is a keyword with a default
    conn: psycopg.Connection[tuple[object, ...]],
    *,
    code: str = "testville",
    districts: int = 2,
    cabinets_per_district: int = 1,
    points_per_cabinet: int = 5,
    technology: str = "LED",
    nominal_power_w: float = 60.0,
    buildings: int = 1,
) -> SmallTerritory:
    """A territory near Angers with districts, cabinets, light points, buildings and meters."""
    territory_id = _one(
        conn,
        "INSERT INTO territories (code, name, latitude, longitude)"
        " VALUES (%s, %s, 47.47, -0.55) RETURNING id",
        (code, code.title()),
    )
    commune_id = _one(
        conn,
        "INSERT INTO communes (territory_id, insee_code, name) VALUES (%s, '49007', %s)"
        " RETURNING id",
        (territory_id, f"{code.title()} commune"),
    )
    made = SmallTerritory(territory_id=territory_id, code=code)
    for d in range(districts):
        district_id = _one(
            conn,
            "INSERT INTO districts (commune_id, code, name) VALUES (%s, %s, %s) RETURNING id",
            (commune_id, f"{code}-D{d}", f"District {d}"),
        )
        made.district_ids.append(district_id)
        for c in range(cabinets_per_district):
            cabinet_code = f"{code}-C{d}{c}"
            cabinet_id = _one(
                conn,
                "INSERT INTO control_cabinets (code, district_id, latitude, longitude,"
                " remote_controlled) VALUES (%s, %s, 47.47, -0.55, true) RETURNING id",
                (cabinet_code, district_id),
            )
            made.cabinet_codes.append(cabinet_code)
            for p in range(points_per_cabinet):
                point_code = f"{code}-P{d}{c}{p:03d}"
                point_id = _one(
                    conn,
                    "INSERT INTO light_points (code, district_id, cabinet_id, latitude,"
                    " longitude) VALUES (%s, %s, %s, 47.47, -0.55) RETURNING id",
                    (point_code, district_id, cabinet_id),
                )
                conn.execute(
                    "INSERT INTO light_point_equipment (light_point_id, valid_from, technology,"
                    " nominal_power_w, ballast_loss_pct, lamp_installed_on, rated_life_h,"
                    " controller_id, remote_controlled, dimmable)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, true, %s)",
                    (
                        point_id,
                        date(2015, 1, 1),
                        technology,
                        nominal_power_w,
                        0.0 if technology == "LED" else 15.0,
                        date(2015, 1, 1),
                        100_000 if technology == "LED" else 24_000,
                        f"CTRL-{point_code}",
                        technology == "LED",
                    ),
                )
                made.point_codes.append(point_code)
                made.point_ids[point_code] = point_id
    for b in range(buildings):
        building_code = f"{code}-B{b}"
        building_id = _one(
            conn,
            "INSERT INTO buildings (code, name, category, commune_id, floor_area_m2)"
            " VALUES (%s, %s, 'school', %s, 1200) RETURNING id",
            (building_code, f"School {b}", commune_id),
        )
        made.building_codes.append(building_code)
        for quantity, unit, kind, register_max in (
            ("electricity", "kWh", "cumulative", 1_000_000.0),
            ("gas", "kWh", "interval", None),
            ("indoor_temperature", "degC", "instant", None),
        ):
            meter_code = f"{building_code}-{quantity[:4].upper()}"
            meter_id = _one(
                conn,
                "INSERT INTO meters (code, building_id, quantity, unit, reading_kind,"
                " register_max) VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                (meter_code, building_id, quantity, unit, kind, register_max),
            )
            made.meter_codes.append(meter_code)
            made.meter_ids[meter_code] = meter_id
    return made


def _one(
    conn: psycopg.Connection[tuple[object, ...]], query: str, params: tuple[object, ...]
) -> int:
    row = conn.execute(query.encode(), params).fetchone()
    assert row is not None
    return int(str(row[0]))


def login_url(db_url: str, group: str) -> str:
    """The URL of ``db_url`` for a login role that is a member of ``group`` and nothing else.

    The role (``<group>_login``) is made once for the test cluster, as a deployment makes one
    per program (deploy/postgres/initdb/20-service-roles.sh).
    """
    login = f"{group}_login"
    with psycopg.connect(db_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
        # Another test process may make it meanwhile: that one is as good.
        if exists is None:
            with contextlib.suppress(psycopg.errors.DuplicateObject):
                conn.execute(
                    sql.SQL("CREATE ROLE {} LOGIN IN ROLE {}").format(
                        sql.Identifier(login), sql.Identifier(group)
                    )
                )
    parts = urlsplit(db_url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{login}@{host}"))
