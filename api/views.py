"""Rows of the store turned into the API's ``*Out`` models."""

from __future__ import annotations

from api.schemas import (
    ActionOut,
    AnalysisOut,
    BudgetTotalsOut,
    MeteoOut,
    MissionOut,
    PersonOut,
    SavingOut,
    ScheduleOut,
)
from api.schemas_data import IndicatorOut
from api.store import Row


def _person(person_id: int | None, name: str | None) -> PersonOut | None:
    return None if person_id is None or name is None else PersonOut(id=person_id, name=name)


def budget_totals(row: Row) -> BudgetTotalsOut:
    """Budget sums of a row with planned, committed and spent euros."""
    return BudgetTotalsOut(
        planned_eur=float(row["planned_eur"]),
        committed_eur=float(row["committed_eur"]),
        spent_eur=float(row["spent_eur"]),
    )


def action_out(row: Row) -> ActionOut:
    """An action from a row of ``actions.sql``."""
    return ActionOut(
        code=row["code"],
        title=row["title"],
        description=row["description"],
        mission_code=row["mission_code"],
        status=row["status"],
        term=row["term"],
        pilot=_person(row["pilot_id"], row["pilot_name"]),
        schedule=ScheduleOut.model_validate(row),
        saving=SavingOut(
            projected_saving_pct=row["projected_saving_pct"],
            projected_saving_kwh_per_year=row["projected_saving_kwh_per_year"],
            commitment=row["saving_commitment"],
        ),
        budget=budget_totals(row),
        meteo=MeteoOut(status=row["meteo"], explanation=row["meteo_explanation"]),
    )


def mission_out(row: Row) -> MissionOut:
    """A mission from a row of ``missions.sql``."""
    return MissionOut(
        code=row["code"],
        title=row["title"],
        domain=row["domain"],
        policy_code=row["policy_code"],
        lead=_person(row["lead_id"], row["lead_name"]),
        budget=budget_totals(row),
        meteo=MeteoOut(status=row["meteo"], explanation=row["meteo_explanation"]),
        actions=row["actions"],
    )


def analysis_out(row: Row) -> AnalysisOut:
    """An analysis from a row of ``analyses.sql``."""
    return AnalysisOut(
        **{k: row[k] for k in AnalysisOut.model_fields if k != "author"},
        author=_person(row["author_id"], row["author_name"]),
    )


def indicator_out(row: Row) -> IndicatorOut:
    """An indicator with its targets, a row of ``indicators.sql``."""
    return IndicatorOut.model_validate({k: row[k] for k in IndicatorOut.model_fields})
