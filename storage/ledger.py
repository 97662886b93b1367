"""The rectification ledger (问题台账): failed accounts' problems, until each is closed (销号).

An item's status: ``closed`` once closed (a recheck verified the problem gone, or the finding
was dismissed); ``rectified`` while the patrol no longer sees the finding but nobody verified it;
``open`` otherwise. A finding has at most one unclosed item.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Account, Finding, Inspection, LedgerItem

STATUSES = ("open", "rectified", "closed")


def item_status(closed_at: datetime | None, finding_status: str) -> str:
    """open, rectified or closed (see the module docstring)."""
    if closed_at is not None:
        return "closed"
    return "rectified" if finding_status == "resolved" else "open"


@dataclass(frozen=True)
class LedgerRow:
    item: LedgerItem
    finding: Finding
    account: Account
    inspection: Inspection

    @property
    def status(self) -> str:
        return item_status(self.item.closed_at, self.finding.status)

    @property
    def fixed_at(self) -> datetime | None:
        """When the problem stopped: the patrol that no longer saw it, else the closing (a dismissal)."""
        return None if self.status == "open" else self.finding.resolved_at or self.item.closed_at

    def days_unfixed(self, now: datetime) -> int:
        """Whole days from the finding's sighting to its fix (or to `now` while it lasts)."""
        end = self.fixed_at or now
        return max(0, (end - self.item.found_at).days)


def add_items(session: Session, inspection_id: int, findings: Iterable[Finding], owner_orgs: dict[int, str], *,
              deadline: datetime) -> int:
    """Put each finding on the ledger, unless it has an unclosed item or one for its current spell
    already (one item per problem and occurrence: computing an inspection again adds nothing, and
    a later check that counts the same problem again does not list it twice). Returns how many."""
    rows = {f.id: f for f in findings}
    listed = {
        finding_id
        for finding_id, found_at, closed_at in session.execute(
            select(LedgerItem.finding_id, LedgerItem.found_at, LedgerItem.closed_at).where(
                LedgerItem.finding_id.in_(list(rows))))
        if closed_at is None or found_at == rows[finding_id].opened_at
    }
    added = [LedgerItem(finding_id=f.id, account_id=f.account_id, inspection_id=inspection_id,
                        owner_org=owner_orgs[f.account_id], found_at=f.opened_at, deadline=deadline)
             for f in rows.values() if f.id not in listed]
    session.add_all(added)
    session.flush()
    return len(added)


def ledger_rows(session: Session, *, unclosed: bool = False, account_id: int | None = None) -> list[LedgerRow]:
    """Ledger items, oldest first: all, or only unclosed ones, or those of one account."""
    query = (
        select(LedgerItem, Finding, Account, Inspection)
        .join(Finding, Finding.id == LedgerItem.finding_id)
        .join(Account, Account.id == LedgerItem.account_id)
        .join(Inspection, Inspection.id == LedgerItem.inspection_id)
        .order_by(LedgerItem.id)
    )
    if unclosed:
        query = query.where(LedgerItem.closed_at.is_(None))
    if account_id is not None:
        query = query.where(LedgerItem.account_id == account_id)
    return [LedgerRow(*row) for row in session.execute(query).all()]


def unclosed_before(session: Session, before: datetime) -> list[dict[str, Any]]:
    """The unclosed items of inspections of periods ending by `before`, as plain values with their status
    (what a report carries over; read without loading whole findings)."""
    query = (
        select(LedgerItem.id, Account.name, Account.platform, LedgerItem.owner_org, Finding.check, Finding.message,
               Inspection.period, Finding.status)
        .join(Finding, Finding.id == LedgerItem.finding_id)
        .join(Account, Account.id == LedgerItem.account_id)
        .join(Inspection, Inspection.id == LedgerItem.inspection_id)
        .where(LedgerItem.closed_at.is_(None), Inspection.period_end <= before)
        .order_by(LedgerItem.id)
    )
    return [{"item": item, "account": name, "platform": platform, "owner_org": org, "check": check,
             "message": message, "period": period, "status": item_status(None, status)}
            for item, name, platform, org, check, message, period, status in session.execute(query).all()]


def close_items(session: Session, rows: Iterable[LedgerRow], *, at: datetime, reason: str) -> int:
    """Close (销号) the items at `at` for `reason` (verified, dismissed); returns how many."""
    count = 0
    for row in rows:
        row.item.closed_at, row.item.closed_reason = at, reason
        count += 1
    session.flush()
    return count


def verify_account(session: Session, account_id: int, *, at: datetime) -> tuple[int, int]:
    """After a recheck of the account: close its items whose finding is gone (verified) or dismissed;
    returns (closed, still open)."""
    rows = ledger_rows(session, unclosed=True, account_id=account_id)
    gone = [r for r in rows if r.finding.status == "resolved"]
    dismissed = [r for r in rows if r.finding.status == "dismissed"]
    closed = close_items(session, gone, at=at, reason="verified") + close_items(session, dismissed, at=at,
                                                                                  reason="dismissed")
    return closed, len(rows) - closed
