"""Activity reports, generated once and frozen: HTML for the screen, PDF for the steering committee.

A report reserves its number, reads its data (``report_data``), is written from ``report.html``
with its style inside it (``static/report.css``) and its charts as embedded SVG, rendered to PDF
by WeasyPrint, and stored with its number, subject, period, author, date and data version. Asked
for again, report N is those stored bytes: the same document later, whatever the data became.
WeasyPrint reads nothing from outside the document (no network, no file).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from psycopg.types.json import Jsonb
from weasyprint import HTML, URLFetcher

from api.deps import Territory
from api.store import Row, one, rows, scalar
from api.web import charts, report_data, store_pages
from api.web.i18n import catalogue
from api.web.render import html
from api.web.routes_charts import savings_of
from api.web.sessions import SignedIn
from core.database import Connection

STYLE = Path(__file__).parent / "static" / "report.css"
SEVERITIES = ("critical", "high", "medium", "low", "informational")
STATES = ("open", "acknowledged", "resolved", "closed")


@dataclass(frozen=True)
class Request:
    """What to report on: the subject by kind and code, over a period of local days."""

    kind: str
    code: str
    start: date
    end: date


def pdf_of(document: str) -> bytes:
    """The PDF of a report's HTML, with its structure tagged for assistive technologies.

    Only the ``data:`` URLs of its embedded charts are read: no network, no file.
    """
    fetcher = URLFetcher(allowed_protocols={"data"})
    rendered: bytes = HTML(string=document, url_fetcher=fetcher).write_pdf(pdf_tags=True)
    return rendered


def _alert_counts(found: list[Row]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {s: dict.fromkeys(STATES, 0) for s in SEVERITIES}
    for row in found:
        counts[row["severity"]][row["state"]] = int(row["alerts"])
    return {s: c for s, c in counts.items() if any(c.values())}


def context_of(  # noqa: PLR0913 - the report's subject, period, number and author
    conn: Connection,
    place: Territory,
    wanted: Request,
    *,
    number: int,
    author: SignedIn,
    created_at: datetime,
    language: str,
) -> dict[str, Any]:
    """Everything the report's template shows."""
    words = catalogue(language)
    subject = report_data.subject_of(conn, place, wanted.kind, wanted.code)
    period = (wanted.start, wanted.end)
    moments = report_data.instants(place, period)
    effects = store_pages.effects(
        conn,
        place.id,
        action=wanted.code if wanted.kind == "action" else None,
        mission=wanted.code if wanted.kind == "mission" else None,
    )
    savings = savings_of(effects, label_of_method=wanted.kind == "action")
    found_alerts = report_data.alerts(conn, place, subject, moments)
    return {
        "number": number,
        "subject": subject,
        "period": period,
        "created_at": created_at,
        "author": author.name,
        "timezone": place.timezone,
        "version": report_data.data_version(conn),
        "style": STYLE.read_text(encoding="utf-8"),
        "meteo": report_data.meteo(conn, place, subject, moments),
        "budgets": report_data.budgets(
            conn, place, subject, range(wanted.start.year, wanted.end.year + 1)
        ),
        "indicators": report_data.indicators(conn, place, subject, period, words),
        "effects": effects,
        "methods": sorted({e["method"] for e in effects}),
        "savings_chart": report_data.data_uri(charts.savings_svg(savings, words, width_in=6.5))
        if savings
        else None,
        "alerts": found_alerts,
        "alert_counts": _alert_counts(found_alerts),
        "severities": SEVERITIES,
        "states": STATES,
        "analyses": report_data.analyses(conn, place, subject, period),
    }


def generate(
    conn: Connection, place: Territory, wanted: Request, author: SignedIn, language: str
) -> int:
    """Write, render and freeze a report; its number."""
    number = int(scalar(conn, "web_next_report_number"))
    created_at = datetime.now().astimezone()
    context = context_of(
        conn, place, wanted, number=number, author=author, created_at=created_at, language=language
    )
    document = html("report.html", context, language)
    pdf = pdf_of(document)
    params = {
        "number": number,
        "territory_id": place.id,
        "subject_kind": wanted.kind,
        "subject_code": wanted.code,
        "title": context["subject"].title,
        "period_start": wanted.start,
        "period_end": wanted.end,
        "data_version": Jsonb(context["version"]),
        "created_by": author.person_id,
        "created_at": created_at,
        "html": document,
        "pdf": pdf,
        "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
    }
    return int(scalar(conn, "web_insert_report", params))


def listed(
    conn: Connection, place: Territory, kind: str | None = None, code: str | None = None
) -> list[Row]:
    """The territory's reports, newest first."""
    params = {"territory_id": place.id, "kind": kind, "code": code, "limit": 200}
    return rows(conn, "web_reports", params)


def stored(conn: Connection, place: Territory, number: int) -> Row | None:
    """Report N as it was frozen."""
    return one(conn, "web_report", {"territory_id": place.id, "number": number})


def style_hash(document: str) -> str:
    """The CSP source of the style a report's HTML carries (``'sha256-…'``)."""
    start = document.index("<style>") + len("<style>")
    end = document.index("</style>", start)
    digest = hashlib.sha256(document[start:end].encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
