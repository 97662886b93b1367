"""Plain records the crawl hands to storage: one `CrawlResult` per account per run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class PostRecord:
    platform_post_id: str
    published_at: datetime
    url: str | None = None
    title: str = ""
    text: str = ""
    pinned: bool = False
    repost: bool = False
    comments_enabled: bool | None = None
    comment_count: int | None = None
    metrics: Mapping[str, Any] = field(default_factory=dict)
    commerce: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CommentRecord:
    platform_comment_id: str
    platform_post_id: str
    created_at: datetime
    text: str
    author_id: str | None = None
    author_name: str | None = None
    parent_platform_id: str | None = None
    is_official: bool = False


@dataclass(frozen=True)
class RawRecord:
    """A response body as the crawl received it; `media` (json, html, xml, txt) names its kind."""

    url: str
    body: bytes
    fetched_at: datetime
    media: str


@dataclass(frozen=True)
class CrawlResult:
    """Everything one account's crawl produced. Posts and comments are stored only when
    `outcome` is ``ok``: a failed crawl never leaves a half-written account."""

    account_id: int
    outcome: str
    started_at: datetime
    finished_at: datetime
    message: str = ""
    requests: int = 0
    posts: tuple[PostRecord, ...] = ()
    comments: tuple[CommentRecord, ...] = ()
    threads_read: frozenset[str] = frozenset()  # posts whose whole comment thread this crawl read
    threads_skipped: int = 0  # threads left unread: unchanged since a read that found nothing open
    raw: tuple[RawRecord, ...] = ()  # the responses of an ok crawl, kept as evidence (storage.evidence)
    signal: str | None = None  # what the failure says of the platform as a whole (rate_limit, session_invalid, ...)
    credential: str | None = None  # the credential (budget key) whose requests this crawl spent
