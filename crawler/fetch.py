"""One account's requests: politeness slot, credentials, counting, errors translated.

Spiders call `Fetcher.get` / `Fetcher.json` from their async callbacks; every library
error becomes a `crawler.outcomes.FetchError` here, at the boundary.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from playwright.async_api import Error as BrowserError
from playwright.async_api import TimeoutError as BrowserTimeout
from scrapy import Request, Spider
from scrapy.exceptions import DownloadTimeoutError
from scrapy.http import Response
from twisted.internet.error import TimeoutError as TwistedTimeoutError

from crawler.outcomes import (
    BadResponse,
    BrowserLost,
    BudgetSpent,
    FetchError,
    FetchTimeout,
    raise_for_status,
)
from crawler.settings import PlatformConfig
from storage.records import RawRecord


def request_meta(platform: str, config: PlatformConfig) -> dict[str, Any]:
    """Meta every request of a platform carries: its own download slot and timeout."""
    return {
        "download_slot": platform,
        "download_timeout": config.timeout_s,
        "handle_httpstatus_all": True,
    }


def translate(error: BaseException) -> FetchError:
    """A library error as a FetchError (timeouts as FetchTimeout, the browser's own failures as
    BrowserLost, the rest as plain errors)."""
    if isinstance(error, FetchError):
        return error
    if isinstance(error, DownloadTimeoutError | TwistedTimeoutError | TimeoutError | BrowserTimeout):
        return FetchTimeout(str(error) or "timed out")
    if isinstance(error, BrowserError):
        return BrowserLost(f"browser: {error.message}")
    return FetchError(f"{type(error).__name__}: {error}")


class Fetcher:
    """Downloads for one account of one platform, counting requests and keeping every body received
    (`raw`: the account's evidence, stored with an ok result)."""

    def __init__(self, spider: Spider, platform: str, config: PlatformConfig) -> None:
        self.spider, self.platform, self.config = spider, platform, config
        self.requests = 0
        self.raw: list[RawRecord] = []

    def keep(self, url: str, body: bytes) -> None:
        """Keep a body received for this account (the fetcher's own, a page's, a browser's)."""
        self.raw.append(RawRecord(url, body, datetime.now(UTC), media_of(body)))

    def url(self, path: str) -> str:
        return self.config.base_url.rstrip("/") + path

    def headers(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        headers = {"Accept": "application/json, text/plain, */*"}
        if self.config.cookie:
            headers["Cookie"] = self.config.cookie
        headers.update(extra or {})
        return headers

    async def get(self, url: str, headers: Mapping[str, str] | None = None) -> Response:
        """GET `url`; raises a FetchError for any failure or non-200 status."""
        request = Request(url, headers=self.headers(headers), meta=request_meta(self.platform, self.config),
                          dont_filter=True)
        self.requests += 1
        engine = self.spider.crawler.engine
        assert engine is not None
        try:
            response = await engine.download_async(request)
        except BudgetSpent:  # refused by the gate (crawler.gate): not sent
            self.requests -= 1
            raise
        except Exception as exc:  # library errors cross the boundary only as FetchError
            raise translate(exc) from exc
        raise_for_status(response.status, url)
        self.keep(url, response.body)
        return response

    async def json(self, url: str, headers: Mapping[str, str] | None = None) -> Any:
        return parse_json(await self.get(url, headers))


def media_of(body: bytes) -> str:
    """json, xml, html or txt, by the body's first characters."""
    head = body.lstrip()[:100].lower()
    if head.startswith((b"{", b"[")):
        return "json"
    if head.startswith((b"<?xml", b"<rss", b"<feed")):
        return "xml"
    return "html" if head.startswith(b"<") else "txt"


def parse_json(response: Response) -> Any:
    """The body as JSON; an empty or non-JSON body raises BadResponse."""
    body = response.body.strip()
    if not body:
        raise BadResponse(f"empty body at {response.url}")
    try:
        return json.loads(body)
    except ValueError as exc:
        raise BadResponse(f"malformed JSON at {response.url}: {exc}") from exc
