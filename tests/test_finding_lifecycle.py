"""Finding lifecycle on SQLite and PostgreSQL: history kept across reopening, deleted posts marked,
findings about posts a patrol did not read left alone, and an inspector's review."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from checks.findings import Finding as CheckFinding
from storage.accounts import AccountRecord, upsert_accounts
from storage.allow import allowed_texts
from storage.db import Database
from storage.findings import record_findings
from storage.models import Finding, FindingEvent, FindingSpell
from storage.observations import store_crawl
from storage.presence import post_presence
from storage.records import CrawlResult, PostRecord
from storage.review import ReviewError, review_finding
from storage.runs import start_run
from tests.conftest import shanghai

T0 = shanghai(2021, 10, 8, 9, 0)
DAY = timedelta(days=1)


def _typo(post_id: str) -> CheckFinding:
    return CheckFinding(check="typo", severity="deduction", key=f"typo:{post_id}:0:4:警钟常鸣", message="错别字",
                        rule="r", post_id=post_id, quote="警钟常鸣", span=(0, 4))


def _setup(db: Database) -> int:
    with db.session() as s:
        upsert_accounts(s, [AccountRecord(name="无锡发布", platform="weibo", source_key="1", platform_id="1")], now=T0)
    return 1


def _patrol(db: Database, at: int, post_ids: list[str]) -> None:
    """A verified crawl at day `at` that saw the posts `post_ids` (post pN published on day N)."""
    when = T0 + at * DAY
    posts = tuple(PostRecord(platform_post_id=p, published_at=T0 + int(p[1:]) * DAY, text="警钟常鸣") for p in post_ids)
    with db.session() as s:
        run = start_run(s, kind="patrol", as_of=when, profile="jiangsu", started_at=when)
        store_crawl(s, run, CrawlResult(1, "ok", when, when, posts=posts), seen_at=when)


def _record(db: Database, at: int, findings: list[CheckFinding], check: str = "typo") -> None:
    when = T0 + at * DAY
    with db.session() as s:
        record_findings(s, 1, [check], findings, seen_at=when, presence=post_presence(s, 1, when))


def test_reopened_finding_keeps_its_history_and_spells(database: Database) -> None:
    _setup(database)
    for day, seen in enumerate([True, True, False, True]):
        _patrol(database, day, ["p0"])
        _record(database, day, [_typo("p0")] if seen else [])
    with database.session() as s:
        row = s.scalars(select(Finding)).one()
        causes = [(e.cause, e.status) for e in s.scalars(select(FindingEvent).order_by(FindingEvent.id))]
        spells = [(sp.first_seen, sp.last_seen) for sp in s.scalars(select(FindingSpell))]
    assert causes == [("found", "open"), ("gone", "resolved"), ("back", "open")]
    assert spells == [(T0, T0 + DAY)]
    assert (row.status, row.first_seen, row.opened_at, row.times_seen) == ("open", T0, T0 + 3 * DAY, 3)


def test_deleted_post_keeps_its_finding_marked(database: Database) -> None:
    _setup(database)
    _patrol(database, 2, ["p1", "p2"])
    _record(database, 2, [_typo("p1")])
    _patrol(database, 3, ["p2", "p0"])  # p1 lies between posts this patrol read: it was deleted
    _record(database, 3, [])
    with database.session() as s:
        row = s.scalars(select(Finding)).one()
        assert (row.status, row.post_deleted_at, row.quote) == ("resolved", T0 + 3 * DAY, "警钟常鸣")
        assert s.scalars(select(FindingEvent.cause).order_by(FindingEvent.id.desc())).first() == "post_deleted"


def test_finding_on_a_post_the_patrol_did_not_read_is_left_alone(database: Database) -> None:
    _setup(database)
    _patrol(database, 2, ["p1", "p2"])
    _record(database, 2, [_typo("p1")])
    _patrol(database, 3, ["p3"])  # p1 is older than every post this patrol read
    _record(database, 3, [])
    with database.session() as s:
        assert s.scalars(select(Finding.status)).one() == "open"


def test_gap_finding_is_resolved_though_the_post_it_names_was_not_read(database: Database) -> None:
    _setup(database)
    gap = CheckFinding(check="update_gap", severity="veto", key="update_gap:p1", message="m", rule="r", post_id="p1")
    for day, seen, findings in ((9, ["p1"], [gap]), (12, ["p12"], [])):  # a new post ends the gap
        _patrol(database, day, seen)
        _record(database, day, findings, "update_gap")
    with database.session() as s:
        assert s.scalars(select(Finding.status)).one() == "resolved"


def test_dismissal_allows_the_text_and_the_finding_does_not_return(database: Database) -> None:
    _setup(database)
    _patrol(database, 0, ["p0"])
    _record(database, 0, [_typo("p0")])
    with database.session() as s:
        result = review_finding(s, 1, "dismiss", reason="地名，非错别字", at=T0 + DAY)
        assert (result.changed, result.allowed) == (True, "警钟常鸣")
    with database.session() as s:
        again = review_finding(s, 1, "dismiss", reason="again", at=T0 + DAY)
        assert not again.changed and allowed_texts(s, 1) == {"警钟常鸣"}
    _patrol(database, 2, ["p0"])
    _record(database, 2, [])  # the checks skip allowed texts
    _record(database, 2, [_typo("p0")])  # and even if a check flagged it again it stays dismissed
    with database.session() as s:
        assert s.scalars(select(Finding.status)).all() == ["dismissed"]
        events = [(e.cause, e.actor, e.reason) for e in s.scalars(select(FindingEvent).order_by(FindingEvent.id))]
    assert events == [("found", "patrol", ""), ("dismissed", "inspector", "地名，非错别字")]


def test_review_refusals_and_confirming_a_dismissal(database: Database) -> None:
    _setup(database)
    _patrol(database, 0, ["p0"])
    _record(database, 0, [_typo("p0")])
    with database.session() as s, pytest.raises(ReviewError, match="no finding 9"):
        review_finding(s, 9, "confirm", reason="x", at=T0)
    with database.session() as s:
        review_finding(s, 1, "dismiss", reason="误报", at=T0)
    with database.session() as s:
        assert review_finding(s, 1, "confirm", reason="确有错字", at=T0).changed
        assert allowed_texts(s, 1) == frozenset()
    _patrol(database, 1, ["p0"])
    _record(database, 1, [])
    with database.session() as s, pytest.raises(ReviewError, match="resolved"):
        review_finding(s, 1, "confirm", reason="x", at=T0 + DAY)
