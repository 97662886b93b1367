"""Stored observations of one account, read back as the checks' plain input."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from checks.observations import Account as AccountObs
from checks.observations import Comment as CommentObs
from checks.observations import Post as PostObs
from storage.models import Account, Post
from storage.observations import comments_of, posts_seen

COMMENT_SOURCES = frozenset({"weibo", "wechat", "douyin"})


def observe(session: Session, account: Account, *, seen_at: datetime) -> AccountObs:
    """What the patrol at `seen_at` saw of `account`: its posts then, and their comments."""
    posts = posts_seen(session, account.id, seen_at)
    by_id = {p.id: p.platform_post_id for p in posts}
    comments = comments_of(session, list(by_id))
    return AccountObs(
        name=account.name,
        platform=account.platform,
        platform_id=account.platform_id,
        posts=tuple(_post(p) for p in posts),
        comments=tuple(
            CommentObs(
                comment_id=c.platform_comment_id,
                post_id=by_id[c.post_id],
                created_at=c.created_at,
                text=c.text,
                author_id=c.author_id,
                author_name=c.author_name,
                parent_id=c.parent_platform_id,
                is_official=c.is_official,
            )
            for c in comments
        ),
        comments_visible=account.feed_url is None and account.platform in COMMENT_SOURCES,
    )


def _post(post: Post) -> PostObs:
    return PostObs(
        post_id=post.platform_post_id,
        published_at=post.published_at,
        url=post.url,
        title=post.title,
        text=post.text,
        pinned=post.pinned,
        repost=post.repost,
        comments_enabled=post.comments_enabled,
        comment_count=post.comment_count,
        commerce={k: bool(v) for k, v in post.commerce.items()},
    )
