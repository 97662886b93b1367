"""Baseline: a bare Scrapy spider fetching a list of URLs (no parsing, no storage).

    python bench/plain_scrapy.py URLS_FILE --concurrency N

Prints one JSON line: {"requests": N, "seconds": S}.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response


class FetchAll(Spider):
    name = "fetch_all"

    def __init__(self, urls: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls

    async def start(self) -> AsyncIterator[Request]:
        for url in self.urls:
            yield Request(url, dont_filter=True, meta={"handle_httpstatus_all": True}, callback=self.parse)

    def parse(self, response: Response) -> None:
        return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("urls")
    parser.add_argument("--concurrency", type=int, default=26)
    parser.add_argument("--timeout", type=float, default=4)
    args = parser.parse_args()
    with open(args.urls, encoding="utf-8") as lines:
        urls = [line.strip() for line in lines if line.strip()]
    process = CrawlerProcess(settings={
        "LOG_LEVEL": "ERROR", "CONCURRENT_REQUESTS": args.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency, "DOWNLOAD_TIMEOUT": args.timeout,
        "RETRY_ENABLED": False, "COOKIES_ENABLED": False, "TELNETCONSOLE_ENABLED": False, "ROBOTSTXT_OBEY": False,
    })
    process.crawl(FetchAll, urls=urls)
    started = time.perf_counter()
    process.start()
    print(json.dumps({"requests": len(urls), "seconds": round(time.perf_counter() - started, 2)}))


if __name__ == "__main__":
    main()
