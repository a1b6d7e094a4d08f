"""The README documents every setting and starts with the two commands CI and users rely on."""

from __future__ import annotations

import re
from pathlib import Path

from core.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_in_the_settings_table() -> None:
    """Each field of Settings appears as VIGIE_<NAME> in the README."""
    text = README.read_text(encoding="utf-8")
    missing = [f"VIGIE_{name.upper()}" for name in Settings.model_fields
               if f"VIGIE_{name.upper()}" not in text]  # fmt: skip
    assert missing == []


def test_every_setting_is_in_the_env_example() -> None:
    """Each field of Settings appears in .env.example, set to its default or commented out."""
    text = (README.parent / ".env.example").read_text(encoding="utf-8")
    named = set(re.findall(r"^#? ?(VIGIE_[A-Z0-9_]+)=", text, re.MULTILINE))
    assert {f"VIGIE_{name.upper()}" for name in Settings.model_fields} - named == set()


def test_readme_starts_with_setup_and_test_commands() -> None:
    """The first code block sets up and runs the demo, then runs the tests."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.DOTALL)
    assert block is not None
    assert block.group(1).splitlines() == ["scripts/setup && .venv/bin/vigie demo", "scripts/test"]
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test" in ci
