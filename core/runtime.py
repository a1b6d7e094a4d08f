"""What every program does first: read its settings and set up logging."""

from __future__ import annotations

from core.logs import configure_logging
from core.settings import Settings, load_settings


def start_program() -> Settings:
    """Load and validate the settings, then configure logging from them."""
    settings = load_settings()
    configure_logging(settings.log_level, settings.log_format)
    return settings
