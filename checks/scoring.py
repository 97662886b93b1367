"""A verdict for one account and one period: the profile's veto items and deductions applied to the
problems the patrols saw in that period.

Which problems count in a period: an *ongoing* problem (no update, no interaction function) counts
in every period during which a patrol saw it; any other problem (a typo, an unanswered question, an
ad) is an event and counts in the period in which the patrols first saw it, or saw it again after it
had been resolved. Dismissed findings are not given to `judge` at all.

A full check fails an account on any veto item, or when its score (full score minus the deductions,
each check's points per occurrence capped per period, floored at 0) is below the pass score. A
special check (单项否决专项检查) looks at the veto items only and gives no score.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from checks.period import Period
from checks.rules import Rules

ONGOING = frozenset({"update_gap", "no_interaction"})


@dataclass(frozen=True)
class Spell:
    """From the sighting that opened (or reopened) a finding to its last sighting in that stretch."""

    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True)
class Problem:
    """One stored finding of the account, with its spells (those near the period suffice)."""

    finding_id: int
    check: str
    spells: tuple[Spell, ...]


@dataclass(frozen=True)
class Charge:
    """One check's part in a verdict: the findings behind it and, for a deduction, the points taken."""

    check: str
    finding_ids: tuple[int, ...]
    points: float = 0.0


@dataclass(frozen=True)
class Verdict:
    passed: bool
    score: float | None  # None for a special check
    vetoes: tuple[Charge, ...] = ()
    deductions: tuple[Charge, ...] = ()


def counts_in(problem: Problem, period: Period) -> bool:
    """Whether the problem belongs to `period` (see the module docstring)."""
    if problem.check in ONGOING:
        return any(s.first_seen < period.end and s.last_seen >= period.start for s in problem.spells)
    return any(period.contains(s.first_seen) for s in problem.spells)


def judge(rules: Rules, problems: Iterable[Problem], period: Period, *, special: bool = False) -> Verdict:
    """The account's verdict for `period` under `rules`."""
    by_check: dict[str, list[int]] = defaultdict(list)
    for problem in problems:
        if counts_in(problem, period):
            by_check[problem.check].append(problem.finding_id)
    vetoes = tuple(Charge(check, tuple(sorted(ids))) for check, ids in sorted(by_check.items()) if check in rules.veto)
    if special:
        return Verdict(not vetoes, None, vetoes)
    deductions = []
    for check, ids in sorted(by_check.items()):
        rate = rules.deductions.get(check)
        if rate is None or check in rules.veto:
            continue
        points = rate.points * len(ids)
        deductions.append(Charge(check, tuple(sorted(ids)), points if rate.cap is None else min(points, rate.cap)))
    score = max(0.0, rules.full_score - sum(d.points for d in deductions))
    return Verdict(not vetoes and score >= rules.pass_score, score, vetoes, tuple(deductions))
