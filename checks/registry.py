"""The checks a patrol runs on one verified account: an explicit registry, no discovery.

`CheckContext` carries what the checks are given from outside: the as-of time, the rule
profile and the loaded resources (word lists, dictionaries, working-day calendar).
`run_checks` returns the names of the checks that ran (a check that could not assess the
account did not run, so its earlier findings are neither confirmed nor resolved).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from checks.findings import Finding
from checks.interaction import CHECKS as INTERACTION_CHECKS
from checks.interaction import CommentClassifier, InteractionResult, assess_interaction
from checks.observations import Account
from checks.rules import Rules
from checks.text import ContentDictionaries, content_findings
from checks.update_gap import update_gap
from checks.workdays import WorkCalendar

CONTENT_CHECKS = ("severe_error", "typo", "improper_wording", "ad", "security")


@dataclass(frozen=True)
class CheckContext:
    as_of: datetime
    rules: Rules
    classifier: CommentClassifier
    dictionaries: ContentDictionaries
    calendar: WorkCalendar = field(default_factory=WorkCalendar)


@dataclass(frozen=True)
class CheckReport:
    checks_run: tuple[str, ...]
    findings: tuple[Finding, ...]
    interaction: InteractionResult


def run_checks(account: Account, context: CheckContext, *, allow: frozenset[str] = frozenset()) -> CheckReport:
    """Every check on one verified account; `allow` is its list of dismissed texts."""
    interaction = assess_interaction(account, as_of=context.as_of, rules=context.rules,
                                     calendar=context.calendar, classifier=context.classifier)
    content = content_findings(account, dictionaries=context.dictionaries, rules=context.rules,
                               as_of=context.as_of, allow=allow)
    ran = ("update_gap", *(INTERACTION_CHECKS if interaction.assessable else ()), *CONTENT_CHECKS)
    findings = (*update_gap(account, as_of=context.as_of, rules=context.rules), *interaction.findings, *content)
    return CheckReport(ran, findings, interaction)
