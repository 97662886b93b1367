"""One patrol of the simulated city through the real CLI: outcomes, update gaps, idempotency."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from checks.workdays import WorkCalendar
from fixtures.simulator.process import SimulatorHandle, running_simulator
from tests.conftest import AS_OF, patrol_cli, write_config


@pytest.fixture(scope="module")
def patrolled(city: SimulatorHandle, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Any]]]:
    """A database with the city's registry imported and one patrol run as of AS_OF."""
    directory = tmp_path_factory.mktemp("patrol")
    config = write_config(directory, city.base_url)
    patrol_cli(config, "accounts", "import", str(city.registry_path))
    summary = json.loads(patrol_cli(config, "run", "--as-of", AS_OF, "--format", "json").stdout)
    yield config, summary


@contextmanager
def _db(config: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(config.parent / "patrol.db")) as db:
        yield db


def _running(city: SimulatorHandle) -> list[dict[str, Any]]:
    return [a for a in city.truth["accounts"] if a["status"] == "运行"]


def test_every_account_ends_in_its_expected_outcome(city: SimulatorHandle, patrolled: tuple[Path, Any]) -> None:
    config, _ = patrolled
    with _db(config) as db:
        got = dict(db.execute("select a.name, f.outcome from fetch_attempts f join accounts a on a.id = f.account_id"))
    expected = {a["name"]: a["expected_outcome"] or "unsupported" for a in _running(city)}
    closed = {a["name"]: a["expected_outcome"] for a in city.truth["accounts"] if a["status"] != "运行"}
    assert got == expected | closed
    faults = {(a["platform"], a["fault"]) for a in _running(city) if a["fault"]}
    assert len(faults) >= 40  # every fault on every platform it applies to was exercised


def test_summary_lists_unverified_accounts_by_outcome(city: SimulatorHandle, patrolled: tuple[Path, Any]) -> None:
    _, summary = patrolled
    running = _running(city)
    unverified: dict[str, list[str]] = {}
    for account in running:
        outcome = account["expected_outcome"] or "unsupported"
        if outcome != "ok":
            unverified.setdefault(outcome, []).append(account["name"])
    assert summary["unverified"] == {k: sorted(v) for k, v in sorted(unverified.items())}
    assert summary["accounts"] == len(running)
    assert summary["verified"] == sum(a["expected_outcome"] == "ok" for a in running)
    assert summary["not_patrolled"] == len(city.truth["accounts"]) - len(running)


def test_update_gap_finds_exactly_the_labelled_late(city: SimulatorHandle, patrolled: tuple[Path, Any]) -> None:
    config, summary = patrolled
    findings = json.loads(patrol_cli(config, "findings", "--check", "update_gap", "--format", "json").stdout)
    late = {a["name"] for a in _running(city) if a["expected_outcome"] == "ok" and a["late"]["7"]}
    assert {f["account"] for f in findings} == late
    assert summary["findings"]["update_gap"] == len(late) == len(findings)
    traps = {a["name"] for a in _running(city) if a["pinned"] and a["late"]["7"] and a["expected_outcome"] == "ok"}
    assert traps and traps <= late  # a recent-looking pinned post is not an update


def test_findings_carry_their_evidence(patrolled: tuple[Path, Any]) -> None:
    config, _ = patrolled
    findings = json.loads(patrol_cli(config, "findings", "--format", "json").stdout)
    keys = {"account", "platform", "platform_id", "check", "severity", "post_id", "comment_id", "url", "evidence",
            "span", "suggestion", "first_seen", "last_seen", "status"}
    named = [f for f in findings if f["post_id"] and f["check"] == "update_gap"]
    assert named and all(keys <= set(f) for f in findings)
    assert all(f["url"] and f["evidence"]["last_post_at"] and f["evidence"]["days_since"] >= 7 for f in named)
    table = patrol_cli(config, "findings", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(table.removeprefix("\ufeff"))))
    assert len(rows) == len(findings) and table.startswith("\ufeff")


def test_stored_threads_hold_every_visible_comment(city: SimulatorHandle, patrolled: tuple[Path, Any]) -> None:
    """Paging of comment lists and reply threads lost nothing on any platform: every visible
    top-level comment of the posts inside the look-back is stored, with its official reply."""
    config, _ = patrolled
    since = _stored(datetime.fromisoformat(AS_OF) - timedelta(days=46))
    with _db(config) as db:
        recent = set(db.execute("select a.name, p.platform_post_id from posts p join accounts a"
                                " on a.id = p.account_id where p.published_at >= ?", (since,)))
        stored = {(name, cid): (official_reply)
                  for name, cid, official_reply in db.execute(
                      "select a.name, c.platform_comment_id, (select min(r.created_at) from comments r"
                      " where r.post_id = c.post_id and r.parent_platform_id = c.platform_comment_id"
                      " and r.is_official) from comments c join posts p on p.id = c.post_id"
                      " join accounts a on a.id = p.account_id where c.parent_platform_id is null")}
    checked = 0
    for account in _running(city):
        if account["expected_outcome"] != "ok":
            continue
        for comment in account["comments"]:
            if (account["name"], comment["post_id"]) not in recent:
                continue
            key = (account["name"], comment["comment_id"])
            assert key in stored, key
            assert (stored[key] is not None) == (comment["first_official_reply_at"] is not None), key
            checked += 1
    assert checked > 1000


def test_second_patrol_is_idempotent_and_skips_settled_threads(patrolled: tuple[Path, Any]) -> None:
    """The same patrol again adds no row and changes no finding, and reads again only the threads
    that still have an open question or whose comment count changed (one is made to look changed).
    """
    config, summary = patrolled
    tables = ("accounts", "posts", "comments", "post_versions", "findings")
    query = "select account_id, check_name, key, status, times_seen, last_seen from findings order by id"
    threads = ("select p.thread_open, count(*) from posts p join accounts a on a.id = p.account_id"
               " where a.status = 'active' and p.thread_count > 0 group by p.thread_open")  # as the summary counts
    with _db(config) as db:
        before = {t: db.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}
        findings = db.execute(query).fetchall()
        by_state = dict(db.execute(threads).fetchall())
        db.execute("update posts set thread_count = thread_count + 1 where id = (select min(p.id) from posts p"
                   " join accounts a on a.id = p.account_id where a.platform = 'weibo' and p.thread_count > 0"
                   " and not p.thread_open)")
        db.commit()
    assert summary["threads"]["read"] > 0 and summary["threads"]["skipped_unchanged"] == 0
    assert by_state[1] > 0 and by_state[0] > 0
    again = json.loads(patrol_cli(config, "run", "--as-of", AS_OF, "--format", "json").stdout)
    with _db(config) as db:
        assert {t: db.execute(f"select count(*) from {t}").fetchone()[0] for t in tables} == before
        assert db.execute(query).fetchall() == findings
        assert dict(db.execute(threads).fetchall()) == by_state
    assert again["unverified"] == summary["unverified"]
    assert again["threads"] == {"read": by_state[1] + 1, "skipped_unchanged": by_state[0] - 1}


def test_recheck_one_account(city: SimulatorHandle, patrolled: tuple[Path, Any]) -> None:
    config, _ = patrolled
    late = next(a for a in _running(city) if a["expected_outcome"] == "ok" and a["late"]["7"] and a["posts"])
    report = json.loads(patrol_cli(config, "recheck", late["platform_id"], "--as-of", AS_OF, "--format", "json").stdout)
    assert report["summary"]["accounts"] == 1 and report["summary"]["verified"] == 1
    assert [f["check"] for f in report["findings"]] == ["update_gap"]
    assert report["findings"][0]["account"] == late["name"]
    missing = patrol_cli(config, "recheck", "没有这个账号", check=False)
    assert missing.returncode == 2 and missing.stderr.startswith("patrol: recheck: no account")


def test_national_profile_uses_its_window(city: SimulatorHandle, tmp_path: Path) -> None:
    config = write_config(tmp_path, city.base_url, profile="national")
    patrol_cli(config, "accounts", "import", str(city.registry_path))
    patrol_cli(config, "run", "--as-of", AS_OF, "--platform", "weibo")
    findings = json.loads(patrol_cli(config, "findings", "--check", "update_gap", "--format", "json").stdout)
    late = {a["name"] for a in _running(city)
            if a["platform"] == "微博" and a["expected_outcome"] == "ok" and a["late"]["14"]}
    assert {f["account"] for f in findings} == late


def test_slow_reply_finds_the_labelled_unanswered_and_late_questions(
    city: SimulatorHandle, patrolled: tuple[Path, Any]
) -> None:
    """Questions (by the simulator's construction) unanswered past 5 working days, or answered late."""
    config, _ = patrolled
    expected, found = _slow_replies(city, config)
    assert len(expected) > 300
    assert found == expected


def test_slow_reply_counts_working_days_across_national_day(tmp_path: Path) -> None:
    """A patrol just after National Day 2026 (10-01..10-08 off, Sat 10-10 worked): the labelled set
    exactly, and it differs from a plain Monday-Friday count (a holiday file for 2026 stating no day),
    so the holidays are really used."""
    as_of = "2026-10-12T09:00:00"
    with running_simulator(tmp_path / "sim", seed=3, accounts=80, as_of=as_of) as sim:
        config = write_config(tmp_path, sim.base_url)
        patrol_cli(config, "accounts", "import", str(sim.registry_path))
        patrol_cli(config, "run", "--as-of", as_of, "--platform", "weibo", "--platform", "wechat")
        platforms = ("微博", "微信公众号")
        expected, found = _slow_replies(sim, config, platforms)
        by_weekdays, _ = _slow_replies(sim, config, platforms, WorkCalendar(file_years=frozenset({2026})))
    assert found == expected
    assert len(expected) > 10 and expected != by_weekdays


def _slow_replies(
    sim: SimulatorHandle, config: Path, platforms: tuple[str, ...] | None = None, calendar: WorkCalendar | None = None
) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The (account, comment) pairs the simulator's labels make slow replies as of its clock, counted
    with `calendar`, and those the stored slow_reply findings name. Comments within a day of the
    look-back edge are left out of both: Weibo's "MM-DD" dates lose the hour."""
    as_of = datetime.fromisoformat(sim.truth["as_of"])
    calendar = calendar or WorkCalendar()
    expected, edge = set(), as_of - timedelta(days=45)
    with _db(config) as db:  # threads are read on the posts inside the look-back
        recent = set(db.execute("select a.name, p.platform_post_id from posts p join accounts a"
                                " on a.id = p.account_id where p.published_at >= ?",
                                (_stored(edge - timedelta(days=1)),)))
    for account in _running(sim):
        if account["expected_outcome"] != "ok" or (platforms and account["platform"] not in platforms):
            continue
        for comment in account["comments"]:
            if (account["name"], comment["post_id"]) not in recent:
                continue
            asked = datetime.fromisoformat(comment["created_at"])
            if not comment["needs_answer"] or abs(asked - edge) < timedelta(days=1) or asked < edge:
                continue
            deadline = calendar.deadline(asked, 5)
            reply = comment["first_official_reply_at"]
            if (reply is None and deadline < as_of) or (reply and datetime.fromisoformat(reply) >= deadline):
                expected.add((account["name"], comment["comment_id"]))
    findings = json.loads(patrol_cli(config, "findings", "--check", "slow_reply", "--format", "json").stdout)
    assert all(f["severity"] == "veto" and f["quote"] and f["evidence"]["deadline"] for f in findings)
    found = {(f["account"], f["comment_id"]) for f in findings}
    near_edge = {key for key in found - expected
                 if abs(datetime.fromisoformat(str(_comment(sim, *key)["created_at"])) - edge) < timedelta(days=1)}
    return expected, found - near_edge


def test_closed_accounts_still_online_are_found(city: SimulatorHandle, patrolled: tuple[Path, Any]) -> None:
    """Accounts closed or cancelled in the registry that the platform still serves (not the deleted ones)."""
    config, summary = patrolled
    online = {a["name"] for a in city.truth["accounts"] if a["status"] != "运行" and a["expected_outcome"] == "ok"}
    findings = json.loads(patrol_cli(config, "findings", "--check", "still_online", "--format", "json").stdout)
    assert online and {f["account"] for f in findings} == online == set(summary["still_online"])
    assert all(f["evidence"]["registered_status"] in ("已关停", "已注销") for f in findings)


def test_no_interaction_finds_comments_off(city: SimulatorHandle, patrolled: tuple[Path, Any]) -> None:
    """Accounts with comments switched off on every post, and at least 3 posts in the look-back."""
    config, summary = patrolled
    findings = json.loads(patrol_cli(config, "findings", "--check", "no_interaction", "--format", "json").stdout)
    edge = _stored(datetime.fromisoformat(AS_OF) - timedelta(days=45))
    with _db(config) as db:
        posts = dict(db.execute("select a.name, count(*) from posts p join accounts a on a.id = p.account_id"
                                " where p.published_at >= ? group by a.name", (edge,)))
    off = {a["name"] for a in _running(city) if a["expected_outcome"] == "ok" and a["comments_enabled"] == "none"
           and a["platform"] == "微信公众号" and posts.get(a["name"], 0) >= 3}
    assert off and {f["account"] for f in findings} == off
    feeds = {a["name"] for a in _running(city) if a["expected_outcome"] == "ok" and a["feed"]}
    assert set(summary["interaction_not_assessable"]) == feeds


def test_perfunctory_reply_finds_exactly_the_labelled_boilerplate(
    city: SimulatorHandle, patrolled: tuple[Path, Any]
) -> None:
    """One template finding per account that answered with its template, naming exactly the comments
    labelled ``template``; one empty-reply finding per comment labelled ``empty``; nothing else."""
    config, _ = patrolled
    findings = json.loads(patrol_cli(config, "findings", "--check", "perfunctory_reply", "--format", "json").stdout)
    labelled: dict[str, set[tuple[str, str]]] = {"template": set(), "empty": set()}
    for account in _running(city):
        for comment in account["comments"] if account["expected_outcome"] == "ok" else ():
            if comment["perfunctory"]:
                labelled[comment["perfunctory"]].add((account["name"], comment["comment_id"]))
    templates = [f for f in findings if "question_ids" in f["evidence"]]
    templated = {(f["account"], question.rsplit("/", 1)[1])
                 for f in templates for question in f["evidence"]["question_ids"].split(",")}
    empty = {(f["account"], f["evidence"]["question_id"]) for f in findings if "question_ids" not in f["evidence"]}
    assert templated == labelled["template"] and empty == labelled["empty"]
    assert sorted(f["account"] for f in templates) == sorted({name for name, _ in labelled["template"]})
    assert {f["platform"] for f in templates} == {f["platform"] for f in findings} == {"weibo", "wechat", "douyin"}


def _comment(city: SimulatorHandle, name: str, comment_id: str) -> dict[str, Any]:
    account = next(a for a in city.truth["accounts"] if a["name"] == name)
    return next(c for c in account["comments"] if c["comment_id"] == comment_id)


def _stored(moment: datetime) -> str:
    """A time as SQLite stores it (UTC text); a naive time is Asia/Shanghai."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("Asia/Shanghai"))
    return aware.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
