"""`patrol daemon` as a real process: the real APScheduler with shortened schedules, crawl children,
signals and the simulator over HTTP, on SQLite. Each office registers a few healthy Weibo and WeChat
accounts (no browser), so that a patrol takes seconds and a window tens of seconds."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import psutil
import pytest
from docx import Document
from openpyxl import load_workbook

from fixtures.simulator.process import SimulatorHandle, running_simulator
from tests.conftest import AS_OF, patrol_cli
from tests.daemon_support import (
    SHANGHAI,
    DaemonProcess,
    query,
    schedule_daily,
    setup_office,
    stored,
    wait_until,
)

WEIBO, WECHAT = "微博", "微信公众号"
STOP_BOUND_S = 3 + 30  # the offices' stop_grace_s + the daemon's margin
ATTEMPTS = ("select f.id, f.account_id, f.outcome from fetch_attempts f join patrol_runs r on r.id = f.run_id "
            "where r.kind = 'daily' order by f.id")


@pytest.fixture(scope="module")
def office_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SimulatorHandle, Path]]:
    """A simulated city of 150 accounts (12 healthy on Weibo, 86 on WeChat), with an access log."""
    out = tmp_path_factory.mktemp("office-sim")
    access = out / "access.log"
    with running_simulator(out, seed=1, accounts=150, as_of=AS_OF, extra_args=("--access-log", str(access))) as sim:
        yield sim, access


def _status(config: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(patrol_cli(config, "status", "--format", "json").stdout)
    return result


def _finished(directory: Path) -> bool:
    return bool(query(directory, "select 1 from job_runs where job = 'daily_patrol' and status = 'done'"))


def _summary(directory: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(query(directory, "select summary from patrol_runs where kind = 'daily'")[0][0])
    return result


def _store_the_schedule(config: Path, first_run: datetime) -> None:
    """Start a daemon, so that its jobs are stored with the next run at `first_run`, and stop it."""
    first = DaemonProcess(config, "first")
    try:
        first.wait_log("daemon started")
        assert first.stop()[0] == 0
    finally:
        first.kill()
    assert f"daily_patrol {first_run:%Y-%m-%d %H:%M:%S}" in first.text(), "the daemon started too late"


def test_catch_up_runs_the_missed_patrol_once(office_sim: tuple[SimulatorHandle, Path], tmp_path: Path) -> None:
    sim, _ = office_sim
    config, accounts = setup_office(tmp_path, sim, [WEIBO], per_platform=4)
    times = schedule_daily(config, 5, count=3)
    _store_the_schedule(config, times[0])
    assert datetime.now(SHANGHAI) < times[0], "the first daemon should have stopped before the first run"
    wait_until(lambda: datetime.now(SHANGHAI) > times[-1] + timedelta(seconds=1), 60, "the runs to be missed")
    again = DaemonProcess(config, "again")
    try:
        wait_until(lambda: _finished(tmp_path), 120, "the catch-up patrol")
        status = _status(config)
    finally:
        assert again.stop()[0] == 0
    runs = query(tmp_path, "select job, scheduled_for, status, catch_up from job_runs")
    assert [(job, state, catch_up) for job, _, state, catch_up in runs] == [("daily_patrol", "done", 1)]
    assert stored(runs[0][1]) == times[-1]  # coalesced: once, for the latest of the missed times
    assert "was due at" in again.text() and "as a catch-up" in again.text()
    assert query(tmp_path, "select count(*) from patrol_runs") == [(1,)]
    assert _summary(tmp_path)["catch_up"] is True and _summary(tmp_path)["verified"] == len(accounts) == 4
    assert status["last_runs"][0]["catch_up"] is True
    daily = next(job for job in status["jobs"] if job["id"] == "daily_patrol")
    assert datetime.fromisoformat(daily["next_run"]) == times[0] + timedelta(days=1)


def test_a_run_missed_beyond_the_grace_period_is_recorded_and_alerted(
    office_sim: tuple[SimulatorHandle, Path], tmp_path: Path
) -> None:
    sim, _ = office_sim
    config, _ = setup_office(tmp_path, sim, [WEIBO], per_platform=1, grace_s=2)
    (when,) = schedule_daily(config, 2)
    _store_the_schedule(config, when)
    wait_until(lambda: datetime.now(SHANGHAI) > when + timedelta(seconds=4), 60, "the run to be missed")
    again = DaemonProcess(config, "again")
    try:
        again.wait_log("did not run: missed by more than the grace period")
        status = _status(config)
    finally:
        assert again.stop()[0] == 0
    assert query(tmp_path, "select job, status from job_runs") == [("daily_patrol", "missed")]
    assert query(tmp_path, "select count(*) from patrol_runs") == [(0,)]
    assert [alert["kind"] for alert in status["alerts"]] == ["job_missed"]


def test_sigterm_kill_9_and_restart_mid_patrol_lose_nothing_while_recheck_works_and_a_second_daemon_is_refused(
    office_sim: tuple[SimulatorHandle, Path], tmp_path: Path
) -> None:
    sim, _ = office_sim
    config, accounts = setup_office(tmp_path, sim, [WEIBO, WECHAT], per_platform=3, batch_size=1, window_s=45,
                                    spread=0.8)
    schedule_daily(config, 0)
    first = DaemonProcess(config, "first")
    try:
        wait_until(lambda: query(tmp_path, ATTEMPTS) and first.crawling(), 120, "a batch in flight")
        code, took = first.stop(signal.SIGTERM)
    finally:
        first.kill()
    assert code == 0 and took < STOP_BOUND_S, first.text()[-2000:]
    assert "stopped before its end; the next start continues it" in first.text()
    before = query(tmp_path, ATTEMPTS)
    crawled = {account for _, account, _ in before}
    (as_of,) = query(tmp_path, "select as_of from patrol_runs where kind = 'daily'")[0]
    stamped = {a for (a,) in query(tmp_path, "select distinct account_id from posts where last_seen = ?", as_of)}
    assert stamped == crawled  # an account is there whole (its outcome and observations) or not at all
    assert 0 < len(crawled) < len(accounts)
    assert query(tmp_path, "select status from job_runs") == [("running",)]

    second = DaemonProcess(config, "second")
    try:
        second.wait_log("was interrupted; continuing it")
        recheck = subprocess.Popen([sys.executable, "-m", "scheduler.cli", "--config", str(config), "recheck",
                                    accounts[-1]["name"], "--format", "json"], stdout=subprocess.PIPE, text=True)
        children = wait_until(lambda: len(query(tmp_path, ATTEMPTS)) > len(before) and second.crawling(), 120,
                              "the continued patrol's next batch")
        second.process.kill()
        second.process.wait(30)
    finally:
        second.kill()
    out, _ = recheck.communicate(timeout=120)  # alongside the daemon's patrol, and past its death
    assert recheck.returncode == 0 and json.loads(out)["summary"]["verified"] == 1
    _, alive = psutil.wait_procs(children, timeout=15)
    assert alive == [], "crawl children outlived their killed daemon"
    after_kill = query(tmp_path, ATTEMPTS)
    assert len(after_kill) < len(accounts), "the patrol ended before the kill"

    third = DaemonProcess(config, "third")  # the killed daemon's lock is taken over at once
    try:
        third.wait_log("was interrupted; continuing it")
        refused = DaemonProcess(config, "refused")
        assert refused.process.wait(60) == 1
        assert "another daemon is running on this database" in refused.text()
        assert len(refused.text().splitlines()) == 1, refused.text()
        wait_until(lambda: _finished(tmp_path), 180, "the patrol to finish")
    finally:
        assert third.stop()[0] == 0
    final = query(tmp_path, ATTEMPTS)
    registered = sorted(a for (a,) in query(tmp_path, "select id from accounts"))
    assert sorted(account for _, account, _ in final) == registered  # each account once
    assert {outcome for *_, outcome in final} == {"ok"}
    assert set(before) <= set(final) and set(after_kill) <= set(final)  # nothing fetched was lost or fetched again
    assert _summary(tmp_path)["verified"] == len(accounts) and _summary(tmp_path)["catch_up"] is False


def test_a_rate_limited_platform_backs_off_alone_and_its_accounts_are_retried_in_the_window(
    office_sim: tuple[SimulatorHandle, Path], tmp_path: Path
) -> None:
    sim, access = office_sim
    config, accounts = setup_office(tmp_path, sim, [WEIBO, WECHAT], per_platform=6, window_s=150, spread=0.1,
                                    signal_retries=6)
    (start,) = schedule_daily(config, 0)
    throttle_s = 40.0  # several times a crawl child's start on a loaded machine
    daemon = DaemonProcess(config)
    try:
        daemon.wait_log("daemon started")
        wait_until(lambda: datetime.now(SHANGHAI) >= start - timedelta(seconds=1), 60, "the patrol's start")
        offset = access.stat().st_size
        sim.throttle("weibo", throttle_s)
        throttled_until = datetime.now(SHANGHAI) + timedelta(seconds=throttle_s)
        wait_until(lambda: _finished(tmp_path), 180, "the patrol to finish")
    finally:
        assert daemon.stop()[0] == 0
    detail = json.loads(query(tmp_path, "select detail from job_runs")[0][0])
    assert detail["summary"]["verified"] == len(accounts) == 12  # the Weibo accounts were retried until ok
    assert detail["platforms"]["wechat"]["backoffs"] == 0
    assert detail["platforms"]["weibo"]["backoffs"] >= 2
    assert "backing off 2 s" in daemon.text() and "backing off 4 s" in daemon.text()  # doubling, to the cap
    times = query(tmp_path, "select a.platform, f.started_at, f.finished_at from fetch_attempts f join accounts a "
                            "on a.id = f.account_id")
    assert max(stored(end) for platform, _, end in times if platform == "wechat") < throttled_until  # not slowed
    assert min(stored(start) for platform, start, _ in times if platform == "weibo") > throttled_until - timedelta(
        seconds=1)  # the Weibo accounts that ended ok were crawled again after the limit
    with access.open(encoding="utf-8") as log:
        log.seek(offset)
        walled = [line for line in log if line.startswith("GET /api/container/") and line.rstrip().endswith(" 418")]
    assert 0 < len(walled) <= 3 * detail["platforms"]["weibo"]["backoffs"]  # a batch's first answers, no more


def test_an_expired_credential_alerts_once_holds_its_platform_and_a_renewed_file_resumes_it(
    office_sim: tuple[SimulatorHandle, Path], tmp_path: Path
) -> None:
    sim, access = office_sim
    credentials = tmp_path / "wechat-credentials.toml"
    credentials.write_text('token = ""\n', encoding="utf-8")  # the simulator's back office wants a token
    config, accounts = setup_office(tmp_path, sim, [WEIBO, WECHAT], per_platform=3, batch_size=2, window_s=90,
                                    spread=0.2)
    config.write_text(config.read_text(encoding="utf-8").replace(
        'token = "simulated-back-office-token"\n', f'credentials = "{credentials}"\n'), encoding="utf-8")
    schedule_daily(config, 0)

    def wechat_lists() -> int:
        return sum("/cgi-bin/appmsg?" in line for line in access.read_text(encoding="utf-8").splitlines())

    daemon = DaemonProcess(config)
    try:
        daemon.wait_log("ALERT wechat: the credential is no longer accepted", timeout=120)
        held = _status(config)
        asked = wechat_lists()
        wait_until(lambda: query(tmp_path, "select count(*) from fetch_attempts f join accounts a on a.id = "
                                           "f.account_id where a.platform = 'weibo' and f.outcome = 'ok'") == [(3,)],
                   120, "Weibo, unaffected, to be crawled")
        assert wechat_lists() == asked  # nothing more was asked of WeChat while its credential was expired
        credentials.write_text('token = "a-renewed-back-office-token"\n', encoding="utf-8")
        wait_until(lambda: _finished(tmp_path), 120, "the patrol to finish with the renewed credential")
        renewed = _status(config)
    finally:
        assert daemon.stop()[0] == 0
    assert query(tmp_path, "select kind, platform from alerts") == [("credential_expired", "wechat")]  # once
    assert daemon.text().count("ALERT") == 1
    assert [(c["platform"], c["state"]) for c in held["credentials"] if c["platform"] == "wechat"] == [
        ("wechat", "expired")]
    assert [a["platform"] for a in held["alerts"]] == ["wechat"]
    assert {c["platform"]: c["state"] for c in renewed["credentials"]}["wechat"] == "valid"
    assert "the credential changed; crawling again" in daemon.text()
    assert _summary(tmp_path)["verified"] == len(accounts) == 6


def test_a_crashed_or_hung_batch_fails_its_accounts_and_the_daemon_goes_on(
    office_sim: tuple[SimulatorHandle, Path], tmp_path: Path
) -> None:
    sim, _ = office_sim
    config, accounts = setup_office(tmp_path, sim, [WECHAT], per_platform=6, batch_size=2, window_s=60,
                                    spread=0.3, batch_timeout_s=25)
    schedule_daily(config, 0)
    daemon = DaemonProcess(config)
    try:
        crashed = wait_until(daemon.crawling, 120, "the first batch")[0]
        crashed.kill()
        hung = wait_until(lambda: [c for c in daemon.crawling() if c.pid != crashed.pid], 120, "the next batch")[0]
        hung.suspend()
        wait_until(lambda: _finished(tmp_path), 180, "the patrol to finish")
    finally:
        assert daemon.stop()[0] == 0
    messages = [m for (m,) in query(tmp_path, "select message from fetch_attempts where outcome != 'ok'")]
    assert any("killed by signal 9" in m for m in messages), messages
    assert any("exceeded the time limit of 25 s" in m for m in messages), messages
    detail = json.loads(query(tmp_path, "select detail from job_runs")[0][0])
    assert detail["platforms"]["wechat"]["failed_batches"] == 2
    assert detail["summary"]["accounts"] == len(accounts) and detail["summary"]["verified"] >= 2  # the rest


def test_a_day_budget_caps_what_a_platform_credential_spends(
    office_sim: tuple[SimulatorHandle, Path], tmp_path: Path
) -> None:
    sim, _ = office_sim
    config, accounts = setup_office(tmp_path, sim, [WEIBO], per_platform=4)
    config.write_text(config.read_text(encoding="utf-8").replace("[platforms.weibo]\n",
                                                                 "[platforms.weibo]\ndaily_requests = 5\n"), "utf-8")
    first = json.loads(patrol_cli(config, "run", "--platform", "weibo", "--format", "json").stdout)
    (spent,) = query(tmp_path, "select sum(requests) from fetch_attempts where run_id = ?", first["run_id"])[0]
    assert 0 < spent <= 5
    assert first["unverified"]["rate_limited"]
    assert query(tmp_path, "select count(*) from fetch_attempts where message like '%budget of weibo is spent%'")[0][0]
    second = json.loads(patrol_cli(config, "run", "--platform", "weibo", "--format", "json").stdout)
    assert len(second["unverified"]["rate_limited"]) == len(accounts)  # nothing left for today
    assert query(tmp_path, "select sum(requests) from fetch_attempts where run_id = ?", second["run_id"]) == [(0,)]
    assert {c for (c,) in query(tmp_path, "select distinct credential from fetch_attempts")} == {"weibo:none"}


def test_the_monthly_and_quarterly_jobs_store_the_inspections_of_the_period_before_and_write_the_notice(
    office_sim: tuple[SimulatorHandle, Path], tmp_path: Path
) -> None:
    sim, _ = office_sim
    config, _ = setup_office(tmp_path, sim, [WEIBO], per_platform=1)
    (monthly,) = schedule_daily(config, 2, job="monthly")
    schedule_daily(config, 4, job="quarterly")
    daemon = DaemonProcess(config)
    try:
        wait_until(lambda: len(query(tmp_path, "select 1 from job_runs where status = 'done'")) == 2, 90,
                   "both inspections")
    finally:
        assert daemon.stop()[0] == 0
    month_before = (monthly.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    quarter = (monthly.month - 1) // 3
    quarter_before = f"{monthly.year - (quarter == 0)}Q{(quarter - 1) % 4 + 1}"
    assert sorted(query(tmp_path, "select period, kind from inspections")) == sorted(
        [(month_before, "full"), (quarter_before, "full")])
    monthly_detail, quarterly_detail = (json.loads(d) for (d,) in query(
        tmp_path, "select detail from job_runs order by job"))
    assert "notice" not in monthly_detail
    docx, xlsx = (Path(p) for p in quarterly_detail["notice"])  # the drafts for the inspectors to edit
    assert (docx, xlsx) == (tmp_path / "notices" / f"{quarter_before}季度通报.docx",
                            tmp_path / "notices" / f"{quarter_before}季度通报.xlsx")
    [title] = [p.text for p in Document(str(docx)).paragraphs if p.style is not None and p.style.name == "Title"]
    assert title.startswith(f"关于{quarter_before[:4]}年第") and title.endswith("季度政务新媒体检查情况的通报")
    assert load_workbook(xlsx).sheetnames[0] == "附件"
    assert f"the notice of {quarter_before} is written" in daemon.text()
    [shown] = [r for r in _status(config)["last_runs"] if r["job"] == "quarterly_inspection"]
    assert shown["files"] == quarterly_detail["notice"] and shown["error"] is None
