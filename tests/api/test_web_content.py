"""What the pages are made of.

The catalogue holds every word they use; files' types are read from their bytes; the pages write
nothing of the domain with SQL of their own.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from PIL import Image

from api.web import filetypes
from api.web.i18n import catalogue, languages
from core.errors import InvalidInput
from rules.catalogue import RULES

WEB = Path(__file__).resolve().parents[2] / "api" / "web"
LITERAL = re.compile(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']\s*[,)]""")
DYNAMIC = {
    "severity": ("critical", "high", "medium", "low", "informational"),
    "state": ("open", "acknowledged", "resolved", "closed"),
    "status": ("planned", "in_progress", "done", "suspended", "cancelled"),
    "meteo": ("sunny", "cloudy", "rainy", "stormy", "no_data"),
    "roles": ("admin", "pilot", "evaluator", "viewer"),
    "subjects": ("light_point", "cabinet", "meter", "building", "district", "action", "fleet"),
    "routed": ("action_pilot", "department", "mission_lead"),
    "periods": ("day", "month", "year"),
    "indicators": ("kind_means", "kind_activity", "kind_effect", "direction_increase",
                   "direction_decrease", "source_computed", "source_manual"),
    "links": ("title_acknowledge", "title_open", "intro_acknowledge", "intro_open",
              "button_acknowledge", "button_open"),
    "alerts": ("age_day", "age_week", "age_older", "done_acknowledge", "done_resolve",
               "done_close", "cannot_acknowledge", "cannot_resolve", "cannot_close"),
    "report": ("subject_policy", "subject_mission", "subject_action", "part_policy",
               "part_mission", "part_action"),
}  # fmt: skip
ERRORS = ("form", "forbidden", "not_found", "conflict", "invalid", "bad_address", "unavailable",
          "internal")  # fmt: skip


def used_keys() -> set[str]:
    """Every catalogue key written out in the templates and the pages' code."""
    keys: set[str] = set()
    for path in [*WEB.glob("templates/*.html"), *WEB.glob("*.py")]:
        keys |= set(LITERAL.findall(path.read_text(encoding="utf-8")))
    for path in WEB.glob("*.py"):
        keys |= set(re.findall(r'"((?:files|alerts|action|analyses|reports|sign_in|links)\.'
                               r'[a-z_]+)"', path.read_text(encoding="utf-8")))  # fmt: skip
    keys |= {f"action.scope_role_{r}" for r in ("treated", "control")}
    keys |= {f"analyses.kind_{k}" for k in ("analysis", "recommendation")}
    keys |= {f"{group}.{name}" for group, names in DYNAMIC.items() for name in names}
    keys |= {f"errors.{e}" for e in ERRORS} | {f"errors.{e}_title" for e in ERRORS}
    keys |= {f"rules.{rule}" for rule in RULES}  # every rule's title, in the inbox's groups
    return {k for k in keys if not k.endswith(".html")}


@pytest.mark.parametrize("language", languages())
def test_every_word_is_in_the_catalogue(language: str) -> None:
    """Each key the pages use is in every language's catalogue."""
    words = catalogue(language)
    assert sorted(k for k in used_keys() if not words.has(k)) == []


def test_numbers_and_dates_are_written_the_french_way() -> None:
    """Thousands apart, a decimal comma, day/month/year, a dash when missing."""
    words = catalogue("fr")
    assert words.number(1234567.891, 1) == "1 234 567,9"
    assert words.number(None) == "\N{EN DASH}"
    assert words.text("reports.made", number=3) == "Le rapport n° 3 est établi."


def _zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _image(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, kind)
    return out.getvalue()


def test_accepted_files_are_what_their_names_say() -> None:
    """PDF, images, office files and text are accepted when their bytes match their name."""
    book = io.BytesIO()
    Workbook().save(book)
    odt = _zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b""})
    accepted = {
        "a.pdf": b"%PDF-1.7\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
        "b.PNG": _image("PNG"),
        "c.jpg": _image("JPEG"),
        "d.webp": _image("WEBP"),
        "e.xlsx": book.getvalue(),
        "f.odt": odt,
        "g.csv": "nom;valeur\nArmoire 1;12,5\n".encode("cp1252"),
        "h.txt": "compte rendu de réunion".encode(),
    }
    kinds = {name: filetypes.content_type(name, data) for name, data in accepted.items()}
    assert kinds["a.pdf"] == "application/pdf"
    assert kinds["c.jpg"] == "image/jpeg"
    assert kinds["e.xlsx"].endswith("spreadsheetml.sheet")
    assert kinds["g.csv"].startswith("text/csv")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("setup.exe", b"MZ\x90\x00", "not an accepted kind"),
        ("facture.pdf", b"MZ\x90\x00" + b"\x00" * 100, "not .pdf"),
        ("photo.png", b"<html><script>alert(1)</script></html>", "not .png"),
        ("tableau.xlsx", _zipped({"word/document.xml": b"", "[Content_Types].xml": b""}),
         "not .xlsx"),
        ("note.odt", b"PK\x03\x04 broken", "not .odt"),
        ("data.csv", b"a,b\x00\x01", "binary"),
        ("vide.pdf", b"", "empty"),
        ("sans-extension", b"%PDF-1.4", "no extension"),
    ],
)  # fmt: skip
def test_disguised_files_are_refused(name: str, data: bytes, reason: str) -> None:
    """A file whose bytes are not what its name says, or of a kind not accepted, is refused."""
    with pytest.raises(InvalidInput) as refused:
        filetypes.content_type(name, data)
    assert reason in refused.value.problems[0].reason


def test_pages_call_the_json_apis_operations() -> None:
    """The pages write nothing of the domain themselves: no SQL of theirs changes it."""
    written = re.compile(r"^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+(\w+)", re.MULTILINE)
    sql = WEB.parents[0] / "sql"
    tables = {
        m.group(2)
        for path in sql.glob("web_*.sql")
        for m in written.finditer(path.read_text(encoding="utf-8"))
    }
    own = {"web_sign_in_requests", "web_sign_in_links", "web_sessions", "web_used_links"}
    people = {"person_roles", "person_territories"}
    assert tables <= own | people | {"attached_files", "activity_reports"}
