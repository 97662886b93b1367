"""A browser crawl that stops making progress ends its process, so the patrol can start afresh.

Debian's Chromium (new headless, driven by Playwright through scrapy-playwright) now and then
never answers when a page is opened (`Target.createTarget`): nothing times out, every account
waiting on the browser would wait forever, and neither killing the browser nor closing the
spider reliably releases the call. `BrowserWatchdog` notes each sign of progress of a browser
spider (a response, a post list captured, an account finished); when none comes for `stall_s`
while accounts are left, it kills the process's children (driver and browser) and exits the
process with `STALL_EXIT`. Each finished account was already stored in its own transaction; the
accounts without a result are crawled again by a fresh process (see `scheduler.patrol`). So a
browser spider runs in a process of its own (`crawler.runner.uses_browser`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import Callable
from typing import Any

import psutil
from scrapy import Spider, signals
from scrapy.crawler import Crawler

from crawler.settings import CrawlSettings

log = logging.getLogger(__name__)
STALL_EXIT = 75  # the exit code of a crawl process ended by a stalled browser


def stall_seconds(patrol: CrawlSettings, platform: str) -> float:
    """How long a browser spider may show no progress: longer than one account's slowest
    legitimate page load (every retry timing out) and than a browser's launch on a loaded
    machine, so only a hung browser trips it."""
    return max(30.0, (patrol.retries + 2) * patrol.platforms[platform].timeout_s)


class BrowserWatchdog:
    """Ends the process after `stall_s` without progress of the crawler's spider while `unfinished()`."""

    def __init__(self, crawler: Crawler, stall_s: float, unfinished: Callable[[], bool]) -> None:
        self.stall_s, self.unfinished = stall_s, unfinished
        self.last = time.monotonic()
        self._task: asyncio.Task[None] | None = None
        crawler.signals.connect(self.beat, signal=signals.response_received)
        crawler.signals.connect(self.beat, signal=signals.item_scraped)
        crawler.signals.connect(self._start, signal=signals.spider_opened)
        crawler.signals.connect(self._stop, signal=signals.spider_closed)

    def beat(self, *_: Any, **__: Any) -> None:
        self.last = time.monotonic()

    def idle_s(self) -> float:
        """Seconds since the last sign of progress."""
        return time.monotonic() - self.last

    def _start(self, spider: Spider) -> None:
        self.beat()
        self._task = asyncio.get_running_loop().create_task(self._watch(spider))

    def _stop(self, *_: Any, **__: Any) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _watch(self, spider: Spider) -> None:
        while self.idle_s() <= self.stall_s or not self.unfinished():
            await asyncio.sleep(min(1.0, self.stall_s / 10))
        log.error("%s: the browser showed no progress for %.0fs; ending this crawl process so that its "
                  "unfinished accounts are crawled again with a new browser", spider.name, self.idle_s())
        for child in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.Error):
                child.kill()
        os._exit(STALL_EXIT)
