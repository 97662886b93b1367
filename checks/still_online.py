"""still_online: an account closed or cancelled in the registry that is still online (注销不彻底).

Offices must close and cancel zombie accounts; one cancelled on paper whose page still answers
is a finding in itself. The patrol crawls closed and cancelled accounts for this check alone:
a crawl that found the account means it is online; one that found it gone (not found) means the
cancellation is real.
"""

from __future__ import annotations

from datetime import datetime

from checks.findings import Finding
from checks.observations import Account
from checks.rules import Rules
from checks.update_gap import last_update
from checks.workdays import as_china_time

CHECK = "still_online"
RULE = "政务新媒体关停注销要求：登记为{status}的账号应已从平台注销，不得继续对外展示"


def still_online(account: Account, *, status: str, as_of: datetime, rules: Rules) -> list[Finding]:
    """The finding for `account`, registered as `status` (已关停 / 已注销) and found online at `as_of`."""
    last = last_update(account.posts, reposts_count=True)
    since = f"，最近一次发布于{as_china_time(last.published_at):%Y-%m-%d %H:%M}" if last else "，未见内容"
    return [
        Finding(
            check=CHECK,
            severity=rules.severity(CHECK),
            key=CHECK,
            message=f"登记状态为“{status}”，但账号在平台上仍可访问{since}",
            rule=RULE.format(status=status),
            post_id=last.post_id if last else None,
            url=last.url if last else None,
            quote=((last.title or last.text)[:80] or None) if last else None,
            evidence={"registered_status": status, "as_of": as_of.isoformat(),
                      "last_post_at": last.published_at.isoformat() if last else None},
        )
    ]
