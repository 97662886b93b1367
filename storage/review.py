"""An inspector's review of one finding: confirm it, or dismiss it as a false alarm.

Dismissing a finding about a span of text adds that text to the account's allow list (so the
content checks stop flagging it there) and closes its ledger items; confirming a dismissed
finding takes its text off the list again. A resolved finding cannot be confirmed (there is
nothing left to confirm), and reviewing a finding into the state it has changes nothing.
Raises `ReviewError` for an unknown finding or a review that does not apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from storage.allow import allow_text, disallow_finding
from storage.ledger import close_items, ledger_rows
from storage.lifecycle import log_event
from storage.models import Account, Finding

ACTIONS = {"confirm": "confirmed", "dismiss": "dismissed"}
ALLOW_MAX = 500  # the longest text an allow list keeps


class ReviewError(ValueError):
    """A review that names no finding or does not apply to it."""


@dataclass(frozen=True)
class ReviewResult:
    finding: Finding
    account: Account
    changed: bool
    allowed: str | None = None  # text added to the account's allow list
    ledger_closed: int = 0


def review_finding(session: Session, finding_id: int, action: str, *, reason: str, at: datetime) -> ReviewResult:
    row = session.get(Finding, finding_id)
    if row is None:
        raise ReviewError(f"review: no finding {finding_id}")
    account = session.get(Account, row.account_id)
    assert account is not None  # the foreign key guarantees it
    status = ACTIONS[action]
    if row.status == status:
        return ReviewResult(row, account, changed=False)
    if status == "confirmed" and row.status == "resolved":
        raise ReviewError(f"review: finding {finding_id} is resolved (no longer seen): nothing to confirm")
    if row.status == "dismissed":
        disallow_finding(session, row.id)
    row.status = status
    log_event(session, row, cause=status, at=at, actor="inspector", reason=reason)
    if status == "confirmed":
        return ReviewResult(row, account, changed=True)
    text = row.quote if row.span_start is not None and row.quote and len(row.quote) <= ALLOW_MAX else None
    added = text is not None and allow_text(session, account.id, text, finding_id=row.id, reason=reason, at=at)
    unclosed = [r for r in ledger_rows(session, unclosed=True, account_id=account.id) if r.finding.id == row.id]
    closed = close_items(session, unclosed, at=at, reason="dismissed")
    return ReviewResult(row, account, True, text if added else None, closed)
