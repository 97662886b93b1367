"""Storage on SQLite and PostgreSQL: upserts never duplicate, findings keep one row per problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from storage.accounts import AccountRecord, upsert_accounts
from storage.db import Database
from storage.findings import record_findings
from storage.models import Account, Comment, FetchAttempt, Finding, Post, PostVersion
from storage.observations import mark_open_threads, settled_threads, store_crawl
from storage.records import CommentRecord, CrawlResult, PostRecord
from storage.runs import start_run
from tests.conftest import shanghai

T0 = shanghai(2026, 11, 20, 9, 0)


def _account(db: Database) -> int:
    with db.session() as s:
        upsert_accounts(s, [AccountRecord(name="无锡发布", platform="weibo", source_key="1", platform_id="1")], now=T0)
        return s.scalars(select(Account.id)).one()


def _crawl(posts: tuple[PostRecord, ...], comments: tuple[CommentRecord, ...] = (), outcome: str = "ok") -> CrawlResult:
    return CrawlResult(account_id=1, outcome=outcome, started_at=T0, finished_at=T0, posts=posts, comments=comments)


def _count(db: Database, model: Any) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_account_upsert_is_idempotent(database: Database) -> None:
    records = [AccountRecord(name="无锡发布", platform="weibo", source_key="1", platform_id="1"),
               AccountRecord(name="无锡交警", platform="wechat", source_key="MzA=", platform_id="MzA=")]
    with database.session() as s:
        first = upsert_accounts(s, records, now=T0)
    with database.session() as s:
        again = upsert_accounts(s, records, now=T0)
    with database.session() as s:
        renamed = upsert_accounts(s, [AccountRecord(name="无锡交警发布", platform="wechat", source_key="MzA=",
                                                    platform_id="MzA=")], now=T0)
    assert (first.inserted, again.unchanged, again.inserted, renamed.updated) == (2, 2, 0, 1)


def test_recrawl_updates_last_seen_without_duplicates(database: Database) -> None:
    _account(database)
    post = PostRecord(platform_post_id="p1", published_at=T0, text="通知")
    comment = CommentRecord(platform_comment_id="c1", platform_post_id="p1", created_at=T0, text="请问几点？")
    later = T0 + timedelta(days=1)
    with database.session() as s:
        run = start_run(s, kind="patrol", as_of=T0, profile="jiangsu", started_at=T0)
        store_crawl(s, run, _crawl((post,), (comment,)), seen_at=T0)
    with database.session() as s:
        run2 = start_run(s, kind="patrol", as_of=later, profile="jiangsu", started_at=later)
        store_crawl(s, run2, _crawl((post,), (comment,)), seen_at=later)
    assert (_count(database, Post), _count(database, Comment), _count(database, PostVersion)) == (1, 1, 1)
    with database.session() as s:
        stored = s.scalars(select(Post)).one()
        assert (stored.first_seen, stored.last_seen) == (T0, later)
        assert stored.published_at.utcoffset() is not None


def test_threads_settle_when_read_and_closed(database: Database) -> None:
    """A thread read whole and left with no open question is settled at its count; an open one is not."""
    account = _account(database)
    posts = tuple(PostRecord(platform_post_id=p, published_at=T0, comment_count=n) for p, n in
                  (("read-closed", 3), ("read-open", 2), ("unread", 5)))
    with database.session() as s:
        run = start_run(s, kind="patrol", as_of=T0, profile="jiangsu", started_at=T0)
        result = CrawlResult(account, "ok", T0, T0, posts=posts, threads_read=frozenset({"read-closed", "read-open"}),
                             threads_skipped=4)
        store_crawl(s, run, result, seen_at=T0)
        mark_open_threads(s, account, T0, {"read-open"})
    with database.session() as s:
        assert settled_threads(s, [account], T0 - timedelta(days=1)) == {account: {"read-closed": 3}}
        assert settled_threads(s, [account], T0 + timedelta(days=1)) == {}
        attempt = s.scalars(select(FetchAttempt)).one()
        assert (attempt.threads_read, attempt.threads_skipped) == (2, 4)
        mark_open_threads(s, account, T0, ())
    with database.session() as s:
        assert settled_threads(s, [account], T0) == {account: {"read-closed": 3, "read-open": 2}}


def test_edited_post_keeps_every_version(database: Database) -> None:
    _account(database)
    with database.session() as s:
        run = start_run(s, kind="patrol", as_of=T0, profile="jiangsu", started_at=T0)
        store_crawl(s, run, _crawl((PostRecord(platform_post_id="p1", published_at=T0, text="警钟常鸣"),)), seen_at=T0)
    with database.session() as s:
        run = start_run(s, kind="patrol", as_of=T0, profile="jiangsu", started_at=T0)
        store_crawl(s, run, _crawl((PostRecord(platform_post_id="p1", published_at=T0, text="警钟长鸣"),)), seen_at=T0)
    with database.session() as s:
        assert sorted(v.text for v in s.scalars(select(PostVersion))) == ["警钟常鸣", "警钟长鸣"]
        assert s.scalars(select(Post.text)).one() == "警钟长鸣"


def test_failed_crawl_stores_outcome_only(database: Database) -> None:
    _account(database)
    with database.session() as s:
        run = start_run(s, kind="patrol", as_of=T0, profile="jiangsu", started_at=T0)
        store_crawl(s, run, _crawl((PostRecord(platform_post_id="p1", published_at=T0),), outcome="blocked"),
                    seen_at=T0)
    assert (_count(database, Post), _count(database, FetchAttempt)) == (0, 1)


@dataclass(frozen=True)
class _F:
    key: str
    check: str = "update_gap"
    severity: str = "veto"
    message: str = "m"
    rule: str = "r"
    post_id: str | None = None
    comment_id: str | None = None
    url: str | None = None
    quote: str | None = None
    span: tuple[int, int] | None = None
    suggestion: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


def test_finding_lifecycle(database: Database) -> None:
    _account(database)
    days = [T0 + timedelta(days=i) for i in range(4)]
    with database.session() as s:
        first = record_findings(s, 1, ["update_gap"], [_F("a")], seen_at=days[0])
    with database.session() as s:
        same = record_findings(s, 1, ["update_gap"], [_F("a")], seen_at=days[0])
    with database.session() as s:
        gone = record_findings(s, 1, ["update_gap"], [], seen_at=days[1])
    with database.session() as s:
        back = record_findings(s, 1, ["update_gap"], [_F("a"), _F("a")], seen_at=days[2])
    assert (first.opened, same.seen_again, gone.resolved, back.reopened) == (1, 1, 1, 1)
    with database.session() as s:
        row = s.scalars(select(Finding)).one()
        assert (row.status, row.times_seen, row.first_seen, row.last_seen) == ("open", 2, days[0], days[2])


def test_finding_of_another_check_is_not_resolved(database: Database) -> None:
    _account(database)
    with database.session() as s:
        record_findings(s, 1, ["typo"], [_F("t", check="typo")], seen_at=T0)
    with database.session() as s:
        counts = record_findings(s, 1, ["update_gap"], [], seen_at=T0 + timedelta(days=1))
    assert counts.resolved == 0


def test_migrations_build_the_models_schema(database: Database) -> None:
    """The Alembic head creates exactly the tables and columns the models declare."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from storage.models import Base

    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
