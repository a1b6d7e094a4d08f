"""Forms of the pages read into the JSON API's request models, their refusals into field messages.

A form sends text; an empty field is a value left out. The request model of the JSON API checks
it (``ActionPatchIn``, ``BudgetIn``…), so that a page accepts exactly what the API accepts; what
it refuses comes back as a catalogue key per field, shown beside that field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from core.errors import InvalidInput

M = TypeVar("M", bound=BaseModel)

KEYS_OF_ERRORS = {
    "missing": "form.required",
    "string_too_short": "form.required",
    "string_too_long": "form.too_long",
    "date_parsing": "form.bad_date",
    "date_from_datetime_parsing": "form.bad_date",
    "date_from_datetime_inexact": "form.bad_date",
    "decimal_parsing": "form.bad_number",
    "decimal_type": "form.bad_number",
    "float_parsing": "form.bad_number",
    "finite_number": "form.bad_number",
    "int_parsing": "form.bad_number",
    "decimal_max_places": "form.bad_cents",
    "decimal_max_digits": "form.too_large",
    "greater_than_equal": "form.too_small",
    "less_than_equal": "form.too_large",
    "literal_error": "form.bad_choice",
    "extra_forbidden": "form.bad_choice",
}
KEYS_OF_REASONS = {"before": "form.before_start", "may not be null": "form.required"}


class FieldsRefused(Exception):  # noqa: N818 - named for what happened to the fields
    """What is wrong with a form: a catalogue key per field name."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = dict(fields)


def read(
    model: type[M], form: Mapping[str, str], fields: tuple[str, ...], *, blank_is_null: bool = False
) -> M:
    """``model`` from the form's ``fields``; FieldsRefused names each refused field.

    An empty field is left out, or, with ``blank_is_null``, given as null (a date cleared).
    """
    values: dict[str, str | None] = {
        name: form[name].strip() for name in fields if form.get(name, "").strip()
    }
    if blank_is_null:
        values = {name: values.get(name) for name in fields}
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        refused: dict[str, str] = {}
        for error in exc.errors(include_url=False):
            name = str(error["loc"][0]) if error["loc"] else "form"
            refused.setdefault(name, KEYS_OF_ERRORS.get(error["type"], "form.invalid"))
        raise FieldsRefused(refused) from exc


def refusal_of(exc: InvalidInput) -> FieldsRefused:
    """The JSON API's refusal of a request (``body.planned_end: before planned_start``)."""
    fields = {}
    for problem in exc.problems:
        name = problem.where.rsplit(".", 1)[-1]
        key = next((k for text, k in KEYS_OF_REASONS.items() if text in problem.reason), None)
        fields[name] = key or "form.invalid"
    return FieldsRefused(fields or {"form": "form.invalid"})
