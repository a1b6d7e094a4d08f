"""Programme rules: the savings an action measures against the saving it projected (P-01).

An action may carry a projected or a contractually guaranteed saving (migration 0062); the
effect computations measure what it saves. One rule per domain of missions, since an alert
belongs to the lighting or the buildings domain; the action's pilot receives it.
"""

from __future__ import annotations

from datetime import timedelta

from rules.model import Domain, Rule

DAILY = timedelta(days=1)


def _savings_rule(domain: Domain) -> Rule:
    return Rule(
        id=f"savings_behind_projection_{domain}",
        reference="P-01",
        title="Savings behind the projection",
        description=(
            f"An action of a {domain} mission with a projected or guaranteed saving measures, "
            "in its latest sufficient headline effect, less than 90 % of it (ClearPoint: "
            "green from 100 %, amber from 90 %, red below): medium, high when the saving was "
            "guaranteed. Clears at 95 % or more; an insufficient effect changes nothing."
        ),
        severity="medium",
        subject="action",
        domain=domain,
        query="rule_savings_behind_projection",
        summary="{code} saves {measured}, {ratio_pct} % of the {projected} {commitment}",
        defaults={"domain": domain, "fire_ratio": 0.9, "clear_ratio": 0.95},
        every=DAILY,
        clear_after=1,
    )


RULES = (_savings_rule("lighting"), _savings_rule("buildings"))
