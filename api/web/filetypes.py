"""The type of an attached file, read from its first bytes, never from what the browser claims.

A file is accepted when its name's extension is one of the kinds below and its content is of that
kind: its magic bytes (puremagic) name the extension, or, for the zipped office formats, the zip
holds the parts of that format; plain text and CSV have no magic bytes and must read as text.
Anything else (a program renamed ``.pdf``, a web page renamed ``.png``) is refused.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

import puremagic

from core.errors import InvalidInput, Problem
from core.tabular import decode

KINDS = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
ZIPPED = {
    ".odt": "mimetype",
    ".ods": "mimetype",
    ".odp": "mimetype",
    ".docx": "word/",
    ".xlsx": "xl/",
    ".pptx": "ppt/",
}
TEXT = {".csv", ".txt"}
JPEG = {".jpg", ".jpeg", ".jpe", ".jfif"}


def _refused(reason: str) -> InvalidInput:
    return InvalidInput(f"file refused: {reason}", [Problem("file", reason)])


def content_type(name: str, data: bytes) -> str:
    """The content type of an accepted file; InvalidInput saying why one is refused."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in KINDS:
        raise _refused(f"{suffix or 'no extension'} is not an accepted kind")
    if not data:
        raise _refused("the file is empty")
    if suffix in TEXT:
        _check_text(data)
    elif suffix in ZIPPED:
        _check_zipped(suffix, data)
    else:
        _check_magic(suffix, data)
    return KINDS[suffix]


def _check_text(data: bytes) -> None:
    if b"\0" in data:
        raise _refused("the text holds binary bytes")
    try:
        decode(data)
    except InvalidInput as exc:
        raise _refused("not text") from exc


def _check_magic(suffix: str, data: bytes) -> None:
    try:
        found = {m.extension.lower() for m in puremagic.magic_string(data[:8192])}
    except puremagic.PureError as exc:
        raise _refused(f"its content is not {suffix}") from exc
    wanted = JPEG if suffix in JPEG else {suffix}
    if not found & wanted:
        raise _refused(f"its content is not {suffix}")


def _check_zipped(suffix: str, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if suffix.startswith(".od"):
                wanted = KINDS[suffix].encode()
                if names[:1] != ["mimetype"] or archive.read("mimetype").strip() != wanted:
                    raise _refused(f"its content is not {suffix}")
            elif "[Content_Types].xml" not in names or not any(
                n.startswith(ZIPPED[suffix]) for n in names
            ):
                raise _refused(f"its content is not {suffix}")
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _refused(f"its content is not {suffix}") from exc
