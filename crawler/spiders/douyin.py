"""Douyin: a browser (Playwright, Chromium) loads the profile page; the spider reads the post-list
JSON the page itself receives, scrolling for more; comments come from their JSON endpoints.

An empty body with HTTP 200, or `status_code != 0`, is a block: the account is not verified.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from playwright.async_api import Error as BrowserError
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.fetch import Fetcher
from crawler.outcomes import BadResponse, Blocked, BrowserLost, FetchError, FetchTimeout, raise_for_status
from crawler.settings import Target
from crawler.spiders.base import AccountSpider, Observed
from crawler.timeparse import from_unix
from crawler.watchdog import BrowserWatchdog, stall_seconds
from storage.records import CommentRecord, PostRecord

POST_LIST_PATH = "/aweme/v1/web/aweme/post/"
COMMERCE_FIELDS = ("is_ads", "promotions", "anchor_info")
RELOAD_STATUSES = frozenset({500, 502, 503, 504})


def douyin_body(status: int, url: str, body: bytes) -> dict[str, Any]:
    """A Douyin JSON body; empty bodies and non-zero status codes are blocks."""
    raise_for_status(status, url)
    if not body.strip():
        raise Blocked(f"empty body (HTTP 200) at {url}")
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise BadResponse(f"malformed JSON at {url}: {exc}") from exc
    if not isinstance(data, dict) or data.get("status_code") != 0:
        code = data.get("status_code") if isinstance(data, dict) else None
        raise Blocked(f"status_code {code!r} at {url}")
    return data


@dataclass(frozen=True)
class Captured:
    """One post-list response as the page received it (the body read at once: Chromium may
    drop it later)."""

    status: int
    url: str
    body: bytes
    error: str = ""  # why the body could not be read


class PostListCapture:
    """Collects the post-list responses a page receives (a Playwright `response` handler);
    `on_capture` is told of each (the browser watchdog's sign of progress)."""

    def __init__(self, on_capture: Callable[[], None]) -> None:
        self.responses: list[Captured] = []
        self.on_capture = on_capture

    async def __call__(self, response: Any) -> None:
        if POST_LIST_PATH not in response.url:
            return
        self.on_capture()
        try:
            captured = Captured(response.status, response.url, await response.body())
        except Exception as exc:  # the browser lost the body: keep what was seen
            captured = Captured(response.status, response.url, b"", f"{type(exc).__name__}: {exc}")
        self.responses.append(captured)

    async def wait_for(self, count: int, timeout_s: float, page: Any) -> Captured:
        """The `count`-th captured response of `page`, waiting up to `timeout_s`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while len(self.responses) < count:
            if page.is_closed():
                raise BrowserLost("the page was closed under the account")
            if loop.time() > deadline:
                raise FetchTimeout(f"the page received no post list within {timeout_s:g}s")
            await asyncio.sleep(0.05)
        return self.responses[count - 1]


class DouyinSpider(AccountSpider):
    name = "douyin"
    platform = "douyin"
    uses_browser = True
    watchdog: BrowserWatchdog
    custom_settings = {  # only this spider drives a browser
        "DOWNLOAD_HANDLERS": {
            "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
            "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
        },
    }

    def start_url(self, target: Target) -> str:
        return self.config.base_url.rstrip("/") + f"/user/{target.platform_id}"

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> DouyinSpider:
        spider: DouyinSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.watchdog = BrowserWatchdog(crawler, stall_seconds(spider.patrol, cls.platform), spider.unfinished)
        return spider

    def retryable(self, error: FetchError, meta: dict[str, Any]) -> bool:
        """Also a timeout while the whole browser showed no progress: a hanging browser, not the platform."""
        stalled = self.watchdog.idle_s() >= self.config.timeout_s
        return super().retryable(error, meta) or (isinstance(error, FetchTimeout) and stalled)

    async def release_page(self, meta: dict[str, Any]) -> None:
        """Close the account's own browser context (and so its page); a dead browser has none left."""
        page = meta.pop("playwright_page", None)
        if page is not None:
            with contextlib.suppress(BrowserError):
                await page.context.close()

    def start_meta(self, target: Target) -> dict[str, Any]:
        return {  # each account in a context of its own: no cookies shared, a window of its own
            "playwright": True,
            "playwright_context": f"douyin-{target.account_id}",
            # a logged-in session (Playwright storage state file) when one is configured
            "playwright_context_kwargs": {"storage_state": self.config.storage_state} if self.config.storage_state
            else {},
            "playwright_include_page": True,
            "playwright_page_event_handlers": {"response": PostListCapture(self.watchdog.beat)},
        }

    async def collect(self, target: Target, first: Response, fetcher: Fetcher, seen: Observed) -> None:
        page = first.meta["playwright_page"]
        capture: PostListCapture = first.meta["playwright_page_event_handlers"]["response"]
        awemes = await self._scroll_posts(page, capture, fetcher)
        await self.release_page(first.meta)
        for aweme in awemes:
            post = self._post(aweme)
            seen.posts.append(post)
            if self.wants_thread(target, post.platform_post_id, post.published_at, post.comment_count, seen):
                seen.comments.extend(await self._comments(post.platform_post_id, target, fetcher))

    async def _scroll_posts(self, page: Any, capture: PostListCapture, fetcher: Fetcher) -> list[dict[str, Any]]:
        """The post list as the page loads it, scrolling for more; a server error reloads the page
        (up to `retries` times), as Scrapy retries plain requests."""
        awemes: list[dict[str, Any]] = []
        reloads = 0
        for count in range(1, self.patrol.max_pages + self.patrol.retries + 1):
            response = await capture.wait_for(count, self.config.timeout_s, page)
            fetcher.requests += 1
            if response.status in RELOAD_STATUSES and reloads < self.patrol.retries:
                reloads, awemes = reloads + 1, []
                await page.reload()
                continue
            if response.error:
                raise BrowserLost(f"the browser lost the post list at {response.url}: {response.error}")
            data = douyin_body(response.status, response.url, response.body)
            fetcher.keep(response.url, response.body)
            batch = data.get("aweme_list") or []
            awemes.extend(batch)
            dated = [from_unix(a["create_time"]) for a in batch if not a.get("is_top")]
            if not data.get("has_more") or (dated and not self.is_recent(min(dated))):
                break
            await page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        return awemes

    def _post(self, aweme: dict[str, Any]) -> PostRecord:
        stats = aweme.get("statistics") or {}
        aweme_id = str(aweme["aweme_id"])
        return PostRecord(
            platform_post_id=aweme_id,
            published_at=from_unix(aweme["create_time"]),
            url=f"https://www.douyin.com/video/{aweme_id}",
            text=str(aweme.get("desc", "")),
            pinned=bool(aweme.get("is_top")),
            comment_count=int(stats.get("comment_count") or 0),
            metrics=dict(stats),
            commerce={name: bool(aweme.get(name)) for name in COMMERCE_FIELDS},
        )

    async def _comments(self, aweme_id: str, target: Target, fetcher: Fetcher) -> list[CommentRecord]:
        found: list[CommentRecord] = []
        async for item in self._pages("/aweme/v1/web/comment/list/", {"aweme_id": aweme_id}, "comments", fetcher):
            found.append(self._comment(item, aweme_id, target, None))
            if int(item.get("reply_comment_total") or 0) > 0:
                query = {"item_id": aweme_id, "comment_id": item["cid"]}
                async for reply in self._pages("/aweme/v1/web/comment/list/reply/", query, "comments", fetcher):
                    found.append(self._comment(reply, aweme_id, target, str(item["cid"])))
        return found

    async def _pages(self, path: str, query: dict[str, Any], key: str, fetcher: Fetcher) -> Any:
        cursor = 0
        for _ in range(self.patrol.max_pages):
            url = fetcher.url(path + "?" + urlencode(query | {"cursor": cursor, "count": 20}))
            response = await fetcher.get(url)
            data = douyin_body(response.status, url, response.body)
            for item in data.get(key) or []:
                yield item
            if not data.get("has_more"):
                return
            cursor = int(data["cursor"])

    def _comment(self, item: dict[str, Any], aweme_id: str, target: Target, parent: str | None) -> CommentRecord:
        user = item.get("user") or {}
        official = item.get("label_type") == 1 or (user.get("sec_uid") and user.get("sec_uid") == target.platform_id)
        reply_to = str(item.get("reply_to_reply_id") or "0")
        return CommentRecord(
            platform_comment_id=str(item["cid"]),
            platform_post_id=aweme_id,
            created_at=from_unix(item["create_time"]),
            text=str(item.get("text", "")),
            author_id=str(user.get("uid") or "") or None,
            author_name=user.get("nickname"),
            parent_platform_id=reply_to if reply_to != "0" else parent,
            is_official=bool(official),
        )
