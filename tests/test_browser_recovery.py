"""A browser that hangs mid-patrol (frozen with SIGSTOP, as Chromium now and then stops answering
when a page is opened) ends its crawl process, a second round crawls what was left, and every
Douyin account still ends in its labelled outcome."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import psutil

from fixtures.simulator.process import SimulatorHandle
from tests.conftest import AS_OF, patrol_cli, write_config


def _browser(patrol: psutil.Process) -> psutil.Process | None:
    """The Chromium browser process (not a renderer) under the patrol, once it runs."""
    for process in patrol.children(recursive=True):
        try:
            if process.name().startswith("chromium") and not process.parent().name().startswith("chromium"):
                return process
        except psutil.Error:
            continue
    return None


def _finished(database: Path) -> int:
    if not database.exists():
        return 0
    with closing(sqlite3.connect(database)) as db:
        try:
            return int(db.execute("select count(*) from fetch_attempts").fetchone()[0])
        except sqlite3.OperationalError:  # not migrated yet
            return 0


def test_frozen_browser_is_replaced_and_every_account_ends_in_its_outcome(
    city: SimulatorHandle, tmp_path: Path
) -> None:
    config = write_config(tmp_path, city.base_url)
    patrol_cli(config, "accounts", "import", str(city.registry_path))
    command = [sys.executable, "-m", "scheduler.cli", "--config", str(config), "run", "--as-of", AS_OF,
               "--platform", "douyin", "--format", "json"]
    log = tmp_path / "stderr.txt"
    with log.open("w") as stderr, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True) as run:
        patrol, frozen = psutil.Process(run.pid), None
        deadline = time.monotonic() + 120
        while frozen is None and time.monotonic() < deadline and run.poll() is None:
            browser = _browser(patrol)
            if browser is not None and _finished(tmp_path / "patrol.db") >= 2:
                browser.send_signal(signal.SIGSTOP)
                frozen = browser
            time.sleep(0.05)
        try:
            out, _ = run.communicate(timeout=300)
        finally:
            run.kill()
    err = log.read_text()
    assert frozen is not None, "the browser was never seen running"
    assert run.returncode == 0, err[-2000:]
    assert "showed no progress" in err
    summary = json.loads(out)
    assert summary["crawl_rounds"] == 2
    douyin = [a for a in city.truth["accounts"] if a["platform"] == "抖音号" and a["status"] == "运行"]
    outcomes = {name: outcome for outcome, names in summary["unverified"].items() for name in names}
    got = {a["name"]: outcomes.get(a["name"], "ok") for a in douyin}
    assert got == {a["name"]: a["expected_outcome"] for a in douyin}, err[-3000:]
