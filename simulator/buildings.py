"""What a building meter measures, from the weather and the building's use.

Heating energy is proportional to degree-hours below 18 °C (the French DJU base), reduced when
the building is unoccupied (set-back); electricity and water follow occupancy; indoor
temperature follows the heating schedule. Cumulative registers are integrated in three-hour
steps from 2020-01-01, so a meter's index at an instant never depends on when the simulation
started, and it never goes back except when the register rolls over at ``register_max``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from simulator.chance import unit
from simulator.sky import Sky
from simulator.territory import Meter

BASE_C = 18.0
HEATING_KWH_PER_M2_DJU = 110 / 2_400  # ~110 kWh/m2 a year for ~2,400 degree-days
ELECTRICITY_KWH_PER_M2_YEAR = 35.0
WATER_M3_PER_M2_YEAR = 0.3
SETBACK = 0.6  # heating share kept when the building is empty
OCCUPIED_FROM, OCCUPIED_TO = 8, 18
STEP_H = 3
EPOCH = date(2020, 1, 1)  # registers are integrated from here; earlier instants read the base
_FIELDS = {
    "electricity": "totalActiveEnergyImport",
    "gas": "gasEnergyImport",
    "heat": "heatEnergyImport",
    "water": "waterVolumeImport",
    "indoor_temperature": "temperature",
}
_UNIT_FACTORS = {"kWh": 1.0, "Wh": 1 / 1000, "m3": 1.0, "L": 1 / 1000, "degC": 1.0}


def occupied(category: str, local: datetime) -> bool:
    """Whether a public building of ``category`` is in use at local time ``local``."""
    if category in {"sports", "culture"}:
        return 9 <= local.hour < 22  # noqa: PLR2004 - evening opening hours
    weekday = local.weekday() < 5  # noqa: PLR2004 - Monday to Friday
    if category == "school" and local.weekday() == 2:  # noqa: PLR2004 - no school on Wednesday afternoons
        return weekday and OCCUPIED_FROM <= local.hour < 12  # noqa: PLR2004 - noon
    return weekday and OCCUPIED_FROM <= local.hour < OCCUPIED_TO


@dataclass
class MeterModel:
    """Readings of every building meter of one territory."""

    seed: int
    sky: Sky
    zone: tzinfo
    _daily: dict[tuple[str, str], list[float]] = field(default_factory=dict)

    def rate_per_h(self, quantity: str, category: str, area: float, ts: datetime) -> float:
        """Consumption per hour at ``ts`` in the payload unit (kWh, m3)."""
        busy = occupied(category, ts.astimezone(self.zone))
        if quantity in {"gas", "heat"}:
            degrees = max(0.0, BASE_C - self.sky.outdoor_c(ts))
            return area * HEATING_KWH_PER_M2_DJU / 24 * degrees * (1.0 if busy else SETBACK)
        if quantity == "electricity":
            return area * ELECTRICITY_KWH_PER_M2_YEAR / 8_760 * (2.0 if busy else 0.55)
        return area * WATER_M3_PER_M2_YEAR / 8_760 * (2.5 if busy else 0.1)

    def values(self, meter: Meter, ts: datetime) -> dict[str, float]:
        """The meter's reading at ``ts`` in the names of the payload contract."""
        name = _FIELDS[meter.quantity]
        if meter.quantity == "indoor_temperature":
            return {name: round(self.indoor_c(meter, ts), 2)}
        if meter.reading_kind == "interval":
            rate = self.rate_per_h(meter.quantity, meter.category, meter.floor_area_m2, ts)
            return {name: round(rate * meter.reporting_period_s / 3600, 3)}
        index = self.index(meter, ts)
        if meter.register_max:
            index %= meter.register_max * _UNIT_FACTORS[meter.unit]
        return {name: round(index, 3)}

    def indoor_c(self, meter: Meter, ts: datetime) -> float:
        """Indoor temperature: 20 °C in use, set back to 16 °C, warmer than outside in summer."""
        outside = self.sky.outdoor_c(ts)
        if outside >= BASE_C:
            return outside + 2.5
        return (
            20.0 if occupied(meter.category, ts.astimezone(self.zone)) else max(16.0, outside + 4)
        )

    def index(self, meter: Meter, ts: datetime) -> float:
        """The register's cumulative value at ``ts`` (payload unit), integrated since 2020."""
        utc = ts.astimezone(UTC)
        day = utc.date()
        sums = self._prefix(meter.quantity, meter.category, day)
        midnight = datetime.combine(day, time(0), tzinfo=UTC)
        hours = (utc - midnight).total_seconds() / 3600
        today = 0.0
        for block in range(int(hours // STEP_H) + 1):
            start = block * STEP_H
            span = min(STEP_H, hours - start)
            today += span * self._rate_per_m2(meter.quantity, meter.category, midnight, block)
        base = unit(self.seed, meter.code, "index") * (meter.register_max or 100_000) * 0.8
        return base * _UNIT_FACTORS[meter.unit] + meter.floor_area_m2 * (
            sums[max(0, (day - EPOCH).days)] + today
        )

    def _prefix(self, quantity: str, category: str, day: date) -> list[float]:
        sums = self._daily.setdefault((quantity, category), [0.0])
        while len(sums) <= (day - EPOCH).days:
            d = EPOCH + timedelta(days=len(sums) - 1)
            midnight = datetime.combine(d, time(0), tzinfo=UTC)
            total = sum(
                STEP_H * self._rate_per_m2(quantity, category, midnight, block)
                for block in range(24 // STEP_H)
            )
            sums.append(sums[-1] + total)
        return sums

    def _rate_per_m2(self, quantity: str, category: str, midnight: datetime, block: int) -> float:
        middle = midnight + timedelta(hours=block * STEP_H + STEP_H / 2)
        return self.rate_per_h(quantity, category, 1.0, middle)
