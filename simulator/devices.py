"""The messages each simulated device publishes at an instant, as topic and JSON payload."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from simulator.buildings import MeterModel
from simulator.chance import message_id
from simulator.lamps import LampModel, Traits, mean_system_w, system_power_w, traits_of
from simulator.sky import Sky
from simulator.territory import Cabinet, LightPoint, Meter

LINE_LOSSES = 1.03  # cabinet meter: the points plus the cables
METERING_SINCE = date(2015, 1, 1)


@dataclass
class Devices:
    """Builds payloads for a territory's light points, cabinets and meters."""

    seed: int
    prefix: str
    territory: str
    lamps: LampModel
    meters: MeterModel
    _traits: dict[str, Traits] = field(default_factory=dict)
    _ledgers: dict[str, Ledger] = field(default_factory=dict)
    _sent: dict[str, int] = field(default_factory=dict)  # each device's last message number

    def topic(self, domain: str, asset: str, code: str, channel: str = "meas") -> str:
        """The contract's topic for an asset."""
        return f"{self.prefix}/{self.territory}/{domain}/{asset}/{code}/{channel}"

    def traits(self, point: LightPoint) -> Traits:
        """The point's fate, drawn once."""
        found = self._traits.get(point.code)
        if found is None:
            found = self._traits[point.code] = traits_of(self.seed, point)
        return found

    def point_values(self, point: LightPoint, ts: datetime) -> dict[str, object] | None:
        """A point's reading, or None when it has no controller on that date."""
        equipment = point.equipment_on(ts.date())
        if equipment is None or not equipment.remote_controlled:
            return None
        return self.lamps.values(point, self.traits(point), equipment, ts)

    def point_message(self, point: LightPoint, ts: datetime) -> tuple[str, bytes, int] | None:
        """A lone light point's own message, or None when it has nothing to say."""
        values = self.point_values(point, ts)
        if values is None:
            return None
        return (
            self.topic("lighting", "point", point.code),
            self._envelope(point.code, ts, values),
            1,
        )

    def cabinet_message(
        self, cabinet: Cabinet, ts: datetime, offline: set[str], *, points_too: bool = True
    ) -> tuple[str, bytes, int]:
        """A cabinet's meter and, for a gateway, the readings of its online points.

        Without ``points_too`` a gateway sends its meter only (a history of the cabinets' energy).
        """
        body = self._body(cabinet.code, ts)
        power, energy = 0.0, self._cabinet_energy_kwh(cabinet, ts)
        points: list[dict[str, object]] = []
        dark = self.lamps.sky.is_dark(ts)
        for point in cabinet.points:
            equipment = point.equipment_on(ts.date()) if dark else None
            if equipment is not None:
                power += system_power_w(equipment, ts, self.lamps.sky, self.lamps.zone)
            if points_too and cabinet.remote_controlled and point.code not in offline:
                values = self.point_values(point, ts)
                if values is not None:
                    points.append({"id": point.code, "values": values})
        body["values"] = {
            "energyConsumed": round(energy * LINE_LOSSES, 3),
            "totalActivePower": round(power * LINE_LOSSES, 1),
            "cosPhi": 0.92,
        }
        if points:
            body["points"] = points
        topic = self.topic("lighting", "cabinet", cabinet.code)
        return topic, json.dumps(body, separators=(",", ":")).encode(), 1 + len(points)

    def meter_message(self, meter: Meter, ts: datetime) -> tuple[str, bytes, int]:
        """A building meter's message."""
        values = self.meters.values(meter, ts)
        return (
            self.topic("buildings", "meter", meter.code),
            self._envelope(meter.code, ts, values),
            1,
        )

    def _cabinet_energy_kwh(self, cabinet: Cabinet, ts: datetime) -> float:
        """Energy the cabinet's points drew since metering started, across their equipment.

        Each point draws its mean system power for every hour of darkness while its equipment
        is in place. With D the hours of darkness up to ``ts`` and P(d) those up to day d, the
        energy is D times the watts in place, less each start's watts times P(start), plus each
        end's watts times P(end): sums over the dates passed, read from the cabinet's ledger.
        """
        ledger = self._ledgers.get(cabinet.code)
        if ledger is None:
            ledger = self._ledgers[cabinet.code] = Ledger.of(cabinet, self.lamps.sky)
        watts, weighted = ledger.at(ts.date())
        return (watts * self.lamps.sky.dark_hours_until(ts) - weighted) / 1000

    def _body(self, code: str, ts: datetime) -> dict[str, object]:
        """The envelope: a stable ``msgId``, the time, and the device's next message number.

        Numbers start at 0 in each run of the simulator (a restart of the count, as a device's
        reboot), so that the collector sees a hole only when a message is lost on the way.
        """
        seq = self._sent.get(code, -1) + 1
        self._sent[code] = seq
        return {
            "msgId": message_id(self.seed, code, int(ts.timestamp())),
            "ts": ts.isoformat(),
            "seq": seq,
        }

    def _envelope(self, code: str, ts: datetime, values: object) -> bytes:
        body = self._body(code, ts)
        body["values"] = values
        return json.dumps(body, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Ledger:
    """A cabinet's points' watts (mean system power) coming and going, in date order.

    ``watts[i]`` is the power in place from ``days[i]`` on; ``weighted[i]`` the sum, over the
    starts and ends up to then, of their watts times the hours of darkness before them.
    """

    days: list[date]
    watts: list[float]
    weighted: list[float]

    @classmethod
    def of(cls, cabinet: Cabinet, sky: Sky) -> Ledger:
        """The ledger of a cabinet's equipment history."""
        changes: dict[date, float] = defaultdict(float)
        for point in cabinet.points:
            for equipment in point.equipment:
                w = mean_system_w(equipment)
                changes[max(equipment.valid_from, METERING_SINCE)] += w
                if equipment.valid_to is not None:
                    changes[max(equipment.valid_to, METERING_SINCE)] -= w
        days, watts, weighted = [], [], []
        in_place = total = 0.0
        for day in sorted(changes):
            in_place += changes[day]
            total += changes[day] * sky.dark_hours_before(day)
            days.append(day)
            watts.append(in_place)
            weighted.append(total)
        return cls(days, watts, weighted)

    def at(self, day: date) -> tuple[float, float]:
        """The watts in place on ``day`` and the weighted sum of the changes up to it."""
        i = bisect_right(self.days, day) - 1
        return (0.0, 0.0) if i < 0 else (self.watts[i], self.weighted[i])
