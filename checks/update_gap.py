"""update_gap: no new post within the profile's update window (内容不更新).

An account is late when its newest non-pinned post (reposts counting only if the profile
says so) is older than the window at the as-of time. A pinned old post is not an update.
"""

from __future__ import annotations

from datetime import datetime

from checks.findings import Finding
from checks.observations import Account, Post
from checks.rules import Rules
from checks.workdays import as_china_time

RULE = "国办秘函〔2019〕19号 单项否决：内容不更新（{days}天内无更新）"


def last_update(posts: tuple[Post, ...], *, reposts_count: bool) -> Post | None:
    """The newest post that counts as an update, or None."""
    counted = [p for p in posts if not p.pinned and (reposts_count or not p.repost)]
    return max(counted, key=lambda p: p.published_at, default=None)


def update_gap(account: Account, *, as_of: datetime, rules: Rules) -> list[Finding]:
    window = rules.update_window_days
    last = last_update(account.posts, reposts_count=rules.reposts_count_as_updates)
    if last is not None and (as_of - last.published_at).total_seconds() <= window * 86400:
        return []
    rule = RULE.format(days=window)
    if last is None:
        return [
            Finding(
                check="update_gap",
                severity=rules.severity("update_gap"),
                key="update_gap:none",
                message=f"未发现任何计入更新的内容，超过{window}天无更新",
                rule=rule,
                evidence={"window_days": window, "as_of": as_of.isoformat(), "last_post_at": None},
            )
        ]
    days = (as_of - last.published_at).days
    when = last.published_at.isoformat()
    local = as_china_time(last.published_at)
    return [
        Finding(
            check="update_gap",
            severity=rules.severity("update_gap"),
            key=f"update_gap:{last.post_id}",
            message=f"最近一次更新为{local:%Y-%m-%d %H:%M}，已{days}天未更新（要求{window}天内更新）",
            rule=rule,
            post_id=last.post_id,
            url=last.url,
            quote=(last.title or last.text)[:80] or None,
            evidence={"window_days": window, "as_of": as_of.isoformat(), "last_post_at": when, "days_since": days},
        )
    ]
