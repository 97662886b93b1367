"""`patrol daemon`: the schedules of the daily patrol, the monthly and the quarterly inspection, run
unattended by APScheduler 3 with its job store in the project's database.

- One daemon per database (`scheduler.daemon_lock`); a second one is refused with a message.
- A job missed while the daemon was down runs once when it is back (coalesced) if it is no
  later than the grace period, recorded as a catch-up; one missed by more, or skipped because its
  previous run was still going, is recorded as missed with an alert: never silently skipped.
- A job run is keyed by its scheduled time (`storage.jobruns`): it runs once, and a run a stop or
  a crash interrupted is continued at the next start (or abandoned, logged, once too old).
- SIGTERM or SIGINT: no new jobs; running batches get `stop_grace_s` to finish, then are aborted;
  the process exits 0 once its jobs have returned (bounded: it exits 1 if they have not after
  `stop_grace_s` + `STOP_MARGIN_S`).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import datetime, timedelta
from typing import Any

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, JobExecutionEvent, JobSubmissionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from scheduler.config import Config
from scheduler.credentials import resolve_all
from scheduler.daemon_jobs import JOBS
from scheduler.daemon_lock import InstanceLock
from scheduler.daemon_log import setup_logging
from scheduler.errors import BAD_INPUT
from scheduler.resources import check_context
from scheduler.timeopt import SHANGHAI, now
from storage.credentials import raise_alert
from storage.db import Database
from storage.jobruns import ABANDONED, DONE, FAILED, RUNNING, claim, record_missed, unfinished, update_run
from storage.models import SchedulerJob

log = logging.getLogger("patrol.daemon")
STOP_MARGIN_S = 30.0  # beyond the batches' stop grace: a batch's child being ended, an inspection committing
FIRE = "scheduler.daemon:fire"  # the jobs' function, by reference (the job store keeps references)
_running: Daemon | None = None  # the daemon of this process, for `fire`


def fire(job: str) -> None:
    """The function every stored job calls: runs `job` in this process's daemon."""
    assert _running is not None, "a daemon job fired outside `patrol daemon`"
    _running.run_job(job, _running.executor.run_times.pop(job))


class RecordingExecutor(ThreadPoolExecutor):
    """A thread pool that remembers the time each job was submitted for, so that its run is keyed
    by its scheduled time (APScheduler does not pass it to the job)."""

    def __init__(self, max_workers: int) -> None:
        super().__init__(max_workers)
        self.run_times: dict[str, datetime] = {}

    def _do_submit_job(self, job: Job, run_times: list[datetime]) -> None:
        self.run_times[job.id] = run_times[-1]
        super()._do_submit_job(job, run_times)


class Daemon:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.database = Database(config.database_url)
        self.stop = threading.Event()
        self.started_at = now()
        self.executor = RecordingExecutor(max_workers=len(JOBS))
        self.patrolling = threading.Lock()  # one crawling job at a time
        self.busy: Counter[str] = Counter()  # jobs running
        self.idle = threading.Condition()
        self.signal = "lock lost"  # what stopped the daemon

    def run(self) -> int:
        """Serve until SIGTERM/SIGINT; the exit code. Raises bad input (config, profile, credential
        files) and DaemonRunning before doing anything."""
        global _running
        log_file = setup_logging(self.config.daemon.log_dir)
        self.database.upgrade()
        lock = InstanceLock(self.database, self.config.daemon.lock_stale_s)
        lock.acquire()
        _running = self
        try:
            check_context(self.config, now())
            resolve_all(self.config)
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, self._on_signal)
            scheduler = self._scheduler()
            log.info("daemon started (pid %d, log %s); next runs: %s", os.getpid(), log_file,
                     "; ".join(f"{job.id} {_when(job.next_run_time)}" for job in scheduler.get_jobs()))
            while not self.stop.wait(self.config.daemon.heartbeat_s):
                self._beat(lock)
            log.info("stopping (%s): no new jobs; running batches get %g s to finish", self.signal,
                     self.config.daemon.stop_grace_s)
            scheduler.shutdown(wait=False)
            if not self._wait_idle(self.config.daemon.stop_grace_s + STOP_MARGIN_S):
                log.error("jobs still running after the stop's time limit (%s); exiting anyway", dict(self.busy))
                lock.release()
                logging.shutdown()
                os._exit(1)
            log.info("stopped")
            return 0
        finally:
            lock.release()
            self.database.dispose()
            _running = None

    def _beat(self, lock: InstanceLock) -> None:
        """Renew the lock; stop when another daemon took it over (this one looked dead)."""
        try:
            held = lock.beat()
        except Exception as exc:  # the database is away for a moment: the next beat tries again
            log.warning("could not renew the daemon lock: %s", exc)
            return
        if not held:
            log.error("the daemon lock was taken over (this daemon looked dead); stopping")
            self.stop.set()

    def _on_signal(self, signum: int, _frame: Any) -> None:
        self.signal = signal.Signals(signum).name
        self.stop.set()

    def _scheduler(self) -> BackgroundScheduler:
        """The scheduler, started, its jobs in step with the config, unfinished runs continued."""
        daemon = self.config.daemon
        scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=self.database.engine,
                                                     tablename=SchedulerJob.__tablename__)},
            executors={"default": self.executor},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": int(daemon.grace_s)},
            timezone=SHANGHAI,
        )
        scheduler.add_listener(self._skipped, EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
        scheduler.start(paused=True)
        for job in scheduler.get_jobs():
            if job.id not in JOBS:
                job.remove()
        for name, spec in JOBS.items():
            trigger = daemon.trigger(spec.schedule)
            job = scheduler.get_job(name)
            if job is None:
                scheduler.add_job(FIRE, trigger, args=[name], id=name, name=name)
            elif str(job.trigger) != str(trigger):
                log.info("%s: schedule changed from %s to %s", name, job.trigger, trigger)
                job.reschedule(trigger)
            else:
                job.modify(misfire_grace_time=int(daemon.grace_s), coalesce=True, max_instances=1)
                if job.next_run_time < self.started_at:
                    log.warning("%s was due at %s while the daemon was down: it runs once now if within the grace "
                                "period", name, _when(job.next_run_time))
        self._continue_unfinished()
        scheduler.resume()
        return scheduler

    def _continue_unfinished(self) -> None:
        """Continue the runs a stop or crash left `running`, in threads of their own; abandon those whose
        time is long past."""
        grace = timedelta(seconds=self.config.daemon.grace_s)
        with self.database.session() as session:
            for job_run in unfinished(session):
                ends = job_run.window_end or job_run.scheduled_for
                if job_run.job in JOBS and now() < ends + grace:
                    log.info("%s of %s was interrupted; continuing it", job_run.job,
                             _when(job_run.scheduled_for))
                    threading.Thread(target=self.run_job, args=(job_run.job, job_run.scheduled_for),
                                     name=f"continue-{job_run.job}").start()
                    continue
                log.error("%s of %s was interrupted too long ago; abandoned", job_run.job,
                          _when(job_run.scheduled_for))
                update_run(session, job_run.id, status=ABANDONED, finished_at=now(),
                           detail=job_run.detail | {"reason": "interrupted, and not continued within the grace period"})

    def run_job(self, job: str, scheduled_for: datetime) -> None:
        """Run (or continue) the run of `job` for `scheduled_for`, once."""
        spec = JOBS[job]
        with self._busy(job), (self.patrolling if spec.patrols else nullcontext()):
            if self.stop.is_set():
                return
            with self.database.session() as session:
                job_run = claim(session, job, scheduled_for, at=now(), catch_up=scheduled_for < self.started_at)
            if job_run.status != RUNNING:
                log.info("%s of %s already ran (%s)", job, _when(scheduled_for), job_run.status)
                return
            log.info("%s of %s: started%s", job, _when(scheduled_for),
                     " as a catch-up" if job_run.catch_up else "")
            status, detail = FAILED, dict(job_run.detail)
            try:
                result = spec.run(self.config, self.database, job_run, self.stop)
            except BAD_INPUT as exc:
                log.error("%s: %s", job, exc)
                detail["error"] = str(exc)
            except Exception as exc:
                log.exception("%s failed", job)
                detail["error"] = f"{type(exc).__name__}: {exc}"
            else:
                if result is None:
                    log.info("%s stopped before its end; the next start continues it", job)
                    return
                status, detail = DONE, result
            with self.database.session() as session:
                update_run(session, job_run.id, status=status, finished_at=now(), detail=detail)
            log.info("%s of %s: %s", job, _when(scheduled_for), status)

    def _skipped(self, event: JobExecutionEvent | JobSubmissionEvent) -> None:
        """A run APScheduler did not start (missed beyond the grace period, or its previous run was still
        going): recorded and alerted."""
        when = event.scheduled_run_time if event.code == EVENT_JOB_MISSED else event.scheduled_run_times[-1]
        reason = ("missed by more than the grace period" if event.code == EVENT_JOB_MISSED
                  else "its previous run was still going")
        message = f"{event.job_id} of {_when(when)} did not run: {reason}"
        with self.database.session() as session:
            record_missed(session, event.job_id, when, at=now(), reason=reason)
            raise_alert(session, f"job_missed:{event.job_id}:{when.isoformat()}", kind="job_missed", platform=None,
                        message=message, at=now())
        log.error("%s", message)

    @contextmanager
    def _busy(self, job: str) -> Iterator[None]:
        """Count `job` as running while inside (the stop waits for none to run)."""
        with self.idle:
            self.busy[job] += 1
        try:
            yield
        finally:
            with self.idle:
                self.busy[job] -= 1
                self.busy += Counter()  # drops the zeros
                self.idle.notify_all()

    def _wait_idle(self, timeout_s: float) -> bool:
        with self.idle:
            return self.idle.wait_for(lambda: not self.busy, timeout_s)


def _when(time: datetime) -> str:
    return f"{time.astimezone(SHANGHAI):%Y-%m-%d %H:%M:%S}"
