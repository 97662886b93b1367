"""no_interaction: comments switched off on every recent post -- no effective interaction function.

Recent posts are those published in the look-back period, ``(as_of - lookback_days, as_of]``.
The finding needs at least ``rules.no_interaction_min_posts`` of them, each with
``comments_enabled`` False: a post whose platform does not say (None) keeps the account from
this finding, since a veto must rest on what was seen.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from checks.findings import Finding
from checks.interaction.classifier import CommentClassifier
from checks.interaction.evidence import iso
from checks.observations import Account
from checks.rules import Rules
from checks.workdays import WorkCalendar, as_china_time

CHECK = "no_interaction"
RULE = "国办秘函〔2019〕19号 互动回应差：无有效互动功能（留言评论关闭）"


def no_interaction(
    account: Account, *, as_of: datetime, rules: Rules, calendar: WorkCalendar, classifier: CommentClassifier
) -> list[Finding]:
    """One finding when every recent post of `account` has comments switched off, else none."""
    now = as_china_time(as_of)
    start = now - timedelta(days=rules.lookback_days)
    recent = sorted(
        (post for post in account.posts if start < as_china_time(post.published_at) <= now),
        key=lambda post: as_china_time(post.published_at),
    )
    if len(recent) < rules.no_interaction_min_posts or any(post.comments_enabled is not False for post in recent):
        return []
    return [
        Finding(
            check=CHECK,
            severity=rules.severity(CHECK),
            key=CHECK,
            message=f"近{rules.lookback_days}天发布的{len(recent)}条内容均关闭了留言评论，无有效互动功能",
            rule=RULE,
            evidence={
                "posts": len(recent),
                "first_post_at": iso(recent[0].published_at),
                "last_post_at": iso(recent[-1].published_at),
                "lookback_days": rules.lookback_days,
            },
        )
    ]
