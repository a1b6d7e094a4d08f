"""Dashboard variables in SQL, replaced as Grafana's frontend does before a query is sent.

A port of ``templateSrv.replace`` (the variable syntaxes ``$var``, ``${var}``, ``${var:format}``,
``[[var]]``, ``[[var:format]]``) and of the SQL datasources' ``interpolateVariable``:

- a single value of a variable that is neither multi nor include-all: quotes doubled, **no**
  surrounding quotes (write ``'$var'``);
- a single value of a multi or include-all variable: a quoted literal;
- several values (multi-select, or "All" without a custom all value): quoted literals joined by
  ``,`` (write ``IN ($var)``).

An explicit format (``${var:csv}``) bypasses the datasource. Names that are not variables, such as
``$__timeFilter``, are left for the backend.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from core.errors import InvalidInput

VARIABLE = re.compile(
    r"\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^\}]+))?(?::([^\}]+))?\}"
)


@dataclass(frozen=True)
class Selection:
    """What is selected in one variable: its values, and how the variable is declared."""

    values: tuple[str, ...]
    multi: bool = False
    include_all: bool = False
    all_selected: bool = False

    @property
    def is_list(self) -> bool:
        """Whether the frontend holds an array: a multi variable, or "All" selected."""
        return self.multi or self.all_selected


def quote_literal(value: str) -> str:
    """``quoteLiteral`` of the SQL datasources."""
    return "'" + value.replace("'", "''") + "'"


def replace_variables(
    sql: str,
    selections: Mapping[str, Selection],
    *,
    start: datetime,
    end: datetime,
) -> str:
    """The SQL with every dashboard variable and ``$__from`` / ``$__to`` replaced."""
    builtins = {
        "__from": _epoch_ms(start),
        "__to": _epoch_ms(end),
    }

    def replace(match: re.Match[str]) -> str:
        name = match[1] or match[2] or match[4]
        field_path, fmt = match[5], match[3] or match[6]
        if field_path:
            raise InvalidInput(
                f"variable {name}: field paths (${{{name}.{field_path}}}) unused here"
            )
        if name in builtins:
            return _format_time(builtins[name], fmt)
        selection = selections.get(name)
        if selection is None:
            return match[0]
        if fmt:
            return format_values(list(selection.values), fmt)
        return _interpolate(selection)

    return VARIABLE.sub(replace, sql)


def _interpolate(selection: Selection) -> str:
    """``interpolateVariable`` of the SQL datasources."""
    if selection.is_list:
        return ",".join(quote_literal(v) for v in selection.values)
    value = selection.values[0] if selection.values else ""
    if selection.multi or selection.include_all:
        return quote_literal(value)
    return value.replace("'", "''")


def format_values(values: list[str], fmt: str) -> str:
    """The formats of the variable syntax documentation that SQL panels use."""
    formats = {
        "csv": lambda: ",".join(values),
        "raw": lambda: ",".join(values),
        "pipe": lambda: "|".join(values),
        "sqlstring": lambda: ",".join(quote_literal(v) for v in values),
        "singlequote": lambda: ",".join("'" + v.replace("'", "\\'") + "'" for v in values),
        "doublequote": lambda: ",".join('"' + v.replace('"', '\\"') + '"' for v in values),
    }
    if fmt not in formats:
        raise InvalidInput(f"variable format {fmt!r} is not one Vigie's dashboards use")
    return formats[fmt]()


def _epoch_ms(moment: datetime) -> int:
    return int(moment.astimezone(UTC).timestamp() * 1000)


def _format_time(epoch_ms: int, fmt: str | None) -> str:
    """``$__from`` is epoch milliseconds; ``${__from:date}`` and ``:date:iso`` are ISO 8601."""
    if fmt is None:
        return str(epoch_ms)
    if fmt in ("date", "date:iso"):
        moment = datetime.fromtimestamp(epoch_ms / 1000, UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{epoch_ms % 1000:03d}Z"
    if fmt == "date:seconds":
        return str(epoch_ms // 1000)
    raise InvalidInput(f"time format {fmt!r} is not one Vigie's dashboards use")
