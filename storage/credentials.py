"""Platform credential states (valid or expired, per credential fingerprint) and operator alerts.

An alert is raised once per key: the daemon keys a credential's expiry by platform and
fingerprint, so a platform's expired credential alerts once however many accounts met it.
Notifying people is not done here: `sent_at` is for whatever sends the alerts.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Alert, CredentialState
from storage.upsert import changed, insert_for

VALID, EXPIRED = "valid", "expired"


def credential_state(session: Session, platform: str) -> CredentialState | None:
    return session.get(CredentialState, platform, populate_existing=True)


def credential_states(session: Session) -> list[CredentialState]:
    return list(session.scalars(select(CredentialState).order_by(CredentialState.platform)))


def set_credential_state(session: Session, platform: str, fingerprint: str, state: str, *, at: datetime,
                         reason: str = "") -> bool:
    """Record the platform's credential as `state`; whether that changed anything."""
    row = credential_state(session, platform)
    if row is not None and (row.fingerprint, row.state) == (fingerprint, state):
        return False
    if row is None:
        row = CredentialState(platform=platform)
        session.add(row)
    row.fingerprint, row.state, row.changed_at, row.reason = fingerprint, state, at, reason
    session.flush()
    return True


def raise_alert(session: Session, key: str, *, kind: str, platform: str | None, message: str, at: datetime) -> bool:
    """Store the alert unless one with `key` exists; whether it is new."""
    return changed(session, insert_for(session, Alert).values(
        key=key, kind=kind, platform=platform, message=message, raised_at=at,
    ).on_conflict_do_nothing())


def list_alerts(session: Session, since: datetime | None = None) -> list[Alert]:
    query = select(Alert).order_by(Alert.raised_at)
    if since is not None:
        query = query.where(Alert.raised_at >= since)
    return list(session.scalars(query))
