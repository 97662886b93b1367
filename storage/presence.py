"""Which of an account's stored posts one verified patrol saw, and which it found deleted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from storage.models import Post


@dataclass(frozen=True)
class PostPresence:
    """`seen`: platform ids the patrol observed. `deleted`: stored posts it did not observe although
    they are no older than the oldest non-pinned post it did (the timeline is read newest first, so
    such a post was taken down). Any other post lay beyond what the patrol read."""

    seen: frozenset[str]
    deleted: frozenset[str]

    def read(self, post_id: str) -> bool:
        """Whether the patrol can tell anything about `post_id` (seen it, or seen it gone)."""
        return post_id in self.seen or post_id in self.deleted


def post_presence(session: Session, account_id: int, seen_at: datetime) -> PostPresence:
    """The presence of the account's posts in the crawl stored at `seen_at` (an ok crawl)."""
    mine = Post.account_id == account_id
    oldest = session.scalar(select(func.min(Post.published_at)).where(mine, Post.last_seen == seen_at,
                                                                       Post.pinned.is_(False)))
    recent = Post.last_seen == seen_at if oldest is None else or_(Post.last_seen == seen_at,
                                                                  Post.published_at >= oldest)
    rows = session.execute(select(Post.platform_post_id, Post.last_seen).where(mine, recent)).all()
    seen = frozenset(pid for pid, last in rows if last == seen_at)
    return PostPresence(seen, frozenset(pid for pid, last in rows if last < seen_at))
