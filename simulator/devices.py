"""The messages each simulated device publishes at an instant, as topic and JSON payload."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from simulator.buildings import MeterModel
from simulator.chance import message_id
from simulator.lamps import LampModel, Traits, system_power_w, traits_of
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
        self, cabinet: Cabinet, ts: datetime, offline: set[str]
    ) -> tuple[str, bytes, int]:
        """A cabinet's meter and, for a gateway, the readings of its online points."""
        body = self._body(cabinet.code, ts)
        power, energy = 0.0, 0.0
        points: list[dict[str, object]] = []
        for point in cabinet.points:
            equipment = point.equipment_on(ts.date())
            if equipment is not None:
                power += system_power_w(equipment, ts, self.lamps.sky, self.lamps.zone)
            energy += self._point_energy_kwh(point, ts)
            if cabinet.remote_controlled and point.code not in offline:
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

    def _point_energy_kwh(self, point: LightPoint, ts: datetime) -> float:
        """Energy the point drew since metering started, across its equipment history."""
        sky, total = self.lamps.sky, 0.0
        for equipment in point.equipment:
            start = max(equipment.valid_from, METERING_SINCE)
            if start > ts.date():
                continue
            hours = sky.dark_hours(start, ts)
            if equipment.valid_to is not None and equipment.valid_to <= ts.date():
                hours -= sky.dark_hours(equipment.valid_to, ts)
            mean = 0.7 if equipment.dimmable else 1.0
            total += (
                equipment.nominal_power_w * (1 + equipment.ballast_loss_pct / 100) * mean * hours
            )
        return total / 1000

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
