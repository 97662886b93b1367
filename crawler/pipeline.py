"""Stores each account's `CrawlResult` in one transaction as it arrives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler

from crawler.settings import CrawlSettings
from storage.blobs import BlobStore
from storage.db import Database
from storage.evidence import store_raw
from storage.observations import store_crawl
from storage.records import CrawlResult


class StoragePipeline:
    """Writes results of the run named in the `PATROL` Scrapy setting (a CrawlSettings), and the
    responses of ok crawls into its evidence folder."""

    def __init__(self, patrol: CrawlSettings) -> None:
        self.patrol = patrol
        self.database: Database | None = None
        self.blobs = BlobStore(Path(patrol.evidence_dir)) if patrol.evidence_dir else None

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
                if self.blobs is not None and item.outcome == "ok":
                    store_raw(session, self.blobs, self.patrol.run_id, item.account_id, item.raw)
        return item
