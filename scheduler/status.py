"""`patrol status` gathered: the daemon, its jobs and their next runs, the last run of each job,
the latest patrol's accounts by outcome, credential states, unsent alerts, findings opened today."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta
from typing import Any

from scheduler.budgets import day_start
from scheduler.config import Config
from scheduler.daemon_lock import NAME
from scheduler.timeopt import SHANGHAI
from storage.accounts import list_accounts
from storage.credentials import credential_states, list_alerts
from storage.db import Database
from storage.jobruns import latest_runs
from storage.lock import holder_of
from storage.models import PatrolRun
from storage.runs import outcome_counts
from storage.status import latest_patrol, opened_since, scheduled_jobs


def status(config: Config, database: Database, at: datetime) -> dict[str, Any]:
    """Everything `patrol status --format json` prints (times ISO-8601 in Asia/Shanghai)."""
    with database.session() as session:
        holder = holder_of(session, NAME)
        patrol = latest_patrol(session)
        return {
            "now": _iso(at),
            "daemon": holder and {
                "running": at - holder.heartbeat_at < timedelta(seconds=config.daemon.lock_stale_s),
                "host": holder.host, "pid": holder.pid, "since": _iso(holder.acquired_at),
                "heartbeat_at": _iso(holder.heartbeat_at)},
            "jobs": [{"id": job_id, "next_run": _iso(datetime.fromtimestamp(next_run, UTC)) if next_run else None,
                      "trigger": str(pickle.loads(state)["trigger"])}
                     for job_id, next_run, state in scheduled_jobs(session)],
            "last_runs": [{"job": r.job, "scheduled_for": _iso(r.scheduled_for), "status": r.status,
                           "catch_up": r.catch_up, "started_at": _iso(r.started_at), "finished_at": _iso(r.finished_at),
                           "error": r.detail.get("error") or r.detail.get("reason") or r.detail.get("notice_error"),
                           "files": r.detail.get("notice", [])} for r in latest_runs(session)],
            "patrol": patrol and _patrol(patrol, outcome_counts(session, patrol.id),
                                         sum(a.status == "active" for a in list_accounts(session))),
            "credentials": [{"platform": c.platform, "state": c.state, "since": _iso(c.changed_at), "reason": c.reason}
                            for c in credential_states(session)],
            "alerts": [{"kind": a.kind, "platform": a.platform, "message": a.message, "raised_at": _iso(a.raised_at)}
                       for a in list_alerts(session) if a.sent_at is None],
            "findings_opened_today": opened_since(session, day_start(at)),
        }


def _patrol(run: PatrolRun, counts: dict[str, int], active: int) -> dict[str, Any]:
    """The run's accounts by outcome: from its summary once finished, else as far as it got."""
    if run.finished_at and run.summary:
        summary = run.summary
        accounts, verified = summary["accounts"], summary["verified"]
        unverified = {k: len(v) for k, v in summary["unverified"].items()}
    else:
        accounts, verified = active, counts.get("ok", 0)
        unverified = {k: n for k, n in counts.items() if k != "ok"}
    return {"run_id": run.id, "kind": run.kind, "as_of": _iso(run.as_of), "started_at": _iso(run.started_at),
            "finished_at": _iso(run.finished_at), "accounts": accounts, "verified": verified,
            "unverified": dict(sorted(unverified.items())),
            "not_crawled_yet": 0 if run.finished_at else max(0, accounts - sum(counts.values())),
            "catch_up": bool((run.summary or {}).get("catch_up"))}


def as_text(report: dict[str, Any]) -> str:
    """The status for a person."""
    daemon = report["daemon"]
    lines = [("daemon: not running" if not daemon else
              f"daemon: {'running' if daemon['running'] else 'NOT RESPONDING'} (pid {daemon['pid']} on "
              f"{daemon['host']}, since {daemon['since']}, last heartbeat {daemon['heartbeat_at']})")]
    lines += ["jobs:"] + [f"  {j['id']:<22} next {j['next_run'] or '-'}  {j['trigger']}" for j in report["jobs"]]
    lines += ["last runs:"] + [
        f"  {r['job']:<22} of {r['scheduled_for']}: {r['status']}{' (catch-up)' if r['catch_up'] else ''}"
        + (f", finished {r['finished_at']}" if r["finished_at"] else "") + (f": {r['error']}" if r["error"] else "")
        + (f"; wrote {', '.join(r['files'])}" if r["files"] else "")
        for r in report["last_runs"]]
    if patrol := report["patrol"]:
        unverified = ", ".join(f"{k} {n}" for k, n in patrol["unverified"].items()) or "none"
        state = f"finished {patrol['finished_at']}" if patrol["finished_at"] else \
            f"in progress, {patrol['not_crawled_yet']} not crawled yet"
        lines.append(f"patrol #{patrol['run_id']} ({patrol['kind']}) as of {patrol['as_of']}, {state}: "
                     f"{patrol['accounts']} accounts, {patrol['verified']} verified, unverified: {unverified}")
    lines.append("credentials: " + ("; ".join(f"{c['platform']} {c['state']} since {c['since']}"
                                              + (f" ({c['reason']})" if c["state"] != "valid" else "")
                                              for c in report["credentials"]) or "none used yet"))
    lines += ["alerts not sent yet:"] + [f"  {a['raised_at']} {a['message']}" for a in report["alerts"]]
    opened = ", ".join(f"{k} {n}" for k, n in report["findings_opened_today"].items()) or "none"
    lines.append(f"findings opened today: {opened}")
    return "\n".join(lines)


def _iso(when: datetime | None) -> str | None:
    return when.astimezone(SHANGHAI).isoformat(timespec="seconds") if when else None
