"""The pages' tables as files (*Télécharger*): CSV written as the exports write it, or XLSX.

CSV cells follow ``/v1/exports``: lists ``; ``-joined, dates and instants ISO 8601, numbers with
at most 12 significant digits, objects as JSON text, missing values empty. An XLSX sheet keeps
numbers as numbers and dates as dates (instants in the territory's time zone, as a spreadsheet
has none), with the same columns.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo

from fastapi import Response
from openpyxl import Workbook

from api.routes.exports import SIGNIFICANT_DIGITS
from core.tabular import spreadsheet_text

Format = Literal["csv", "xlsx"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_text(value: object) -> str:  # noqa: PLR0911 - one return per kind of value
    """A cell as the exports' CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, float | Decimal):
        return json.dumps(float(f"{value:.{SIGNIFICANT_DIGITS}g}"))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, list | tuple):
        return spreadsheet_text("; ".join(str(v) for v in value))
    if isinstance(value, date | datetime):
        return value.isoformat()
    return spreadsheet_text(str(value))


def xlsx_cell(value: object, timezone: str) -> Any:  # noqa: ANN401 - a spreadsheet's cell
    """A cell as a spreadsheet keeps it."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, list | tuple):
        return spreadsheet_text("; ".join(str(v) for v in value))
    if isinstance(value, str):
        return spreadsheet_text(value)
    return value


def table_file(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: Format,
    name: str,
    timezone: str,
) -> Response:
    """The rows' ``columns`` as a CSV or XLSX attachment named ``name``."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_text(row.get(c)) for c in columns])
        body: bytes = out.getvalue().encode()
        media = "text/csv; charset=utf-8"
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet(name[:31])
        sheet.append(list(columns))
        for row in rows:
            sheet.append([xlsx_cell(row.get(c), timezone) for c in columns])
        buffer = io.BytesIO()
        book.save(buffer)
        body, media = buffer.getvalue(), XLSX
    headers = {
        "Content-Disposition": f'attachment; filename="{name}.{fmt}"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }
    return Response(body, media_type=media, headers=headers)
