"""Checking one verified account: what its patrol observed, through the checks, into its findings.

The one path from stored observations to stored findings, shared by every patrol and recheck:
the account's allow list goes to the checks, and the presence of its posts decides which earlier
findings this patrol could judge (a finding about a deleted post is resolved and marked deleted).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from checks.registry import CheckContext, CheckReport, run_checks
from scheduler.observe import observe
from storage.allow import allowed_texts
from storage.findings import record_findings
from storage.models import Account
from storage.presence import post_presence


def check_account(session: Session, account: Account, context: CheckContext, *, seen_at: datetime) -> CheckReport:
    """Run every check on what the crawl stored at `seen_at` of `account` and record the findings."""
    report = run_checks(observe(session, account, seen_at=seen_at), context, allow=allowed_texts(session, account.id))
    record_findings(session, account.id, report.checks_run, report.findings, seen_at=seen_at,
                    presence=post_presence(session, account.id, seen_at))
    return report
