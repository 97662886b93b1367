"""Patrol runs and their fetch outcomes."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from storage.models import FetchAttempt, PatrolRun


def start_run(session: Session, *, kind: str, as_of: datetime, profile: str, started_at: datetime) -> int:
    run = PatrolRun(kind=kind, as_of=as_of, profile=profile, started_at=started_at)
    session.add(run)
    session.flush()
    return run.id


def finish_run(session: Session, run_id: int, *, finished_at: datetime, summary: dict[str, Any]) -> None:
    run = session.get(PatrolRun, run_id)
    if run is None:
        raise LookupError(f"no patrol run {run_id}")
    run.finished_at, run.summary = finished_at, summary


def outcomes_of(session: Session, run_id: int) -> dict[int, FetchAttempt]:
    """The run's fetch attempts by account id."""
    attempts = session.scalars(select(FetchAttempt).where(FetchAttempt.run_id == run_id))
    return {a.account_id: a for a in attempts}


def run_of(session: Session, run_id: int) -> PatrolRun:
    run = session.get(PatrolRun, run_id)
    if run is None:
        raise LookupError(f"no patrol run {run_id}")
    return run


def forget_attempts(session: Session, run_id: int, account_ids: Collection[int]) -> None:
    """Drop the run's attempts of these accounts, which are about to be crawled again (a failed
    crawl stores no observations, so nothing else goes with them)."""
    if account_ids:
        session.execute(delete(FetchAttempt).where(FetchAttempt.run_id == run_id,
                                                   FetchAttempt.account_id.in_(list(account_ids))),
                        execution_options={"synchronize_session": False})


def requests_spent(session: Session, credential: str, since: datetime) -> int:
    """Requests recorded against `credential` by the crawls that started at or after `since`."""
    total = session.scalar(select(func.coalesce(func.sum(FetchAttempt.requests), 0))
                           .where(FetchAttempt.credential == credential, FetchAttempt.started_at >= since))
    return int(total or 0)


def outcome_counts(session: Session, run_id: int) -> dict[str, int]:
    """How many of the run's accounts ended in each outcome so far."""
    rows = session.execute(select(FetchAttempt.outcome, func.count()).where(FetchAttempt.run_id == run_id)
                           .group_by(FetchAttempt.outcome))
    return {outcome: int(n) for outcome, n in rows}
