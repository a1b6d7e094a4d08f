"""The buildings dashboard's panels that read building days, and each as it read meters' hours.

``hourly_panels/*.sql`` keeps the occupancy panels' SQL from before they read ``building_daily``
(occupancy judged on the clock of the territory, as now), and the temperature panel as a mean of
the meters' hours per UTC day: the reference their results are compared with, and the reading of
hours the long ranges avoid.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from panel_reader import ALL_QUERIES

from grafana.dashboards import Query

HOURLY_PANELS = Path(__file__).parent / "hourly_panels"
OCCUPANCY_PANELS = {
    "Part de l'électricité consommée hors occupation": "out_of_hours_share",
    "Électricité hors occupation par jour": "out_of_hours_by_day",
    "Heures d'occupation au-dessus de 19 °C": "hours_above_19",
}
TEMPERATURE = "Température intérieure (consigne 19 °C)"
DAILY_UP_FROM = timedelta(days=30)  # beyond it the temperature panel reads a mean per day
REFERENCES = {**OCCUPANCY_PANELS, TEMPERATURE: "temperature_by_day"}


def panel(title: str) -> Query:
    """The buildings dashboard's target of that title."""
    return next(q for q in ALL_QUERIES if q.dashboard == "vigie-batiments" and q.name == title)


def hourly(query: Query) -> Query:
    """The same target reading the meters' hours at every range (a day's mean of temperature)."""
    sql = (HOURLY_PANELS / f"{REFERENCES[query.name]}.sql").read_text(encoding="utf-8")
    return Query(query.dashboard, query.kind, query.name, query.ref_id, sql, query.format)
