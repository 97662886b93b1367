"""Each account's allow list: texts an inspector dismissed, which the content checks then skip there."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import AllowEntry


def allowed_texts(session: Session, account_id: int) -> frozenset[str]:
    """The texts the content checks skip on this account."""
    return frozenset(session.scalars(select(AllowEntry.text).where(AllowEntry.account_id == account_id)))


def allow_text(session: Session, account_id: int, text: str, *, finding_id: int, reason: str, at: datetime) -> bool:
    """Add `text` to the account's list; False if it was there already."""
    exists = session.scalar(select(AllowEntry.id).where(AllowEntry.account_id == account_id, AllowEntry.text == text))
    if exists is not None:
        return False
    session.add(AllowEntry(account_id=account_id, text=text, finding_id=finding_id, reason=reason, created_at=at))
    return True


def disallow_finding(session: Session, finding_id: int) -> None:
    """Drop the entry a finding's dismissal added (the finding was confirmed after all)."""
    session.execute(delete(AllowEntry).where(AllowEntry.finding_id == finding_id))
