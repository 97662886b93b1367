"""One batch of one platform's accounts, crawled in a child process with a time limit.

The child stores each account's result as it finishes (one transaction each), so whatever ends
the child, no account is half-written. A child that outlives its time limit is stopped; one that
is still running when the daemon stops gets `stop_grace_s` to finish, then is aborted.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from crawler.settings import CrawlSettings, Target
from crawler.watchdog import STALL_EXIT
from scheduler.patrol import start_child, stop_child


@dataclass(frozen=True)
class BatchEnd:
    exitcode: int | None
    timed_out: bool = False
    aborted: bool = False  # stopped because the daemon is stopping

    @property
    def stalled(self) -> bool:
        """Ended by the browser watchdog: the accounts left are worth a fresh browser."""
        return self.exitcode == STALL_EXIT

    def failure(self, time_limit_s: float) -> tuple[str, str]:
        """The outcome and reason of an account this batch left without a result."""
        if self.timed_out:
            return "timeout", f"its crawl batch exceeded the time limit of {time_limit_s:g} s and was stopped"
        if self.exitcode and self.exitcode < 0:
            return "error", f"its crawl batch's process was killed by signal {-self.exitcode}"
        return "error", f"its crawl batch's process ended (exit code {self.exitcode}) before this account finished"


def run_batch(targets: list[Target], settings: CrawlSettings, *, time_limit_s: float, stop: threading.Event,
              stop_grace_s: float) -> BatchEnd:
    """Crawl `targets` in a child; returns how the child ended."""
    child = start_child(targets, settings)
    deadline = time.monotonic() + time_limit_s
    abort_at: float | None = None
    while child.is_alive():
        child.join(0.2)
        now = time.monotonic()
        if stop.is_set() and abort_at is None:
            abort_at = now + stop_grace_s
        if child.is_alive() and now >= deadline:
            stop_child(child)
            return BatchEnd(child.exitcode, timed_out=True)
        if child.is_alive() and abort_at is not None and now >= abort_at:
            stop_child(child, grace_s=5.0)
            return BatchEnd(child.exitcode, aborted=True)
    return BatchEnd(child.exitcode, aborted=stop.is_set() and child.exitcode != 0)
