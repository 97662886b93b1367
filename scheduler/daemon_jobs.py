"""The daemon's jobs: the daily patrol (日巡查), the monthly inspection (月检查) of the month before,
the quarterly inspection (季通报) of the quarter before.

Each job is a function of the config, the database, its job run and the stop event that returns
the run's detail, or None when the stop came before its end (the run is continued at the next
start). The quarterly job also writes the quarter's notice as Word and Excel drafts for the
inspectors to edit (`[notice] dir`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from checks.period import Period
from checks.rules import load_profile
from scheduler.config import Config
from scheduler.daily import daily_patrol
from scheduler.errors import UsageError
from scheduler.inspect import run_inspection
from scheduler.notice_render import NoChineseFont, render_notice
from scheduler.output import emit
from scheduler.report_config import notice_dir
from scheduler.timeopt import SHANGHAI, now
from storage.db import Database
from storage.models import JobRun

log = logging.getLogger("patrol.daemon")

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


def _inspection(period_of: Callable[[datetime], Period], *, notice: bool) -> JobFunction:
    def inspect(config: Config, database: Database, job_run: JobRun, stop: threading.Event) -> dict[str, Any]:
        rules = load_profile(config.profile)
        period = period_of(job_run.scheduled_for)
        with database.session() as session:
            inspection_id = run_inspection(session, rules, period, special=False, computed_at=now())
        detail = {"catch_up": job_run.catch_up, "period": period.label, "profile": rules.name,
                  "inspection_id": inspection_id}
        return detail | (_write_notice(config, database, period, job_run.scheduled_for) if notice else {})
    return inspect


def _write_notice(config: Config, database: Database, period: Period, scheduled_for: datetime) -> dict[str, Any]:
    """The quarter's notice written as ``DIR/2021Q4季度通报.docx`` and ``.xlsx``, dated the day the job was
    due: {"notice": [paths]}, and "notice_error" when one was not written (the inspection stays stored either way)."""
    folder = notice_dir(config.notice, config.database_url)
    written: list[str] = []
    try:
        drafts = render_notice(config, database, period, ["docx", "xlsx"], scheduled_for.astimezone(SHANGHAI).date())
        for fmt, data in drafts.items():
            path = folder / f"{period.label}季度通报.{fmt}"
            emit(data, path)
            written.append(str(path))
    except (UsageError, NoChineseFont) as exc:
        log.error("the notice of %s was not written: %s", period.label, exc)
        return {"notice": written, "notice_error": str(exc)}
    log.info("the notice of %s is written: %s", period.label, ", ".join(written))
    return {"notice": written}


JOBS: dict[str, JobSpec] = {
    "daily_patrol": JobSpec("daily", daily_patrol, patrols=True),
    "monthly_inspection": JobSpec("monthly", _inspection(month_before, notice=False), patrols=False),
    "quarterly_inspection": JobSpec("quarterly", _inspection(quarter_before, notice=True), patrols=False),
}
