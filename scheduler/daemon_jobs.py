"""The daemon's jobs: the daily patrol (日巡查), the monthly inspection (月检查) of the month before,
the quarterly inspection (季通报) of the quarter before.

Each job is a function of the config, the database, its job run and the stop event that returns
the run's detail, or None when the stop came before its end (the run is continued at the next
start). The quarterly job computes and stores the quarter's inspection, the figures of the
notice; rendering and sending the notice itself is issue #7's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from checks.period import Period
from checks.rules import load_profile
from scheduler.config import Config
from scheduler.daily import daily_patrol
from scheduler.inspect import run_inspection
from scheduler.timeopt import SHANGHAI, now
from storage.db import Database
from storage.models import JobRun

JobFunction = Callable[[Config, Database, JobRun, threading.Event], "dict[str, Any] | None"]


@dataclass(frozen=True)
class JobSpec:
    schedule: str  # its [daemon.NAME] table
    run: JobFunction
    patrols: bool  # crawls: never two at once


def month_before(when: datetime) -> Period:
    local = when.astimezone(SHANGHAI)
    return Period(local.year, local.month, 1).previous()


def quarter_before(when: datetime) -> Period:
    local = when.astimezone(SHANGHAI)
    return Period(local.year, (local.month - 1) // 3 * 3 + 1, 3).previous()


def _inspection(period_of: Callable[[datetime], Period], note: str) -> JobFunction:
    def inspect(config: Config, database: Database, job_run: JobRun, stop: threading.Event) -> dict[str, Any]:
        rules = load_profile(config.profile)
        period = period_of(job_run.scheduled_for)
        with database.session() as session:
            inspection_id = run_inspection(session, rules, period, special=False, computed_at=now())
        return {"catch_up": job_run.catch_up, "period": period.label, "profile": rules.name,
                "inspection_id": inspection_id} | ({"note": note} if note else {})
    return inspect


JOBS: dict[str, JobSpec] = {
    "daily_patrol": JobSpec("daily", daily_patrol, patrols=True),
    "monthly_inspection": JobSpec("monthly", _inspection(month_before, ""), patrols=False),
    "quarterly_inspection": JobSpec("quarterly", _inspection(
        quarter_before, "the quarter's inspection is stored; rendering and sending the notice is issue #7"),
        patrols=False),
}
