"""Evaluate one rule over one territory and apply what it found to the alerts.

In one transaction: raise (open or bump), clear with hysteresis (resolve after ``clear_after``
clear evaluations running), route the new alerts, record the run; then log one line.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any

from core.database import Connection
from rules import grouping, store
from rules.model import Context, Finding, Parameter, Rule, RunResult, Territory

log = logging.getLogger(__name__)


def parameters(rule: Rule, overrides: dict[str, Any]) -> dict[str, Parameter]:
    """The rule's defaults with the territory's overrides, each cast to its default's type."""
    merged: dict[str, Parameter] = dict(rule.defaults)
    for name, value in overrides.items():
        if name in merged:
            merged[name] = type(merged[name])(value)
    return merged


def run_rule(  # noqa: PLR0913 - what to run, where, when, over which window, and why
    conn: Connection,
    rule: Rule,
    territory: Territory,
    *,
    now: datetime,
    window: tuple[datetime, datetime] | None = None,
    trigger: str = "manual",
) -> RunResult:
    """Evaluate ``rule`` and apply its findings; a disabled rule does nothing."""
    started = time.perf_counter()
    enabled, overrides = store.rule_parameters(conn, territory.id, rule.id)
    if not enabled:
        return RunResult(rule.id, 0, 0, [], [], 0)
    ctx = Context(
        territory=territory,
        now=now,
        parameters=parameters(rule, overrides),
        window_start=window[0] if window else None,
        window_end=window[1] if window else None,
    )
    inputs = {
        "territory_id": territory.id,
        "timezone": territory.timezone,
        "now": now,
        "window_start": ctx.window_start,
        "window_end": ctx.window_end,
        **ctx.parameters,
        **rule.prepare(ctx),
    }
    with conn.transaction():
        findings = store.evaluate(conn, rule.query, inputs)
        result = _apply(conn, rule, territory, now, findings)
        duration_ms = round((time.perf_counter() - started) * 1000)
        store.record_run(
            conn,
            {
                "job": job_name(rule, territory),
                "rule_id": rule.id,
                "territory_id": territory.id,
                "trigger": trigger,
                "started_at": now,
                "duration_ms": duration_ms,
                "subjects": len(findings),
                "raised": result[0],
                "opened": len(result[1]),
                "resolved": len(result[2]),
            },
        )
    run = RunResult(rule.id, len(findings), result[0], result[1], result[2], duration_ms)
    log.info(
        "rule run",
        extra={
            "rule": rule.id,
            "territory": territory.code,
            "trigger": trigger,
            "subjects": run.subjects,
            "raised": run.raised,
            "opened": len(run.opened),
            "resolved": len(run.resolved),
            "duration_ms": duration_ms,
        },
    )
    return run


def job_name(rule: Rule, territory: Territory) -> str:
    """The name a rule's runs go by in one territory."""
    return f"{territory.code}:{rule.id}"


def _apply(
    conn: Connection, rule: Rule, territory: Territory, now: datetime, findings: list[Finding]
) -> tuple[int, list[int], list[int]]:
    firing = [f for f in findings if f.firing is True]
    cleared = [f.subject_id for f in findings if f.firing is False]
    held = [f.subject_id for f in findings if f.firing is not False]
    summaries = [summarise(rule, f) for f in firing]
    raised = store.raise_alerts(
        conn, rule, territory=territory, now=now, findings=firing, summaries=summaries
    )
    opened = [alert_id for alert_id, new in raised if new]
    store.route_alerts(conn, opened)
    resolved = store.clear_alerts(
        conn, rule, territory=territory, now=now, cleared_ids=cleared, held_ids=held
    )
    if rule.group_over:
        grouping.group_alerts(conn, rule, territory, now)
    return len(raised), opened, resolved


def summarise(rule: Rule, finding: Finding) -> str:
    """The one-line summary of a firing finding, from the rule's template and the details."""
    try:
        return rule.summary.format(**finding.details)
    except (KeyError, ValueError, IndexError):
        return f"{rule.title}: {finding.details.get('code', finding.subject_id)}"
