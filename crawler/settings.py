"""What a crawl is told: per-platform endpoints and politeness, the look-back, the run.

Defaults are the real hosts; the config (scheduler) overrides them, e.g. to point every
platform at the simulator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

REAL_HOSTS: Mapping[str, str] = {
    "weibo": "https://m.weibo.cn",
    "wechat": "https://mp.weixin.qq.com",
    "douyin": "https://www.douyin.com",
    "kuaishou": "https://www.kuaishou.com",
    "toutiao": "https://www.toutiao.com",
    "feed": "",
}

USER_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


@dataclass(frozen=True)
class PlatformConfig:
    """Endpoint, politeness, budget and credentials of one platform.

    `rps` caps requests per second (0: only `delay_s`), `daily_requests` the requests per day of
    one credential (0: no cap). `credentials` names a TOML file with `cookie` and `token`, and
    `storage_state` a Playwright storage state file (the browser's context; its cookies are the
    Cookie header of plain requests): the scheduler reads both into `cookie` and `token`."""

    base_url: str
    concurrency: int = 4
    delay_s: float = 0.0
    timeout_s: float = 20.0
    cookie: str = ""
    token: str = ""
    rps: float = 0.0
    daily_requests: int = 0
    credentials: str = ""
    storage_state: str = ""

    def request_delay(self) -> float:
        """Seconds between two requests of this platform (before jitter)."""
        return max(self.delay_s, 1 / self.rps if self.rps > 0 else 0.0)


def default_platforms() -> dict[str, PlatformConfig]:
    return {name: PlatformConfig(base_url=url) for name, url in REAL_HOSTS.items()}


@dataclass(frozen=True)
class Target:
    """One account to crawl (plain data: it crosses into the crawl's child process)."""

    account_id: int
    name: str
    platform: str
    platform_id: str | None = None
    feed_url: str | None = None
    # posts whose thread was read whole and had no open question: post id -> its comment count
    # then. Such a thread is not read again while its count stays the same.
    settled_threads: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Budget:
    """What one platform's credential may still spend in a crawl: `key` names the credential (stored
    with every attempt, so spending is counted per credential), `requests` is what is left of its
    day (None: no cap)."""

    key: str
    requests: int | None = None


@dataclass(frozen=True)
class CrawlSettings:
    """One crawl: the run it belongs to, its clock, how far back to read, where to store."""

    database_url: str
    run_id: int
    as_of: datetime
    since: datetime
    platforms: Mapping[str, PlatformConfig] = field(default_factory=default_platforms)
    chromium: str = "/usr/bin/chromium"
    retries: int = 2
    max_pages: int = 30
    log_level: str = "WARNING"
    evidence_dir: str | None = None  # where the responses of ok crawls are kept (None: not kept)
    budgets: Mapping[str, Budget] = field(default_factory=dict)
