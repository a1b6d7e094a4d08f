"""The AsyncAPI document says what the payload models accept, field for field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from collector.payloads import (
    CabinetPayload,
    CabinetValues,
    LampPayload,
    LampValues,
    MeterPayload,
    MeterValues,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "asyncapi.yaml"


def _schemas() -> dict[str, Any]:
    document = yaml.safe_load(DOC.read_text(encoding="utf-8"))
    schemas: dict[str, Any] = document["components"]["schemas"]
    return schemas


def _fields(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)


def test_documented_fields_are_the_models_fields() -> None:
    """Every payload model and its schema in docs/asyncapi.yaml list the same fields."""
    schemas = _schemas()
    cabinet = schemas["CabinetPayload"]["properties"]
    meter = schemas["MeterPayload"]["properties"]
    assert set(schemas["LampValues"]["properties"]) == _fields(LampValues)
    assert set(schemas["LampPayload"]["properties"]) == _fields(LampPayload)
    assert set(cabinet) == _fields(CabinetPayload)
    assert set(cabinet["values"]["properties"]) == _fields(CabinetValues)
    assert set(meter) == _fields(MeterPayload)
    assert set(meter["values"]["properties"]) == _fields(MeterValues)


def test_documented_required_fields_are_the_models_required_fields() -> None:
    """What the document marks required is what the models require."""
    schemas = _schemas()
    for name, model in (("LampPayload", LampPayload), ("MeterPayload", MeterPayload)):
        required = {f for f, info in model.model_fields.items() if info.is_required()}
        assert set(schemas[name]["required"]) == required
