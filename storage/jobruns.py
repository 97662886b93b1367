"""Daemon job runs: one row per (job, scheduled time), so that a firing runs once and a run that a
stop or crash interrupted (still `running`) is continued by the next start."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import JobRun
from storage.upsert import changed, insert_for

RUNNING, DONE, FAILED, MISSED, ABANDONED = "running", "done", "failed", "missed", "abandoned"


def claim(session: Session, job: str, scheduled_for: datetime, *, at: datetime, catch_up: bool) -> JobRun:
    """The run of `job` for `scheduled_for`: a new one (running), or the one already recorded."""
    session.execute(insert_for(session, JobRun).values(
        job=job, scheduled_for=scheduled_for, started_at=at, status=RUNNING, catch_up=catch_up, detail={},
    ).on_conflict_do_nothing())
    return session.scalars(select(JobRun).where(JobRun.job == job, JobRun.scheduled_for == scheduled_for)
                           .execution_options(populate_existing=True)).one()


def record_missed(session: Session, job: str, scheduled_for: datetime, *, at: datetime, reason: str) -> bool:
    """Record that `job` did not run for `scheduled_for`; whether this is news."""
    return changed(session, insert_for(session, JobRun).values(
        job=job, scheduled_for=scheduled_for, finished_at=at, status=MISSED, catch_up=False, detail={"reason": reason},
    ).on_conflict_do_nothing())


def update_run(session: Session, run_id: int, **values: Any) -> None:
    run = session.get(JobRun, run_id)
    if run is None:
        raise LookupError(f"no job run {run_id}")
    for key, value in values.items():
        setattr(run, key, value)


def unfinished(session: Session) -> list[JobRun]:
    """Runs left `running` by a daemon that stopped, oldest first."""
    return list(session.scalars(select(JobRun).where(JobRun.status == RUNNING).order_by(JobRun.scheduled_for)))


def latest_runs(session: Session) -> list[JobRun]:
    """Each job's most recently scheduled run."""
    newest = (select(JobRun.job, func.max(JobRun.scheduled_for).label("at")).group_by(JobRun.job).subquery())
    return list(session.scalars(select(JobRun).join(newest, (JobRun.job == newest.c.job)
                                                    & (JobRun.scheduled_for == newest.c.at)).order_by(JobRun.job)))
