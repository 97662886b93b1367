"""One daemon per database: the lock row (`storage.lock`) with a heartbeat.

A holder counts as gone when its heartbeat is older than `stale_s`, or at once when it ran on
this host and its process no longer exists (a daemon killed with -9 is taken over on restart).
"""

from __future__ import annotations

import os
import socket
from datetime import timedelta

import psutil

from scheduler.timeopt import SHANGHAI, now
from storage.db import Database
from storage.lock import Holder, beat, holder_of, release, take_free, take_over

NAME = "daemon"


class DaemonRunning(RuntimeError):
    """Another daemon holds the lock; str() says which, for the operator."""


class InstanceLock:
    def __init__(self, database: Database, stale_s: float) -> None:
        self.database, self.stale_s = database, stale_s
        self.host, self.pid = socket.gethostname(), os.getpid()

    def acquire(self) -> None:
        """Take the lock, or raise DaemonRunning naming its live holder."""
        for _ in range(3):
            with self.database.session() as session:
                if take_free(session, NAME, self.host, self.pid, now()):
                    return
            with self.database.session() as session:
                holder = holder_of(session, NAME)
                if holder is None:
                    continue
                if self._alive(holder):
                    age = (now() - holder.heartbeat_at).total_seconds()
                    since = holder.acquired_at.astimezone(SHANGHAI)
                    raise DaemonRunning(f"another daemon is running on this database (pid {holder.pid} on "
                                        f"{holder.host}, since {since:%Y-%m-%d %H:%M:%S}, last heartbeat {age:.0f} s "
                                        "ago); not starting a second one")
                if take_over(session, NAME, holder, self.host, self.pid, now()):
                    return
        raise DaemonRunning("could not take the daemon lock: other daemons are starting at the same time")

    def beat(self) -> bool:
        """Renew the heartbeat; False when the lock was lost (taken over as stale)."""
        with self.database.session() as session:
            return beat(session, NAME, self.host, self.pid, now())

    def release(self) -> None:
        with self.database.session() as session:
            release(session, NAME, self.host, self.pid)

    def _alive(self, holder: Holder) -> bool:
        if holder.host == self.host and not psutil.pid_exists(holder.pid):
            return False
        return now() - holder.heartbeat_at < timedelta(seconds=self.stale_s)
