"""Evidence through real patrols of the simulator: a Weibo account publishes a severe error and a
hijacked title; the raw responses and a screenshot (Chromium) are kept, survive the deletion of the
post, and what no finding needs is pruned after `[evidence] keep_days`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.conftest import SHANGHAI, patrol_cli
from tests.quarter_world import SPAM_TITLE
from tests.weibo_office import WeiboOffice, weibo_office

START = datetime(2026, 3, 2, 9, tzinfo=SHANGHAI)
SEVERE = "热烈庆祝中华人民共合国成立七十七周年。"
KEEP_DAYS = 3
SHOTS = 3  # screenshots after one patrol: the two posts' findings, and one unanswered question of the account's


@dataclass
class Patrolled:
    office: WeiboOffice
    findings: dict[str, dict[str, Any]]  # check -> the finding, after the first patrol
    evidence: dict[str, dict[str, Any]]  # check -> `patrol evidence` JSON, after the first patrol

    def query(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(self.office.config.parent / "patrol.db")) as db:
            return db.execute(sql, args).fetchall()


@pytest.fixture(scope="module")
def patrolled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Patrolled]:
    config = f"[evidence]\nkeep_days = {KEEP_DAYS}\nscreenshots_per_patrol = {SHOTS}\n"
    with weibo_office(tmp_path_factory.mktemp("evidence"), START, config) as office:
        office.publish(SEVERE)
        office.publish(f"{SPAM_TITLE}\n关于开展安全检查的通知。")
        office.patrol(START)
        findings = {f["check"]: f for f in office.cli_json("findings") if f["check"] in ("severe_error", "security")}
        run = Patrolled(office, findings, {c: office.cli_json("evidence", str(f["id"])) for c, f in findings.items()})
        office.delete(findings["severe_error"]["post_id"])
        office.patrol(START + timedelta(days=1))
        office.patrol(START + timedelta(days=KEEP_DAYS + 2))
        yield run


def _files(evidence: dict[str, Any], kind: str) -> list[Path]:
    return [Path(f["path"]) for f in evidence["files"] if f["kind"] == kind]


def test_veto_findings_keep_the_raw_response_and_a_screenshot(patrolled: Patrolled) -> None:
    assert set(patrolled.findings) == {"severe_error", "security"}
    for check, evidence in patrolled.evidence.items():
        finding = patrolled.findings[check]
        [raw] = _files(evidence, "raw")  # the timeline page that showed the post
        body = raw.read_bytes()
        assert raw.suffix == ".json" and finding["quote"].encode() in body and finding["post_id"].encode() in body
        [shot] = _files(evidence, "screenshot")
        with Image.open(shot) as png:
            assert png.format == "PNG" and png.size[0] >= 800  # the 560 px article at 1.5x
            pixels = png.convert("RGB").tobytes()
        marked = sum(1 for i in range(0, len(pixels), 3)  # the <mark> yellow, #ffe066
                     if pixels[i] > 240 and 200 < pixels[i + 1] < 235 and pixels[i + 2] < 130)
        assert marked > 500, check


def test_evidence_survives_the_deleted_post(patrolled: Patrolled) -> None:
    severe = patrolled.findings["severe_error"]
    after = patrolled.office.cli_json("evidence", str(severe["id"]))
    assert after["finding"]["status"] == "resolved" and after["finding"]["post_deleted_at"].startswith("2026-03-03")
    assert [f["path"] for f in after["files"]] == [f["path"] for f in patrolled.evidence["severe_error"]["files"]]
    assert all(f["exists"] for f in after["files"])
    text = patrol_cli(patrolled.office.config, "evidence", str(severe["id"])).stdout
    assert "原帖已于 2026-03-03" in text and "截图" in text and "原始响应" in text
    status = patrolled.query("select status from findings where id = ?", patrolled.findings["security"]["id"])
    assert status == [("open",)]  # the hijacked post is still up


def test_responses_no_finding_needs_are_pruned_after_keep_days(patrolled: Patrolled) -> None:
    runs = patrolled.query("select id, as_of from patrol_runs order by id")
    assert len(runs) == 3
    kept = patrolled.query("select r.run_id, r.digest, r.media, exists(select 1 from finding_evidence e"
                           " where e.digest = r.digest) from raw_responses r")
    old = [row for row in kept if row[0] != runs[-1][0]]
    assert old and all(row[3] for row in old)  # of the older patrols only evidence is left
    assert any(row[0] == runs[-1][0] and not row[3] for row in kept)  # the newest patrol's are all kept
    root = Path(patrolled.evidence["security"]["files"][0]["path"]).parents[1]
    stored = {p.name for p in root.glob("*/*.*")}
    evidence = patrolled.query("select digest, media from finding_evidence")
    assert stored == {f"{digest}.{media}" for _, digest, media, _ in kept} | {f"{d}.{m}" for d, m in evidence}


def test_an_unknown_finding_is_bad_input(patrolled: Patrolled) -> None:
    result = patrol_cli(patrolled.office.config, "evidence", "999999", check=False)
    assert result.returncode == 2 and result.stderr.strip() == "patrol: evidence: no finding 999999"


def test_screenshots_after_one_patrol_are_capped_and_the_rest_follow(patrolled: Patrolled) -> None:
    shots = patrolled.query("select f.check_name, e.captured_at, f.status from finding_evidence e"
                            " join findings f on f.id = e.finding_id where e.kind = 'screenshot' order by e.id")
    first = [check for check, captured, _ in shots if captured.startswith("2026-03-02 01:00")]
    assert first[:2] == ["severe_error", "security"] and len(first) == SHOTS  # spans of text first
    pointing = patrolled.query("select count(*) from findings where severity = 'veto'"
                               " and (span_start is not null or comment_id is not null)")[0][0]
    assert pointing > SHOTS and len(shots) == pointing  # the next patrols took the rest
