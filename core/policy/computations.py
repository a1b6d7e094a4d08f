"""The named indicator computations an indicator may use, and the parameters each one takes.

The aggregation computes them (``aggregation/computations*.py`` registers one function per name,
``docs/methods.md`` describes each); this catalogue is what the writers of the policy (the API,
``vigie import policy``) check an indicator against: a known name, and parameters that the
computation reads, of the right type. A test keeps the two lists equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.errors import Problem

MethodName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
Factor = Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)]


class Parameters(BaseModel):
    """Parameters of a computation; an unknown one is refused by name."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParameters(Parameters):
    """The computation reads nothing but the indicator's scope."""


class Since(Parameters):
    """``since``: count LED equipment installed from this date (default: 2000-01-01)."""

    since: date | None = None


class BudgetShareField(Parameters):
    """``field``: the euros set against the planned ones."""

    field: Literal["committed", "spent"] = "spent"


class BudgetField(Parameters):
    """``field``: which euros."""

    field: Literal["planned", "committed", "spent"] = "spent"


class ReferenceClimate(Parameters):
    """``reference_dju``: the heating degree-days of the reference climate (default 2200)."""

    reference_dju: Annotated[float, Field(gt=0, le=10_000, allow_inf_nan=False)] | None = None


class EffectMethod(Parameters):
    """``method``: the effect method whose savings are read (default: lighting_burning_hours)."""

    method: MethodName | None = None


class EurosSaved(EffectMethod):
    """``eur_per_kwh``: the price of a kWh (default 0.20)."""

    eur_per_kwh: Factor | None = None


class EmissionsAvoided(EffectMethod):
    """``kgco2e_per_kwh``: the emission factor of the kWh saved (default 0.052)."""

    kgco2e_per_kwh: Factor | None = None


@dataclass(frozen=True)
class Computation:
    """A computation's name, what it gives, and the model of its parameters."""

    name: str
    gives: str
    parameters: type[Parameters]


COMPUTATIONS: dict[str, Computation] = {
    c.name: c
    for c in (
        Computation("light_points_renovated", "LED light points installed since a date", Since),
        Computation("hps_points_remaining", "high-pressure sodium points in place", Since),
        Computation("share_remotely_managed", "% of light points remotely managed", Since),
        Computation("share_refurbished", "% of light points refurbished in the period", Since),
        Computation("energy_consumed_kwh", "street-lighting kWh of the scope", NoParameters),
        Computation(
            "kwh_per_km_lit_street", "street-lighting kWh per km of lit street", NoParameters
        ),
        Computation("budget_share", "% of the planned euros committed or spent", BudgetShareField),
        Computation("budget_eur", "euros planned, committed or spent", BudgetField),
        Computation("energy_saved_kwh", "kWh saved against the counterfactual", EffectMethod),
        Computation("energy_saved_pct", "% saved against the counterfactual", EffectMethod),
        Computation("euros_saved", "euros saved", EurosSaved),
        Computation("co2_avoided_t", "tCO2e avoided", EmissionsAvoided),
        Computation("building_kwh_per_m2", "buildings' kWh per m2", NoParameters),
        Computation("climate_corrected_kwh", "climate-corrected kWh (décret)", ReferenceClimate),
        Computation("decree_path_gap_pct", "% gap to the décret tertiaire path", ReferenceClimate),
    )
}


def parameter_names(computation: str) -> tuple[str, ...]:
    """The parameters a computation reads (none for an unknown one)."""
    known = COMPUTATIONS.get(computation)
    return () if known is None else tuple(known.parameters.model_fields)


def check_computation(name: str) -> Computation:
    """The computation of this name; ValueError lists the known ones when there is none."""
    known = COMPUTATIONS.get(name)
    if known is None:
        raise ValueError(f"unknown computation {name!r}; known: {', '.join(sorted(COMPUTATIONS))}")
    return known


def check_parameters(computation: str | None, given: dict[str, Any]) -> dict[str, Any]:
    """The parameters as stored (typed, those not given left out); ValueError says what is wrong.

    A manual indicator (no computation) takes no parameter; a computed one names a known
    computation and only the parameters it reads, each of its type.
    """
    if computation is None:
        if given:
            raise ValueError("a manual indicator (no computation) takes no parameter")
        return {}
    known = check_computation(computation)
    try:
        checked = known.parameters.model_validate(given)
    except ValidationError as exc:
        raise ValueError("; ".join(str(p) for p in parameter_problems(computation, exc))) from exc
    return checked.model_dump(mode="json", exclude_unset=True, exclude_none=True)


def parameter_problems(computation: str, exc: ValidationError) -> list[Problem]:
    """Each parameter a validation refused, named ``parameters.<name>``, with the reason."""
    problems = []
    for error in exc.errors(include_url=False):
        name = ".".join(str(p) for p in error["loc"]) or "parameters"
        reason = str(error["msg"])
        if error["type"] == "extra_forbidden":
            reads = ", ".join(parameter_names(computation)) or "none"
            reason = f"{computation} does not read {name}; it reads {reads}"
        problems.append(Problem(f"parameters.{name}", reason))
    return problems
