"""The buildings dashboard's occupancy panels, and each as it read the meters' hours at every range.

``hourly_panels/*.sql`` keeps those panels' SQL from before they read ``building_daily``: the
reference their results are compared with, and the reading of hours the long ranges avoid.
"""

from __future__ import annotations

from pathlib import Path

from panel_reader import ALL_QUERIES

from grafana.dashboards import Query

HOURLY_PANELS = Path(__file__).parent / "hourly_panels"
OCCUPANCY_PANELS = {
    "Part de l'électricité consommée hors occupation": "out_of_hours_share",
    "Électricité hors occupation par jour": "out_of_hours_by_day",
    "Heures d'occupation au-dessus de 19 °C": "hours_above_19",
}


def panel(title: str) -> Query:
    """The buildings dashboard's target of that title."""
    return next(q for q in ALL_QUERIES if q.dashboard == "vigie-batiments" and q.name == title)


def hourly(query: Query) -> Query:
    """The same target as it read the meters' hours at every range."""
    sql = (HOURLY_PANELS / f"{OCCUPANCY_PANELS[query.name]}.sql").read_text(encoding="utf-8")
    return Query(query.dashboard, query.kind, query.name, query.ref_id, sql, query.format)
