"""Package-level alerts: many alerts of one light-point rule behind one cabinet become one.

When ``group_over`` live alerts of a rule or more share a group (the cabinet of their points,
else the district), one alert of the same rule on that cabinet (or district) stands for them,
with their count and the first 50 points: that is what a person sees, is notified of and is
escalated. The members stay live, judged lamp by lamp, marked ``grouped_in`` and routed to
nobody. The group alert stays while at least half that many are left (hysteresis), then is
resolved and the members left are routed again one by one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core.database import Connection
from rules import store, store_groups
from rules.model import Finding, Rule, Territory


def group_alerts(conn: Connection, rule: Rule, territory: Territory, now: datetime) -> None:
    """Raise, refresh or resolve the rule's group alerts after one of its runs."""
    found = store_groups.groups(conn, territory.id, rule.id, rule.group_over)
    for kind in ("cabinet", "district"):
        of_kind = [g for g in found if g.kind == kind]
        if not of_kind:
            continue
        findings = [
            Finding(
                subject_id=g.subject_id,
                firing=True,
                severity=g.severity,
                group_key=g.group_key,
                details={"code": g.code, "count": g.members, "points": g.codes},
            )
            for g in of_kind
        ]
        summaries = [f"{g.members} x {rule.title} behind {kind} {g.code}" for g in of_kind]
        as_group = replace(rule, subject=kind)
        raised = store.raise_alerts(
            conn, as_group, territory=territory, now=now, findings=findings, summaries=summaries
        )
        store.route_alerts(conn, [alert_id for alert_id, opened in raised if opened])
    released = store_groups.release(conn, territory.id, rule.id, [g.group_key for g in found], now)
    store.route_alerts(conn, released)
    store_groups.mark_members(conn, territory.id, rule.id)
