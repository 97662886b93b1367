"""The single-instance lock: a row per lock name, held by (host, pid) and kept alive by heartbeats.

Taking a free lock is an insert that does nothing when the row exists; taking over a dead holder's
lock is a compare-and-swap on the holder and its last heartbeat, so of two contenders one wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from storage.models import DaemonLock
from storage.upsert import changed, insert_for


@dataclass(frozen=True)
class Holder:
    host: str
    pid: int
    acquired_at: datetime
    heartbeat_at: datetime


def holder_of(session: Session, name: str) -> Holder | None:
    row = session.get(DaemonLock, name, populate_existing=True)
    return Holder(row.host, row.pid, row.acquired_at, row.heartbeat_at) if row else None


def take_free(session: Session, name: str, host: str, pid: int, now: datetime) -> bool:
    """Take the lock if nobody holds it; whether it was taken."""
    statement = insert_for(session, DaemonLock).values(name=name, host=host, pid=pid, acquired_at=now,
                                                       heartbeat_at=now).on_conflict_do_nothing()
    return changed(session, statement)


def take_over(session: Session, name: str, old: Holder, host: str, pid: int, now: datetime) -> bool:
    """Take the lock from `old` (judged dead by the caller) unless it changed meanwhile."""
    statement = (update(DaemonLock)
                 .where(DaemonLock.name == name, DaemonLock.host == old.host, DaemonLock.pid == old.pid,
                        DaemonLock.heartbeat_at == old.heartbeat_at)
                 .values(host=host, pid=pid, acquired_at=now, heartbeat_at=now))
    return changed(session, statement)


def beat(session: Session, name: str, host: str, pid: int, now: datetime) -> bool:
    """Renew the holder's heartbeat; False when (host, pid) no longer holds the lock."""
    statement = (update(DaemonLock).where(DaemonLock.name == name, DaemonLock.host == host, DaemonLock.pid == pid)
                 .values(heartbeat_at=now))
    return changed(session, statement)


def release(session: Session, name: str, host: str, pid: int) -> None:
    changed(session, delete(DaemonLock).where(DaemonLock.name == name, DaemonLock.host == host, DaemonLock.pid == pid))
