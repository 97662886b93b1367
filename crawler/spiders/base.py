"""The account spider: one start request per account, the rest awaited in its callback.

Each account's crawl is a linear coroutine (`collect`) that awaits its own pages through a
`Fetcher`, and ends in exactly one `CrawlResult`: ok with what was observed, or the
outcome of the first error. A partial crawl is never stored as ok.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from scrapy import Request, Spider
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.fetch import Fetcher, request_meta, translate
from crawler.outcomes import BadResponse, BrowserLost, BudgetSpent, FetchError, raise_for_status
from crawler.settings import CrawlSettings, PlatformConfig, Target
from storage.records import CommentRecord, CrawlResult, PostRecord

UTC = ZoneInfo("UTC")


@dataclass
class Observed:
    """What one account's crawl collected so far."""

    posts: list[PostRecord] = field(default_factory=list)
    comments: list[CommentRecord] = field(default_factory=list)
    threads_read: set[str] = field(default_factory=set)
    threads_skipped: int = 0


class AccountSpider(Spider):
    """Base of the platform spiders. Subclasses set `platform` and implement
    `start_url` and `collect`."""

    platform: ClassVar[str]
    uses_browser: ClassVar[bool] = False  # a browser spider runs in a crawl process of its own

    def __init__(self, targets: Sequence[Target], patrol: CrawlSettings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.targets = list(targets)
        self.patrol = patrol
        self.config: PlatformConfig = patrol.platforms[self.platform]
        self.finished = 0  # accounts with their result

    # -- subclass contract -------------------------------------------------------------
    def start_url(self, target: Target) -> str:
        raise NotImplementedError

    def start_meta(self, target: Target) -> dict[str, Any]:
        """Extra meta of the first request (e.g. to load it in a browser)."""
        return {}

    async def collect(self, target: Target, first: Response, fetcher: Fetcher, seen: Observed) -> None:
        """Read the account from its first response onwards into `seen`; raise FetchError."""
        raise NotImplementedError

    async def release_page(self, meta: dict[str, Any]) -> None:
        """Close the browser page a request kept open, whatever became of the crawl."""
        page = meta.get("playwright_page")
        if page is not None and not page.is_closed():
            await page.close()

    # -- machinery ---------------------------------------------------------------------
    def is_recent(self, when: datetime) -> bool:
        return when >= self.patrol.since

    def wants_thread(self, target: Target, post_id: str, published: datetime, count: int | None,
                     seen: Observed) -> bool:
        """Whether to read a post's comment thread now, counting the decision in `seen`: a recent
        post with comments is read unless its thread is settled (see `Target.settled_threads`)
        and its comment count has not changed since."""
        if not self.is_recent(published) or not count:
            return False
        if target.settled_threads.get(post_id) == count:
            seen.threads_skipped += 1
            return False
        seen.threads_read.add(post_id)
        return True

    async def start(self) -> AsyncIterator[Request]:
        for target in self.targets:
            yield self._start_request(target, attempt=0, started=datetime.now(UTC),
                                      fetcher=Fetcher(self, self.platform, self.config))

    def _start_request(self, target: Target, *, attempt: int, started: datetime, fetcher: Fetcher) -> Request:
        meta = request_meta(self.platform, self.config) | self.start_meta(target)
        meta |= {"target": target, "started": started, "attempt": attempt, "fetcher": fetcher}
        return Request(self.start_url(target), headers=fetcher.headers(), meta=meta, dont_filter=True,
                       callback=self._crawl_account, errback=self._failed)

    def retryable(self, error: FetchError, meta: dict[str, Any]) -> bool:
        """Whether the error of the attempt in `meta` is the crawler's own trouble rather than the
        platform's answer."""
        return isinstance(error, BrowserLost)

    def _again(self, meta: dict[str, Any], error: FetchError) -> Request | None:
        """The account's crawl from the start once more, when the error was the crawler's own
        (`retryable`) and attempts are left (its requests keep counting); else None."""
        if not self.retryable(error, meta) or meta["attempt"] >= max(2, self.patrol.retries):
            return None
        self.logger.warning("%s (%s): %s; crawling it again", meta["target"].name, self.platform, error)
        return self._start_request(meta["target"], attempt=meta["attempt"] + 1, started=meta["started"],
                                   fetcher=meta["fetcher"])

    async def _crawl_account(self, response: Response) -> AsyncIterator[CrawlResult | Request]:
        target: Target = response.meta["target"]
        fetcher: Fetcher = response.meta["fetcher"]
        fetcher.requests += 1
        seen = Observed()
        error: FetchError | None = None
        try:
            raise_for_status(response.status, response.url)
            fetcher.keep(response.url, response.body)
            await self.collect(target, response, fetcher, seen)
        except FetchError as exc:
            error = exc
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            error = BadResponse(f"unexpected response shape: {type(exc).__name__}: {exc}")
        except Exception as exc:  # a browser or library failure: the account is not verified
            error = translate(exc)
            self.logger.exception("%s (%s): crawl failed", target.name, self.platform)
        finally:
            await self.release_page(response.meta)
        if error is not None and (again := self._again(response.meta, error)):
            yield again
        else:
            yield self._result(response.meta, error, seen)

    async def _failed(self, failure: Failure) -> CrawlResult | Request:
        meta = failure.request.meta  # type: ignore[attr-defined]
        await self.release_page(meta)
        error = translate(failure.value or RuntimeError("unknown failure"))
        if not isinstance(error, BudgetSpent):  # refused by the gate: nothing was sent
            meta["fetcher"].requests += 1
        return self._again(meta, error) or self._result(meta, error)

    def _result(
        self, meta: dict[str, Any], error: FetchError | None, seen: Observed | None = None
    ) -> CrawlResult:
        """The account's one result: ok with what was seen, or the outcome of `error`."""
        target: Target = meta["target"]
        self.finished += 1
        if error is not None:
            self.logger.warning("%s (%s): %s: %s", target.name, self.platform, error.outcome, error)
            seen = None
        return CrawlResult(
            account_id=target.account_id,
            outcome=error.outcome if error else "ok",
            started_at=meta["started"],
            finished_at=datetime.now(UTC),
            message=str(error) if error else "",
            requests=meta["fetcher"].requests,
            posts=tuple(seen.posts) if seen else (),
            comments=tuple(seen.comments) if seen else (),
            threads_read=frozenset(seen.threads_read) if seen else frozenset(),
            threads_skipped=seen.threads_skipped if seen else 0,
            raw=tuple(meta["fetcher"].raw) if seen else (),
            signal=error.signal if error else None,
            credential=budget.key if (budget := self.patrol.budgets.get(self.platform)) else None,
        )

    def unfinished(self) -> bool:
        """Whether some account has no result yet."""
        return self.finished < len(self.targets)
