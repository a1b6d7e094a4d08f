"""A month of the whole fleet's light-point readings, as controllers send them, for COPY.

The values follow the simulator's lamp model (``simulator.lamps``): lit from sunset to sunrise,
LED dimmed to half from 22:30 to 05:00 local time, a 4 % jitter on the power, the line voltage
between 229 and 233 V, cumulative energy and burning hours, and the receive time a second or so
after ``ts`` as the collector's batches commit. Rows are stored as the collector stores them, in
``lamp_readings_stored`` as integers of their resolution (migration 0164), built with numpy in
PostgreSQL's binary COPY format, an hour of the fleet at a time in ``ts`` order (one layout of
row after the other), so that a month of Angers (about 216 M rows) is written in minutes and the
server, not the client, is the limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import psycopg

from rules.sun import nights
from simulator.lamps import CONTROLLER_STANDBY_W, DIM_FROM, DIM_TO, DIMMED_LEVEL

STEP = timedelta(minutes=10)
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # PostgreSQL's timestamp origin
HEADER = b"PGCOPY\n\xff\r\n\x00" + b"\x00" * 8
TRAILER = b"\xff\xff"
BATCH_ROWS = 5_000  # rows a collector batch commits at once: they share ``received_at``

LIT = (
    "light_point_id", "ts", "received_after_ms", "power_state", "power_dw", "dimming_pct",
    "energy_wh", "voltage_dv", "current_ma", "power_factor_pct", "lamp_operating_dh",
    "lamp_switch_counter", "lamp_failure", "day_burner", "cycling_failure",
)  # fmt: skip
DARK = tuple(c for c in LIT if c not in {"voltage_dv", "current_ma", "power_factor_pct"})
TYPES = {
    "light_point_id": ">i4", "ts": ">i8", "received_after_ms": ">i8", "power_dw": ">i4",
    "dimming_pct": ">i2", "energy_wh": ">i8", "voltage_dv": ">i2", "current_ma": ">i4",
    "power_factor_pct": ">i2", "lamp_operating_dh": ">i4", "lamp_switch_counter": ">i4",
    "lamp_failure": "u1", "day_burner": "u1", "cycling_failure": "u1",
}  # fmt: skip
FLEET = """
SELECT lp.id, lp.nominal_power_w * (1 + lp.ballast_loss_pct / 100.0), lp.technology = 'LED',
       lp.dimmable
FROM light_points_current lp
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE t.code = %s
ORDER BY lp.id
"""
TERRITORY = "SELECT latitude, longitude, timezone FROM territories WHERE code = %s"


@dataclass(frozen=True)
class Fleet:
    """Each light point's constants, in id order."""

    ids: np.ndarray
    system_w: np.ndarray  # lamp and ballast at full output
    led: np.ndarray
    dimmable: np.ndarray
    energy_base_wh: np.ndarray
    hours_base: np.ndarray
    latitude: float
    longitude: float
    zone: ZoneInfo


def load_fleet(conn: psycopg.Connection[tuple[object, ...]], territory: str) -> Fleet:
    """The light points of ``territory`` and where the territory lies."""
    rows = conn.execute(FLEET, (territory,)).fetchall()
    place = conn.execute(TERRITORY, (territory,)).fetchone()
    assert rows
    assert place is not None
    rng = np.random.default_rng(11)
    return Fleet(
        ids=np.array([r[0] for r in rows], dtype=np.int32),
        system_w=np.array([float(str(r[1])) for r in rows]),
        led=np.array([bool(r[2]) for r in rows]),
        dimmable=np.array([bool(r[3]) for r in rows]),
        energy_base_wh=np.round(rng.uniform(0, 50_000, len(rows))),
        hours_base=np.round(rng.uniform(0, 30_000, len(rows)), 1),
        latitude=float(str(place[0])),
        longitude=float(str(place[1])),
        zone=ZoneInfo(str(place[2])),
    )


def share(fleet: Fleet, part: int, parts: int) -> Fleet:
    """Every ``parts``-th point of ``fleet`` from the ``part``-th: one writer's share."""
    pick = slice(part, None, parts)
    return replace(
        fleet,
        ids=fleet.ids[pick],
        system_w=fleet.system_w[pick],
        led=fleet.led[pick],
        dimmable=fleet.dimmable[pick],
        energy_base_wh=fleet.energy_base_wh[pick],
        hours_base=fleet.hours_base[pick],
    )


def _dtype(columns: tuple[str, ...], state: str) -> np.dtype[np.void]:
    fields: list[tuple[str, str]] = [("count", ">i2")]
    for column in columns:
        kind = f"S{len(state)}" if column == "power_state" else TYPES[column]
        fields += [(f"{column}_len", ">i4"), (column, kind)]
    return np.dtype(fields)


class Month:
    """Readings of ``fleet`` from ``start`` to ``end``, as binary COPY data."""

    ORIGIN = datetime(2020, 1, 1, tzinfo=UTC)  # energy and burning hours count from here

    def __init__(self, fleet: Fleet, start: datetime, end: datetime) -> None:
        self.fleet, self.start, self.end = fleet, start, end
        lat, lon = fleet.latitude, fleet.longitude
        before = nights(lat, lon, self.ORIGIN, start, timedelta(0))
        self.dark_hours = (
            sum(max(0.0, (min(b, start) - max(a, self.ORIGIN)).total_seconds()) for a, b in before)
            / 3600
        )
        self.spans = [s for s in nights(lat, lon, start, end, timedelta(0)) if s[1] > start]
        self.rng = np.random.default_rng(int(start.timestamp()))

    def dark(self, ts: datetime) -> bool:
        """Whether the sky is dark at ``ts`` (between sunset and sunrise)."""
        return any(a <= ts < b for a, b in self.spans)

    def batches(self, steps: int) -> Iterator[tuple[int, list[tuple[tuple[str, ...], bytes]]]]:
        """Each ``steps`` steps: their row count, and (columns, COPY data) per layout of row."""
        ts = self.start
        while ts < self.end:
            groups: dict[tuple[tuple[str, ...], str], list[np.ndarray]] = {}
            rows = 0
            for _ in range(steps):
                if ts >= self.end:
                    break
                for key, block in self.step(ts):
                    groups.setdefault(key, []).append(block)
                    rows += len(block)
                ts += STEP
            data = [
                (columns, b"".join([HEADER, *(b.tobytes() for b in blocks), TRAILER]))
                for (columns, _), blocks in groups.items()
            ]
            yield rows, data

    def step(self, ts: datetime) -> Iterator[tuple[tuple[tuple[str, ...], str], np.ndarray]]:
        """The fleet's readings at ``ts``, one array per layout (lit at full, dimmed, dark)."""
        f, n = self.fleet, len(self.fleet.ids)
        lit = self.dark(ts)
        local = ts.astimezone(f.zone)
        hour = local.hour + local.minute / 60
        dimmed = f.dimmable & (hour >= DIM_FROM or hour < DIM_TO)
        level = np.where(dimmed, DIMMED_LEVEL, 1.0)
        jitter = 1 + 0.04 * (self.rng.random(n) - 0.5)
        power = np.where(f.led, f.system_w * (0.08 + 0.92 * level), f.system_w) * jitter
        power = np.round(np.where(lit, power, 0.0) + CONTROLLER_STANDBY_W, 1)
        if lit:
            self.dark_hours += STEP.total_seconds() / 3600
        mean_w = f.system_w * np.where(f.dimmable, 0.7, 1.0)  # dimming averaged over the night
        lag_us = self.rng.integers(300_000, 1_500_000) + np.arange(n) // BATCH_ROWS * 120_000
        us = int((ts - EPOCH).total_seconds()) * 1_000_000
        values: dict[str, np.ndarray] = {
            "light_point_id": f.ids,
            "ts": np.full(n, us, dtype=np.int64),
            "received_after_ms": lag_us // 1000,
            "power_dw": np.rint(power * 10),
            "energy_wh": np.rint(f.energy_base_wh + mean_w * self.dark_hours),
            "lamp_operating_dh": np.rint((f.hours_base + self.dark_hours) * 10),
            "lamp_switch_counter": (f.hours_base / 11.5).astype(np.int32),
            "lamp_failure": np.zeros(n, dtype=np.uint8),
            "day_burner": np.zeros(n, dtype=np.uint8),
            "cycling_failure": np.zeros(n, dtype=np.uint8),
        }
        if not lit:
            yield (DARK, "off"), self._pack(DARK, "off", values, np.ones(n, dtype=bool), 0)
            return
        voltage = np.round(229 + 4 * self.rng.random(n), 1)
        pf = np.where(f.led, 0.95, 0.85)
        current = np.round(power / (voltage * pf), 3)
        values |= {
            "voltage_dv": np.rint(voltage * 10),
            "power_factor_pct": np.rint(pf * 100),
            "current_ma": np.rint(current * 1000),
        }
        yield (LIT, "on"), self._pack(LIT, "on", values, ~dimmed, 100)
        yield (LIT, "low"), self._pack(LIT, "low", values, dimmed, round(DIMMED_LEVEL * 100))

    @staticmethod
    def _pack(
        columns: tuple[str, ...], state: str, values: dict[str, np.ndarray], which: np.ndarray,
        dimming: int,
    ) -> np.ndarray:  # fmt: skip
        dtype = _dtype(columns, state)
        block = np.zeros(int(which.sum()), dtype=dtype)
        block["count"] = len(columns)
        for column in columns:
            kind = dtype[column]
            block[f"{column}_len"] = kind.itemsize
            if column == "power_state":
                block[column] = state.encode()
            elif column == "dimming_pct":
                block[column] = dimming
            else:
                block[column] = values[column][which]
        return block


def write(
    conn: psycopg.Connection[tuple[object, ...]], month: Month, steps: int = 6
) -> Iterator[int]:
    """Write ``month`` with COPY, ``steps`` steps per transaction; the rows of each."""
    for rows, data in month.batches(steps):
        with conn.transaction():
            for columns, payload in data:
                names = ", ".join(columns)
                statement = f"COPY lamp_readings_stored ({names}) FROM STDIN (FORMAT BINARY)"
                with conn.cursor().copy(statement.encode()) as copy:
                    copy.write(payload)
        yield rows


def write_parallel(url: str, fleet: Fleet, start: datetime, end: datetime, writers: int) -> int:
    """Write the readings from ``start`` to ``end`` over ``writers`` connections; how many.

    Each writer takes its share of the points for the whole span, as several collectors of a
    shared subscription would: one server process per connection does the inserting.
    """

    def one(part: int) -> int:
        with psycopg.connect(url) as conn:
            return sum(write(conn, Month(share(fleet, part, writers), start, end)))

    with ThreadPoolExecutor(writers) as pool:
        return sum(pool.map(one, range(writers)))
