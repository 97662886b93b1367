"""What a patrol observed of an account: the plain input of every check.

The spiders store observations; the wiring reads them back into these frozen records.
Times are aware datetimes. A post's `text` is plain text (markup removed); spans in
findings are offsets into `title + "\n" + text` as given by `Post.full_text`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Post:
    post_id: str
    published_at: datetime
    url: str | None = None
    title: str = ""
    text: str = ""
    pinned: bool = False
    repost: bool = False
    comments_enabled: bool | None = None  # None: the platform does not say
    comment_count: int | None = None
    commerce: Mapping[str, bool] = field(default_factory=dict)  # platform commerce flags

    @property
    def full_text(self) -> str:
        """The text spans refer to: the title, a newline, then the body (title may be empty)."""
        return f"{self.title}\n{self.text}" if self.title else self.text


@dataclass(frozen=True)
class Comment:
    comment_id: str
    post_id: str
    created_at: datetime
    text: str
    author_id: str | None = None
    author_name: str | None = None
    parent_id: str | None = None  # the comment this one replies to; None at top level
    is_official: bool = False  # written by the account itself


@dataclass(frozen=True)
class Account:
    """One account and what was observed of it in the look-back period.

    `comments_visible` is False for sources that carry no comment threads (feeds,
    websites, apps): interaction cannot be assessed for them.
    """

    name: str
    platform: str
    platform_id: str | None
    posts: tuple[Post, ...] = ()
    comments: tuple[Comment, ...] = ()
    comments_visible: bool = False
