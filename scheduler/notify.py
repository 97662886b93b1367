"""Telling people: alerts at once, the digest after each daily patrol, through apprise to `[notify] urls`.

`notify` queues what is new in the outbox (`storage.notifications`) in one transaction, then tries
every pending delivery: each veto or security finding as an alert of its own, the other new findings
as one digest grouped by severity and owner organisation, and operator alerts the daemon raised. A
failed send is retried `retries` times at once, then left pending with its error, and tried again by
the next patrol or `patrol digest`. With `dry_run` nothing is queued, sent or recorded.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from reports.digest import alert_message, digest_message, is_alert, operator_message
from scheduler.config import Config
from scheduler.errors import ConfigError
from storage.db import Database
from storage.models import Account, Alert, Delivery, Finding
from storage.notifications import pending, queue, record_attempt, unsent_alerts, untold


@dataclass(frozen=True)
class Message:
    kind: str  # alert, digest, operator
    title: str
    body: str


@dataclass(frozen=True)
class Outgoing:
    message: Message
    findings: list[Finding]  # told of by it
    alerts: list[Alert]  # operator alerts it carries


@dataclass
class NotifyReport:
    queued: list[Message] = field(default_factory=list)
    sent: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (target, title, error) still pending
    retrying: list[tuple[str, str, int]] = field(default_factory=list)  # dry run: (target, title, attempts)


@dataclass(frozen=True)
class Target:
    key: str  # sha256 of the URL: how a delivery names its target without keeping its secrets
    label: str  # the URL with its secrets masked
    url: str


def targets_of(config: Config) -> list[Target]:
    """The configured targets; a URL apprise cannot use is refused (ConfigError naming file and key)."""
    import apprise  # loaded only when there is something to send

    found = []
    for url in config.notify.urls:
        sender = apprise.Apprise()
        if not sender.add(url):
            raise ConfigError(f"{config.source}: notify.urls: not a notification URL apprise knows: "
                              f"{url.split('://')[0]}://…")
        found.append(Target(hashlib.sha256(url.encode()).hexdigest(), sender[0].url(privacy=True), url))
    return found


def notify(database: Database, config: Config, *, as_of: datetime, now: datetime, dry_run: bool = False
           ) -> NotifyReport:
    """Queue what is new and deliver everything pending (see the module docstring)."""
    targets = targets_of(config)
    report = NotifyReport()
    if not targets:
        return report
    with database.session() as session:
        found = untold(session)
        alerts = unsent_alerts(session)
        outgoing = _outgoing(found, alerts, as_of)
        report.queued = [o.message for o in outgoing]
        if dry_run:
            report.retrying = [(d.target, n.title, d.attempts) for d, n in pending(session)]
            return report
        for o in outgoing:
            queue(session, kind=o.message.kind, title=o.message.title, body=o.message.body, findings=o.findings,
                  alerts=o.alerts, targets=[(t.key, t.label) for t in targets], at=now)
    _deliver(database, config, targets, report)
    return report


def _outgoing(found: Sequence[tuple[Finding, Account]], alerts: Sequence[Alert], as_of: datetime) -> list[Outgoing]:
    out = [Outgoing(Message("alert", *alert_message(f, a)), [f], []) for f, a in found if is_alert(f)]
    rest = [(f, a) for f, a in found if not is_alert(f)]
    if rest:
        out.append(Outgoing(Message("digest", *digest_message(rest, as_of)), [f for f, _ in rest], []))
    return out + [Outgoing(Message("operator", *operator_message(alert)), [], [alert]) for alert in alerts]


def _deliver(database: Database, config: Config, targets: Sequence[Target], report: NotifyReport) -> None:
    """Try each pending delivery, recording each try in a transaction of its own (no lock is held while
    a message is on its way)."""
    urls = {t.key: t.url for t in targets}
    with database.session() as session:
        waiting = [(d.id, d.target_key, d.target, n.title, n.body) for d, n in pending(session)]
    for delivery_id, key, target, title, body in waiting:
        url = urls.get(key)
        if url is None:  # a target taken out of the config: kept pending, not sent
            report.failed.append((target, title, "target no longer configured"))
            continue
        error = None
        for attempt in range(config.notify.retries + 1):
            if attempt:
                time.sleep(config.notify.retry_delay_s)
            error = _send(url, title, body)
            if error is None:
                break
        with database.session() as session:
            delivery = session.get(Delivery, delivery_id)
            assert delivery is not None
            record_attempt(delivery, at=datetime.now(UTC), error=error)
        if error is None:
            report.sent += 1
        else:
            report.failed.append((target, title, error))


def _send(url: str, title: str, body: str) -> str | None:
    """None when apprise delivered it; else what went wrong, as apprise logged it."""
    import apprise

    sender = apprise.Apprise()
    sender.add(url)
    with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as captured:
        ok = sender.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT)
        logged = captured.getvalue().strip()
    if bool(ok):
        return None
    return logged.splitlines()[-1] if logged else "apprise could not deliver it"

