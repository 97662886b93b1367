"""A simulated day of `patrol daemon`: 6,000 accounts patrolled within the night window under
per-platform budgets.

    python bench/daemon_day.py [--accounts 6000] [--scale 4] [--seed 1]

The office's real night is the 01:00-06:00 window (5 h) with the per-platform budgets of BUDGETS
(requests per second, and per day for the platform's credential). The bench shortens the night by
`--scale`: the window lasts 5 h / scale, every per-second budget is multiplied by scale (so the
shortened window allows exactly as many requests as the real night), the back-off, its cap and
the batches' time limit are divided by it; per-day budgets are unchanged (a day's requests are
the same). The simulated city (faults on about a tenth of its accounts) answers on 127.0.0.1; the
daily patrol is scheduled 30 s after the bench starts, the daemon runs it, and the bench reports
when the last account got its outcome (against the window's end), requests and the rate per
platform against its budget, and every account's outcome against the simulator's truth.
"""

from __future__ import annotations

import argparse
import json
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fixtures.simulator.process import running_simulator  # noqa: E402
from scheduler.demo import simulator_config  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")
AS_OF = "2026-11-26T09:00:00"
NIGHT_S = 5 * 3600
# the real night's budgets: requests per second, and per day for the platform's credential
BUDGETS = {"weibo": (2.0, 40_000), "wechat": (15.0, 300_000), "douyin": (1.0, 10_000), "feed": (2.0, 20_000)}


def config_text(base_url: str, directory: Path, scale: float, start: datetime) -> str:
    """The office's config: every platform at the simulator with its budget scaled, the daemon's
    window and back-off shortened by `scale`, the daily patrol at `start`."""
    text = simulator_config(base_url, f"sqlite:///{directory / 'patrol.db'}", timeout_s=20)
    for platform, (rps, daily) in BUDGETS.items():
        text = text.replace(f"[platforms.{platform}]\n",
                            f"[platforms.{platform}]\nrps = {rps * scale}\ndaily_requests = {daily}\n")
    return text + f"""
[evidence]
screenshots = false
[daemon]
window_s = {NIGHT_S / scale}
batch_size = 100
batch_timeout_s = {3600 / scale}
backoff_s = {60 / scale}
backoff_cap_s = {1800 / scale}
credential_poll_s = {60 / scale}
log_dir = "{directory / 'log'}"
[daemon.daily]
hour = {start.hour}
minute = {start.minute}
second = {start.second}
"""


def query(database: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(database, timeout=60)) as db:
        return db.execute(sql).fetchall()


def stored(text: str) -> datetime:
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def run(accounts: int, scale: float, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="daemon-day-") as tmp:
        directory = Path(tmp)
        with running_simulator(directory / "sim", seed=seed, accounts=accounts, as_of=AS_OF) as sim:
            config = directory / "patrol.toml"
            config.write_text(config_text(sim.base_url, directory, scale, datetime.now(SHANGHAI)), encoding="utf-8")
            subprocess.run([sys.executable, "-m", "scheduler.cli", "--config", str(config), "accounts", "import",
                            str(sim.registry_path)], check=True, capture_output=True, cwd=ROOT)
            start = datetime.now(SHANGHAI).replace(microsecond=0) + timedelta(seconds=30)
            config.write_text(config_text(sim.base_url, directory, scale, start), encoding="utf-8")
            database = directory / "patrol.db"
            with (directory / "daemon.log").open("w") as log:
                daemon = subprocess.Popen([sys.executable, "-m", "scheduler.cli", "--config", str(config), "daemon"],
                                          stderr=log, cwd=ROOT)
            try:
                while not query(database, "select 1 from job_runs where status != 'running'"):
                    if daemon.poll() is not None:
                        raise SystemExit(f"the daemon exited with {daemon.returncode}")
                    time.sleep(5)
            finally:
                daemon.send_signal(signal.SIGTERM)
                daemon.wait(120)
            return report(database, sim.truth, scale)


def report(database: Path, truth: dict[str, Any], scale: float) -> dict[str, Any]:
    (status, detail_text), = query(database, "select status, detail from job_runs")
    detail = json.loads(detail_text)
    window_start, window_end = (datetime.fromisoformat(t) for t in detail["window"])
    rows = query(database, "select a.platform_id, a.platform, a.feed_url is not null, f.outcome, f.requests, "
                           "f.started_at, f.finished_at from fetch_attempts f join accounts a on a.id = f.account_id")
    last = max(stored(r[6]) for r in rows if r[3] != "unsupported")  # those are recorded by the checks
    checked = stored(query(database, "select finished_at from patrol_runs")[0][0])
    by_platform: dict[str, dict[str, Any]] = {}
    for _, platform, feed, _, requests, started, finished in rows:
        lane = "feed" if feed else platform
        entry = by_platform.setdefault(lane, {"accounts": 0, "requests": 0, "first": stored(started),
                                              "last": stored(finished)})
        entry["accounts"] += 1
        entry["requests"] += requests
        entry["first"] = min(entry["first"], stored(started))
        entry["last"] = max(entry["last"], stored(finished))
    platforms = {}
    for lane, entry in sorted(by_platform.items()):
        busy = max(1.0, (entry["last"] - entry["first"]).total_seconds())
        rps, daily = BUDGETS.get(lane, (0, 0))
        platforms[lane] = {"accounts": entry["accounts"], "requests": entry["requests"],
                           "rate_per_s": round(entry["requests"] / busy, 2), "budget_per_s": rps * scale,
                           "daily_budget": daily, "done_at_min": round((entry["last"] - window_start).total_seconds()
                                                                        / 60, 1)} | detail["platforms"].get(lane, {})
    got = {row[0]: row[3] for row in rows}
    expected = {a["platform_id"]: a["expected_outcome"] for a in truth["accounts"] if a["status"] == "运行"
                and a["collectable"]}
    mismatched = Counter((expected[n], got.get(n, "missing")) for n in expected if got.get(n) != expected[n])
    return {
        "job": status,
        "scale": scale,
        "window_min": round((window_end - window_start).total_seconds() / 60, 1),
        "last_outcome_at_min": round((last - window_start).total_seconds() / 60, 1),
        "within_window": last <= window_end,
        "left_uncrawled_at_window_end": query(database, "select count(*) from fetch_attempts where message like "
                                                        "'not crawled: the daily patrol''s window ended%'")[0][0],
        "checks_done_at_min": round((checked - window_start).total_seconds() / 60, 1),
        "accounts": detail["summary"]["accounts"],
        "verified": detail["summary"]["verified"],
        "unverified": {k: len(v) for k, v in detail["summary"]["unverified"].items()},
        "outcomes_as_truth": sum(got.get(n) == o for n, o in expected.items()),
        "collectable": len(expected),
        "outcomes_not_as_truth": {f"{want}->{have}": n for (want, have), n in mismatched.most_common()},
        "platforms": platforms,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=6000)
    parser.add_argument("--scale", type=float, default=4.0, help="the real 5 h window divided by this")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(run(args.accounts, args.scale, args.seed), ensure_ascii=False, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
