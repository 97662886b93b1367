"""Writing what a crawl observed, and reading it back for the checks."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import Comment, FetchAttempt, Post, PostVersion
from storage.records import CrawlResult, PostRecord
from storage.upsert import insert_for


def content_hash(title: str, text: str) -> str:
    return hashlib.sha256(f"{title}\x00{text}".encode()).hexdigest()


def store_crawl(session: Session, run_id: int, result: CrawlResult, *, seen_at: datetime) -> None:
    """Record the account's fetch outcome and, if it is ok, upsert its posts and comments.

    Re-storing the same observations updates `last_seen` and never duplicates rows.
    """
    session.add(
        FetchAttempt(
            run_id=run_id,
            account_id=result.account_id,
            started_at=result.started_at,
            finished_at=result.finished_at,
            outcome=result.outcome,
            message=result.message[:2000],
            requests=result.requests,
            threads_read=len(result.threads_read),
            threads_skipped=result.threads_skipped,
            signal=result.signal,
            credential=result.credential,
        )
    )
    if result.outcome != "ok" or not result.posts:
        session.flush()
        return
    post_ids = _upsert_posts(session, result.account_id, result.posts, seen_at)
    _mark_threads_read(session, [post_ids[p] for p in result.threads_read if p in post_ids], seen_at)
    rows = [
        {
            "post_id": post_ids[c.platform_post_id],
            "platform_comment_id": c.platform_comment_id,
            "parent_platform_id": c.parent_platform_id,
            "author_id": c.author_id,
            "author_name": c.author_name,
            "is_official": c.is_official,
            "text": c.text,
            "created_at": c.created_at,
            "first_seen": seen_at,
            "last_seen": seen_at,
        }
        for c in result.comments
        if c.platform_post_id in post_ids
    ]
    if rows:
        stmt = insert_for(session, Comment)
        stmt = stmt.on_conflict_do_update(
            index_elements=["post_id", "platform_comment_id"],
            set_={"text": stmt.excluded.text, "last_seen": stmt.excluded.last_seen},
        )
        session.execute(stmt, rows)


def _upsert_posts(
    session: Session, account_id: int, posts: Sequence[PostRecord], seen_at: datetime
) -> dict[str, int]:
    unique = {p.platform_post_id: p for p in posts}
    rows = [
        {
            "account_id": account_id,
            "platform_post_id": p.platform_post_id,
            "url": p.url,
            "published_at": p.published_at,
            "title": p.title,
            "text": p.text,
            "pinned": p.pinned,
            "repost": p.repost,
            "comments_enabled": p.comments_enabled,
            "comment_count": p.comment_count,
            "metrics": dict(p.metrics),
            "commerce": dict(p.commerce),
            "content_hash": content_hash(p.title, p.text),
            "first_seen": seen_at,
            "last_seen": seen_at,
        }
        for p in unique.values()
    ]
    stmt = insert_for(session, Post)
    updated = ("url", "title", "text", "pinned", "repost", "comments_enabled", "comment_count",
               "metrics", "commerce", "content_hash", "last_seen")
    stmt = stmt.on_conflict_do_update(
        index_elements=["account_id", "platform_post_id"],
        set_={name: stmt.excluded[name] for name in updated},
    )
    session.execute(stmt, rows)
    found = session.execute(
        select(Post.platform_post_id, Post.id, Post.content_hash, Post.title, Post.text).where(
            Post.account_id == account_id, Post.platform_post_id.in_(list(unique))
        )
    ).all()
    versions = insert_for(session, PostVersion).on_conflict_do_nothing(
        index_elements=["post_id", "content_hash"]
    )
    session.execute(
        versions,
        [
            {"post_id": pid, "content_hash": digest, "title": title, "text": text, "first_seen": seen_at}
            for _, pid, digest, title, text in found
        ],
    )
    return {platform_id: pid for platform_id, pid, *_ in found}


def _mark_threads_read(session: Session, post_ids: list[int], seen_at: datetime) -> None:
    """The threads were read whole at `seen_at`: remember the count they had then."""
    if post_ids:
        session.execute(
            update(Post).where(Post.id.in_(post_ids)).values(thread_count=Post.comment_count, thread_read_at=seen_at)
        )


def settled_threads(session: Session, account_ids: Sequence[int], since: datetime) -> dict[int, dict[str, int]]:
    """Per account, its posts since `since` whose thread was read and left nothing open:
    platform post id -> the comment count at that read."""
    rows = session.execute(
        select(Post.account_id, Post.platform_post_id, Post.thread_count).where(
            Post.account_id.in_(list(account_ids)), Post.published_at >= since, Post.thread_open.is_(False)
        )
    )
    settled: dict[int, dict[str, int]] = {}
    for account_id, post_id, count in rows:
        if count is not None:  # never read whole
            settled.setdefault(account_id, {})[post_id] = count
    return settled


def mark_open_threads(session: Session, account_id: int, seen_at: datetime, open_posts: Collection[str]) -> None:
    """After the checks: of the posts the crawl at `seen_at` saw, those in `open_posts` still
    have an unanswered question (their threads are read again next time); the rest do not."""
    seen = (Post.account_id == account_id) & (Post.last_seen == seen_at)
    session.execute(update(Post).where(seen).values(thread_open=Post.platform_post_id.in_(list(open_posts))))


def posts_seen(session: Session, account_id: int, seen_at: datetime) -> list[Post]:
    """The account's posts that the crawl at `seen_at` observed, newest first."""
    return list(
        session.scalars(
            select(Post)
            .where(Post.account_id == account_id, Post.last_seen == seen_at)
            .order_by(Post.published_at.desc())
        )
    )


def comments_of(session: Session, post_ids: Sequence[int]) -> list[Comment]:
    if not post_ids:
        return []
    return list(session.scalars(select(Comment).where(Comment.post_id.in_(list(post_ids)))))
