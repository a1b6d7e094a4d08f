"""What ``vigie demo`` prints: the policy's missions, the renovation actions, the live status."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from aggregation.store import territories
from aggregation.store_effects import effects_report
from core.database import Connection
from core.sql import Queries
from registry import store as registry

QUERIES = Queries.of_package("vigie")
WEATHER = {"sunny": "☀ sunny", "cloudy": "⛅ cloudy", "rainy": "🌧 rainy", "stormy": "⛈ stormy"}


def print_summary(console: Console, conn: Connection, territory: str) -> None:
    """The missions with budgets and météo, then each action's measured effect."""
    places = territories(conn, territory)
    if not places:
        return
    place = places[0]
    summary = registry.territory_summary(conn, place.id)
    console.print(
        f"\n[bold]{place.code}[/]: {summary['sodium_points']:,} high-pressure sodium points "
        "remain (sodium lamps leave the EU market on 24 Feb 2027)"
    )
    console.print(_missions(conn, territory))
    console.print(_effects(effects_report(conn, place.id)))


def _missions(conn: Connection, territory: str) -> Table:
    table = Table(title="Missions of the policy", title_justify="left")
    for column in ("mission", "planned €", "committed €", "spent €", "météo"):
        table.add_column(column, justify="left" if column in {"mission", "météo"} else "right")
    cur = conn.execute(QUERIES["demo_missions"], {"territory": territory})
    for code, title, planned, committed, spent, meteo in cur:
        table.add_row(
            f"{code} {title}", _euros(planned), _euros(committed), _euros(spent),
            WEATHER.get(str(meteo), str(meteo or "no data")),
        )  # fmt: skip
    return table


def _effects(rows: list[dict[str, Any]]) -> Table:
    """Each action's headline figure; the methods that gave none, and why, in the caption."""
    table = Table(title="Effects of the actions (headline figure of each)", title_justify="left")
    for column in ("action", "method", "saved a year", "95 % interval", "saved", "notes"):
        table.add_column(column, justify="right" if column.startswith(("saved", "95")) else "left")
    empty: dict[str, dict[str, list[str]]] = {}
    for row in rows:
        if not row["headline"]:
            if row["saved_kwh"] is None:
                why = ", ".join(w for w in row["warnings"] if w.startswith("no_")) or "no figure"
                empty.setdefault(row["method"], {}).setdefault(why, []).append(row["code"])
            continue
        annual, low, high = (row[k] for k in ("annual_saved_kwh", "annual_saved_kwh_low",
                                               "annual_saved_kwh_high"))  # fmt: skip
        pct = row["saved_pct"]
        notes = ([] if row["reliable"] else ["not to be relied on"]) + list(row["warnings"])
        table.add_row(
            row["code"],
            f"{row['method']} ({row['boundary']}, IPMVP {row['ipmvp_option']})",
            "—" if annual is None else f"{_kwh(annual)} kWh",
            "—" if low is None or high is None else f"{_kwh(low)} … {_kwh(high)} kWh",
            "—" if pct is None else f"{pct:.1f} %",
            ", ".join(notes),
        )
    table.caption = "; ".join(
        f"{method}: no figure for {', '.join(codes)} ({why})"
        for method, whys in sorted(empty.items())
        for why, codes in sorted(whys.items())
    )
    table.caption_justify = "left"
    return table


def status_line(conn: Connection, dead: list[str]) -> Text:
    """One line: readings stored, dead letters, open alerts, and any child that died."""
    row = conn.execute(QUERIES["demo_status"]).fetchone()
    readings, dead_letters, open_alerts, serious, last = row or (0, 0, 0, 0, None)
    text = Text(
        f"{readings:,} readings stored · {dead_letters:,} dead letters · "
        f"{open_alerts:,} open alerts ({serious:,} high or critical) · "
        f"last batch {last:%H:%M:%S}"
        if last
        else "waiting for the first batch"
    )
    if dead:
        text.append(f" · stopped: {', '.join(dead)} (see their logs)", style="bold red")
    return text


def _euros(value: Decimal) -> str:
    return f"{value:,.0f}".replace(",", " ")


def _kwh(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")
