"""The text of a notification: a subject a mail header can carry and a body a person can read.

A subject is one line: a carriage return, a line feed or any other control character in it (a
code or a name typed with one) makes the message unbuildable, and ``Unbuildable`` refuses that
one notification. The body says, per alert, what happened, where, since when (in the
territory's time zone), and gives the link to the alert and to its dashboard.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from core.errors import VigieError
from core.links import LinkSigner, Purpose
from rules.catalogue import RULES
from rules.model import SEVERITIES

Kind = Literal["alert", "escalation", "digest"]
LISTED = 100
DASHBOARDS = {"lighting": "vigie-eclairage", "buildings": "vigie-batiments"}
SUBJECT_NAMES = {
    "light_point": "light point",
    "cabinet": "cabinet",
    "meter": "meter",
    "building": "building",
    "district": "district",
    "action": "action",
    "fleet": "whole fleet",
}


class Unbuildable(VigieError):  # noqa: N818 - named for what the notification is
    """A notification that cannot be built (a control character in its subject, ...)."""


@dataclass(frozen=True)
class Links:
    """Where the links of a message point: the web pages, Grafana, and the signer if any."""

    web_url: str | None = None
    grafana_url: str | None = None
    signer: LinkSigner | None = None  # signs each e-mailed alert's acknowledge and open links


def compose(  # noqa: PLR0913 - the parts of one message
    kind: Kind,
    *,
    channel: str,
    recipient: str,
    person_id: int | None,
    members: list[dict[str, Any]],
    now: datetime,
    links: Links | None = None,
) -> dict[str, Any]:
    """The notification row of these alerts; Unbuildable when its subject is not one line."""
    links = links or Links()
    severity = max((a["severity"] for a in members), key=SEVERITIES.index)
    subject = clean_subject(_subject(kind, severity, members))
    lines = [line for a in members[:LISTED] for line in _alert_lines(a, person_id, now, links)]
    if len(members) > LISTED:
        lines.append(f"... and {len(members) - LISTED} more")
    first = members[0]
    return {
        "idempotency_key": idempotency_key(channel, kind, recipient, members),
        "channel": channel,
        "kind": kind,
        "recipient": recipient,
        "person_id": person_id,
        "subject": subject,
        "body": "\n".join([subject.removeprefix("[Vigie] "), "", *lines, ""]),
        "payload": {
            "kind": kind,
            "severity": severity,
            "rule_id": None if kind == "digest" else first["rule_id"],
            "group_key": None if kind == "digest" else first["group_key"],
            "count": len(members),
            "alerts": [_alert_payload(a) for a in members],
        },
        "now": now,
    }


def idempotency_key(channel: str, kind: str, recipient: str, members: list[dict[str, Any]]) -> str:
    """The key that makes the notification of these alerts unique."""
    ids = sorted(int(a["id"]) for a in members)
    text = f"{channel}|{kind}|{recipient}|{','.join(map(str, ids))}"
    return hashlib.sha256(text.encode()).hexdigest()


def clean_subject(subject: str) -> str:
    """``subject`` when it is one line of printable text; Unbuildable otherwise."""
    bad = sorted({f"U+{ord(c):04X}" for c in subject if unicodedata.category(c)[0] == "C"})
    if bad:
        raise Unbuildable(f"control characters in the subject: {', '.join(bad)}")
    return subject


def _subject(kind: Kind, severity: str, members: list[dict[str, Any]]) -> str:
    first = members[0]
    title = RULES[first["rule_id"]].title if first["rule_id"] in RULES else first["rule_id"]
    prefix = "escalated, " if kind == "escalation" else ""
    if kind == "digest":
        return f"[Vigie] digest: {len(members)} alert(s) of low importance"
    if len(members) == 1:
        return f"[Vigie] {prefix}{severity}: {first['summary']}"
    return f"[Vigie] {prefix}{severity}: {len(members)} x {title} ({first['group_key']})"


def _alert_lines(
    alert: Mapping[str, Any], person: int | None, now: datetime, links: Links
) -> list[str]:
    rule = RULES.get(alert["rule_id"])
    what = f"{rule.title} ({rule.reference})" if rule else alert["rule_id"]
    kind = SUBJECT_NAMES.get(alert["subject_kind"], alert["subject_kind"])
    code = alert.get("subject_code") or alert["subject_id"]
    zone = ZoneInfo(str(alert.get("timezone") or "UTC"))
    since = alert["first_seen"].astimezone(zone)
    lines = [f"- [{alert['severity']}] {alert['summary']} (alert {alert['id']})"]
    if links.signer is not None and person is not None:
        alert_id = int(alert["id"])
        lines += [
            f"  acknowledge: {links.signer.url(Purpose.ACKNOWLEDGE, alert_id, person, now)}",
            f"  open: {links.signer.url(Purpose.OPEN, alert_id, person, now)}",
        ]
    elif links.web_url:
        lines.append(f"  alert: {links.web_url}/web/alerts/{alert['id']}")
    lines += [
        f"  what: {what}",
        f"  where: {kind} {code}",
        f"  since: {since:%Y-%m-%d %H:%M %Z}",
    ]
    dashboard = DASHBOARDS.get(str(alert.get("domain")))
    if links.grafana_url and dashboard:
        lines.append(f"  dashboard: {links.grafana_url.rstrip('/')}/d/{dashboard}")
    return lines


def _alert_payload(alert: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": alert["id"],
        "rule_id": alert["rule_id"],
        "severity": alert["severity"],
        "summary": alert["summary"],
        "subject_kind": alert["subject_kind"],
        "subject_id": alert["subject_id"],
        "first_seen": alert["first_seen"].isoformat(),
    }
