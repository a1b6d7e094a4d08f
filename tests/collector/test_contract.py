"""The AsyncAPI document says what the payload models accept, field for field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

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


# The document, read as a generator of checks: every property of every payload schema gives
# one test comparing its type, bounds, enum, pattern and nullability with the JSON schema the
# models produce, and one refusing a value just outside what the document allows.

MODELS: dict[str, type[BaseModel]] = {
    "LampPayload": LampPayload,
    "CabinetPayload": CabinetPayload,
    "MeterPayload": MeterPayload,
}


def _resolve(node: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """The node with its ``$ref`` replaced by the schema it names (its own keys kept)."""
    ref = node.get("$ref")
    if ref is None:
        return node
    target = dict(schemas[ref.rsplit("/", 1)[1]])
    target.update({k: v for k, v in node.items() if k != "$ref"})
    return _resolve(target, schemas)


def _documented(name: str) -> list[tuple[str, dict[str, Any]]]:
    """(path, schema) of every leaf property of a payload schema of the document."""
    schemas = _schemas()
    leaves: list[tuple[str, dict[str, Any]]] = []

    def walk(path: str, node: dict[str, Any]) -> None:
        node = _resolve(node, schemas)
        if node.get("type") == "object":
            for key, child in node.get("properties", {}).items():
                walk(f"{path}.{key}" if path else key, child)
        elif node.get("type") == "array":
            walk(f"{path}[]", node["items"])
        else:
            leaves.append((path, node))

    walk("", schemas[name])
    return leaves


def _modelled(model: type[BaseModel]) -> dict[str, dict[str, Any]]:
    """(path -> schema) of every leaf of a model's own JSON schema, ``nullable`` said."""
    root = model.model_json_schema()
    defs = root.get("$defs", {})
    leaves: dict[str, dict[str, Any]] = {}

    def deref(node: dict[str, Any]) -> dict[str, Any]:
        ref = node.get("$ref")
        return deref(defs[ref.rsplit("/", 1)[1]]) if ref else node

    def walk(path: str, node: dict[str, Any]) -> None:
        node = deref(node)
        options = [deref(o) for o in node.get("anyOf", [])]
        nullable = any(o.get("type") == "null" for o in options)
        real = [o for o in options if o.get("type") != "null"]
        if real:
            node = {**real[0], "nullable": nullable}
        if node.get("type") == "object" and "properties" in node:
            for key, child in node["properties"].items():
                walk(f"{path}.{key}" if path else key, child)
        elif node.get("type") == "array":
            walk(f"{path}[]", node["items"])
        else:
            leaves[path] = {**node, "nullable": nullable or node.get("nullable", False)}

    walk("", root)
    return leaves


CASES = [(name, path, doc) for name in MODELS for path, doc in _documented(name)]


@pytest.mark.parametrize(("name", "path", "doc"), CASES, ids=[f"{n}.{p}" for n, p, _ in CASES])
def test_each_documented_field_has_the_models_type_bounds_and_enum(
    name: str, path: str, doc: dict[str, Any]
) -> None:
    """Type, minimum, maximum, enum and pattern of the document are the model's."""
    model = _modelled(MODELS[name])[path]
    doc_type = "string" if doc.get("format") == "date-time" else doc["type"]
    assert model["type"] == doc_type
    for key in ("minimum", "maximum", "enum", "pattern"):
        if key in doc:
            assert model.get(key) == doc[key], key
    if "minimum" not in doc:
        assert "minimum" not in model, "the model has a minimum the document does not say"


@pytest.mark.parametrize(("name", "path", "doc"), CASES, ids=[f"{n}.{p}" for n, p, _ in CASES])
def test_null_is_refused_wherever_the_document_forbids_it(
    name: str, path: str, doc: dict[str, Any]
) -> None:
    """The document allows null nowhere: a message with the field set to null is refused."""
    assert "null" not in str(doc.get("type"))
    message = _valid(name)
    _set(message, path, None)
    adapter = TypeAdapter(MODELS[name])
    with pytest.raises(ValidationError):
        adapter.validate_json(json.dumps(message))


@pytest.mark.parametrize(("name", "path", "doc"), CASES, ids=[f"{n}.{p}" for n, p, _ in CASES])
def test_a_value_past_the_documented_bounds_is_refused(
    name: str, path: str, doc: dict[str, Any]
) -> None:
    """Just below the minimum or above the maximum, or outside the enum: refused."""
    outside = [doc["minimum"] - 1] if "minimum" in doc else []
    outside += [doc["maximum"] + 1] if "maximum" in doc else []
    outside += ["not-in-the-enum"] if "enum" in doc else []
    adapter = TypeAdapter(MODELS[name])
    for value in outside:
        message = _valid(name)
        _set(message, path, value)
        with pytest.raises(ValidationError):
            adapter.validate_json(json.dumps(message))


def _valid(name: str) -> dict[str, Any]:
    """A message of ``name`` with every field of the document set to a valid value."""
    lamp = {"powerState": "on", "powerConsumption": 40.0, "illuminanceLevel": 0.5}
    envelope = {"msgId": "m1", "ts": "2026-01-15T22:40:00+00:00", "id": "P1", "seq": 3}
    if name == "LampPayload":
        return {**envelope, "values": dict(lamp)}
    if name == "CabinetPayload":
        point = {"id": "P1", "ts": "2026-01-15T22:40:00+00:00", "values": dict(lamp)}
        return {**envelope, "values": {"energyConsumed": 1.0}, "points": [point]}
    return {**envelope, "values": {"totalActiveEnergyImport": 1.0}}


def _set(message: dict[str, Any], path: str, value: object) -> None:
    """Set the field at ``path`` (``values.x``, ``points[].values.x``) of a message."""
    node: Any = message
    parts = path.split(".")
    for part in parts[:-1]:
        node = node[part[:-2]][0] if part.endswith("[]") else node.setdefault(part, {})
    last = parts[-1]
    if isinstance(node, dict) and "values" in parts[:-1] and parts[-2] == "values":
        node.clear()  # a meter's values hold one field: the one under test
    node[last] = value
