"""Comment threads as an inspector reads them: which comments need an answer, and who answered.

Rules (the issue leaves them open; these are the decisions):

- Only what existed at `as_of` counts: comments and replies written later are ignored.
- A comment is looked at when it was written in the look-back period, ``(as_of - lookback_days,
  as_of]``, whatever the age of its post.
- It needs an answer when a user (not the account) wrote it to the account, and the classifier
  says it asks, requests, complains or consults. "To the account": at top level, in reply to one
  of the account's comments, or in reply to a comment that was not observed (unelected WeChat
  comments, unread pages). A user's reply to another user is a conversation between users.
- An official reply counts for the comment it replies to, and for every comment of the same
  thread (same post, same top-level comment) written before it: an answer at the end of a
  thread answers the follow-ups above it, as an inspector reading the thread sees it.
- Any official reply counts, however empty; whether it says anything is perfunctory_reply's
  business, not slow_reply's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from checks.interaction.classifier import CommentClassifier
from checks.interaction.deadline import Deadline, reply_deadline
from checks.observations import Account, Comment
from checks.rules import Rules
from checks.workdays import WorkCalendar, as_china_time

Status = Literal["in_time", "late", "overdue", "pending"]
_Key = tuple[str, str]  # (post_id, comment_id): comment ids are unique only within a post


@dataclass(frozen=True)
class Question:
    """A comment that needs an answer, its deadline and the official replies counting for it.

    `replies` are in time order. `status`: ``in_time`` (first answer before the deadline),
    ``late`` (first answer after it), ``overdue`` (no answer, deadline passed), ``pending``
    (no answer yet, deadline to come).
    """

    comment: Comment
    deadline: Deadline
    replies: tuple[Comment, ...]
    status: Status

    @property
    def first_reply(self) -> Comment | None:
        return self.replies[0] if self.replies else None


def read_questions(
    account: Account, *, as_of: datetime, rules: Rules, calendar: WorkCalendar, classifier: CommentClassifier
) -> list[Question]:
    """The comments of `account` that need an answer as of `as_of` (see the module docstring)."""
    now = as_china_time(as_of)
    start = now - timedelta(days=rules.lookback_days)
    seen = sorted((c for c in account.comments if _time(c) <= now), key=_time)
    by_key = {(c.post_id, c.comment_id): c for c in seen}
    official: dict[_Key, list[Comment]] = defaultdict(list)
    for comment in seen:
        if comment.is_official:
            official[_root(comment, by_key)].append(comment)
    return [
        _question(comment, official[_root(comment, by_key)], now, rules, calendar)
        for comment in seen
        if start < _time(comment) and _addressed_to_account(comment, by_key) and classifier.needs_answer(comment.text)
    ]


def is_reply_to(reply: Comment, comment: Comment) -> bool:
    """True when `reply` was written directly under `comment`."""
    return reply.post_id == comment.post_id and reply.parent_id == comment.comment_id


def _question(comment: Comment, thread: Iterable[Comment], now: datetime, rules: Rules,
              calendar: WorkCalendar) -> Question:
    deadline = reply_deadline(comment.created_at, rules=rules, calendar=calendar)
    asked = _time(comment)
    replies = tuple(r for r in thread if is_reply_to(r, comment) or _time(r) >= asked)
    if replies:
        status: Status = "in_time" if _time(replies[0]) < deadline.due else "late"
    else:
        status = "overdue" if now >= deadline.due else "pending"
    return Question(comment, deadline, replies, status)


def _addressed_to_account(comment: Comment, by_key: dict[_Key, Comment]) -> bool:
    if comment.is_official:
        return False
    parent = by_key.get((comment.post_id, comment.parent_id)) if comment.parent_id else None
    return parent is None or parent.is_official


def _root(comment: Comment, by_key: dict[_Key, Comment]) -> _Key:
    """(post, top-level comment id); a chain that leaves the observed comments ends at the
    first id not observed."""
    seen = {comment.comment_id}
    while comment.parent_id is not None:
        parent = by_key.get((comment.post_id, comment.parent_id))
        if parent is None or parent.comment_id in seen:
            return (comment.post_id, comment.parent_id)
        seen.add(parent.comment_id)
        comment = parent
    return (comment.post_id, comment.comment_id)


def _time(comment: Comment) -> datetime:
    return as_china_time(comment.created_at)
