"""The interaction checks by name, and one call that runs them all on an account.

Every check is a pure function with the signature of `InteractionCheck`; `CHECKS` is the
registry the patrol runs, in this order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Protocol

from checks.findings import Finding
from checks.interaction.classifier import CommentClassifier
from checks.interaction.no_interaction import no_interaction
from checks.interaction.perfunctory import perfunctory_reply
from checks.interaction.slow_reply import slow_reply
from checks.interaction.threads import read_questions
from checks.observations import Account
from checks.rules import Rules
from checks.workdays import WorkCalendar


class InteractionCheck(Protocol):
    """A pure interaction check: observations, an as-of time and resources in, findings out."""

    def __call__(
        self, account: Account, *, as_of: datetime, rules: Rules, calendar: WorkCalendar,
        classifier: CommentClassifier,
    ) -> list[Finding]: ...


CHECKS: Mapping[str, InteractionCheck] = MappingProxyType(
    {"slow_reply": slow_reply, "no_interaction": no_interaction, "perfunctory_reply": perfunctory_reply}
)


@dataclass(frozen=True)
class InteractionResult:
    """What the interaction checks found on one account.

    - `assessable`: False when the account's comments cannot be seen (feeds, websites, apps):
      then nothing else is filled in, and the account is neither passed nor failed.
    - `findings`: of every check in `CHECKS`.
    - `pending`: questions not answered yet whose deadline is still to come.
    - `open_posts`: posts with a question not answered yet (pending or overdue): the posts
      whose comments the next patrol should read again even if their comment count is unchanged.
    - `weekday_years`: years whose working days fell back to Monday-Friday for some deadline
      (no chinese-calendar data, no holiday file): for the run summary to say once.
    """

    assessable: bool
    findings: tuple[Finding, ...] = ()
    pending: int = 0
    open_posts: frozenset[str] = frozenset()
    weekday_years: frozenset[int] = frozenset()


def assess_interaction(
    account: Account, *, as_of: datetime, rules: Rules, calendar: WorkCalendar, classifier: CommentClassifier
) -> InteractionResult:
    """Run every check of `CHECKS` on `account` as of `as_of`; see `InteractionResult`."""
    if not account.comments_visible:
        return InteractionResult(assessable=False)
    findings = tuple(
        finding
        for check in CHECKS.values()
        for finding in check(account, as_of=as_of, rules=rules, calendar=calendar, classifier=classifier)
    )
    questions = read_questions(account, as_of=as_of, rules=rules, calendar=calendar, classifier=classifier)
    unanswered = [q for q in questions if q.status in ("pending", "overdue")]
    return InteractionResult(
        assessable=True,
        findings=findings,
        pending=sum(q.status == "pending" for q in questions),
        open_posts=frozenset(q.comment.post_id for q in unanswered),
        weekday_years=frozenset(year for q in questions for year in q.deadline.weekday_years),
    )
