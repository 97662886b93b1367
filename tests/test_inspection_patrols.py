"""Thirty daily patrols of a small simulated office over HTTP, its clock moved a day each time: one
finding per problem, a dismissed finding never returns, and the checks and rechecks that follow.

The office registers three running WeChat accounts of the simulated city (seed 3) and one closed
account: 东港发布 (no update since mid-August, and a question it left unanswered), 新吴公安
(comments switched off on every article) and 无锡发改 (up to date until the simulated world stops
posting, 14 days after its start). Commands run in-process through the CLI's `main` (the word lists
load once), but the registry import and the review, which run as separate processes.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from fixtures.simulator.process import SimulatorHandle, running_simulator
from scheduler.cli import main
from tests.conftest import SHANGHAI, patrol_cli, write_config

START = datetime(2021, 9, 20, 9, tzinfo=SHANGHAI)
PATROLS = 30
DISMISS_AFTER = 10  # patrols
OFFICE = ("东港发布", "新吴公安", "无锡发改", "经开城管")


@dataclass
class Month:
    config: Path
    sim: SimulatorHandle
    summaries: list[dict[str, Any]]
    dismissed: int

    def query(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(self.config.parent / "patrol.db")) as db:
            return db.execute(sql, args).fetchall()

    def json(self, *args: str) -> Any:
        return json.loads(_cli(self.config, *args, "--format", "json"))


def _register(sim: SimulatorHandle, directory: Path) -> Path:
    with open(sim.registry_path, encoding="utf-8-sig") as sheet:
        rows = [row for row in csv.DictReader(sheet) if row["名称"] in OFFICE]
    assert sorted(row["名称"] for row in rows) == sorted(OFFICE)
    path = directory / "office.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _cli(config: Path, *args: str) -> str:
    """The `patrol` command line in this process (the word lists stay loaded between patrols)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--config", str(config), *args]) == 0, args
    return out.getvalue()


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Month]:
    directory = tmp_path_factory.mktemp("month")
    with running_simulator(directory / "sim", seed=3, accounts=60, as_of=START) as sim:
        config = write_config(directory, sim.base_url)
        patrol_cli(config, "accounts", "import", str(_register(sim, directory)))
        summaries, dismissed = [], 0
        for day in range(PATROLS):
            when = START + timedelta(days=day)
            sim.set_as_of(when)
            summaries.append(json.loads(_cli(config, "run", "--as-of", when.isoformat(), "--format", "json")))
            if day + 1 == DISMISS_AFTER:
                [gap] = json.loads(_cli(config, "findings", "--check", "update_gap", "--account", "东港发布",
                                        "--format", "json"))
                dismissed = gap["id"]
                patrol_cli(config, "review", str(dismissed), "--dismiss", "--reason", "已报备停更整改",
                           "--as-of", when.isoformat())
        yield Month(config, sim, summaries, dismissed)


def test_thirty_daily_patrols_keep_one_finding_per_problem(month: Month) -> None:
    assert [s["verified"] for s in month.summaries] == [3] * PATROLS
    assert all(s["not_patrolled"] == 1 for s in month.summaries)  # the closed account
    rows = month.query("select a.name, f.check_name, f.key, f.times_seen, f.first_seen, f.comment_id, f.id"
                       " from findings f join accounts a on a.id = f.account_id")
    problems = Counter((name, check) for name, check, *_ in rows)
    assert problems == Counter({("东港发布", "update_gap"): 1, ("东港发布", "slow_reply"): 1,
                                ("新吴公安", "no_interaction"): 1, ("新吴公安", "update_gap"): 1,
                                ("无锡发改", "update_gap"): 1,
                                ("经开城管", "still_online"): 1})  # closed in the registry, still served
    seen = {(name, check): times for name, check, _, times, *_ in rows}
    assert seen[("东港发布", "update_gap")] == seen[("新吴公安", "no_interaction")] == PATROLS
    assert seen[("经开城管", "still_online")] == PATROLS
    for name, check, _, times, first_seen, *_ in rows:  # late since the world stopped posting: seen daily since
        if check == "update_gap" and name != "东港发布":
            first = datetime.fromisoformat(first_seen).replace(tzinfo=UTC)
            assert 0 < times == PATROLS - (first - START).days < PATROLS
    found = month.query("select finding_id, count(*) from finding_events where cause = 'found' group by finding_id")
    assert sorted(n for _, n in found) == [1] * len(rows)


def test_a_dismissed_finding_does_not_return(month: Month) -> None:
    status, times = month.query("select status, times_seen from findings where id = ?", month.dismissed)[0]
    assert (status, times) == ("dismissed", PATROLS)  # seen by every later patrol, still dismissed
    history = month.query("select cause, actor, reason from finding_events where finding_id = ? order by id",
                          month.dismissed)
    assert history == [("found", "patrol", ""), ("dismissed", "inspector", "已报备停更整改")]
    assert month.json("findings", "--account", "东港发布") == []  # its old question left the look-back too
    everything = month.json("findings", "--status", "dismissed", "--status", "resolved", "--account", "东港发布")
    assert {(f["check"], f["status"]) for f in everything} == {("update_gap", "dismissed"), ("slow_reply", "resolved")}
    september = month.json("inspect", "--period", "2021-09")
    verdicts = {v["account"]: v for v in september["verdicts"]}
    assert verdicts["东港发布"]["vetoes"] == ["slow_reply"]  # its dismissed gap does not count
    assert month.dismissed not in verdicts["东港发布"]["findings"]


def test_checks_of_the_month_and_rechecks_of_the_ledger(month: Month) -> None:
    september = month.json("inspect", "--period", "2021-09", "--stored")
    assert {v["account"]: v["outcome"] for v in september["verdicts"]} == {
        "东港发布": "fail", "新吴公安": "fail", "无锡发改": "pass"}
    assert (september["rate"], september["registry"]["outside"]) == (33.3, {"closed": 1})
    october = month.json("inspect", "--period", "2021-10")
    assert {v["account"]: (v["outcome"], v["vetoes"]) for v in october["verdicts"]} == {
        "东港发布": ("pass", []), "新吴公安": ("fail", ["no_interaction", "update_gap"]),
        "无锡发改": ("fail", ["update_gap"])}
    assert (october["rate"], october["change_pp"], october["previous"]["period"]) == (33.3, 0.0, "2021-09")
    assert [f["failure_no"] for f in october["failed_accounts"] if f["account"] == "新吴公安"] == [2]
    after = (START + timedelta(days=PATROLS)).isoformat()
    kept = month.json("recheck", "新吴公安", "--as-of", after)
    assert kept["ledger"] == {"closed": 0, "unfixed": 2}  # comments still off, still no update
    closed = month.json("recheck", "东港发布", "--as-of", after)
    assert closed["ledger"] == {"closed": 1, "unfixed": 0}  # the question the patrol no longer sees
    ledger = {(i["account"], i["check"]): i["status"] for i in month.json("ledger", "--open")}
    assert ledger[("新吴公安", "no_interaction")] == "open"
