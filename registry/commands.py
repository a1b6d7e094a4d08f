"""Sub-commands of the registry: ``vigie seed`` and ``vigie import``."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the registry's sub-commands to ``app``."""
    del app
