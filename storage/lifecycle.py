"""A finding's status changes, each written to its history (`finding_events`).

Causes: ``found`` (first sighting), ``gone`` (a patrol that read it no longer sees it),
``post_deleted`` (its post was deleted: the finding stays, marked), ``back`` (seen again after
being resolved: reopened, history kept), ``confirmed`` / ``dismissed`` (an inspector's review).
Resolving closes the current spell into `finding_spells`, so inspections know every stretch of
patrols that saw the problem.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Finding, FindingEvent, FindingSpell


def log_event(session: Session, row: Finding, *, cause: str, at: datetime, actor: str = "patrol",
              reason: str = "") -> None:
    """Append the row's current status to its history (the row must have an id)."""
    session.add(FindingEvent(finding_id=row.id, at=at, status=row.status, cause=cause, actor=actor, reason=reason))


def resolve(session: Session, row: Finding, *, at: datetime, deleted: bool = False) -> None:
    """The patrol at `at` no longer sees the problem (its post deleted, if `deleted`)."""
    session.add(FindingSpell(finding_id=row.id, first_seen=row.opened_at, last_seen=row.last_seen))
    row.status, row.resolved_at = "resolved", at
    if deleted:
        row.post_deleted_at = at
    log_event(session, row, cause="post_deleted" if deleted else "gone", at=at)


def reopen(session: Session, row: Finding, *, at: datetime) -> None:
    """A resolved problem is seen again at `at`: a new spell begins."""
    row.status, row.resolved_at, row.opened_at, row.post_deleted_at = "open", None, at, None
    log_event(session, row, cause="back", at=at)


def history_of(session: Session, account_id: int) -> list[tuple[Finding, list[FindingEvent]]]:
    """The account's findings, oldest first, each with its status history in order."""
    findings = list(session.scalars(select(Finding).where(Finding.account_id == account_id).order_by(Finding.id)))
    events: dict[int, list[FindingEvent]] = {f.id: [] for f in findings}
    query = select(FindingEvent).where(FindingEvent.finding_id.in_(list(events))).order_by(FindingEvent.id)
    for event in session.scalars(query):
        events[event.finding_id].append(event)
    return [(f, events[f.id]) for f in findings]
