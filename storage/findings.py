"""Findings across patrols: one row per problem, with first/last seen and a lifecycle.

States: ``open`` -> ``resolved`` when a patrol that ran the check no longer sees it, and
back to ``open`` (history kept) if it returns. ``confirmed`` / ``dismissed`` are an
inspector's; a dismissed finding stays dismissed when seen again. Every change is logged
(see `storage.lifecycle`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.lifecycle import log_event, reopen, resolve
from storage.models import Account, Finding
from storage.presence import PostPresence


class FindingLike(Protocol):
    """What storage needs of a check's finding (`checks.findings.Finding` fits)."""

    @property
    def check(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def rule(self) -> str: ...
    @property
    def post_id(self) -> str | None: ...
    @property
    def comment_id(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def quote(self) -> str | None: ...
    @property
    def span(self) -> tuple[int, int] | None: ...
    @property
    def suggestion(self) -> str | None: ...
    @property
    def evidence(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class RecordCounts:
    opened: int = 0
    reopened: int = 0
    seen_again: int = 0
    resolved: int = 0
    deleted: int = 0  # of the resolved: their post was deleted


def record_findings(
    session: Session,
    account_id: int,
    checks_run: Collection[str],
    findings: Iterable[FindingLike],
    *,
    seen_at: datetime,
    presence: PostPresence | None = None,
) -> RecordCounts:
    """Merge one patrol's findings of one account for the checks it ran.

    With `presence`, a finding about something in a post (a span of its text, a comment under it)
    is left as it is when the patrol did not read that post, and resolved and marked deleted when
    the post was deleted; without it every post counts as read. (A finding that names a post only
    as evidence, like update_gap's last post, is judged by the check alone.)
    Recording the same patrol twice changes nothing (times_seen counts distinct patrol times).
    """
    stored = {
        (f.check, f.key): f
        for f in session.scalars(
            select(Finding).where(Finding.account_id == account_id, Finding.check.in_(list(checks_run)))
        )
    }
    opened: list[Finding] = []
    reopened = seen_again = resolved = deleted = 0
    seen: set[tuple[str, str]] = set()
    for finding in findings:
        ident = (finding.check, finding.key)
        if ident in seen:
            continue
        seen.add(ident)
        row = stored.get(ident)
        if row is None:
            opened.append(_new_row(account_id, finding, seen_at))
            continue
        _refresh(row, finding)
        if seen_at > row.last_seen:
            row.times_seen += 1
            row.last_seen = seen_at
        if row.status == "resolved":
            reopen(session, row, at=seen_at)
            reopened += 1
        else:
            seen_again += 1
    for ident, row in stored.items():
        if ident in seen or row.status not in ("open", "confirmed"):
            continue
        inside = row.post_id is not None and (row.span_start is not None or row.comment_id is not None)
        if presence is not None and inside and not presence.read(str(row.post_id)):
            continue
        gone = presence is not None and inside and row.post_id in presence.deleted
        resolve(session, row, at=seen_at, deleted=gone)
        resolved, deleted = resolved + 1, deleted + gone
    session.add_all(opened)
    session.flush()
    for row in opened:
        log_event(session, row, cause="found", at=seen_at)
    session.flush()
    return RecordCounts(len(opened), reopened, seen_again, resolved, deleted)


def _new_row(account_id: int, finding: FindingLike, seen_at: datetime) -> Finding:
    row = Finding(account_id=account_id, check=finding.check, key=finding.key, status="open",
                  first_seen=seen_at, last_seen=seen_at, opened_at=seen_at, times_seen=1)
    _refresh(row, finding)
    return row


def _refresh(row: Finding, finding: FindingLike) -> None:
    span = finding.span
    row.severity = finding.severity
    row.message = finding.message
    row.rule = finding.rule
    row.post_id = finding.post_id
    row.comment_id = finding.comment_id
    row.url = finding.url
    row.quote = finding.quote
    row.span_start, row.span_end = (span if span else (None, None))
    row.suggestion = finding.suggestion
    row.evidence = dict(finding.evidence)


def list_findings(
    session: Session, *, check: str | None = None, account: str | None = None, statuses: Collection[str] = ()
) -> list[tuple[Finding, Account]]:
    query = select(Finding, Account).join(Account).order_by(Finding.id)
    if check:
        query = query.where(Finding.check == check)
    if account:
        query = query.where((Account.name == account) | (Account.platform_id == account))
    if statuses:
        query = query.where(Finding.status.in_(list(statuses)))
    return [(f, a) for f, a in session.execute(query).all()]


def findings_by_id(session: Session, ids: Collection[int]) -> dict[int, Finding]:
    """The findings of `ids` that exist, by id."""
    if not ids:
        return {}
    return {f.id: f for f in session.scalars(select(Finding).where(Finding.id.in_(list(ids))))}
