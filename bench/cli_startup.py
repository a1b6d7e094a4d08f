"""Benchmark of the command line's start: ``vigie --help`` and sub-commands' help (prints figures).

Each command runs ``RUNS`` times in a fresh interpreter; the figure is the median CPU time
(user + system) of the child, less sensitive than wall time to a busy machine, and its ratio to
the raw limit measured in the same run: an interpreter that only imports ``typer``, which every
command needs.

    .venv/bin/python bench/cli_startup.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 15
COMMANDS = {
    "raw: python -c 'import typer'": [sys.executable, "-c", "import typer"],
    "vigie --help": [sys.executable, "-m", "vigie", "--help"],
    "vigie collect --help": [sys.executable, "-m", "vigie", "collect", "--help"],
    "vigie alerts list --help": [sys.executable, "-m", "vigie", "alerts", "list", "--help"],
    "vigie rules list": [sys.executable, "-m", "vigie", "rules", "list"],
}


def cpu_seconds(command: list[str]) -> float:
    """The CPU time one run of ``command`` takes, children included."""
    before = os.times()
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
    after = os.times()
    return (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )


def main() -> None:
    """Print each command's median CPU time and its ratio to the raw limit."""
    medians = {
        name: statistics.median(cpu_seconds(command) for _ in range(RUNS))
        for name, command in COMMANDS.items()
    }
    raw = next(iter(medians.values()))
    for name, median in medians.items():
        print(f"{name:<34} {median * 1000:7.0f} ms CPU (median of {RUNS})  x{median / raw:.1f}")


if __name__ == "__main__":
    main()
