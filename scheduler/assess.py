"""Checking one verified account: what its patrol observed, through the checks, into its findings.

The one path from stored observations to stored findings, shared by every patrol and recheck:
the account's allow list goes to the checks, and the presence of its posts decides which earlier
findings this patrol could judge (a finding about a deleted post is resolved and marked deleted).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from checks.registry import CheckContext, CheckReport, run_checks
from checks.still_online import CHECK as STILL_ONLINE
from checks.still_online import still_online
from scheduler.observe import observe
from storage.accounts import STATUS_LABELS
from storage.allow import allowed_texts
from storage.findings import record_findings
from storage.models import Account, FetchAttempt
from storage.presence import post_presence


def check_account(session: Session, account: Account, context: CheckContext, *, seen_at: datetime) -> CheckReport:
    """Run every check on what the crawl stored at `seen_at` of `account` and record the findings."""
    report = run_checks(observe(session, account, seen_at=seen_at), context, allow=allowed_texts(session, account.id))
    record_findings(session, account.id, report.checks_run, report.findings, seen_at=seen_at,
                    presence=post_presence(session, account.id, seen_at))
    return report


def check_closed(session: Session, account: Account, attempt: FetchAttempt | None, context: CheckContext, *,
                 seen_at: datetime) -> bool:
    """Record whether `account`, closed or cancelled in the registry, is still online: its crawl
    ended ok (a finding) or found it gone (any earlier finding resolved); any other outcome cannot
    tell, and changes nothing. True when it is still online."""
    if attempt is None or attempt.outcome not in ("ok", "not_found"):
        return False
    found = (still_online(observe(session, account, seen_at=seen_at), status=STATUS_LABELS[account.status],
                          as_of=context.as_of, rules=context.rules) if attempt.outcome == "ok" else [])
    record_findings(session, account.id, (STILL_ONLINE,), found, seen_at=seen_at)
    return bool(found)
