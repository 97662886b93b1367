"""The outbox: notifications, what findings they told of, and their deliveries until sent.

A finding is told once per spell (`notified_findings` keyed by its id and `opened_at`): a problem that
comes back after being resolved is news again. A delivery is one notification to one target; it stays
pending (attempts and last error recorded) until a send succeeds, so nothing queued is lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from storage.models import Account, Alert, Delivery, Finding, Notification, NotifiedFinding


def untold(session: Session) -> list[tuple[Finding, Account]]:
    """Open and confirmed findings whose current spell no notification told of, oldest first."""
    told = select(NotifiedFinding.id).where(and_(NotifiedFinding.finding_id == Finding.id,
                                                 NotifiedFinding.opened_at == Finding.opened_at))
    query = (select(Finding, Account).join(Account, Account.id == Finding.account_id)
             .where(Finding.status.in_(("open", "confirmed")), ~told.exists()).order_by(Finding.id))
    return [(f, a) for f, a in session.execute(query).all()]


def unsent_alerts(session: Session) -> list[Alert]:
    """Operator alerts (expired credentials, missed jobs) no notification carried yet."""
    return list(session.scalars(select(Alert).where(Alert.sent_at.is_(None)).order_by(Alert.id)))


def queue(session: Session, *, kind: str, title: str, body: str, findings: Sequence[Finding],
          alerts: Sequence[Alert] = (), targets: Sequence[tuple[str, str]], at: datetime) -> int:
    """A notification with a pending delivery per (key, label) target; its findings count as told and
    its operator alerts as handed over (`sent_at`). Returns its id."""
    notification = Notification(kind=kind, created_at=at, title=title, body=body)
    session.add(notification)
    session.flush()
    session.add_all(NotifiedFinding(finding_id=f.id, opened_at=f.opened_at, notification_id=notification.id)
                    for f in findings)
    session.add_all(Delivery(notification_id=notification.id, target_key=key, target=label, attempts=0,
                             last_error="") for key, label in targets)
    for alert in alerts:
        alert.sent_at = at
    session.flush()
    return notification.id


def pending(session: Session) -> list[tuple[Delivery, Notification]]:
    """Deliveries not sent yet, oldest first."""
    query = (select(Delivery, Notification).join(Notification, Notification.id == Delivery.notification_id)
             .where(Delivery.sent_at.is_(None)).order_by(Delivery.id))
    return [(d, n) for d, n in session.execute(query).all()]


def record_attempt(delivery: Delivery, *, at: datetime, error: str | None) -> None:
    """One try of a delivery: sent at `at` when `error` is None, else the error kept for retrying."""
    delivery.attempts += 1
    delivery.last_attempt_at = at
    if error is None:
        delivery.sent_at = at
    else:
        delivery.last_error = error[:2000]
