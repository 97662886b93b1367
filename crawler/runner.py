"""Run one crawl of many accounts: a Scrapy process with one spider per collector.

`collector_of` says which spider reads a target (a feed URL wins over the platform API);
`crawl` blocks until every spider is done, so call it in a child process (Scrapy's
reactor cannot be restarted within one process), and the browser targets in a child of their
own (`uses_browser`): a stalled browser ends its process.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import default_settings

from crawler.settings import USER_AGENT, CrawlSettings, Target
from crawler.spiders.base import AccountSpider
from crawler.spiders.douyin import DouyinSpider
from crawler.spiders.feed import FeedSpider
from crawler.spiders.wechat import WechatSpider
from crawler.spiders.weibo import WeiboSpider

SPIDERS: dict[str, type[AccountSpider]] = {
    "weibo": WeiboSpider,
    "wechat": WechatSpider,
    "douyin": DouyinSpider,
    "feed": FeedSpider,
}

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def collector_of(target: Target) -> str | None:
    """The spider that can read this account, or None when nothing can."""
    if target.feed_url:
        return "feed"
    if target.platform in SPIDERS and target.platform_id:
        return target.platform
    return None


def uses_browser(target: Target) -> bool:
    """Whether the target's spider drives a browser (and so is crawled in a process of its own:
    see `crawler.watchdog`)."""
    collector = collector_of(target)
    return collector is not None and SPIDERS[collector].uses_browser


def scrapy_settings(patrol: CrawlSettings) -> dict[str, Any]:
    slots = {name: {"concurrency": cfg.concurrency, "delay": cfg.request_delay(), "jitter": 0.5}
             for name, cfg in patrol.platforms.items()}
    return {
        "USER_AGENT": USER_AGENT,
        "ROBOTSTXT_OBEY": False,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": patrol.log_level,
        "LOG_INSTALL_ROOT_HANDLER": False,
        "CONCURRENT_REQUESTS": max(16, sum(cfg.concurrency for cfg in patrol.platforms.values())),
        "DOWNLOAD_SLOTS": slots,
        "RETRY_TIMES": patrol.retries,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408],
        "RETRY_EXCEPTIONS": [*default_settings.RETRY_EXCEPTIONS, "playwright.async_api.TimeoutError"],
        "ITEM_PIPELINES": {"crawler.pipeline.StoragePipeline": 100},
        "DOWNLOADER_MIDDLEWARES": {"crawler.gate.PlatformGate": 50},
        "PATROL": patrol,
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": patrol.chromium, "args": CHROMIUM_ARGS},
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": patrol.platforms["douyin"].timeout_s * 1000,
    }


def crawl(targets: Sequence[Target], patrol: CrawlSettings) -> None:
    """Crawl `targets` and store one result per account (see StoragePipeline)."""
    groups: dict[str, list[Target]] = defaultdict(list)
    for target in targets:
        if (collector := collector_of(target)) is not None:
            groups[collector].append(target)
    if not groups:
        return
    process = CrawlerProcess(settings=scrapy_settings(patrol))
    handler = logging.StreamHandler()  # Scrapy leaves the root logger at NOTSET: filter here
    handler.setLevel(patrol.log_level)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s: %(message)s"))
    logging.root.addHandler(handler)
    for collector, group in groups.items():
        process.crawl(SPIDERS[collector], targets=group, patrol=patrol)
    process.start()
