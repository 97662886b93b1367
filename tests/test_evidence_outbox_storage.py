"""The evidence store and the notification outbox on SQLite and PostgreSQL: raw responses kept and
pruned by the patrol clock unless a finding points at them; a finding told once per spell; a delivery
pending until a try succeeds."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from storage.accounts import AccountRecord, upsert_accounts
from storage.blobs import BlobStore
from storage.db import Database
from storage.evidence import add_evidence, crawl_raw, evidence_of, prune_raw, seen_without, store_raw
from storage.findings import record_findings
from storage.lifecycle import reopen, resolve
from storage.models import Finding
from storage.notifications import pending, queue, record_attempt, untold
from storage.records import RawRecord
from storage.runs import start_run
from tests.conftest import shanghai
from tests.test_storage import _F

T0 = shanghai(2026, 3, 2, 9)


def _office(db: Database) -> int:
    with db.session() as s:
        upsert_accounts(s, [AccountRecord(name="无锡发布", platform="weibo", source_key="1", platform_id="1")], now=T0)
        record_findings(s, 1, ["typo"], [_F("t", check="typo", severity="deduction", post_id="p1", span=(0, 2))],
                        seen_at=T0)
        return s.scalars(select(Finding.id)).one()


def test_raw_responses_are_pruned_by_the_patrol_clock_unless_evidence(database: Database, tmp_path: Path) -> None:
    finding = _office(database)
    blobs = BlobStore(tmp_path / "evidence")
    runs = []
    for day, bodies in enumerate(([b'{"p1": "flagged"}', b'{"other": 1}'], [b'{"other": 2}'])):
        with database.session() as s:
            run = start_run(s, kind="patrol", as_of=T0 + timedelta(days=day), profile="jiangsu", started_at=T0)
            store_raw(s, blobs, run, 1, [RawRecord(f"https://m.weibo.cn/{i}", b, T0, "json") for i, b in
                                         enumerate(bodies)])
            runs.append(run)
    with database.session() as s:
        [flagged, other] = crawl_raw(s, runs[0], 1)
        assert [f.id for f in seen_without(s, "raw", seen_at=T0)] == [finding]
        add_evidence(s, finding, kind="raw", digest=flagged.digest, media="json", url=flagged.url, captured_at=T0)
        assert seen_without(s, "raw", seen_at=T0) == []
        assert prune_raw(s, blobs, before=T0 + timedelta(days=1)) == 1  # the first patrol's unflagged response
    with database.session() as s:
        assert [r.digest for r in crawl_raw(s, runs[0], 1)] == [flagged.digest]
        assert len(crawl_raw(s, runs[1], 1)) == 1  # the second patrol's: not old enough
        assert [e.kind for e in evidence_of(s, finding)] == ["raw"]
    assert blobs.read(flagged.digest, "json") == b'{"p1": "flagged"}'
    assert blobs.read(other.digest, "json") is None


def test_a_finding_is_told_once_per_spell_and_a_delivery_waits_until_sent(database: Database) -> None:
    finding_id = _office(database)
    with database.session() as s:
        [(finding, account)] = untold(s)
        queue(s, kind="digest", title="日报", body="…", findings=[finding], targets=[("k1", "mailto://…"),
                                                                                  ("k2", "dingtalk://…")], at=T0)
        assert untold(s) == []
        first, second = (d for d, _ in pending(s))
        record_attempt(first, at=T0, error="Connection error")
        record_attempt(second, at=T0, error=None)
    with database.session() as s:
        [(delivery, notification)] = pending(s)
        assert (delivery.target_key, delivery.attempts, delivery.last_error, notification.title) == (
            "k1", 1, "Connection error", "日报")
        row = s.get(Finding, finding_id)
        assert row is not None
        resolve(s, row, at=T0 + timedelta(days=1))
        assert untold(s) == []  # resolved: nothing to tell
        reopen(s, row, at=T0 + timedelta(days=2))
        assert [f.id for f, _ in untold(s)] == [finding_id]  # back: news again
