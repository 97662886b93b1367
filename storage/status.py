"""What `patrol status` reads: the stored schedule, the latest patrol, today's new findings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Finding, PatrolRun, SchedulerJob


def scheduled_jobs(session: Session) -> list[tuple[str, float | None, bytes]]:
    """The job store's rows: (id, next run as a UTC timestamp, pickled job state)."""
    rows = session.execute(select(SchedulerJob.id, SchedulerJob.next_run_time, SchedulerJob.job_state)
                           .order_by(SchedulerJob.next_run_time))
    return [(job_id, next_run, state) for job_id, next_run, state in rows]


def latest_patrol(session: Session) -> PatrolRun | None:
    """The most recent patrol of all accounts (daily or `patrol run`), finished or not."""
    return session.scalars(select(PatrolRun).where(PatrolRun.kind.in_(("daily", "patrol")))
                           .order_by(PatrolRun.started_at.desc(), PatrolRun.id.desc()).limit(1)).first()


def opened_since(session: Session, since: datetime) -> dict[str, int]:
    """Findings opened (or reopened) at or after `since`, by check."""
    rows = session.execute(select(Finding.check, func.count()).where(Finding.opened_at >= since)
                           .group_by(Finding.check).order_by(Finding.check))
    return {check: int(n) for check, n in rows}
