"""Stores each account's `CrawlResult` in one transaction as it arrives."""

from __future__ import annotations

from typing import Any

from scrapy import Spider

from crawler.settings import CrawlSettings
from storage.db import Database
from storage.observations import store_crawl
from storage.records import CrawlResult


class StoragePipeline:
    """Writes results of the run named in the spider's `patrol` settings."""

    def __init__(self) -> None:
        self.database: Database | None = None
        self.patrol: CrawlSettings | None = None

    def open_spider(self, spider: Spider) -> None:
        self.patrol = spider.patrol  # type: ignore[attr-defined]
        assert self.patrol is not None
        self.database = Database(self.patrol.database_url)

    def close_spider(self, spider: Spider) -> None:
        if self.database is not None:
            self.database.dispose()

    def process_item(self, item: Any, spider: Spider) -> Any:
        if isinstance(item, CrawlResult) and self.database is not None and self.patrol is not None:
            with self.database.session() as session:
                store_crawl(session, self.patrol.run_id, item, seen_at=self.patrol.as_of)
        return item
