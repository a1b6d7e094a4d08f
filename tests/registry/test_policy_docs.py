"""The example of ``docs/policy-files.md`` is a policy folder that imports as it is written."""

from __future__ import annotations

import re
from pathlib import Path

import psycopg

from registry.policy_files import BY_NAME, read_policy_folder
from registry.policy_import import import_policy

Conn = psycopg.Connection[tuple[object, ...]]
DOC = Path(__file__).resolve().parents[2] / "docs" / "policy-files.md"


def example_files() -> dict[str, str]:
    """The files of the page's example: each code block under the file names it follows."""
    section = DOC.read_text(encoding="utf-8").split("\n## Example\n", 1)[1]
    files: dict[str, str] = {}
    pending: list[str] = []
    blocks = re.split(r"^```", section, flags=re.MULTILINE)
    for index, block in enumerate(blocks):
        if index % 2 == 0:
            pending += re.findall(r"`([a-z_]+\.(?:csv|geojson))`", block)
        else:
            files[pending.pop(0)] = block.split("\n", 1)[1]
    return files


def test_the_documented_example_imports_as_written(db: Conn, tmp_path: Path) -> None:
    """Every file of the example is a policy file, and the folder imports without a problem."""
    db.execute(
        "INSERT INTO territories (code, name, latitude, longitude) VALUES ('bourg', 'Bourg', 46, 5)"
    )
    db.execute(
        "INSERT INTO communes (territory_id, insee_code, name)"
        " SELECT id, '01999', 'Bourg' FROM territories"
    )
    for district in ("D-NORD", "D-SUD"):
        db.execute(
            "INSERT INTO districts (commune_id, code, name) SELECT id, %s, %s FROM communes",
            (district, district),
        )
    files = example_files()
    assert set(files) <= set(BY_NAME)
    assert len(files) == 10
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = import_policy(db, read_policy_folder(tmp_path), skip_invalid=False)
    assert result.problems == []
    assert db.execute("SELECT count(*) FROM action_scopes").fetchone() == (2,)
