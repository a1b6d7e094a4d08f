"""``classify``: every message becomes rows or a dead letter with a reason, and never raises."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from collector.assets import Assets, Meter
from collector.ingest import REASONS, Accepted, Rejection, Window, classify
from collector.topics import Kind, parse_topic, topic_of

PREFIX = "vigie/v1"
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
WINDOW = Window.around(NOW, max_age=timedelta(days=400), max_ahead=timedelta(minutes=5))
ASSETS = Assets(
    points={"P1": 1, "P2": 2},
    point_cabinets={1: 10, 2: 10},
    cabinets={"C1": 10},
    meters={
        "M-ELEC": Meter(5, "electricity", "Wh"),
        "M-TEMP": Meter(6, "indoor_temperature", "degC"),
    },
)
LAMP_TOPIC = topic_of(PREFIX, "angers", Kind.LAMP, "P1")


def _lamp(**values: object) -> bytes:
    return json.dumps({"msgId": "a1", "ts": "2026-01-15T11:00:00+01:00", "values": values}).encode()


def test_lamp_message_gives_one_row_in_canonical_units() -> None:
    """Power in W, illuminance as a percentage, energy from kWh to Wh."""
    outcome = classify(
        PREFIX,
        LAMP_TOPIC,
        _lamp(powerConsumption=40.0, illuminanceLevel=0.5, totalActiveEnergyImport=2.0),
        WINDOW,
        ASSETS,
    )
    assert isinstance(outcome, Accepted)
    (row,) = outcome.lamps
    assert row[:6] == (1, datetime(2026, 1, 15, 10, tzinfo=UTC), None, 40.0, 50, 2000.0)


def test_meter_value_is_converted_to_the_meter_unit() -> None:
    """A kWh reading of a meter registered in Wh is stored in Wh."""
    body = b'{"msgId":"m","ts":"2026-01-15T11:00:00Z","values":{"totalActiveEnergyImport":1.5}}'
    outcome = classify(
        PREFIX, topic_of(PREFIX, "angers", Kind.METER, "M-ELEC"), body, WINDOW, ASSETS
    )
    assert outcome == Accepted([], [], [(5, datetime(2026, 1, 15, 11, tzinfo=UTC), 1500.0)])


def test_cabinet_batch_gives_cabinet_and_lamp_rows() -> None:
    """A cabinet message carries its meter and its points; a point may have its own ts."""
    body = json.dumps({
        "msgId": "c", "ts": "2026-01-15T11:00:00Z", "values": {"energyConsumed": 9.0},
        "points": [{"id": "P1", "values": {"powerState": "off"}},
                   {"id": "P2", "ts": "2026-01-15T10:59:00Z", "values": {"powerState": "on"}}],
    }).encode()  # fmt: skip
    outcome = classify(PREFIX, topic_of(PREFIX, "angers", Kind.CABINET, "C1"), body, WINDOW, ASSETS)
    assert isinstance(outcome, Accepted)
    assert [r[0] for r in outcome.lamps] == [1, 2]
    assert outcome.lamps[1][1] == datetime(2026, 1, 15, 10, 59, tzinfo=UTC)
    assert outcome.cabinets == [(10, datetime(2026, 1, 15, 11, tzinfo=UTC), 9.0, None, None, None)]


def test_topic_round_trip() -> None:
    """A topic built for an asset parses back to it; foreign topics parse to None."""
    parsed = parse_topic(PREFIX, LAMP_TOPIC)
    assert parsed is not None
    assert (parsed.territory, parsed.kind, parsed.code) == ("angers", Kind.LAMP, "P1")
    assert parse_topic(PREFIX, "vigie/v2/angers/lighting/point/P1/meas") is None
    assert parse_topic(PREFIX, "vigie/v1/angers/lighting/point/P1/status") is None


@given(topic=st.text(max_size=80), payload=st.binary(max_size=2_000))
def test_classify_never_raises_on_any_input(topic: str, payload: bytes) -> None:
    """Any topic and any bytes give an outcome; a rejection has a known reason."""
    outcome = classify(PREFIX, topic, payload, WINDOW, ASSETS)
    assert isinstance(outcome, Accepted | Rejection)
    if isinstance(outcome, Rejection):
        assert outcome.kind in REASONS


@given(
    values=st.fixed_dictionaries(
        {},
        optional={
            "powerConsumption": st.floats(0, 5_000),
            "illuminanceLevel": st.floats(0, 1),
            "lampSwitchCounter": st.integers(0, 2**31 - 1),
            "lampFailure": st.booleans(),
            "powerState": st.sampled_from(["on", "off", "low", "bootingUp"]),
        },
    )
)
def test_valid_lamp_values_are_always_accepted(values: dict[str, object]) -> None:
    """Every in-range lamp payload becomes exactly one row keeping its values."""
    outcome = classify(PREFIX, LAMP_TOPIC, _lamp(**values), WINDOW, ASSETS)
    assert isinstance(outcome, Accepted)
    (row,) = outcome.lamps
    assert row[3] == values.get("powerConsumption")
    assert row[10] == values.get("lampSwitchCounter")


@given(power=st.one_of(st.floats(max_value=-1e-9), st.floats(min_value=5_000.001)))
def test_out_of_range_power_is_refused(power: float) -> None:
    """Negative, too large or non-finite power never becomes a reading."""
    body = _lamp().replace(
        b'"values": {}', b'"values": {"powerConsumption": %s}' % json.dumps(power).encode()
    )
    outcome = classify(PREFIX, LAMP_TOPIC, body, WINDOW, ASSETS)
    assert isinstance(outcome, Rejection)
    assert outcome.kind in {"out_of_range", "non_finite", "json_invalid"}
