"""Logs are one JSON object per line with the context given in ``extra``."""

from __future__ import annotations

import json
import logging

import pytest

from core.logs import configure_logging


def test_json_lines_carry_message_and_context(capsys: pytest.CaptureFixture[str]) -> None:
    """A record becomes one JSON line with level, logger, message and every extra field."""
    configure_logging("INFO", "json")
    logging.getLogger("vigie.test").info("batch stored", extra={"rows": 42, "ms": 3.5})
    line = capsys.readouterr().out.strip().splitlines()[-1]
    record = json.loads(line)
    assert record["msg"] == "batch stored"
    assert record["level"] == "info"
    assert record["logger"] == "vigie.test"
    assert (record["rows"], record["ms"]) == (42, 3.5)


def test_text_lines_are_readable(capsys: pytest.CaptureFixture[str]) -> None:
    """At a terminal a record is one readable line with key=value context."""
    configure_logging("INFO", "text")
    logging.getLogger("vigie.test").warning("dead letter", extra={"reason": "not JSON"})
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert "WARNING" in line
    assert line.endswith("dead letter reason=not JSON")
