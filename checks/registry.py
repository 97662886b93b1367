"""The checks a patrol runs, by name: an explicit registry, no discovery at import time.

Each entry adapts one check to the common call ``entry(account, context) -> list[Finding]``;
`CheckContext` carries what the checks are given from outside (time, rules, resources).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from checks.findings import Finding
from checks.observations import Account
from checks.rules import Rules
from checks.update_gap import update_gap


@dataclass(frozen=True)
class CheckContext:
    as_of: datetime
    rules: Rules


AccountCheck = Callable[[Account, CheckContext], list[Finding]]

CHECKS: dict[str, AccountCheck] = {
    "update_gap": lambda account, ctx: update_gap(account, as_of=ctx.as_of, rules=ctx.rules),
}


def run_checks(account: Account, context: CheckContext) -> tuple[list[str], list[Finding]]:
    """Run every registered check on one verified account: the names run and their findings."""
    findings: list[Finding] = []
    for check in CHECKS.values():
        findings.extend(check(account, context))
    return list(CHECKS), findings
