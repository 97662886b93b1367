"""Shared fixtures: databases on every backend, the CLI run in-process, the clock."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from fixtures.simulator.process import SimulatorHandle, running_simulator
from scheduler.demo import simulator_config
from storage.db import Database

SHANGHAI = ZoneInfo("Asia/Shanghai")
PG_URL = os.environ.get("PATROL_TEST_PG_URL")


def shanghai(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on each backend (PostgreSQL from $PATROL_TEST_PG_URL: a schema of
    this pytest worker's own, first on the connections' search path)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/patrol.db"
        return
    if not PG_URL:
        pytest.skip("PATROL_TEST_PG_URL is not set (.ci/run starts a PostgreSQL server and sets it)")
    schema = f"patrol_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    schema_db = Database(PG_URL)
    with schema_db.engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    schema_db.dispose()
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = Database(database_url)
    db.upgrade()
    yield db
    db.dispose()


AS_OF = "2026-11-26T09:00:00"


@pytest.fixture(scope="session")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimulatorHandle]:
    """The simulated city (461 accounts, every fault on every platform) as of AS_OF, on 127.0.0.1."""
    with running_simulator(tmp_path_factory.mktemp("city"), seed=1, accounts=461, as_of=AS_OF,
                           extra_args=("--slow-seconds", "20")) as sim:
        yield sim


def patrol_cli(config: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the `patrol` command line in a subprocess, as a user would."""
    result = subprocess.run([sys.executable, "-m", "scheduler.cli", "--config", str(config), *args],
                            capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"patrol {' '.join(args)} exited {result.returncode}: {result.stderr[-2000:]}")
    return result


def write_config(directory: Path, base_url: str, *, profile: str = "jiangsu") -> Path:
    """A config for the simulator at `base_url`. A request times out after 10 s: half the simulator's slow
    answer, and long enough that a page the loaded machine (Chromium, the simulator and the patrol on two
    cores) is slow to serve is not taken for the timeout fault."""
    path = directory / "patrol.toml"
    body = simulator_config(base_url, f"sqlite:///{directory}/patrol.db", profile=profile, timeout_s=10)
    crawl = '[crawl]\nretries = 1\nlog_level = "ERROR"\ntimeout_s = 300'
    path.write_text(body.replace("[crawl]\nretries = 1", crawl), encoding="utf-8")
    return path
