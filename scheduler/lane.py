"""One platform's share of a daily patrol: its accounts in batches, spread over the window.

A lane runs one batch at a time (one child process, `scheduler.batch`), so a platform never sees
two crawls of the daemon at once, and the lanes of different platforms never wait for each other.
Before each batch it reads the platform's credential (a renewed file is used at once) and what the
credential may still spend today. After each batch it sorts the results:

- a platform-wide rate-limit signal (at least as many accounts of the batch met it as succeeded)
  backs the platform off, doubling up to the cap; a batch without one clears it;
- a platform-wide session-invalid signal met by two accounts for the first time marks the
  credential expired and raises one alert for it; no request goes to the platform until the
  credential's files change (those accounts wait for that, and go first);
- the accounts that met a rate-limit signal, or a session-invalid one in a batch that mostly
  succeeded (trouble of their own), are crawled again later in the window, at most
  `signal_retries` times;
- a spent day budget ends the lane: the accounts left are unverified, rate_limited;
- accounts a crashed or timed-out child left without a result fail with that reason (a stalled
  browser's accounts go again, once the batch made progress).

When the window ends, accounts never crawled are recorded unverified; when the daemon stops, the
lane leaves them without a result, for the next start to continue.
"""

from __future__ import annotations

import logging
import math
import random
import threading
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from crawler.outcomes import BUDGET, RATE_LIMIT, SESSION_INVALID
from crawler.settings import Budget, CrawlSettings, Target
from scheduler.backoff import Backoff
from scheduler.batch import BatchEnd, run_batch
from scheduler.budgets import budget_of
from scheduler.config import Config
from scheduler.credentials import Credential, resolve
from scheduler.errors import ConfigError
from scheduler.timeopt import now
from storage.credentials import EXPIRED, VALID, credential_state, raise_alert, set_credential_state
from storage.db import Database
from storage.models import FetchAttempt
from storage.observations import store_crawl
from storage.records import CrawlResult
from storage.runs import forget_attempts, outcomes_of

log = logging.getLogger("patrol.daemon")
RETRIED_SIGNALS = (RATE_LIMIT, SESSION_INVALID)  # accounts worth crawling again in the window


@dataclass(frozen=True)
class Window:
    """The daily patrol's window: the first pass is spread until `pace_end`, retries until `end`."""

    start: datetime
    pace_end: datetime
    end: datetime

    def left_s(self, until: datetime | None = None) -> float:
        return ((until or self.end) - now()).total_seconds()


@dataclass(frozen=True)
class Patrol:
    """What the lanes of one daily patrol share."""

    config: Config
    database: Database
    settings: CrawlSettings  # of the run; each batch gets its platform's credential and budget
    window: Window
    stop: threading.Event


@dataclass
class LaneReport:
    batches: int = 0
    failed_batches: int = 0
    backoffs: int = 0
    retried: int = 0  # accounts crawled again after a signal
    credential_expired: bool = False
    budget_spent: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class Lane:
    """Crawls `targets` of `platform` (a collector: weibo, wechat, douyin, feed) for `patrol`."""

    def __init__(self, platform: str, targets: Iterable[Target], patrol: Patrol) -> None:
        self.platform, self.patrol = platform, patrol
        self.queue: deque[Target] = deque(targets)
        self.daemon = patrol.config.daemon
        self.backoff = Backoff(self.daemon.backoff_s, self.daemon.backoff_cap_s)
        self.report = LaneReport()
        self.started = now()  # the batches' turns are spread from here to the window's pace end
        self.waiting_for: tuple[str, str] | None = None  # why the accounts left were not crawled
        self.tries: Counter[int] = Counter()  # retries after an account's own signal
        self.suspects: set[int] = set()  # accounts that met a session-invalid signal since the last success

    def run(self) -> LaneReport:
        while self.queue and not self.patrol.stop.is_set():
            credential = self._usable_credential()
            if credential is None or not self._sleep(self.backoff.remaining_s()):
                break
            with self.patrol.database.session() as session:
                budget = budget_of(session, credential, now())
            if budget.requests == 0:
                self._budget_spent()
                break
            batch = [self.queue.popleft() for _ in range(min(self.daemon.batch_size, len(self.queue)))]
            with self.patrol.database.session() as session:  # earlier outcomes of accounts tried again
                forget_attempts(session, self.patrol.settings.run_id, [t.account_id for t in batch])
            end = run_batch(batch, self._settings(credential, budget), time_limit_s=self.daemon.batch_timeout_s,
                            stop=self.patrol.stop, stop_grace_s=self.daemon.stop_grace_s)
            if end.aborted:
                log.info("%s: batch aborted by the stop; its unfinished accounts wait for the next start",
                         self.platform)
                break
            self._sort(batch, end, credential)
            if self.queue:
                self._sleep(self._pace())
        self._close()
        return self.report

    def _settings(self, credential: Credential, budget: Budget) -> CrawlSettings:
        """The batch's crawl: its platform's credential and what it may still spend today."""
        settings = self.patrol.settings
        return replace(settings, platforms={**settings.platforms, self.platform: credential.config},
                       budgets={self.platform: budget})

    def _sleep(self, seconds: float) -> bool:
        """Wait `seconds` (bounded by the window); whether the lane may go on."""
        left = self.patrol.window.left_s()
        self.patrol.stop.wait(max(0.0, min(seconds, left)))
        return not self.patrol.stop.is_set() and seconds < left

    def _pace(self) -> float:
        """Seconds until the next batch's turn. The lane's batches have evenly spaced turns from its start to
        the window's pace end (each shifted by up to a quarter of the spacing, at random); a lane behind its
        turns does not wait."""
        planned = self.report.batches + math.ceil(len(self.queue) / self.daemon.batch_size)
        spacing = (self.patrol.window.pace_end - self.started).total_seconds() / planned
        turn = self.started + timedelta(seconds=spacing * (self.report.batches + random.uniform(-0.25, 0.25)))
        return max(0.0, (turn - now()).total_seconds())

    def _usable_credential(self) -> Credential | None:
        """The platform's credential once it is usable (not the one found expired); None when the window
        ended or the daemon stops first."""
        said = False
        while not self.patrol.stop.is_set():
            try:
                credential = resolve(self.patrol.config.source, self.platform,
                                     self.patrol.config.platforms[self.platform])
            except ConfigError as exc:
                if not said:
                    log.error("%s: %s; waiting for the file", self.platform, exc)
                said, self.waiting_for = True, ("login_required", f"not requested: {exc}")
            else:
                with self.patrol.database.session() as session:
                    state = credential_state(session, self.platform)
                    if state is None or state.state != EXPIRED or state.fingerprint != credential.fingerprint:
                        if state is not None and state.state == EXPIRED:
                            log.info("%s: the credential changed; crawling again", self.platform)
                            self.suspects.clear()
                        set_credential_state(session, self.platform, credential.fingerprint, VALID, at=now())
                        self.waiting_for = None
                        return credential
                if not said:
                    log.warning("%s: the credential expired (%s); no requests until it is renewed", self.platform,
                                state.reason)
                said, self.waiting_for = True, ("login_required", f"not requested: the {self.platform} credential "
                                                                  f"expired ({state.reason}) and was not renewed")
            if not self._sleep(self.daemon.credential_poll_s):
                return None
        return None

    def _sort(self, batch: list[Target], end: BatchEnd, credential: Credential) -> None:
        """Read the batch's results and decide what is crawled again (see the module)."""
        with self.patrol.database.session() as session:
            attempts = outcomes_of(session, self.patrol.settings.run_id)
        got: dict[int, FetchAttempt] = {t.account_id: attempts[t.account_id] for t in batch if t.account_id in attempts}
        self.report.batches += 1
        log.info("%s: batch %d: %d accounts: %s", self.platform, self.report.batches, len(batch),
                 ", ".join(f"{k} {n}" for k, n in sorted(Counter(a.outcome for a in got.values()).items())) or "none")
        if missing := [t for t in batch if t.account_id not in got]:
            self._missing(missing, end, progressed=bool(got))
        signalled: defaultdict[str | None, list[Target]] = defaultdict(list)
        for target in batch:
            if target.account_id in got:
                signalled[got[target.account_id].signal].append(target)
        oks = sum(a.outcome == "ok" for a in got.values())
        first, later = self._session_invalid(signalled[SESSION_INVALID], got, credential, oks)
        later += self._rate_limited(signalled[RATE_LIMIT], got, oks)
        self.queue.extendleft(reversed(first))
        self.queue.extend(later)
        self.report.retried += len(first) + len(later)
        if signalled[BUDGET]:
            self._budget_spent()

    def _session_invalid(self, invalid: list[Target], got: dict[int, FetchAttempt], credential: Credential,
                         oks: int) -> tuple[list[Target], list[Target]]:
        """The accounts to crawl again (first, later). The credential is expired once two accounts met the
        signal for the first time in platform-wide batches with none in between that mostly succeeded:
        they wait for its renewal. Accounts that meet it while most succeed have trouble of their own and
        are crawled again later."""
        if not _platform_wide(invalid, oks):
            self.suspects.clear()
        else:
            self.suspects.update(t.account_id for t in invalid if not self.tries[t.account_id])
        if invalid and len(self.suspects) >= 2:
            self._expire(credential, got[invalid[0].account_id].message)
            return invalid, []
        return [], self._again(invalid)

    def _rate_limited(self, limited: list[Target], got: dict[int, FetchAttempt], oks: int) -> list[Target]:
        """Back off after a batch in which the rate-limit signal was platform-wide (doubling); a batch in which
        it was not clears the back-off. The accounts that met the signal, to crawl again later."""
        if _platform_wide(limited, oks):
            wait = self.backoff.hit()
            self.report.backoffs += 1
            log.warning("%s: rate-limit signal (%s); backing off %.0f s; %d accounts are crawled again later in "
                        "the window", self.platform, got[limited[0].account_id].message, wait, len(limited))
        else:
            self.backoff.clear()
        return self._again(limited)

    def _again(self, targets: list[Target]) -> list[Target]:
        """Those of `targets` that have tries left after a signal of their own (the others' outcome stands)."""
        again = [t for t in targets if self.tries[t.account_id] < self.daemon.signal_retries]
        self.tries.update(t.account_id for t in again)
        return again

    def _missing(self, missing: list[Target], end: BatchEnd, *, progressed: bool) -> None:
        if end.stalled and progressed:
            log.warning("%s: the browser stalled; %d accounts go again with a new one", self.platform, len(missing))
            self.queue.extendleft(reversed(missing))
            return
        outcome, message = end.failure(self.daemon.batch_timeout_s)
        self.report.failed_batches += 1
        log.error("%s: batch %d failed: %s; %d accounts unverified", self.platform, self.report.batches, message,
                  len(missing))
        self._record(missing, outcome, message)

    def _expire(self, credential: Credential, reason: str) -> None:
        self.report.credential_expired = True
        where = self.patrol.config.platforms[self.platform]
        files = " and ".join(f for f in (where.credentials, where.storage_state) if f) or "the config"
        message = (f"{self.platform}: the credential is no longer accepted ({reason}); renew it in {files}. "
                   f"No requests go to {self.platform} until it changes.")
        with self.patrol.database.session() as session:
            set_credential_state(session, self.platform, credential.fingerprint, EXPIRED, at=now(), reason=reason)
            new = raise_alert(session, f"credential_expired:{credential.budget_key}", kind="credential_expired",
                              platform=self.platform, message=message, at=now())
        if new:
            log.error("ALERT %s", message)

    def _budget_spent(self) -> None:
        self.report.budget_spent = True
        log.warning("%s: the day's request budget is spent; %d accounts left unverified", self.platform,
                    len(self.queue))
        self._record(list(self.queue), "rate_limited", f"not requested: the day's request budget of {self.platform} "
                                                       "is spent", signal=BUDGET)
        self.queue.clear()

    def _close(self) -> None:
        """At the window's end, the accounts never crawled are recorded (when stopping, they wait)."""
        if self.patrol.stop.is_set() or not self.queue:
            return
        with self.patrol.database.session() as session:
            tried = set(outcomes_of(session, self.patrol.settings.run_id))
        never = [t for t in self.queue if t.account_id not in tried]
        outcome, message = self.waiting_for or ("timeout", "not crawled: the daily patrol's window ended first")
        log.warning("%s: the window ended with %d accounts left (%d never crawled: %s)", self.platform,
                    len(self.queue), len(never), message)
        self._record(never, outcome, message)

    def _record(self, targets: list[Target], outcome: str, message: str, signal: str | None = None) -> None:
        """Store `outcome` as the accounts' result in this run, in place of any earlier one."""
        at = now()
        with self.patrol.database.session() as session:
            forget_attempts(session, self.patrol.settings.run_id, [t.account_id for t in targets])
            for target in targets:
                store_crawl(session, self.patrol.settings.run_id,
                            CrawlResult(target.account_id, outcome, at, at, message, signal=signal),
                            seen_at=self.patrol.settings.as_of)


def _platform_wide(signalled: list[Target], oks: int) -> bool:
    """Whether a batch's signal was the platform's: at least as many accounts met it as succeeded. A few
    accounts meeting it among many that succeed have trouble of their own (or met a limit that passed)."""
    return bool(signalled) and len(signalled) >= max(1, oks)
