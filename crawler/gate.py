"""The platform gate: a downloader middleware that keeps a crawl within what its platform allows.

One gate per crawler, so per spider and platform. It refuses every request once the platform's
day budget (`CrawlSettings.budgets`) is spent (`BudgetSpent`), and, when the crawl was told to
`hold_on_signal`, once an account's result carried the platform's rate-limit or session-invalid
signal: the accounts after it are not requested (`NotRequested`, with that signal's outcome) and
the scheduler crawls them again after its back-off, or once the credential is renewed.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler

from crawler.outcomes import RATE_LIMIT, SESSION_INVALID, BudgetSpent, FetchError, NotRequested
from crawler.settings import CrawlSettings
from storage.records import CrawlResult

log = logging.getLogger(__name__)


class PlatformGate:
    """Counts a platform's requests against its budget; closes after its signal (see module)."""

    def __init__(self, platform: str, patrol: CrawlSettings) -> None:
        self.platform, self.hold = platform, patrol.hold_on_signal
        budget = patrol.budgets.get(platform)
        self.left = budget.requests if budget else None
        self.closed_by: FetchError | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PlatformGate:
        gate = cls(getattr(crawler.spidercls, "platform", crawler.spidercls.name), crawler.settings["PATROL"])
        crawler.signals.connect(gate.observe, signal=signals.item_scraped)
        return gate

    def process_request(self, request: Request) -> None:
        if self.closed_by is not None:
            raise NotRequested(f"not requested: {self.platform} answered earlier in this crawl: {self.closed_by}",
                               self.closed_by)
        if self.left is not None:
            if self.left <= 0:
                raise BudgetSpent(f"not requested: the day's request budget of {self.platform} is spent")
            self.left -= 1

    def observe(self, item: Any, **_: Any) -> None:
        """Close the gate on a result that carried the platform's signal (when holding on signals)."""
        if not (self.hold and self.closed_by is None and isinstance(item, CrawlResult)):
            return
        if item.signal in (RATE_LIMIT, SESSION_INVALID):
            self.closed_by = _Cause(item.outcome, item.message)
            log.warning("%s: %s; no more requests to it in this crawl", self.platform, item.message)


class _Cause(FetchError):
    """The answer that closed the gate, as the outcome the refused accounts take."""

    def __init__(self, outcome: str, message: str) -> None:
        super().__init__(message)
        self.outcome = outcome
