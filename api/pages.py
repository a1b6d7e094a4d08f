"""Opaque cursors for keyset pagination: the last key of a page, encoded so clients don't read it.

Page sizes are bounded by ``MAX_PAGE``.
"""

from __future__ import annotations

import base64
import binascii
import json

from core.errors import InvalidInput, Problem

MAX_PAGE = 500
DEFAULT_PAGE = 100


def encode_cursor(key: str | int) -> str:
    """A cursor holding the last key of a page."""
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def _decode(cursor: str) -> object:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeError):
        return None


def _refused() -> InvalidInput:
    return InvalidInput(
        "invalid cursor", [Problem("query.cursor", "not a cursor this resource returned")]
    )


def text_key(cursor: str | None) -> str | None:
    """The text key a cursor holds, or None without a cursor."""
    if cursor is None:
        return None
    key = _decode(cursor)
    if not isinstance(key, str):
        raise _refused()
    return key


def int_key(cursor: str | None) -> int | None:
    """The integer key a cursor holds, or None without a cursor."""
    if cursor is None:
        return None
    key = _decode(cursor)
    if not isinstance(key, int) or isinstance(key, bool) or not 0 <= key < 2**63:
        raise _refused()
    return key


def next_cursor(keys: list[str] | list[int], limit: int) -> str | None:
    """The cursor of the next page: the last key when the page is full, else None."""
    return encode_cursor(keys[-1]) if keys and len(keys) >= limit else None


def json_page(items: str, cursor: str | None) -> bytes:
    """The JSON of a ``Page`` whose items are JSON text already, as the ``Page`` model writes it."""
    return b'{"items":' + items.encode() + b',"next_cursor":' + json.dumps(cursor).encode() + b"}"
