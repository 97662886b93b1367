"""One patrol: crawl the selected accounts in a child process, then check what was observed.

Accounts whose crawl did not end ok are unverified: no check runs on them, and none of
their findings is opened or resolved. Closed and cancelled accounts are not patrolled.
The parts (crawl settings with credentials and budgets, targets, a crawl child, the checks
of a run) serve the daemon's windowed patrol too (`scheduler.daily`).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import signal
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from multiprocessing.process import BaseProcess
from typing import Any

from sqlalchemy.orm import Session

from checks.registry import CheckContext
from checks.rules import Rules
from crawler.runner import collector_of, crawl, uses_browser
from crawler.settings import Budget, CrawlSettings, PlatformConfig, Target
from scheduler.assess import check_account, check_closed
from scheduler.budgets import budgets_for
from scheduler.config import Config
from scheduler.credentials import resolve_all
from scheduler.evidence import keep_evidence
from scheduler.notify import notify
from scheduler.report_config import evidence_dir
from scheduler.resources import check_context
from storage.accounts import list_accounts
from storage.db import Database
from storage.models import Account
from storage.observations import mark_open_threads, settled_threads, store_crawl
from storage.records import CrawlResult
from storage.runs import finish_run, outcomes_of, start_run

log = logging.getLogger("patrol")
PR_SET_PDEATHSIG = 1


@dataclass
class PatrolSummary:
    run_id: int
    as_of: datetime
    profile: str
    accounts: int = 0
    verified: int = 0
    unverified: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    findings: Counter[str] = field(default_factory=Counter)
    not_patrolled: int = 0
    interaction_not_assessable: list[str] = field(default_factory=list)
    pending_questions: int = 0
    threads_read: int = 0
    threads_skipped: int = 0
    crawl_rounds: int = 0
    still_online: list[str] = field(default_factory=list)  # closed or cancelled, yet online
    weekday_years: set[int] = field(default_factory=set)
    catch_up: bool = False  # a daemon's run of a job missed while it was down

    def to_json(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "as_of": self.as_of.isoformat(),
            "profile": self.profile,
            "accounts": self.accounts,
            "verified": self.verified,
            "unverified": {k: sorted(v) for k, v in sorted(self.unverified.items())},
            "findings": dict(sorted(self.findings.items())),
            "not_patrolled": self.not_patrolled,
            "interaction_not_assessable": sorted(self.interaction_not_assessable),
            "pending_questions": self.pending_questions,
            "threads": {"read": self.threads_read, "skipped_unchanged": self.threads_skipped},
            "crawl_rounds": self.crawl_rounds,
            "still_online": sorted(self.still_online),
            "catch_up": self.catch_up,
            "notes": self.notes(),
        }

    def notes(self) -> list[str]:
        """Things the inspector should know about how this patrol judged (said once)."""
        return [
            f"{year}年无节假日数据：工作日按周一至周五计算（可在 [rules] holidays 放入 {year}.txt）"
            for year in sorted(self.weekday_years)
        ]


def run_patrol(
    config: Config,
    *,
    as_of: datetime,
    platforms: Iterable[str] = (),
    account_ids: Sequence[int] | None = None,
    kind: str = "patrol",
) -> PatrolSummary:
    """Patrol the active accounts (of `platforms`, or just `account_ids`) as of `as_of`."""
    context = check_context(config, as_of)
    rules = context.rules
    credentials = resolve_all(config)
    database = Database(config.database_url)
    try:
        database.upgrade()
        with database.session() as session:
            every = list_accounts(session, platforms=platforms)
            if account_ids is not None:
                every = [a for a in every if a.id in set(account_ids)]
            selected = [a for a in every if a.status == "active"]
            closed = [a for a in every if a.status != "active"]  # crawled only to see they are gone
            run_id = start_run(session, kind=kind, as_of=as_of, profile=rules.name, started_at=_now())
            budgets = budgets_for(session, credentials, _now())
        summary = PatrolSummary(run_id, as_of, rules.name, accounts=len(selected),
                                not_patrolled=len(every) - len(selected))
        settings = crawl_settings(config, rules, run_id, as_of, {n: c.config for n, c in credentials.items()},
                                  budgets)
        with database.session() as session:  # a recheck reads every thread afresh
            targets = targets_of(session, [*selected, *closed], settings.since, fresh=kind == "recheck")
        summary.crawl_rounds = _crawl(database, targets, settings, config.crawl.timeout_s)
        check_run(database, selected, summary, context, targets, closed)
        keep_evidence(database, config, run_id, as_of)
        if kind == "patrol" and config.notify.urls:
            notify(database, config, as_of=as_of, now=_now())
        return summary
    finally:
        database.dispose()


def crawl_settings(config: Config, rules: Rules, run_id: int, as_of: datetime,
                   platforms: Mapping[str, PlatformConfig], budgets: Mapping[str, Budget]) -> CrawlSettings:
    """What the crawl children of run `run_id` are told: the platforms (with their credentials read
    from their files), what each credential may still spend today, the look-back of `rules`."""
    days = max(rules.lookback_days, rules.update_window_days) + 1
    return CrawlSettings(
        database_url=config.database_url,
        run_id=run_id,
        as_of=as_of,
        since=as_of - timedelta(days=days),
        platforms=platforms,
        chromium=config.crawl.chromium,
        retries=config.crawl.retries,
        max_pages=config.crawl.max_pages,
        log_level=config.crawl.log_level,
        evidence_dir=str(evidence_dir(config.evidence, config.database_url)),
        budgets=budgets,
    )


def targets_of(session: Session, accounts: Sequence[Account], since: datetime, *, fresh: bool = False) -> list[Target]:
    """The accounts as crawl targets, with their settled threads (none when `fresh`: every thread
    is read again, as a recheck does)."""
    settled = {} if fresh else settled_threads(session, [a.id for a in accounts], since)
    return [Target(a.id, a.name, a.platform, a.platform_id, a.feed_url, settled.get(a.id, {})) for a in accounts]


def _crawl(database: Database, targets: list[Target], settings: CrawlSettings, timeout_s: float) -> int:
    """Crawl in child processes until every collectable account has its outcome; the rounds it took.

    Browser targets are crawled in a child of their own, beside the others. A crawl that stalled
    (a browser that stopped opening pages ends its process: `crawler.watchdog`) or crashed leaves
    accounts without an outcome; those are crawled again by fresh children, as long as each
    round makes progress and time is left. What is still missing then is reported unverified
    by `check_run`."""
    deadline = time.monotonic() + timeout_s
    pending = [t for t in targets if collector_of(t)]
    rounds = 0
    while pending and deadline > time.monotonic():
        rounds += 1
        batches = [b for b in ([t for t in pending if uses_browser(t)], [t for t in pending if not uses_browser(t)])
                   if b]
        _crawl_in_children(batches, settings, deadline)
        with database.session() as session:
            done = outcomes_of(session, settings.run_id)
        missing = [t for t in pending if t.account_id not in done]
        if len(missing) == len(pending):
            break
        if missing:
            log.warning("crawl round %d ended with %d accounts unfinished; crawling them again", rounds, len(missing))
        pending = missing
    return rounds


def _crawl_in_children(batches: list[list[Target]], settings: CrawlSettings, deadline: float) -> None:
    """One child process per batch, all at once; those still running at `deadline` are stopped."""
    children = [start_child(batch, settings) for batch in batches]
    for child in children:
        child.join(max(0.0, deadline - time.monotonic()))
        if child.is_alive():
            log.error("crawl exceeded its time limit; stopping it")
            stop_child(child)
        if child.exitcode:
            log.error("crawl process exited with code %s", child.exitcode)


def start_child(targets: list[Target], settings: CrawlSettings) -> BaseProcess:
    """A started crawl child process (spawned: Scrapy's reactor cannot restart in one process)."""
    child = multiprocessing.get_context("spawn").Process(target=crawl_child, args=(targets, settings),
                                                         name="patrol-crawl")
    child.start()
    return child


def stop_child(child: BaseProcess, grace_s: float = 10.0) -> None:
    """End a crawl child: SIGTERM (Scrapy stops gracefully), SIGKILL after `grace_s`."""
    child.terminate()
    child.join(grace_s)
    if child.is_alive():
        child.kill()
        child.join()


def crawl_child(targets: list[Target], settings: CrawlSettings) -> None:
    """The crawl child's entry: it is killed with its parent (Linux), so no crawl outlives a patrol.
    SIGKILL, not SIGTERM: nobody is left to wait for a graceful stop, and one can hang forever on a
    stalled browser. Each account already stored is committed; the browser's driver exits with it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    crawl(targets, settings)


def check_run(database: Database, selected: list[Account], summary: PatrolSummary, context: CheckContext,
              targets: list[Target], closed: Sequence[Account] = ()) -> None:
    """Record the accounts left without an outcome, check the verified ones and whether the `closed`
    (closed or cancelled in the registry) are really gone, finish the run."""
    collectable = {t.account_id for t in targets if collector_of(t)}
    with database.session() as session:
        outcomes = outcomes_of(session, summary.run_id)
        for account in selected:
            attempt = outcomes.get(account.id)
            if attempt is None:
                outcome, message = (
                    ("error", "the crawl stopped (stalled, crashed or timed out) before this account finished")
                    if account.id in collectable else ("unsupported", "no collector for this platform without a feed")
                )
                now = _now()
                store_crawl(session, summary.run_id, CrawlResult(account.id, outcome, now, now, message),
                            seen_at=summary.as_of)
            else:
                outcome = attempt.outcome
            if outcome != "ok":
                summary.unverified[outcome].append(account.name)
                continue
            summary.verified += 1
            report = check_account(session, account, context, seen_at=summary.as_of)
            summary.findings.update(f.check for f in report.findings)
            if not report.interaction.assessable:
                summary.interaction_not_assessable.append(account.name)
            summary.pending_questions += report.interaction.pending
            mark_open_threads(session, account.id, summary.as_of, report.interaction.open_posts)
            summary.threads_read += attempt.threads_read if attempt else 0
            summary.threads_skipped += attempt.threads_skipped if attempt else 0
            summary.weekday_years |= report.interaction.weekday_years
        for account in closed:
            if check_closed(session, account, outcomes.get(account.id), context, seen_at=summary.as_of):
                summary.still_online.append(account.name)
        finish_run(session, summary.run_id, finished_at=_now(), summary=summary.to_json())


def _now() -> datetime:
    return datetime.now(UTC)
