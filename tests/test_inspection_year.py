"""A year of daily patrols (tests/year_world.py) and the office's checks through the `patrol` CLI:
monthly special checks, quarterly full checks under the Jiangsu profile (and one under the national
profile), a review, rechecks, the ledger and an account's history.

The office's accounts and what happens to them in 2021 (see `PLANS`):
无锡发布, 无锡应急 (city level): pass all year; 无锡应急's April typo is dismissed in May.
梁溪发布: no update for weeks in March, June and September: fails Q1, Q2, Q3 (通报, 约谈, 关停).
滨湖公安: a question left unanswered in February: fails the February special check and Q1.
梁溪城管: ten typos (corrected on 12 July) and three ads in July: fails Q3 on points (50), passes nationally.
滨湖发布: a severe error on 3 August, deleted on 10 August: fails the August special check and Q3.
新吴发布: comments switched off 5 October to 30 November: fails October, November and Q4 (关停).
惠山旧号 is closed (outside the checked set); 锡山发布 is never verified (blocked every day).
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from scheduler.cli import main
from storage.models import Finding
from tests.year_world import PLANS, Plan, YearDriver, at, d, days

SCHEDULE: dict[tuple[int, int], list[tuple[str, ...]]] = {  # after the patrol of (month, day)
    (2, 1): [("inspect", "--period", "2021-01", "--special")],
    (3, 1): [("inspect", "--period", "2021-02", "--special")],
    (4, 1): [("inspect", "--period", "2021Q1")],
    (4, 6): [("recheck", "梁溪发布")],
    (5, 1): [("inspect", "--period", "2021-04"), ("inspect", "--period", "2021-04", "--special")],
    (5, 2): [("dismiss", "无锡应急")],
    (6, 1): [("inspect", "--period", "2021-05", "--special")],
    (7, 1): [("inspect", "--period", "2021Q2")],
    (8, 1): [("inspect", "--period", "2021-07", "--special")],
    (9, 1): [("inspect", "--period", "2021-08", "--special")],
    (9, 2): [("recheck", "滨湖发布")],
    (10, 1): [("inspect", "--period", "2021Q3"), ("national", "inspect", "--period", "2021Q3")],
    (10, 10): [("recheck", "梁溪城管")],
    (11, 1): [("inspect", "--period", "2021-10", "--special")],
    (12, 1): [("inspect", "--period", "2021-11", "--special")],
}


class Office:
    """The year's database and the CLI run on it in-process (as `patrol --config FILE ...`)."""

    def __init__(self, directory: Path, url: str, plans: tuple[Plan, ...] = PLANS) -> None:
        self.configs = {}
        for profile in ("jiangsu", "national"):
            path = directory / f"{profile}.toml"
            path.write_text(f'database_url = "{url}"\n[rules]\nprofile = "{profile}"\n', encoding="utf-8")
            self.configs[profile] = str(path)
        self.driver = YearDriver(self.configs["jiangsu"], plans)
        self.reports: dict[str, dict[str, Any]] = {}
        self.rechecks: dict[str, tuple[int, int]] = {}

    def cli(self, *args: str, profile: str = "jiangsu") -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["--config", self.configs[profile], *args])
        assert code == 0, args
        return out.getvalue()

    def inspect(self, *args: str, profile: str = "jiangsu") -> dict[str, Any]:
        report: dict[str, Any] = json.loads(self.cli("inspect", *args, "--format", "json", profile=profile))
        return report

    def act(self, action: tuple[str, ...], when: datetime) -> None:
        if action[0] == "inspect":
            self.reports[" ".join(action[2:])] = self.inspect(*action[1:])
        elif action[0] == "national":
            self.reports["national " + " ".join(action[3:])] = self.inspect(*action[2:], profile="national")
        elif action[0] == "recheck":
            self.rechecks[action[1]] = self.driver.recheck(action[1], when + timedelta(hours=6))
        else:
            with self.driver.database.session() as session:
                finding_id = session.scalars(select(Finding.id).where(
                    Finding.account_id == self.driver.ids[action[1]], Finding.check == "typo")).one()
            self.cli("review", str(finding_id), "--dismiss", "--reason", "单位名称的写法，非错别字",
                     "--as-of", when.isoformat())


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    directory = tmp_path_factory.mktemp("year")
    office = Office(directory, f"sqlite:///{directory}/patrol.db")
    for when in days(d(1, 1), d(12, 31)):
        office.driver.patrol(when)
        for action in SCHEDULE.get((when.month, when.day), []):
            office.act(action, when)
    office.reports["2021Q4"] = office.inspect("--period", "2021Q4")
    yield office
    office.driver.database.dispose()


def _failed(report: dict[str, Any]) -> dict[str, tuple[int, str]]:
    return {f["account"]: (f["failure_no"], f["escalation"]) for f in report["failed_accounts"]}


def _verdict(report: dict[str, Any], name: str) -> dict[str, Any]:
    return next(v for v in report["verdicts"] if v["account"] == name)


def test_verdicts_rates_and_changes_of_every_check(office: Office) -> None:
    expected = {  # check: (failed accounts, rate, change in points)
        "2021-01 --special": (set(), 100.0, None),
        "2021-02 --special": ({"滨湖公安"}, 85.7, -14.3),
        "2021Q1": ({"梁溪发布", "滨湖公安"}, 71.4, None),
        "2021-04": (set(), 100.0, None),
        "2021-04 --special": (set(), 100.0, None),
        "2021-05 --special": (set(), 100.0, 0.0),
        "2021Q2": ({"梁溪发布"}, 85.7, 14.3),
        "2021-07 --special": (set(), 100.0, None),
        "2021-08 --special": ({"滨湖发布"}, 85.7, -14.3),
        "2021Q3": ({"梁溪发布", "梁溪城管", "滨湖发布"}, 57.1, -28.6),
        "national 2021Q3": ({"梁溪发布", "滨湖发布"}, 71.4, None),
        "2021-10 --special": ({"新吴发布"}, 85.7, None),
        "2021-11 --special": ({"新吴发布"}, 85.7, 0.0),
        "2021Q4": ({"新吴发布"}, 85.7, 28.6),
    }
    got = {name: (set(_failed(r)), r["rate"], r["change_pp"]) for name, r in office.reports.items()}
    assert got == expected
    for report in office.reports.values():
        assert (report["checked"], report["registry"]["outside"]) == (7, {"closed": 1})
        assert report["unverified"] == ["锡山发布(微博)"]


def test_scores_per_profile(office: Office) -> None:
    jiangsu, national = office.reports["2021Q3"], office.reports["national 2021Q3"]
    chengguan = _verdict(jiangsu, "梁溪城管")
    assert (chengguan["outcome"], chengguan["score"], chengguan["deductions"]) == ("fail", 50, {"ad": 30, "typo": 20})
    assert len(chengguan["findings"]) == 13  # ten typos and three ads, each counted once
    assert (_verdict(national, "梁溪城管")["outcome"], _verdict(national, "梁溪城管")["score"]) == ("pass", 100)
    assert _verdict(office.reports["2021-07 --special"], "梁溪城管")["score"] is None  # veto items only
    assert _verdict(office.reports["2021-04"], "无锡应急")["score"] == 98  # one typo before the review
    assert _verdict(office.reports["2021Q2"], "无锡应急")["score"] == 100  # dismissed; the June post is allowed
    assert _verdict(jiangsu, "滨湖发布")["vetoes"] == ["severe_error"]


def test_second_and_third_failures_climb_the_ladder(office: Office) -> None:
    reports = office.reports
    assert _failed(reports["2021Q1"]) == {"梁溪发布": (1, "通报"), "滨湖公安": (2, "约谈")}
    assert _failed(reports["2021Q2"]) == {"梁溪发布": (2, "约谈")}
    assert _failed(reports["2021Q3"]) == {"梁溪发布": (3, "关停"), "梁溪城管": (1, "通报"), "滨湖发布": (2, "约谈")}
    assert _failed(reports["national 2021Q3"])["梁溪发布"] == (1, "通报")  # each profile counts its own checks
    assert _failed(reports["2021Q4"]) == {"新吴发布": (3, "关停")}
    notes = {f["account"]: f["note"] for f in reports["2021Q3"]["failed_accounts"]}
    assert notes == {"梁溪发布": "年内第三次检查不合格", "梁溪城管": "", "滨湖发布": "年内第二次检查不合格"}
    assert reports["2021Q4"]["special_checks"] == [{"period": "2021-10", "checked": 7, "failed": 1, "rate": 85.7},
                                                   {"period": "2021-11", "checked": 7, "failed": 1, "rate": 85.7}]


def test_rates_by_group_and_the_hundred_percent_lists(office: Office) -> None:
    q3 = office.reports["2021Q3"]
    assert q3["rates"]["district"]["梁溪区"] == {"checked": 2, "failed": 2, "rate": 0.0}
    assert q3["rates"]["owner_level"] == {"city": {"checked": 2, "failed": 0, "rate": 100.0},
                                          "district": {"checked": 5, "failed": 3, "rate": 40.0}}
    assert q3["rates"]["platform"]["wechat"] == {"checked": 2, "failed": 1, "rate": 50.0}
    q4 = office.reports["2021Q4"]
    assert q4["all_passed"]["period"]["district"] == ["市级", "梁溪区", "滨湖区"]
    assert q4["all_passed"]["year"] == {"district": ["市级"],
                                        "owner_org": ["无锡市人民政府新闻办公室", "无锡市应急管理局"]}


def test_ledger_closes_what_rechecks_verify_and_keeps_the_rest(office: Office) -> None:
    assert office.rechecks == {"梁溪发布": (1, 0), "滨湖发布": (1, 0), "梁溪城管": (10, 3)}
    carry = {name: office.reports[name]["carryover"] for name in ("2021Q2", "2021Q3", "2021Q4")}
    assert [(c["accounts"], c["items"], c["rectified"]) for c in carry.values()] == [(1, 1, 0), (1, 1, 1), (2, 4, 2)]
    items = json.loads(office.cli("ledger", "--open", "--as-of", "2021-12-31T18:00", "--format", "json"))
    status = sorted((i["account"], i["check"], i["status"]) for i in items)
    assert status == sorted([("新吴发布", "no_interaction", "rectified"), ("梁溪城管", "ad", "open"),
                             ("梁溪城管", "ad", "open"), ("梁溪城管", "ad", "open"),
                             ("梁溪发布", "update_gap", "rectified"), ("梁溪发布", "update_gap", "rectified"),
                             ("滨湖公安", "slow_reply", "open")])
    unanswered = next(i for i in items if i["account"] == "滨湖公安")
    assert unanswered["overdue"] and unanswered["days_unfixed"] > 300
    assert (unanswered["owner_org"], unanswered["deadline"]) == ("无锡市公安局滨湖分局", "2021-03-16T00:00:00+08:00")
    closed = json.loads(office.cli("ledger", "--format", "json"))
    deleted = next(i for i in closed if i["account"] == "滨湖发布")
    assert (deleted["status"], deleted["closed_reason"], deleted["check"]) == ("closed", "verified", "severe_error")
    gap = next(i for i in closed if i["account"] == "梁溪发布" and i["status"] == "closed")
    assert (gap["fixed_at"][:10], gap["days_unfixed"]) == ("2021-03-28", 13)  # fixed then; verified on 6 April
    assert len(closed) == len(items) + 12  # 梁溪发布's Q1 gap, 滨湖发布's error, 梁溪城管's ten typos


def test_the_report_is_the_same_from_storage_and_when_computed_again(office: Office) -> None:
    first = office.reports["2021Q4"]
    assert office.inspect("--period", "2021Q4", "--stored") == first
    again = office.inspect("--period", "2021Q4")
    assert {k: v for k, v in again.items() if k != "computed_at"} == {k: v for k, v in first.items()
                                                                       if k != "computed_at"}
    text = office.cli("inspect", "--period", "2021Q4", "--stored")
    assert "合格率 85.7%，比上期（2021Q3 57.1%）提升 28.6 个百分点" in text
    assert "新吴发布(微博)" in text and "年内第三次检查不合格；关停" in text


def test_history_of_an_account_and_the_deleted_post_kept_as_evidence(office: Office) -> None:
    history = json.loads(office.cli("accounts", "history", "梁溪发布", "--format", "json"))
    fails = [(v["profile"], v["period"], v["failure_no"], v["escalation"]) for v in history["verdicts"]
             if v["outcome"] == "fail"]
    assert fails == [("jiangsu", "2021Q1", 1, "通报"), ("jiangsu", "2021Q2", 2, "约谈"),
                     ("jiangsu", "2021Q3", 3, "关停"), ("national", "2021Q3", 1, "通报")]
    gaps = [f for f in history["findings"] if f["check"] == "update_gap"]
    assert len(gaps) == 3 and all([e["cause"] for e in f["history"]] == ["found", "gone"] for f in gaps)
    deleted = json.loads(office.cli("accounts", "history", "滨湖发布", "--format", "json"))["findings"]
    [severe] = [f for f in deleted if f["check"] == "severe_error"]
    assert severe["status"] == "resolved" and severe["post_deleted_at"].startswith("2021-08-10")
    assert severe["quote"] == "中华人民共合国" and [e["cause"] for e in severe["history"]] == ["found", "post_deleted"]
    dismissed = json.loads(office.cli("accounts", "history", "无锡应急", "--format", "json"))["findings"]
    assert [(f["status"], [e["actor"] for e in f["history"]]) for f in dismissed] == [("dismissed", ["patrol",
                                                                                                      "inspector"])]


def test_a_quarter_on_every_backend(database_url: str, tmp_path: Path) -> None:
    """The first quarter of two accounts that fail it, on SQLite and PostgreSQL alike."""
    office = Office(tmp_path, database_url, tuple(p for p in PLANS if p.name in ("梁溪发布", "滨湖公安", "锡山发布")))
    try:
        for when in days(d(1, 20), d(3, 31)):
            office.driver.patrol(when)
        february = office.inspect("--period", "2021-02", "--special")
        quarter = office.inspect("--period", "2021Q1")
        assert (_failed(february), february["rate"], february["unverified"]) == (
            {"滨湖公安": (1, "通报")}, 50.0, ["锡山发布(微博)"])
        assert (_failed(quarter), quarter["rate"]) == ({"梁溪发布": (1, "通报"), "滨湖公安": (2, "约谈")}, 0.0)
        assert office.inspect("--period", "2021Q1", "--stored") == quarter
        assert office.driver.recheck("梁溪发布", at(4, 2)) == (1, 0)
        ledger = json.loads(office.cli("ledger", "--format", "json", "--as-of", "2021-04-02T18:00"))
        assert sorted((i["account"], i["status"]) for i in ledger) == [("梁溪发布", "closed"), ("滨湖公安", "open")]
    finally:
        office.driver.database.dispose()
