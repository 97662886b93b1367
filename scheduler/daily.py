"""The daemon's daily patrol (日巡查): every active account crawled in its platform's lane, spread
over the night window, then checked as one patrol run (closed and cancelled accounts are crawled
too, only to see whether they are gone, as `patrol run` does).

A run belongs to its job run (`storage.jobruns`), so a patrol interrupted by a stop or a crash is
continued by the next start: the accounts that have an outcome are kept (except those the lanes
would crawl again after a signal), the others are crawled. The window is [start, scheduled time +
window); a patrol that starts after that (a late catch-up) gets a window of the same length from
its start, and one continued after its window's end gets the share of the window its unfinished
accounts need. The checks run once every lane is done (the summary says whether it was a catch-up),
then the evidence is kept and people are told, as after `patrol run`.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from crawler.runner import collector_of
from crawler.settings import Target
from scheduler.config import Config
from scheduler.evidence import keep_evidence
from scheduler.lane import RETRIED_SIGNALS, Lane, LaneReport, Patrol, Window
from scheduler.notify import notify
from scheduler.patrol import PatrolSummary, check_run, crawl_settings, targets_of
from scheduler.resources import check_context
from scheduler.timeopt import SHANGHAI, now
from storage.accounts import list_accounts
from storage.db import Database
from storage.jobruns import update_run
from storage.models import JobRun
from storage.runs import outcomes_of, run_of, start_run

log = logging.getLogger("patrol.daemon")


def daily_patrol(config: Config, database: Database, job_run: JobRun, stop: threading.Event) -> dict[str, Any] | None:
    """Run or continue the patrol of `job_run`; its detail, or None when the stop came first."""
    with database.session() as session:
        accounts = list_accounts(session)
        active = [a for a in accounts if a.status == "active"]
        closed = [a for a in accounts if a.status != "active"]  # crawled only to see whether they are gone
        if job_run.patrol_run_id is None:
            as_of = start = now()
            end = _window_end(job_run.scheduled_for, start, config.daemon.window_s)
            rules = check_context(config, as_of).rules
            run_id = start_run(session, kind="daily", as_of=as_of, profile=rules.name, started_at=start)
            update_run(session, job_run.id, patrol_run_id=run_id, window_end=end)
        else:
            run = run_of(session, job_run.patrol_run_id)
            run_id, as_of, start = run.id, run.as_of, run.started_at
            end = job_run.window_end or _window_end(job_run.scheduled_for, start, config.daemon.window_s)
        done = outcomes_of(session, run_id)
        pending = [a for a in (*active, *closed) if a.id not in done or done[a.id].signal in RETRIED_SIGNALS]
        if now() >= end and pending:
            end = now() + timedelta(seconds=config.daemon.window_s * len(pending) / max(1, len(active)))
            update_run(session, job_run.id, window_end=end)
    context = check_context(config, as_of)
    settings = crawl_settings(config, context.rules, run_id, as_of, config.platforms, {})
    with database.session() as session:
        targets = targets_of(session, [*active, *closed], settings.since)
    window = Window(start, start + (end - start) * config.daemon.spread, end)
    log.info("daily patrol #%d%s: %d accounts, %d to crawl, window until %s", run_id, " (catch-up)" if job_run.catch_up
             else "", len(active), len(pending), f"{end.astimezone(SHANGHAI):%Y-%m-%d %H:%M:%S}")
    reports = _run_lanes(Patrol(config, database, settings, window, stop),
                         [t for t in targets if t.account_id in {a.id for a in pending}])
    if stop.is_set():
        return None
    summary = PatrolSummary(run_id, as_of, context.rules.name, accounts=len(active),
                            not_patrolled=len(accounts) - len(active), catch_up=job_run.catch_up)
    check_run(database, active, summary, context, targets, closed)
    keep_evidence(database, config, run_id, as_of)
    if config.notify.urls:  # the findings' alerts and digest, and the operator alerts the lanes raised
        notify(database, config, as_of=as_of, now=now())
    log.info("daily patrol #%d done: %d accounts, %d verified, unverified %s, findings %s", run_id, summary.accounts,
             summary.verified, {k: len(v) for k, v in sorted(summary.unverified.items())} or "none",
             dict(sorted(summary.findings.items())) or "none")
    return {"catch_up": job_run.catch_up, "window": [window.start.isoformat(), window.end.isoformat()],
            "platforms": {name: report.to_json() for name, report in sorted(reports.items())},
            "summary": summary.to_json()}


def _window_end(scheduled_for: datetime, start: datetime, window_s: float) -> datetime:
    end = scheduled_for + timedelta(seconds=window_s)
    return end if start < end else start + timedelta(seconds=window_s)


def _run_lanes(patrol: Patrol, targets: list[Target]) -> dict[str, LaneReport]:
    """One lane per collecting platform, all at once; accounts nothing collects are left to the checks."""
    groups: defaultdict[str, list[Target]] = defaultdict(list)
    for target in targets:
        if (collector := collector_of(target)) is not None:
            groups[collector].append(target)
    lanes = {name: Lane(name, group, patrol) for name, group in groups.items()}
    threads = [threading.Thread(target=_run_lane, args=(lane,), name=f"lane-{name}") for name, lane in lanes.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {name: lane.report for name, lane in lanes.items()}


def _run_lane(lane: Lane) -> None:
    """A lane in its thread: a failure is logged, and its accounts left are reported by the checks."""
    try:
        lane.run()
    except Exception:
        log.exception("%s: the lane failed; its accounts without a result are reported unverified", lane.platform)
