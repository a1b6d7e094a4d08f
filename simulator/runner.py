"""``run_simulator``: publish the territory's readings in real time, faster, or as a backfill.

The simulated clock starts at ``start`` and runs ``speed`` times faster than the wall clock
(``speed=0``: as fast as the pipeline takes it), never past the present: a backfill of past
months catches up with now and then goes on in real time, unless ``until`` ends it. Each device
reports every ``reporting_period_s`` seconds at a phase fixed by its code, so the same seed and
database always publish the same messages at the same instants.

``every_s`` makes a backfill cheaper by reporting less often than the devices do; it applies
before ``registered_from`` only. From that instant on every device reports at its registered
period, so the recent past and the live fleet look to the rules as a real fleet does: a device
reporting hourly where the registry says every 10 minutes is a device gone silent. ``kinds``
limits the run to some kinds of device (years of cabinet and building meters' history, say,
without the light points' controllers), ``codes`` to some devices; a gateway cabinet carries its
points' readings only when the run includes light points.

The clock moves by ten seconds when it is near the present and by an hour in a backfill; in each
step only the devices that fall due are visited, so years of daily readings cost what they
publish, not a loop over every second.
"""

from __future__ import annotations

import logging
import threading
import time
import zlib
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
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
BACKFILL_STEP_S = 3600
KINDS = frozenset({"cabinet", "point", "meter"})

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
    kinds: frozenset[str] = KINDS
    codes: frozenset[str] | None = None


@dataclass
class SimulatorResult:
    """What was published."""

    messages: int = 0
    readings: int = 0
    simulated_until: datetime | None = None
    runs_done: int = 0


def run_simulator(
    settings: Settings,
    stop: threading.Event,
    options: SimulatorOptions | None = None,
    progress: Progress | None = None,
) -> SimulatorResult:
    """Publish until ``until`` or until ``stop`` is set; the broker acknowledged every message."""
    return run_simulations(settings, stop, [options or SimulatorOptions()], progress)


def run_simulations(
    settings: Settings,
    stop: threading.Event,
    runs: Sequence[SimulatorOptions],
    progress: Progress | None = None,
) -> SimulatorResult:
    """Publish each run in turn (one seed), through one connection; what they published.

    The result counts every run; ``runs_done`` says how many have ended.
    """
    seed = runs[0].seed
    if any(run.seed != seed for run in runs):
        raise ValueError("the runs of one simulation share their seed")
    with connect(settings.database_url, application="vigie-simulator") as conn:
        territory = store.load_territory(conn, settings.territory)
    sky = Sky(territory.latitude, territory.longitude, seed)
    zone = ZoneInfo(territory.timezone)
    devices = Devices(
        seed, settings.mqtt_topic_prefix, territory.code,
        LampModel(seed, sky, zone), MeterModel(seed, sky, zone),
    )  # fmt: skip
    publisher = Publisher(settings, runs[0].client_id or f"vigie-simulator-{territory.code}")
    result = SimulatorResult()
    announced = False
    try:
        for options in runs:
            if stop.is_set():
                break
            slots = Slots(
                schedule(territory, options.every_s, options.kinds, options.codes),
                schedule(territory, None, options.kinds, options.codes),
            )
            log.info(
                "simulation started",
                extra={"territory": territory.code, "devices": slots.registered.size},
            )
            if "cabinet" in options.kinds and not announced:
                publisher.announce(
                    [devices.topic("lighting", "cabinet", c.code, "status")
                     for c in territory.cabinets]
                )  # fmt: skip
                announced = True
            Simulation(options, slots, devices, publisher, result).run(stop, progress)
            result.runs_done += 1
        publisher.flush()
    finally:
        publisher.close()
    log.info("simulation stopped", extra={"messages": result.messages, "readings": result.readings})
    return result


def schedule(
    territory: Territory,
    every_s: int | None,
    kinds: frozenset[str] = KINDS,
    codes: frozenset[str] | None = None,
) -> Schedule:
    """Devices by reporting period and phase (second of the period they report at)."""
    slots: dict[int, dict[int, list[Device]]] = defaultdict(lambda: defaultdict(list))
    devices: list[tuple[Device, int]] = []
    if "cabinet" in kinds:
        devices += [(c, c.reporting_period_s) for c in territory.cabinets]
    if "point" in kinds:
        devices += [
            (p, p.reporting_period_s)
            for c in territory.cabinets
            if not c.remote_controlled
            for p in c.points
        ]
        devices += [(p, p.reporting_period_s) for p in territory.lone_points]
    if "meter" in kinds:
        devices += [(m, m.reporting_period_s) for m in territory.meters]
    for device, period in devices:
        if codes is not None and device.code not in codes:
            continue
        every = every_s or period
        slots[every][zlib.crc32(device.code.encode()) % every].append(device)
    return Schedule({period: Phases(dict(phases)) for period, phases in slots.items()})


@dataclass(frozen=True)
class Phases:
    """The devices of one reporting period by the second of the period they report at."""

    devices: dict[int, list[Device]]

    @cached_property
    def seconds(self) -> list[int]:
        """The phases that have devices, in order."""
        return sorted(self.devices)

    def between(self, first: int, last: int, period: int) -> list[int]:
        """The phases falling due in the epoch seconds ``first..last`` (inclusive), in order."""
        seconds = self.seconds
        if last - first + 1 >= period:
            return seconds
        a, b = first % period, last % period
        if a <= b:
            return seconds[bisect_left(seconds, a) : bisect_right(seconds, b)]
        return seconds[bisect_left(seconds, a) :] + seconds[: bisect_right(seconds, b)]


@dataclass(frozen=True)
class Schedule:
    """Devices by reporting period and phase."""

    periods: dict[int, Phases]

    @property
    def size(self) -> int:
        """How many devices the schedule holds."""
        return sum(len(d) for phases in self.periods.values() for d in phases.devices.values())

    def due(self, first: int, last: int) -> list[tuple[int, Device]]:
        """Each device due in the epoch seconds ``first..last`` (inclusive), with its second.

        In time order; within a second, by period then in the order the devices were scheduled.
        """
        found: list[tuple[int, Device]] = []
        for period, phases in self.periods.items():
            for phase in phases.between(first, last, period):
                second = first + (phase - first) % period
                while second <= last:
                    found.extend((second, device) for device in phases.devices[phase])
                    second += period
        found.sort(key=lambda item: item[0])
        return found


@dataclass(frozen=True)
class Slots:
    """The schedule of a backfill's coarse part (``every_s``) and at the registered periods."""

    coarse: Schedule
    registered: Schedule

    def due(self, first: int, last: int, registered_from: int | None) -> list[tuple[int, Device]]:
        """Each device due in the epoch seconds ``first..last``, by the schedule then in force."""
        if registered_from is None or last < registered_from:
            return self.coarse.due(first, last)
        if first >= registered_from:
            return self.registered.due(first, last)
        return self.coarse.due(first, registered_from - 1) + self.registered.due(
            registered_from, last
        )


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
            step = BACKFILL_STEP_S if target - clock > BACKFILL_STEP_S else TICK_S
            step_end = min(clock + step, target)
            for second, device in self.slots.due(clock + 1, step_end, registered_from):
                self.publish(device, datetime.fromtimestamp(second, UTC))
            clock = step_end
            self.result.simulated_until = datetime.fromtimestamp(clock, UTC)
            if progress is not None:
                progress(self.result.simulated_until, self.result)

    def publish(self, device: Device, ts: datetime) -> None:
        """Publish what ``device`` reports at ``ts``."""
        message: tuple[str, bytes, int] | None
        if isinstance(device, Cabinet):
            if "point" in self.options.kinds:
                self._update_offline(device.points, ts)
            message = self.devices.cabinet_message(
                device, ts, self.offline, points_too="point" in self.options.kinds
            )
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
