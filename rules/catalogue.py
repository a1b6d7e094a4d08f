"""The catalogue: every rule by id, and the event-driven and scheduled ones apart."""

from __future__ import annotations

from rules import buildings, decree, lighting, losses, meters, programme, sodium, supply, water
from rules.model import Rule, Source

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        *lighting.RULES,
        *supply.RULES,
        *meters.RULES,
        *buildings.RULES,
        *water.RULES,
        *decree.RULES,
        *sodium.RULES,
        *programme.RULES,
        *losses.RULES,
    )
}


def reading(source: Source) -> list[Rule]:
    """The rules run when readings of ``source`` are committed."""
    return [r for r in RULES.values() if r.reads == source]


def scheduled() -> list[Rule]:
    """The rules run on a schedule."""
    return [r for r in RULES.values() if r.every is not None]
