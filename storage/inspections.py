"""Inspections and their verdicts, and what an inspection reads: spells of findings, verified accounts.

An inspection is keyed by (period, kind, profile); saving one again replaces its verdicts and keeps
its id, so the ledger items it opened stay attached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.orm import Session

from storage.models import FetchAttempt, Finding, FindingSpell, Inspection, PatrolRun, Verdict


@dataclass(frozen=True)
class SpellRow:
    account_id: int
    finding_id: int
    check: str
    first_seen: datetime
    last_seen: datetime


def spells_between(session: Session, start: datetime, end: datetime) -> list[SpellRow]:
    """Every spell of a not-dismissed finding that overlaps [start, end): the closed spells and the
    current spells of open and confirmed findings."""
    current = select(Finding.account_id, Finding.id, Finding.check, Finding.opened_at, Finding.last_seen).where(
        Finding.status.in_(("open", "confirmed")), Finding.opened_at < end, Finding.last_seen >= start)
    closed = (
        select(Finding.account_id, Finding.id, Finding.check, FindingSpell.first_seen, FindingSpell.last_seen)
        .join(Finding, Finding.id == FindingSpell.finding_id)
        .where(Finding.status != "dismissed", FindingSpell.first_seen < end, FindingSpell.last_seen >= start)
    )
    return [SpellRow(*row) for query in (current, closed) for row in session.execute(query).all()]


def verified_between(session: Session, start: datetime, end: datetime) -> set[int]:
    """Accounts that at least one patrol (or recheck) as of [start, end) crawled with outcome ok."""
    runs = select(PatrolRun.id).where(PatrolRun.as_of >= start, PatrolRun.as_of < end)
    query = select(FetchAttempt.account_id).where(FetchAttempt.run_id.in_(runs), FetchAttempt.outcome == "ok")
    return set(session.scalars(query.distinct()))


def save_inspection(session: Session, values: dict[str, Any], verdicts: Sequence[dict[str, Any]]) -> int:
    """Store an inspection (keys of `Inspection`) with its verdicts (keys of `Verdict` but the
    inspection's id), replacing an earlier one of the same period, kind and profile."""
    inspection = find_inspection(session, values["period"], values["kind"], values["profile"])
    if inspection is None:
        inspection = Inspection(**values)
        session.add(inspection)
        session.flush()
    else:
        for key, value in values.items():
            setattr(inspection, key, value)
        session.execute(delete(Verdict).where(Verdict.inspection_id == inspection.id))
    if verdicts:
        # one executemany on the connection: the session's bulk path sent 6,000 verdicts in 2,000 statements
        session.connection().execute(insert(Verdict), [dict(v, inspection_id=inspection.id) for v in verdicts])
    session.flush()
    return inspection.id


def find_inspection(session: Session, period: str, kind: str, profile: str) -> Inspection | None:
    """The stored inspection of a period label (2021Q4), kind and profile, if any."""
    return session.scalars(select(Inspection).where(Inspection.period == period, Inspection.kind == kind,
                                                    Inspection.profile == profile)).one_or_none()


def inspections_between(session: Session, profile: str, start: datetime, end: datetime) -> list[Inspection]:
    """The profile's inspections of periods lying within [start, end), oldest period first."""
    query = select(Inspection).where(Inspection.profile == profile, Inspection.period_start >= start,
                                     Inspection.period_end <= end)
    return list(session.scalars(query.order_by(Inspection.period_end, Inspection.period_start.desc())))


def verdicts_of(session: Session, inspection_id: int) -> list[Verdict]:
    """The inspection's verdicts in the order they were stored (the registry's)."""
    return list(session.scalars(select(Verdict).where(Verdict.inspection_id == inspection_id).order_by(Verdict.id)))


@dataclass(frozen=True)
class Failure:
    account_id: int
    period: str
    kind: str
    period_start: datetime
    period_end: datetime


def failures_between(session: Session, profile: str, start: datetime, end: datetime) -> list[Failure]:
    """Every failed verdict in the profile's inspections within [start, end)."""
    query = (
        select(Verdict.account_id, Inspection.period, Inspection.kind, Inspection.period_start, Inspection.period_end)
        .join(Inspection, Inspection.id == Verdict.inspection_id)
        .where(Inspection.profile == profile, Inspection.period_start >= start, Inspection.period_end <= end,
               Verdict.outcome == "fail")
    )
    return [Failure(*row) for row in session.execute(query).all()]


def verdicts_of_account(session: Session, account_id: int) -> list[tuple[Verdict, Inspection]]:
    """The account's verdicts in every inspection, oldest period first."""
    query = (
        select(Verdict, Inspection).join(Inspection, Inspection.id == Verdict.inspection_id)
        .where(Verdict.account_id == account_id)
        .order_by(Inspection.period_end, Inspection.period_start.desc(), Inspection.kind.desc())
    )
    return [(v, i) for v, i in session.execute(query).all()]


def group_totals(session: Session, profile: str, start: datetime, end: datetime,
                 group: str) -> dict[str, tuple[int, int]]:
    """Per value of the verdicts' `group` column (district, owner_org, ...): (checked, failed) summed over
    the profile's inspections within [start, end)."""
    column = getattr(Verdict, group)
    failed = func.sum(case((Verdict.outcome == "fail", 1), else_=0))
    checked = func.sum(case((Verdict.outcome != "unverified", 1), else_=0))
    query = (
        select(column, checked, failed).join(Inspection, Inspection.id == Verdict.inspection_id)
        .where(Inspection.profile == profile, Inspection.period_start >= start, Inspection.period_end <= end)
        .group_by(column)
    )
    return {value: (int(c or 0), int(f or 0)) for value, c, f in session.execute(query).all()}


def outcome_counts(session: Session, inspection_id: int) -> dict[str, int]:
    """How many verdicts of the inspection are pass, fail and unverified."""
    query = select(Verdict.outcome, func.count()).where(Verdict.inspection_id == inspection_id)
    return {outcome: count for outcome, count in session.execute(query.group_by(Verdict.outcome)).all()}
