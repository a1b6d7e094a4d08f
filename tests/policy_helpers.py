"""Plain functions for the policy's tests: streets, a policy folder, a fingerprint of the policy."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import psycopg

Conn = psycopg.Connection[tuple[object, ...]]

# Where make_territory's light points of district 0 stand (longitude, latitude) and their streets.
D0_STREETS = ("Rue des Lilas", "Rue des Lilas", "Rue des Lilas", "Avenue Foch", "Avenue Foch")
LATE_POINT = "LATE-1"  # a point of district 0 added by later works, on the Rue des Lilas


def lay_out_streets(conn: Conn, code: str = "testville") -> None:
    """Give make_territory's points distinct positions and streets, and add a later point.

    District 0's five points stand 0.001° apart eastward from (-0.550, 47.470), on the Rue des
    Lilas (0-2) and the Avenue Foch (3-4); district 1's on the Rue Haute at latitude 47.480.
    ``LATE_POINT`` joins district 0, Rue des Lilas, with equipment from 2024-06-01.
    """
    for district, latitude in ((0, 47.470), (1, 47.480)):
        for index in range(5):
            street = D0_STREETS[index] if district == 0 else "Rue Haute"
            conn.execute(
                "UPDATE light_points SET longitude = %s, latitude = %s, street = %s"
                " WHERE code = %s",
                (-0.550 + 0.001 * index, latitude, street, f"{code}-P{district}0{index:03d}"),
            )
    row = conn.execute(
        "INSERT INTO light_points (code, district_id, latitude, longitude, street)"
        " SELECT %s, id, 47.470, -0.545, 'rue des  LILAS' FROM districts WHERE code = %s"
        " RETURNING id",
        (LATE_POINT, f"{code}-D0"),
    ).fetchone()
    assert row is not None
    conn.execute(
        "INSERT INTO light_point_equipment (light_point_id, valid_from, technology,"
        " nominal_power_w) VALUES (%s, %s, 'LED', 40)",
        (row[0], date(2024, 6, 1)),
    )


def scope_points(conn: Conn, action: str, role: str = "treated") -> set[str]:
    """The codes of the light points an action's scope names (action_scope_light_points)."""
    rows = conn.execute(
        "SELECT lp.code FROM action_scope_light_points s"
        " JOIN light_points lp ON lp.id = s.light_point_id"
        " JOIN actions a ON a.id = s.action_id WHERE a.code = %s AND s.role = %s",
        (action, role),
    ).fetchall()
    return {str(r[0]) for r in rows}


POLICY_TABLES = (
    "people",
    "person_roles",
    "policies",
    "missions",
    "actions",
    "budget_lines",
    "scope_areas",
    "action_scopes",
    "indicators",
    "indicator_targets",
    "policy_changes",
)


def fingerprint(conn: Conn) -> dict[str, object]:
    """A digest of every table a policy writer may change, rows and all."""
    digest: dict[str, object] = {}
    for table in POLICY_TABLES:
        row = conn.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"  # noqa: S608 - table names of this module
            f" FROM {table} t"
        ).fetchone()
        digest[table] = row
    return digest


FOLDER = {
    "people.csv": """email,name,department
ada@town.example.org,Ada Pilot,Éclairage public
lea@town.example.org,Lea Lead,Éclairage public
""",
    "roles.csv": """person,role
ada@town.example.org,pilot
lea@town.example.org,admin
lea@town.example.org,evaluator
""",
    "policy.csv": """territory,code,title,ambition
testville,SMART,Smart town,"Less energy, better light"
""",
    "missions.csv": """policy,code,title,domain,lead
SMART,LIGHT,Street lighting,lighting,lea@town.example.org
""",
    "actions.csv": """code,mission,title,status,term,pilot,planned_start,planned_end,actual_start,\
projected_saving_pct,saving_commitment
L-D0,LIGHT,Renovate district 0,in_progress,short,ada@town.example.org,2024-01-01,2024-06-30,\
2024-01-15,55.5,guaranteed
L-LILAS,LIGHT,Renovate the Rue des Lilas,planned,,ada@town.example.org,2025-01-01,2025-03-31,,,
""",
    "budgets.csv": """mission,action,year,planned_eur,committed_eur,spent_eur
LIGHT,,2024,50000,0,0
LIGHT,L-D0,2024,120000,100000,25000.50
""",
    "areas.geojson": """{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"name": "west-d1"},
  "geometry": {"type": "Polygon", "coordinates": [[[-0.5505, 47.479], [-0.5485, 47.479],
   [-0.5485, 47.481], [-0.5505, 47.481], [-0.5505, 47.479]]]}}]}
""",
    "scopes.csv": """action,kind,code,street,existed_on,area
L-D0,district,testville-D0,,2024-01-01,
L-LILAS,street,testville-D0,Rue des Lilas,,
""",
    "control_groups.csv": """action,kind,code,street,existed_on,area
L-D0,area,,,,west-d1
""",
    "indicators.csv": """code,title,kind,unit,direction,action,mission,computation,parameters,\
baseline_value,baseline_on
L-D0-LED,LED points of district 0,activity,points,increase,L-D0,,light_points_renovated,\
since=2024-01-01,0,2024-01-01
LIGHT-KWH,Street-lighting energy,effect,kWh,decrease,,LIGHT,energy_consumed_kwh,,,
LIGHT-SURVEY,Residents satisfied,effect,%,increase,,LIGHT,,,,
""",
    "targets.csv": """indicator,target_on,value
L-D0-LED,2024-06-30,5
LIGHT-SURVEY,2025-12-31,80
""",
}


def write_policy_folder(path: Path, **changes: str) -> Path:
    """The example policy folder of testville in ``path``; ``changes`` replace whole files."""
    path.mkdir(parents=True, exist_ok=True)
    for name, text in (FOLDER | changes).items():
        (path / name).write_text(text, encoding="utf-8")
    return path
