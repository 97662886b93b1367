"""Stores each account's `CrawlResult` in one transaction as it arrives."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from crawler.settings import CrawlSettings
from storage.db import Database
from storage.observations import store_crawl
from storage.records import CrawlResult


class StoragePipeline:
    """Writes results of the run named in the `PATROL` Scrapy setting (a CrawlSettings)."""

    def __init__(self, patrol: CrawlSettings) -> None:
        self.patrol = patrol
        self.database: Database | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        return cls(crawler.settings["PATROL"])

    def open_spider(self) -> None:
        self.database = Database(self.patrol.database_url)

    def close_spider(self) -> None:
        if self.database is not None:
            self.database.dispose()

    def process_item(self, item: Any) -> Any:
        if isinstance(item, CrawlResult) and self.database is not None:
            with self.database.session() as session:
                store_crawl(session, self.patrol.run_id, item, seen_at=self.patrol.as_of)
        return item
