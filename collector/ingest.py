"""From one MQTT message to rows or a dead letter: the collector's pure core.

``classify`` never raises on any topic or payload: it returns the rows of a valid message or a
``Rejection`` naming why the message cannot be stored (``REASONS``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final, NamedTuple

from pydantic import ValidationError

from collector.assets import Assets
from collector.payloads import (
    CABINET,
    LAMP,
    METER,
    CabinetPayload,
    LampPayload,
    LampValues,
    MeterPayload,
)
from collector.topics import Kind, Topic, parse_topic, why_not_a_topic

MAX_PAYLOAD_BYTES: Final = 256 * 1024
MAX_CACHED_TOPICS: Final = 200_000  # parsed topics kept: a topic repeats with every reading
PAST: Final = datetime.min.replace(tzinfo=UTC)  # the earliest bound of a window without age limit

# Error kinds stored in dead_letters.error_kind (and counted per kind in the metrics).
_PYDANTIC_KINDS: Final = {
    "json_invalid": "json_invalid",
    "json_type": "json_invalid",
    "finite_number": "non_finite",
    "greater_than": "out_of_range",
    "greater_than_equal": "out_of_range",
    "less_than": "out_of_range",
    "less_than_equal": "out_of_range",
    "too_long": "too_large",
    "timezone_aware": "ts_naive",
    "datetime_parsing": "ts_invalid",
    "datetime_from_date_parsing": "ts_invalid",
    "datetime_type": "ts_invalid",
    "missing": "missing_field",
    "extra_forbidden": "unknown_field",
    "literal_error": "enum",
    "string_pattern_mismatch": "pattern",
    "string_too_long": "pattern",
    "model_type": "schema",
    "model_attributes_type": "schema",
    "list_type": "schema",
    "value_error": "schema",
    # Cells of a file are text: a cell that is not a number (a boolean, an integer) is a type error.
    "float_parsing": "type",
    "int_parsing": "type",
    "int_from_float": "type",
    "bool_parsing": "type",
}
REASONS: Final = frozenset(
    {
        "empty",
        "too_large",
        "topic_invalid",
        "type",
        "unknown_device",
        "device_mismatch",
        "quantity_mismatch",
        "ts_future",
        "ts_too_old",
        "db_rejected",
        *_PYDANTIC_KINDS.values(),
    }
)

METER_FIELDS: Final = {
    "electricity": "totalActiveEnergyImport",
    "gas": "gasEnergyImport",
    "heat": "heatEnergyImport",
    "water": "waterVolumeImport",
    "indoor_temperature": "temperature",
}
_UNIT_FACTORS: Final = {"kWh": 1.0, "Wh": 1000.0, "m3": 1.0, "L": 1000.0, "degC": 1.0}


class Rejection(NamedTuple):
    """Why a message cannot become readings: an error kind of ``REASONS`` and a detail.

    ``sequence`` is (kind, device id, seq) of a known device's numbered message refused for its
    content: it arrived, so its number is no hole.
    """

    kind: str
    reason: str
    sequence: tuple[str, int, int] | None = None


Row = tuple[object, ...]


class Accepted(NamedTuple):
    """The rows a valid message gives to each readings table, and its number if it has one.

    ``sequence`` is (kind, device id, seq) of a message that carries ``seq``.
    """

    lamps: list[Row]
    cabinets: list[Row]
    meters: list[Row]
    sequence: tuple[str, int, int] | None = None


def _numbered(kind: str, device_id: int, seq: int | None) -> tuple[str, int, int] | None:
    return None if seq is None else (kind, device_id, seq)


@dataclass(frozen=True, slots=True)
class Window:
    """The measurement times accepted now: not after ``latest``, not before ``earliest``.

    ``max_age`` and ``max_ahead`` are the limits the window was drawn from, named in a refusal;
    a window without ``max_age`` accepts any past time.
    """

    earliest: datetime
    latest: datetime
    max_age: timedelta | None = None
    max_ahead: timedelta | None = None

    @classmethod
    def around(cls, now: datetime, *, max_age: timedelta, max_ahead: timedelta) -> Window:
        """The window from ``now - max_age`` to ``now + max_ahead``."""
        return cls(now - max_age, now + max_ahead, max_age, max_ahead)

    @classmethod
    def until(cls, now: datetime, *, max_ahead: timedelta) -> Window:
        """Any past time, up to ``now + max_ahead``."""
        return cls(PAST, now + max_ahead, None, max_ahead)


def classify(
    prefix: str, topic: str, payload: bytes | bytearray, window: Window, assets: Assets
) -> Accepted | Rejection:
    """The rows of a message, or the reason it is refused; never raises."""
    if not payload:
        return Rejection("empty", "empty payload")
    if len(payload) > MAX_PAYLOAD_BYTES:
        return Rejection("too_large", f"{len(payload)} bytes > {MAX_PAYLOAD_BYTES}")
    known = _TOPICS.setdefault(prefix, {})
    parsed = known.get(topic, _UNSEEN)
    if parsed is _UNSEEN:
        parsed = parse_topic(prefix, topic)
        if len(known) >= MAX_CACHED_TOPICS:
            known.clear()
        known[topic] = parsed
    if parsed is None:
        return Rejection("topic_invalid", why_not_a_topic(prefix, topic))
    try:
        return _BY_KIND[parsed.kind](parsed, payload, window, assets)
    except ValidationError as exc:
        return rejection_of(exc)


def rejection_of(exc: ValidationError) -> Rejection:
    """The error kind and detail of a payload that fails its model (the first three errors)."""
    errors = exc.errors(include_url=False, include_context=False)
    if not errors:
        return Rejection("schema", "the payload does not validate")
    first = errors[0]
    if not first["loc"] and _non_finite(first["input"]):
        return Rejection("non_finite", f"the payload is the number {first['input']}, not an object")
    kind = first["type"]
    kind = _PYDANTIC_KINDS.get(kind, "type" if kind.endswith("_type") else "schema")
    detail = "; ".join(f"{_where(error['loc'])}: {error['msg']}" for error in errors[:3])
    return Rejection(kind, detail[:1000])


def _where(loc: tuple[int | str, ...]) -> str:
    """A field's dotted path (``points.3.ts``); the payload as a whole when it has none."""
    return ".".join(str(p) for p in loc) or "payload"


def _non_finite(value: object) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def _out_of_window(ts: datetime, window: Window, name: str = "ts") -> Rejection | None:
    if ts > window.latest:
        ahead = window.max_ahead
        limit = f" (more than {ahead.total_seconds():g} s ahead)" if ahead is not None else ""
        return Rejection(
            "ts_future", f"{name} {ts.isoformat()} is after {window.latest.isoformat()}{limit}"
        )
    if ts < window.earliest:
        age = window.max_age
        limit = f" (older than the {age.total_seconds() / 86400:g}-day limit)" if age else ""
        return Rejection(
            "ts_too_old",
            f"{name} {ts.isoformat()} is before {window.earliest.isoformat()}{limit}",
        )
    return None


def _lamp(
    topic: Topic, payload: bytes | bytearray, window: Window, assets: Assets
) -> Accepted | Rejection:
    return lamp_rows(topic.code, LAMP.validate_json(payload), window, assets)


def lamp_rows(
    code: str, message: LampPayload, window: Window, assets: Assets
) -> Accepted | Rejection:
    """The row of a validated light-point message published as ``code``, or why it is refused."""
    if message.id is not None and message.id != code:
        return Rejection("device_mismatch", f"payload id {message.id!r} on topic of {code!r}")
    point_id = assets.points.get(code)
    if point_id is None:
        return Rejection("unknown_device", f"light point {code!r} is not registered")
    numbered = _numbered("lamp", point_id, message.seq)
    refused = _out_of_window(message.ts, window)
    if refused is not None:
        return refused._replace(sequence=numbered)
    return Accepted([lamp_row(point_id, message.ts, message.values)], [], [], numbered)


def lamp_row(point_id: int, ts: datetime, v: LampValues) -> Row:
    """A ``lamp_readings`` row in the column order of ``copy_lamp_staging.sql``.

    Values are as sent, in canonical units; storing rounds them to their resolution
    (``insert_lamp_readings.sql``, migration 0164).
    """
    level = v.illuminanceLevel
    energy = v.totalActiveEnergyImport
    return (
        point_id,
        ts,
        v.powerState,
        v.powerConsumption,
        None if level is None else round(level * 100),
        None if energy is None else energy * 1000.0,
        v.voltage,
        v.current,
        v.powerFactor,
        v.lampOperatingHours,
        v.lampSwitchCounter,
        v.lampFailure,
        v.dayBurner,
        v.cyclingFailure,
        v.controlGearTemperature,
    )


def _cabinet(
    topic: Topic, payload: bytes | bytearray, window: Window, assets: Assets
) -> Accepted | Rejection:
    return cabinet_rows(topic.code, CABINET.validate_json(payload), window, assets)


def cabinet_rows(
    code: str, message: CabinetPayload, window: Window, assets: Assets
) -> Accepted | Rejection:
    """The rows of a validated cabinet message published as ``code``, or why it is refused."""
    if message.id is not None and message.id != code:
        return Rejection("device_mismatch", f"payload id {message.id!r} on topic of {code!r}")
    cabinet_id = assets.cabinets.get(code)
    if cabinet_id is None:
        return Rejection("unknown_device", f"cabinet {code!r} is not registered")
    cabinets: list[Row] = []
    if message.values is not None:
        v = message.values
        cabinets.append(
            (cabinet_id, message.ts, v.energyConsumed, v.totalActivePower, v.voltage, v.cosPhi)
        )
    lamps: list[Row] = []
    stamps = {"ts": message.ts}
    for n, point in enumerate(message.points):
        point_id = assets.points.get(point.id)
        if point_id is None:
            return Rejection("unknown_device", f"light point {point.id!r} is not registered")
        if assets.point_cabinets.get(point_id) != cabinet_id:
            return Rejection("device_mismatch", f"light point {point.id!r} is not on {code!r}")
        ts = point.ts
        if ts is None:
            ts = message.ts
        else:
            stamps[f"points.{n}.ts"] = ts
        lamps.append(lamp_row(point_id, ts, point.values))
    numbered = _numbered("cabinet", cabinet_id, message.seq)
    refused = _first_out_of_window(stamps, window)
    if refused is not None:
        return refused._replace(sequence=numbered)
    return Accepted(lamps, cabinets, [], numbered)


def _first_out_of_window(stamps: dict[str, datetime], window: Window) -> Rejection | None:
    """The latest and the earliest time checked, each named by its field (``points.3.ts``)."""
    latest = max(stamps, key=stamps.__getitem__)
    earliest = min(stamps, key=stamps.__getitem__)
    return _out_of_window(stamps[latest], window, latest) or _out_of_window(
        stamps[earliest], window, earliest
    )


def _meter(
    topic: Topic, payload: bytes | bytearray, window: Window, assets: Assets
) -> Accepted | Rejection:
    return meter_rows(topic.code, METER.validate_json(payload), window, assets)


def meter_rows(
    code: str, message: MeterPayload, window: Window, assets: Assets
) -> Accepted | Rejection:
    """The row of a validated meter message published as ``code``, or why it is refused."""
    if message.id is not None and message.id != code:
        return Rejection("device_mismatch", f"payload id {message.id!r} on topic of {code!r}")
    meter = assets.meters.get(code)
    if meter is None:
        return Rejection("unknown_device", f"meter {code!r} is not registered")
    field = METER_FIELDS[meter.quantity]
    value = getattr(message.values, field)
    numbered = _numbered("meter", meter.id, message.seq)
    if value is None:
        mismatch = _mismatch(meter.quantity, field, message)
        return Rejection("quantity_mismatch", mismatch, numbered)
    refused = _out_of_window(message.ts, window)
    if refused is not None:
        return refused._replace(sequence=numbered)
    return Accepted([], [], [(meter.id, message.ts, value * _UNIT_FACTORS[meter.unit])], numbered)


def _mismatch(quantity: str, field: str, message: MeterPayload) -> str:
    sent = sorted(message.values.model_fields_set)
    if sent == [field]:  # the right field, sent as null
        return f"{quantity} meter sent {field} without a value (null)"
    return f"{quantity} meter sent {', '.join(sent)}, not {field}"


_UNSEEN: Final = Topic("", Kind.LAMP, "")
_TOPICS: dict[str, dict[str, Topic | None]] = {}
_BY_KIND: Final = {Kind.LAMP: _lamp, Kind.CABINET: _cabinet, Kind.METER: _meter}


def now_window(max_age: timedelta, max_ahead: timedelta) -> Window:
    """The window around the current time."""
    return Window.around(datetime.now(UTC), max_age=max_age, max_ahead=max_ahead)
