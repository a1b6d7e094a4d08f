"""The policy's records check what needs no database, and name the field of each refusal."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from aggregation.computations import REGISTRY
from aggregation.indicators import compute_indicators
from core.policy.areas import GEOMETRY, stored
from core.policy.computations import COMPUTATIONS, check_parameters
from core.policy.records import ActionRecord, IndicatorRecord, ScopeRecord


def _refused(model: type[Any], **fields: object) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        model.model_validate(fields)
    return [".".join(str(p) for p in e["loc"]) for e in exc.value.errors()]


def test_the_catalogue_lists_exactly_the_computations_the_aggregation_runs() -> None:
    """Every computation the aggregation registers is in the catalogue, and nothing else."""
    assert callable(compute_indicators)  # importing the aggregation registers its computations
    assert set(COMPUTATIONS) == set(REGISTRY)


def test_parameters_are_typed_and_stored_without_defaults() -> None:
    """A date stays a date in ISO form, a number a number; unset parameters are left out."""
    assert check_parameters("light_points_renovated", {"since": "2024-01-01"}) == {
        "since": "2024-01-01"
    }
    assert check_parameters("euros_saved", {"eur_per_kwh": "0.18"}) == {"eur_per_kwh": 0.18}
    assert check_parameters("budget_share", {}) == {}
    assert check_parameters(None, {}) == {}


@pytest.mark.parametrize(
    ("computation", "parameters", "message"),
    [
        ("light_points_renovated", {"colour": "red"}, "does not read colour; it reads since"),
        ("light_points_renovated", {"since": "soon"}, "parameters.since"),
        ("budget_share", {"field": "planned"}, "parameters.field"),
        ("energy_consumed_kwh", {"since": "2024-01-01"}, "it reads none"),
        ("magic", {}, "unknown computation 'magic'"),
        (None, {"since": "2024-01-01"}, "takes no parameter"),
    ],
)
def test_parameters_a_computation_does_not_read_are_refused(
    computation: str | None, parameters: dict[str, object], message: str
) -> None:
    """Unknown computations, unknown parameters and ill-typed values say what is wrong."""
    with pytest.raises(ValueError, match=message):
        check_parameters(computation, parameters)


def test_an_action_names_the_field_that_breaks_the_order_of_dates() -> None:
    """An end before its start is refused on the end; a commitment needs a figure."""
    base = {"code": "A", "mission": "M", "title": "T"}
    late = {**base, "planned_start": "2024-06-01", "planned_end": "2024-01-01"}
    assert _refused(ActionRecord, **late) == ["planned_end"]
    actual = {**base, "actual_start": "2024-06-01", "actual_end": "2024-01-01"}
    assert _refused(ActionRecord, **actual) == ["actual_end"]
    assert _refused(ActionRecord, **base, saving_commitment="projected") == ["saving_commitment"]
    fine = ActionRecord.model_validate({**base, "planned_start": date(2024, 1, 1)})
    assert fine.status == "planned"


@pytest.mark.parametrize(
    ("fields", "refused"),
    [
        ({"kind": "district"}, ["code"]),
        ({"kind": "district", "code": "D", "street": "x"}, ["street"]),
        ({"kind": "street", "code": "D"}, ["street"]),
        ({"kind": "cabinet", "code": "C", "existed_on": "2024-01-01"}, ["existed_on"]),
        ({"kind": "area", "code": "D"}, ["code", "area"]),
        ({"kind": "light_point", "code": "bad code"}, ["code"]),
    ],
)
def test_a_scope_record_holds_the_fields_of_its_kind(
    fields: dict[str, object], refused: list[str]
) -> None:
    """Each kind requires its fields and refuses the others, by name."""
    assert _refused(ScopeRecord, **fields) == refused


def test_an_indicator_has_exactly_one_owner() -> None:
    """None or two of policy, mission and action are refused on the last of them."""
    base = {"code": "I", "title": "T", "kind": "effect", "unit": "kWh", "direction": "decrease"}
    assert _refused(IndicatorRecord, **base) == ["action"]
    assert _refused(IndicatorRecord, **base, policy="P", mission="M") == ["action"]
    assert IndicatorRecord.model_validate({**base, "mission": "M"}).parameters == {}


@pytest.mark.parametrize(
    ("geometry", "where"),
    [
        ({"type": "Point", "coordinates": [0, 0]}, "does not match any of the expected tags"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}, "ends where"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0], [0, 0]]]}, "three distinct"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [0, 95], [1, 1], [0, 0]]]}, "latitude 95"),
        ({"type": "MultiPolygon", "coordinates": []}, "at least 1 item"),
    ],
)
def test_a_drawn_area_is_a_closed_polygon_in_range(geometry: object, where: str) -> None:
    """Other geometries, open rings, degenerate rings and positions out of range are refused."""
    with pytest.raises(ValidationError, match=where):
        GEOMETRY.validate_python(geometry)


def test_a_drawn_area_is_stored_as_type_and_coordinates() -> None:
    """Altitudes and foreign members are dropped; the rings stay as drawn."""
    shape = GEOMETRY.validate_python(
        {
            "type": "Polygon",
            "bbox": [0, 0, 1, 1],
            "coordinates": [[[0, 0, 12], [1, 0, 12], [1, 1, 12], [0, 0, 12]]],
        }
    )
    assert stored(shape) == {
        "type": "Polygon",
        "coordinates": [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]],
    }
