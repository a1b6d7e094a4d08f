"""Each dead letter's reason says what was wrong, where, in words an operator can act on."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from collector.assets import Assets, Meter
from collector.ingest import Rejection, Window, classify

PREFIX = "vigie/v1"
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
WINDOW = Window.around(NOW, max_age=timedelta(days=400), max_ahead=timedelta(minutes=5))
ASSETS = Assets(
    points={"P1": 1, "P2": 2},
    point_cabinets={1: 10, 2: 10},
    cabinets={"C1": 10},
    meters={"M-ELEC": Meter(5, "electricity", "Wh")},
)
LAMP = f"{PREFIX}/angers/lighting/point/P1/meas"
CABINET = f"{PREFIX}/angers/lighting/cabinet/C1/meas"
METER = f"{PREFIX}/angers/buildings/meter/M-ELEC/meas"


def _refused(topic: str, payload: bytes) -> Rejection:
    outcome = classify(PREFIX, topic, payload, WINDOW, ASSETS)
    assert isinstance(outcome, Rejection)
    return outcome


@pytest.mark.parametrize("payload", [b"[1, 2]", b"42", b'"text"', b"null", b"true"])
def test_a_payload_that_is_not_an_object_is_named_as_a_whole(payload: bytes) -> None:
    """A whole-payload error reads ``payload: ...``, never a bare ``: ...``."""
    refused = _refused(LAMP, payload)
    assert refused.kind == "schema"
    assert refused.reason.startswith("payload: ")


@pytest.mark.parametrize("payload", [b"NaN", b"Infinity", b"-Infinity"])
def test_a_payload_that_is_a_non_finite_number_is_non_finite(payload: bytes) -> None:
    """A bare NaN or infinity is a ``non_finite`` dead letter, like a NaN inside the values."""
    refused = _refused(LAMP, payload)
    assert refused.kind == "non_finite"
    assert "not an object" in refused.reason


@pytest.mark.parametrize(
    ("topic", "why"),
    [
        ("other/v1/angers/lighting/point/P1/meas", "does not start with vigie/v1/"),
        (f"{PREFIX}/angers/lighting/point/meas", "has 4 segments after vigie/v1/, not 5"),
        (f"{PREFIX}/angers/lighting/point/P1/status", "channel 'status' is not 'meas'"),
        (f"{PREFIX}/angers/lighting/pole/P1/meas", "lighting/pole is not a kind of asset"),
        (f"{PREFIX}/Angers/lighting/point/P1/meas", "territory 'Angers' is not a territory"),
        (f"{PREFIX}/angers/lighting/point/P 1/meas", "code 'P 1' is not a device code"),
    ],
)
def test_an_invalid_topic_says_which_segment_is_wrong(topic: str, why: str) -> None:
    """``topic_invalid`` names the segment that does not follow the topic scheme."""
    refused = _refused(topic, b"{}")
    assert refused.kind == "topic_invalid"
    assert why in refused.reason


def test_a_cabinet_point_time_out_of_the_window_is_named_by_its_index() -> None:
    """A point's own ``ts`` in the future is reported as ``points.1.ts``, not the envelope's."""
    body = {
        "msgId": "c",
        "ts": "2026-01-15T11:00:00Z",
        "points": [
            {"id": "P1", "values": {}},
            {"id": "P2", "ts": "2026-01-16T11:00:00Z", "values": {}},
        ],
    }
    refused = _refused(CABINET, json.dumps(body).encode())
    assert refused.kind == "ts_future"
    assert refused.reason.startswith("points.1.ts 2026-01-16T11:00:00+00:00 is after ")


def test_a_cabinet_point_time_that_is_not_a_time_is_named_by_its_index() -> None:
    """A point ``ts`` that cannot be read names ``points.0.ts``."""
    body = {"msgId": "c", "ts": "2026-01-15T11:00:00Z", "points": [{"id": "P1", "ts": "soon"}]}
    body["points"][0]["values"] = {}  # type: ignore[index]
    refused = _refused(CABINET, json.dumps(body).encode())
    assert refused.kind == "ts_invalid"
    assert refused.reason.startswith("points.0.ts: ")


def test_an_old_envelope_time_is_named_ts() -> None:
    """The envelope's own time out of the window is reported as ``ts``."""
    body = {"msgId": "c", "ts": "2020-01-15T11:00:00Z", "values": {"energyConsumed": 1.0}}
    refused = _refused(CABINET, json.dumps(body).encode())
    assert refused.kind == "ts_too_old"
    assert refused.reason.startswith("ts 2020-01-15T11:00:00+00:00 is before ")


def test_a_meter_of_another_quantity_names_both_fields() -> None:
    """A gas value on an electricity meter says what was sent and what was expected."""
    body = b'{"msgId":"m","ts":"2026-01-15T11:00:00Z","values":{"gasEnergyImport":1.0}}'
    refused = _refused(METER, body)
    assert refused == Rejection(
        "quantity_mismatch", "electricity meter sent gasEnergyImport, not totalActiveEnergyImport"
    )


def test_a_meter_sending_its_own_field_as_null_is_told_null_is_no_value() -> None:
    """The right field sent as null is refused as null, never "sent X, not X"."""
    body = b'{"msgId":"m","ts":"2026-01-15T11:00:00Z","values":{"totalActiveEnergyImport":null}}'
    refused = _refused(METER, body)
    assert refused == Rejection(
        "schema",
        "values.totalActiveEnergyImport: Value error, null is not a value: leave an optional"
        " field out",
    )
