"""The platform gate: a downloader middleware that keeps a crawl within its platform's day budget.

One gate per crawler, so per spider and platform: it counts the requests it lets through and,
once what is left of the platform credential's day (`CrawlSettings.budgets`) is spent, refuses
every further request (`BudgetSpent`): the account it belonged to ends unverified, rate_limited.
How to answer the platform's own signals (back off, stop using a credential) is the scheduler's
(`scheduler.lane`), between crawls.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler

from crawler.outcomes import BudgetSpent
from crawler.settings import CrawlSettings


class PlatformGate:
    """Counts a platform's requests against its budget (None: no cap)."""

    def __init__(self, platform: str, patrol: CrawlSettings) -> None:
        self.platform = platform
        budget = patrol.budgets.get(platform)
        self.left = budget.requests if budget else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PlatformGate:
        return cls(getattr(crawler.spidercls, "platform", crawler.spidercls.name), crawler.settings["PATROL"])

    def process_request(self, request: Request) -> None:
        if self.left is None:
            return
        if self.left <= 0:
            raise BudgetSpent(f"not requested: the day's request budget of {self.platform} is spent")
        self.left -= 1
