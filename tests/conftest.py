"""Shared fixtures: databases on every backend, the CLI run in-process, the clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from storage.db import Database

SHANGHAI = ZoneInfo("Asia/Shanghai")
PG_URL = os.environ.get("PATROL_TEST_PG_URL")


def shanghai(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on each backend (PostgreSQL from $PATROL_TEST_PG_URL)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/patrol.db"
        return
    if not PG_URL:
        pytest.skip("PATROL_TEST_PG_URL is not set (.ci/run starts a PostgreSQL server and sets it)")
    schema_db = Database(PG_URL)
    with schema_db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    schema_db.dispose()
    yield PG_URL


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = Database(database_url)
    db.upgrade()
    yield db
    db.dispose()
