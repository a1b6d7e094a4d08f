"""``run_simulator``: publish the territory's readings in real time, faster, or as a backfill.

The simulated clock starts at ``start`` and runs ``speed`` times faster than the wall clock
(``speed=0``: as fast as the pipeline takes it), never past the present: a backfill of past
months catches up with now and then goes on in real time, unless ``until`` ends it. Each device
reports every ``reporting_period_s`` seconds at a phase fixed by its code, so the same seed and
database always publish the same messages at the same instants.

``every_s`` makes a backfill cheaper by reporting less often than the devices do; it applies
before ``registered_from`` only. From that instant on every device reports at its registered
period, so the recent past and the live fleet look to the rules as a real fleet does: a device
reporting hourly where the registry says every 10 minutes is a device gone silent.
"""

from __future__ import annotations

import logging
import threading
import time
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from core.database import connect
from core.settings import Settings
from simulator import store
from simulator.buildings import MeterModel
from simulator.devices import Devices
from simulator.lamps import LampModel, is_offline
from simulator.publisher import Publisher
from simulator.sky import Sky
from simulator.territory import Cabinet, LightPoint, Meter, Territory

log = logging.getLogger(__name__)

TICK_S = 10

Device = Cabinet | LightPoint | Meter
Progress = Callable[[datetime, "SimulatorResult"], None]


@dataclass
class SimulatorOptions:
    """What to simulate and how fast."""

    seed: int = 49007
    start: datetime | None = None
    until: datetime | None = None
    speed: float = 1.0
    every_s: int | None = None
    registered_from: datetime | None = None
    client_id: str | None = None


@dataclass
class SimulatorResult:
    """What was published."""

    messages: int = 0
    readings: int = 0
    simulated_until: datetime | None = None


def run_simulator(
    settings: Settings,
    stop: threading.Event,
    options: SimulatorOptions | None = None,
    progress: Progress | None = None,
) -> SimulatorResult:
    """Publish until ``until`` or until ``stop`` is set; the broker acknowledged every message."""
    options = options or SimulatorOptions()
    with connect(settings.database_url, application="vigie-simulator") as conn:
        territory = store.load_territory(conn, settings.territory)
    sky = Sky(territory.latitude, territory.longitude, options.seed)
    zone = ZoneInfo(territory.timezone)
    devices = Devices(
        options.seed, settings.mqtt_topic_prefix, territory.code,
        LampModel(options.seed, sky, zone), MeterModel(options.seed, sky, zone),
    )  # fmt: skip
    slots = Slots(schedule(territory, options.every_s), schedule(territory, None))
    publisher = Publisher(settings, options.client_id or f"vigie-simulator-{territory.code}")
    result = SimulatorResult()
    log.info(
        "simulation started",
        extra={
            "territory": territory.code,
            "devices": sum(len(v) for p in slots.registered.values() for v in p.values()),
        },
    )
    try:
        publisher.announce(
            [devices.topic("lighting", "cabinet", c.code, "status") for c in territory.cabinets]
        )
        Simulation(options, slots, devices, publisher, result).run(stop, progress)
        publisher.flush()
    finally:
        publisher.close()
    log.info("simulation stopped", extra={"messages": result.messages, "readings": result.readings})
    return result


def schedule(territory: Territory, every_s: int | None) -> dict[int, dict[int, list[Device]]]:
    """Devices by reporting period and phase (second of the period they report at)."""
    slots: dict[int, dict[int, list[Device]]] = defaultdict(lambda: defaultdict(list))
    devices: list[tuple[Device, int]] = [(c, c.reporting_period_s) for c in territory.cabinets]
    devices += [
        (p, p.reporting_period_s)
        for c in territory.cabinets
        if not c.remote_controlled
        for p in c.points
    ]
    devices += [(p, p.reporting_period_s) for p in territory.lone_points]
    devices += [(m, m.reporting_period_s) for m in territory.meters]
    for device, period in devices:
        every = every_s or period
        slots[every][zlib.crc32(device.code.encode()) % every].append(device)
    return slots


@dataclass(frozen=True)
class Slots:
    """The schedule of a backfill's coarse part (``every_s``) and at the registered periods."""

    coarse: dict[int, dict[int, list[Device]]]
    registered: dict[int, dict[int, list[Device]]]

    def at(self, second: int, registered_from: int | None) -> dict[int, dict[int, list[Device]]]:
        """The schedule in force at ``second`` (epoch seconds)."""
        if registered_from is not None and second >= registered_from:
            return self.registered
        return self.coarse


@dataclass
class Simulation:
    """The loop's state: the devices, where the clock is, which controllers are offline."""

    options: SimulatorOptions
    slots: Slots
    devices: Devices
    publisher: Publisher
    result: SimulatorResult
    offline: set[str] = field(default_factory=set)

    def run(self, stop: threading.Event, progress: Progress | None) -> None:
        """Advance the clock and publish what falls due, until stopped or ``until``."""
        wall0 = time.monotonic()
        start = int((self.options.start or datetime.now(UTC)).timestamp())
        until = int(self.options.until.timestamp()) if self.options.until else None
        since = self.options.registered_from
        registered_from = int(since.timestamp()) if since else None
        clock = start
        while not stop.is_set() and (until is None or clock < until):
            target = int(time.time())
            if self.options.speed > 0:
                target = min(target, int(start + (time.monotonic() - wall0) * self.options.speed))
            if until is not None:
                target = min(target, until)
            if target <= clock:
                stop.wait(0.2)
                continue
            step_end = min(clock + TICK_S, target)
            for second in range(clock + 1, step_end + 1):
                ts = datetime.fromtimestamp(second, UTC)
                for period, phases in self.slots.at(second, registered_from).items():
                    for device in phases.get(second % period, ()):
                        self.publish(device, ts)
            clock = step_end
            self.result.simulated_until = datetime.fromtimestamp(clock, UTC)
            if progress is not None:
                progress(self.result.simulated_until, self.result)

    def publish(self, device: Device, ts: datetime) -> None:
        """Publish what ``device`` reports at ``ts``."""
        message: tuple[str, bytes, int] | None
        if isinstance(device, Cabinet):
            self._update_offline(device.points, ts)
            message = self.devices.cabinet_message(device, ts, self.offline)
        elif isinstance(device, Meter):
            message = self.devices.meter_message(device, ts)
        else:
            self._update_offline((device,), ts)
            offline = device.code in self.offline
            message = None if offline else self.devices.point_message(device, ts)
        if message is not None:
            topic, payload, readings = message
            self.publisher.publish(topic, payload)
            self.result.messages += 1
            self.result.readings += readings

    def _update_offline(self, points: tuple[LightPoint, ...], ts: datetime) -> None:
        """Publish the retained status of controllers that went off or came back."""
        for point in points:
            now_off = is_offline(self.devices.seed, point.code, ts)
            if now_off == (point.code in self.offline):
                continue
            (self.offline.add if now_off else self.offline.discard)(point.code)
            state = "offline" if now_off else "online"
            payload = f'{{"state":"{state}","ts":"{ts.isoformat()}"}}'.encode()
            topic = self.devices.topic("lighting", "point", point.code, "status")
            self.publisher.publish(topic, payload, retain=True)


def parse_start(text: str, now: datetime | None = None) -> datetime:
    """``-7d``, ``-12h`` (before now) or an ISO date or date-time (UTC if no offset)."""
    now = now or datetime.now(UTC)
    if text.startswith("-") and text[-1] in "dh":
        amount = float(text[1:-1])
        return now - (timedelta(days=amount) if text[-1] == "d" else timedelta(hours=amount))
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
