"""Databases as an earlier version left them: the migrations before a given one."""

from __future__ import annotations

import shutil
from pathlib import Path

from core.migrations import FOLDER


def migrations_before(version: int, folder: Path) -> Path:
    """``folder`` holding a copy of the migrations numbered below ``version``."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in FOLDER.glob("*.sql"):
        if int(path.name[:4]) < version:
            shutil.copy(path, folder / path.name)
    return folder
