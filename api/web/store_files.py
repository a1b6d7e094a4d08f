"""Attached files: their rows in the database, their bytes in the row or in a directory.

With ``VIGIE_WEB_FILES_DIR`` set, the bytes go to that directory under their SHA-256 (the same
bytes attached twice are kept once), written to a temporary name first and renamed, so that a
half-written file is never found; without it they stay in the row (``bytea``).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from api.store import Row, one, rows, scalar
from core.database import Connection
from core.errors import NotFound


def listed(
    conn: Connection, *, action_id: int | None = None, mission_id: int | None = None
) -> list[Row]:
    """The files of an action or a mission, newest first, without their bytes."""
    return rows(conn, "web_files", {"action_id": action_id, "mission_id": mission_id})


def attach(conn: Connection, directory: Path | None, data: bytes, fields: dict[str, Any]) -> int:
    """Keep the bytes (in the row, or in ``directory``) and the file's row; return its id."""
    sha256 = hashlib.sha256(data).hexdigest()
    content: bytes | None = data
    stored_as = None
    if directory is not None:
        _write(directory, sha256, data)
        content, stored_as = None, sha256
    params = {
        **fields,
        "size_bytes": len(data),
        "sha256": sha256,
        "content": content,
        "stored_as": stored_as,
    }
    return int(scalar(conn, "web_insert_file", params))


def _write(directory: Path, name: str, data: bytes) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / name
    if target.exists():
        return
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def found(conn: Connection, territory_id: int, file_id: int) -> Row:
    """A file's row with what it is attached to; NotFound when the territory has no such file."""
    row = one(conn, "web_file", {"id": file_id, "territory_id": territory_id})
    if row is None:
        raise NotFound(f"no file {file_id}")
    return row


def content(row: Row, directory: Path | None) -> bytes:
    """A file's bytes, from its row or from the directory."""
    if row["content"] is not None:
        return bytes(row["content"])
    if directory is None:
        raise NotFound(f"file {row['id']} is kept in a directory that is not configured")
    path = directory / str(row["stored_as"])
    if not path.is_file():
        raise NotFound(f"file {row['id']} is missing from {directory}")
    return path.read_bytes()


def remove(conn: Connection, file_id: int) -> str | None:
    """Delete a file's row; the name of its bytes in the directory when no other row keeps them.

    The bytes are removed once the deletion is committed (``forget_bytes``), never before.
    """
    gone = one(conn, "web_delete_file", {"id": file_id})
    if gone and gone["stored_as"] and not gone["shared"]:
        return str(gone["stored_as"])
    return None


def forget_bytes(directory: Path | None, name: str) -> None:
    """Remove bytes no row keeps any more."""
    if directory is not None:
        (directory / name).unlink(missing_ok=True)
