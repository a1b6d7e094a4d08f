"""The built-in indicators of a smart-territory policy (the Angers reference case).

``define_builtin_indicators(conn, "TI")`` attaches to the policy's missions and actions:

- mission "lighting": LED points, HPS points remaining (target: about 8,000 left when the plan
  ends, per the city's December 2023 recommendation), ISO 37122 7.6 and 7.7, energy consumed,
  energy and euros saved, tCO2e avoided, ISO 37120 7.6 (kWh per km of lit street);
- each action of the lighting mission that treats a scope: LED points (target: its whole
  scope by its planned end), % saved (target 60 %, the low end of the LED savings seen in
  Angers), kWh saved, % of its budget spent;
- every mission: % of its budget committed and spent;
- mission "buildings": kWh per m², the décret buildings' consumption of the year to date on the
  normal climate, and its gap to the décret tertiaire path (target: on the path, i.e. 0 %, every
  year to 2030; graded by distance: within 2 points sunny, 10 cloudy, 20 rainy, beyond stormy).

Running it again updates the definitions in place; values already computed are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, NamedTuple

from aggregation import store_indicators
from core.database import Connection

PROGRAMME_START = date(2020, 1, 1)
PROGRAMME_END = date(2031, 12, 31)
HPS_DEADLINE = date(2027, 2, 24)
HPS_LEFT_AFTER_PLAN = 8000.0
ACTION_SAVING_TARGET_PCT = 60.0
DECREE_TOLERANCE_PTS = [2.0, 10.0, 20.0]  # sunny, cloudy, rainy: points above the path

Definition = tuple[dict[str, Any], list[tuple[date, float]]]


class Spec(NamedTuple):
    """What an indicator is: code suffix, title, kind, unit, direction and computation."""

    suffix: str
    title: str
    kind: str
    unit: str
    direction: str
    computation: str


LIGHTING = (
    Spec(
        "ISO37122-7.6",
        "Light points remotely managed (ISO 37122 7.6)",
        "activity",
        "%",
        "increase",
        "share_remotely_managed",
    ),
    Spec(
        "ISO37122-7.7",
        "Light points refurbished in the period (ISO 37122 7.7)",
        "activity",
        "%",
        "increase",
        "share_refurbished",
    ),
    Spec(
        "ENERGY",
        "Street-lighting energy consumed",
        "effect",
        "kWh",
        "decrease",
        "energy_consumed_kwh",
    ),
    Spec(
        "ISO37120-7.6",
        "Street-lighting kWh per km of lit street (ISO 37120 7.6)",
        "effect",
        "kWh/km",
        "decrease",
        "kwh_per_km_lit_street",
    ),
    Spec(
        "SAVED-KWH",
        "Energy saved by the renovations",
        "effect",
        "kWh",
        "increase",
        "energy_saved_kwh",
    ),
    Spec("SAVED-EUR", "Euros saved", "effect", "EUR", "increase", "euros_saved"),
    Spec("TCO2E", "Emissions avoided", "effect", "tCO2e", "increase", "co2_avoided_t"),
)
LED = Spec(
    "LED",
    "Light points renovated to LED",
    "activity",
    "points",
    "increase",
    "light_points_renovated",
)
HPS = Spec(
    "HPS", "HPS light points remaining", "activity", "points", "decrease", "hps_points_remaining"
)
SAVED_PCT = Spec(
    "SAVED-PCT",
    "Energy saved against the counterfactual",
    "effect",
    "%",
    "increase",
    "energy_saved_pct",
)
SAVED_KWH = Spec("SAVED-KWH", "Energy saved", "effect", "kWh", "increase", "energy_saved_kwh")
SPENT = Spec("SPENT", "Budget spent, share of planned", "means", "%", "increase", "budget_share")
COMMITTED = Spec(
    "COMMITTED", "Budget committed, share of planned", "means", "%", "increase", "budget_share"
)
KWH_M2 = Spec(
    "KWH-M2", "Buildings' energy per m²", "effect", "kWh/m2", "decrease", "building_kwh_per_m2"
)
CLIMATE = Spec(
    "CLIMATE-KWH",
    "Décret-tertiaire buildings' consumption of the year to date, normal climate",
    "effect",
    "kWh",
    "decrease",
    "climate_corrected_kwh",
)
DECREE = Spec(
    "DECREE-GAP",
    "Gap to the décret tertiaire path, year to date (normal climate)",
    "effect",
    "%",
    "decrease",
    "decree_path_gap_pct",
)


def define_builtin_indicators(conn: Connection, policy_code: str) -> int:
    """Define the built-in indicators of a policy and their targets; return how many."""
    tree = store_indicators.policy_tree(conn, policy_code)
    count = 0
    with conn.transaction():
        for definition, targets in _definitions(policy_code, tree):
            indicator_id = store_indicators.define_indicator(conn, definition)
            for target_on, value in targets:
                store_indicators.set_target(conn, indicator_id, target_on, value)
            count += 1
    return count


def _indicator(
    prefix: str,
    spec: Spec,
    owner: tuple[int | None, int | None],
    parameters: dict[str, Any] | None = None,
    baseline: tuple[float, date] | None = None,
) -> dict[str, Any]:
    """A definition; ``owner`` is (mission id, action id), the action winning when both."""
    mission_id, action_id = owner
    return {
        "code": f"{prefix}-{spec.suffix}",
        "title": spec.title,
        "kind": spec.kind,
        "unit": spec.unit,
        "direction": spec.direction,
        "computation": spec.computation,
        "mission_id": None if action_id else mission_id,
        "action_id": action_id,
        "parameters": parameters or {},
        "baseline_value": baseline[0] if baseline else None,
        "baseline_on": baseline[1] if baseline else None,
    }


def _definitions(policy: str, tree: list[dict[str, Any]]) -> Iterator[Definition]:
    missions = {r["mission_id"]: (r["mission_code"], r["domain"]) for r in tree}
    for mission_id, (code, domain) in missions.items():
        prefix, owner = f"{policy}-{code}", (mission_id, None)
        for spec, field in ((COMMITTED, "committed"), (SPENT, "spent")):
            parameters = {"field": field}
            yield (
                _indicator(prefix, spec, owner, parameters, (0.0, PROGRAMME_START)),
                [(PROGRAMME_END, 100.0)],
            )
        if domain == "lighting":
            actions = [r for r in tree if r["mission_id"] == mission_id and r["scope_points"]]
            yield from _lighting(prefix, owner, actions)
            for action in actions:
                yield from _renovation(policy, action)
        if domain == "buildings":
            yield _indicator(prefix, KWH_M2, owner), []
            yield _indicator(prefix, CLIMATE, owner), []
            tolerance = {"tolerance": DECREE_TOLERANCE_PTS}
            yield _indicator(prefix, DECREE, owner, tolerance), [(date(2030, 12, 31), 0.0)]


def _lighting(
    prefix: str, owner: tuple[int | None, int | None], actions: list[dict[str, Any]]
) -> Iterator[Definition]:
    planned = float(sum(a["scope_points"] for a in actions))
    last_end = max((a["planned_end"] for a in actions if a["planned_end"]), default=PROGRAMME_END)
    since = {"since": PROGRAMME_START.isoformat()}
    yield (
        _indicator(prefix, LED, owner, since, (0.0, PROGRAMME_START)),
        [(last_end, planned)] if planned else [],
    )
    yield _indicator(prefix, HPS, owner), [(HPS_DEADLINE, HPS_LEFT_AFTER_PLAN)]
    yield _indicator(prefix, SAVED_PCT, owner), [(PROGRAMME_END, ACTION_SAVING_TARGET_PCT)]
    for spec in LIGHTING:
        yield _indicator(prefix, spec, owner), []


def _renovation(policy: str, action: dict[str, Any]) -> Iterator[Definition]:
    prefix = f"{policy}-{action['action_code']}"
    owner = (None, int(action["action_id"]))
    start = action["planned_start"] or PROGRAMME_START
    end = action["planned_end"] or PROGRAMME_END
    since = {"since": start.isoformat()}
    yield (
        _indicator(prefix, LED, owner, since, (0.0, start)),
        [(end, float(action["scope_points"]))],
    )
    yield _indicator(prefix, SAVED_PCT, owner), [(end, ACTION_SAVING_TARGET_PCT)]
    yield _indicator(prefix, SAVED_KWH, owner), []
    yield (_indicator(prefix, SPENT, owner, {"field": "spent"}, (0.0, start)), [(end, 100.0)])
