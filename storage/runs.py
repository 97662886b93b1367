"""Patrol runs and their fetch outcomes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
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
