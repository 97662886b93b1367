"""Computing one inspection: every active account's verdict for a period under the profile, stored.

Closed and cancelled accounts are outside the checked set; an active account that no patrol of the
period could verify is stored as ``unverified`` (neither passed nor failed). A failed verdict carries
its number among the account's failures this calendar year and the escalation step; the failed
accounts' problems go on the rectification ledger, due `ledger.deadline_days` after the period.
The summary keeps what the report needs besides verdicts, as it was at computation time: the
profile's scoring and the earlier periods' ledger items still unclosed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from checks.escalation import CheckKey, check_key, failure_number, rung
from checks.period import Period, year_span
from checks.rates import owner_level
from checks.rules import Rules
from checks.scoring import Problem, Spell, Verdict, judge
from storage.accounts import list_accounts
from storage.inspections import failures_between, save_inspection, spells_between, verified_between
from storage.ledger import add_items, unclosed_before
from storage.models import Account, Finding


def run_inspection(session: Session, rules: Rules, period: Period, *, special: bool, computed_at: datetime) -> int:
    """Compute and store the inspection of `period` (replacing an earlier run of it); returns its id."""
    kind = "special" if special else "full"
    accounts = list_accounts(session)
    verified = verified_between(session, period.start, period.end)
    problems = _problems(session, period)
    earlier = _earlier_failures(session, rules.name, period, kind)
    current = check_key(period.start, period.end, kind)
    rows, charged = [], []
    for account in (a for a in accounts if a.status == "active"):
        if account.id not in verified:
            rows.append(_snapshot(account) | {"outcome": "unverified", "score": None, "charges": {}})
            continue
        verdict = judge(rules, problems[account.id], period, special=special)
        row = _snapshot(account) | {"outcome": "pass" if verdict.passed else "fail", "score": verdict.score,
                                    "charges": _charges(verdict)}
        if not verdict.passed:
            number = failure_number(earlier[account.id], current)
            row |= {"failure_no": number, "escalation": rung(rules.escalation, number)}
            charged += [i for charge in (*verdict.vetoes, *verdict.deductions) for i in charge.finding_ids]
        rows.append(row)
    summary = _summary(session, rules, period, accounts)
    inspection_id = save_inspection(session, {
        "period": period.label, "kind": kind, "profile": rules.name, "period_start": period.start,
        "period_end": period.end, "computed_at": computed_at, "summary": summary}, rows)
    findings = session.scalars(select(Finding).where(Finding.id.in_(charged))).all() if charged else []
    add_items(session, inspection_id, findings, {a.id: a.owner_org for a in accounts},
              deadline=period.end + timedelta(days=rules.ledger_deadline_days))
    return inspection_id


def _problems(session: Session, period: Period) -> defaultdict[int, list[Problem]]:
    spells: defaultdict[tuple[int, int, str], list[Spell]] = defaultdict(list)
    for row in spells_between(session, period.start, period.end):
        spells[row.account_id, row.finding_id, row.check].append(Spell(row.first_seen, row.last_seen))
    problems: defaultdict[int, list[Problem]] = defaultdict(list)
    for (account_id, finding_id, check), found in spells.items():
        problems[account_id].append(Problem(finding_id, check, tuple(found)))
    return problems


def _earlier_failures(session: Session, profile: str, period: Period, kind: str) -> defaultdict[int, list[CheckKey]]:
    """Each account's failed checks this calendar year, but this one (when it is computed again)."""
    failures: defaultdict[int, list[CheckKey]] = defaultdict(list)
    for failure in failures_between(session, profile, *year_span(period.year)):
        if (failure.period, failure.kind) != (period.label, kind):
            failures[failure.account_id].append(check_key(failure.period_start, failure.period_end, failure.kind))
    return failures


def _snapshot(account: Account) -> dict[str, Any]:
    return {"account_id": account.id, "name": account.name, "platform": account.platform,
            "owner_org": account.owner_org, "district": account.district, "owner_level": owner_level(account.district),
            "failure_no": 0, "escalation": None}


def _charges(verdict: Verdict) -> dict[str, Any]:
    return {"veto": [{"check": c.check, "findings": list(c.finding_ids)} for c in verdict.vetoes],
            "deduction": [{"check": c.check, "findings": list(c.finding_ids), "points": c.points}
                          for c in verdict.deductions]}


def _summary(session: Session, rules: Rules, period: Period, accounts: list[Account]) -> dict[str, Any]:
    carryover = unclosed_before(session, period.start)
    outside: defaultdict[str, int] = defaultdict(int)
    for account in accounts:
        if account.status != "active":
            outside[account.status] += 1
    return {"scoring": {"pass_score": rules.pass_score, "full_score": rules.full_score, "veto": sorted(rules.veto),
                        "deductions": sorted(rules.deductions)},
            "outside": dict(sorted(outside.items())), "carryover": carryover}
