"""Running `patrol daemon` as a real process against the simulator, for the daemon's tests: a small
registry, a config with shortened schedules, the process with its log, and the database read back."""

from __future__ import annotations

import csv
import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import psutil

from fixtures.simulator.process import SimulatorHandle
from tests.conftest import patrol_cli, write_config

SHANGHAI = ZoneInfo("Asia/Shanghai")
T = TypeVar("T")


def registry(sim: SimulatorHandle, path: Path, platforms: Iterable[str], *, per_platform: int,
             healthy: bool = True) -> list[dict[str, Any]]:
    """Write the simulator's sheet with `per_platform` active accounts of each platform (Chinese names),
    only those the simulator serves without a fault when `healthy`; their truth."""
    chosen: list[dict[str, Any]] = []
    for platform in platforms:
        accounts = [a for a in sim.truth["accounts"] if a["platform"] == platform and a["status"] == "运行"
                    and a["collectable"] and (a["fault"] is None or not healthy)]
        chosen += accounts[:per_platform]
    names = {(a["name"], a["platform_id"]) for a in chosen}
    with sim.registry_path.open(encoding="utf-8-sig") as source:
        rows = list(csv.DictReader(source))
    with path.open("w", encoding="utf-8", newline="") as sink:
        writer = csv.DictWriter(sink, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(r for r in rows if (r["名称"], r["平台ID"]) in names)
    return chosen


def fire_at(seconds: float) -> dict[str, int]:
    """Cron fields for one time `seconds` from now (Asia/Shanghai)."""
    at = datetime.now(SHANGHAI) + timedelta(seconds=seconds)
    return {"hour": at.hour, "minute": at.minute, "second": at.second}


def setup_office(directory: Path, sim: SimulatorHandle, platforms: Iterable[str], *, per_platform: int,
                 healthy: bool = True, **daemon: Any) -> tuple[Path, list[dict[str, Any]]]:
    """A config with the daemon's settings (shortened; `daemon` overrides) and its registry imported;
    the daily schedule is added by `schedule_daily`. No screenshots of findings (a browser each patrol)."""
    config = write_config(directory, sim.base_url)
    settings = {"window_s": 30, "batch_size": 3, "backoff_s": 2, "backoff_cap_s": 4, "heartbeat_s": 0.5,
                "credential_poll_s": 0.5, "stop_grace_s": 3, "log_dir": str(directory / "log")} | daemon
    config.write_text(config.read_text(encoding="utf-8") + "\n[evidence]\nscreenshots = false\n[daemon]\n" + "".join(
        f"{key} = {json.dumps(value)}\n" for key, value in settings.items()), encoding="utf-8")
    accounts = registry(sim, directory / "registry.csv", platforms, per_platform=per_platform, healthy=healthy)
    patrol_cli(config, "accounts", "import", str(directory / "registry.csv"))
    return config, accounts


STARTUP_S = 20  # a daemon's start: 3-4 s on an idle machine, 12 s seen beside the suite's second worker


def schedule_daily(config: Path, start_in: float, count: int = 1, step: int = 2, job: str = "daily") -> list[datetime]:
    """Make the daily patrol (or another `job`: monthly, quarterly) fire `count` times, `step` s apart, from
    `start_in` s after a daemon started now would be up (STARTUP_S); those times.

    The cron fields are sets of hours, minutes and seconds, so the times are kept within one minute
    (moved to the next minute's start if they would cross one): then no other combination of the
    fields falls on this day."""
    first = datetime.now(SHANGHAI).replace(microsecond=0) + timedelta(seconds=STARTUP_S + start_in)
    last = first + timedelta(seconds=step * (count - 1))
    if last.replace(second=0) != first.replace(second=0):
        first = last.replace(second=0)
    times = [first + timedelta(seconds=step * i) for i in range(count)]
    fields = {name: ",".join(sorted({str(getattr(t, name)) for t in times}, key=int))
              for name in ("hour", "minute", "second")}
    with config.open("a", encoding="utf-8") as file:
        file.write(f"[daemon.{job}]\n" + "".join(f'{key} = "{value}"\n' for key, value in fields.items()))
    return times


class DaemonProcess:
    """`patrol daemon` in a subprocess, its stderr in a file."""

    def __init__(self, config: Path, name: str = "daemon") -> None:
        self.log = config.parent / f"{name}.stderr"
        with self.log.open("w") as stderr:
            self.process = subprocess.Popen([sys.executable, "-m", "scheduler.cli", "--config", str(config),
                                             "daemon"], stdout=subprocess.DEVNULL, stderr=stderr, cwd=config.parent)

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_log(self, needle: str, timeout: float = 60) -> None:
        wait_until(lambda: needle in self.text() or self.process.poll() is not None, timeout, f"log {needle!r}")
        assert needle in self.text(), self.text()[-3000:]

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> tuple[int, float]:
        """Send `sig`; the exit code and the seconds it took to exit."""
        started = time.monotonic()
        self.process.send_signal(sig)
        code = self.process.wait(timeout)
        return code, time.monotonic() - started

    def crawling(self) -> list[psutil.Process]:
        """The crawl children running now."""
        found = []
        for child in psutil.Process(self.process.pid).children():
            try:
                if any("spawn_main" in part for part in child.cmdline()):
                    found.append(child)
            except psutil.Error:
                continue
        return found

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(30)


def wait_until(predicate: Callable[[], T], timeout: float, what: str) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


def stored(text: str) -> datetime:
    """A time read back from SQLite (kept in UTC without its zone), aware."""
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def query(directory: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows of `sql` on the office's SQLite database (its own connection, as another process would)."""
    with closing(sqlite3.connect(directory / "patrol.db", timeout=30)) as db:
        return db.execute(sql, params).fetchall()
