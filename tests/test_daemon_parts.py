"""The daemon's parts without a daemon: its config refused with one line, the instance lock on both
backends, credentials read from their files, back-off, the platform signals, status of a new office."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from crawler.outcomes import RATE_LIMIT, Blocked, RateLimited, Throttled, raise_for_status
from crawler.settings import PlatformConfig
from scheduler.backoff import Backoff
from scheduler.credentials import resolve
from scheduler.errors import ConfigError
from scheduler.timeopt import now
from storage.db import Database
from storage.lock import beat, holder_of, release, take_free, take_over
from tests.conftest import patrol_cli


def _config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "patrol.toml"
    path.write_text(f'database_url = "sqlite:///{tmp_path}/patrol.db"\n{body}', encoding="utf-8")
    return path


@pytest.mark.parametrize(("body", "key"), [
    ("[daemon.daily]\nhour = 25\n", "daemon.daily.hour"),
    ("[daemon.daily]\nminutes = 5\n", "daemon.daily.minutes"),
    ("[daemon]\nwindow_s = 0\n", "daemon.window_s"),
    ("[daemon]\nspread = 1.5\n", "daemon.spread"),
    ("[daemon.weekly]\nhour = 1\n", "daemon.weekly"),
    ('[platforms.wechat]\ncredentials = "nowhere.toml"\n', "platforms.wechat.credentials"),
])
def test_a_bad_daemon_config_is_refused_with_one_line(tmp_path: Path, body: str, key: str) -> None:
    config = _config(tmp_path, body)
    result = patrol_cli(config, "daemon", check=False)
    assert result.returncode == 2
    assert result.stderr.startswith(f"patrol: {config}: {key}: ") and result.stderr.count("\n") == 1, result.stderr


def test_status_of_an_office_without_a_daemon(tmp_path: Path) -> None:
    report = json.loads(patrol_cli(_config(tmp_path, ""), "status", "--format", "json").stdout)
    assert report["daemon"] is None and report["jobs"] == [] and report["patrol"] is None
    assert report["credentials"] == [] and report["alerts"] == [] and report["findings_opened_today"] == {}
    assert "daemon: not running" in patrol_cli(_config(tmp_path, ""), "status").stdout


def test_the_lock_is_held_by_one_daemon_and_taken_over_only_from_the_holder_it_judged(database: Database) -> None:
    at = now()
    with database.session() as session:
        assert take_free(session, "daemon", "host-a", 101, at)
        assert not take_free(session, "daemon", "host-b", 202, at)
        old = holder_of(session, "daemon")
    assert old is not None and (old.host, old.pid) == ("host-a", 101)
    with database.session() as session:
        assert beat(session, "daemon", "host-a", 101, at + timedelta(seconds=1))
    with database.session() as session:  # `old` is out of date: its heartbeat moved on
        assert not take_over(session, "daemon", old, "host-b", 202, at + timedelta(seconds=2))
        current = holder_of(session, "daemon")
    assert current is not None
    with database.session() as session:
        assert take_over(session, "daemon", current, "host-b", 202, at + timedelta(seconds=3))
    with database.session() as session:
        assert not beat(session, "daemon", "host-a", 101, at + timedelta(seconds=4))  # it lost the lock
        release(session, "daemon", "host-a", 101)  # not its to release
        assert holder_of(session, "daemon") is not None
        release(session, "daemon", "host-b", 202)
        assert holder_of(session, "daemon") is None


def test_credentials_come_from_their_files_and_a_changed_file_is_a_new_credential(tmp_path: Path) -> None:
    secrets = tmp_path / "wechat.toml"
    secrets.write_text('token = "t1"\ncookie = "slave_sid=abc"\n', encoding="utf-8")
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"cookies": [{"name": "sessionid", "value": "s1", "domain": ".douyin.com"}],
                                 "origins": []}), encoding="utf-8")
    wechat = resolve("patrol.toml", "wechat", PlatformConfig("http://x", credentials=str(secrets)))
    douyin = resolve("patrol.toml", "douyin", PlatformConfig("http://x", storage_state=str(state)))
    assert (wechat.config.token, wechat.config.cookie) == ("t1", "slave_sid=abc")
    assert douyin.config.cookie == "sessionid=s1" and douyin.config.storage_state == str(state)
    secrets.write_text('token = "t2"\n', encoding="utf-8")
    renewed = resolve("patrol.toml", "wechat", PlatformConfig("http://x", credentials=str(secrets)))
    assert renewed.fingerprint != wechat.fingerprint and renewed.budget_key != wechat.budget_key
    assert resolve("patrol.toml", "weibo", PlatformConfig("http://x")).budget_key == "weibo:none"
    secrets.write_text('password = "no"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="platforms.wechat.credentials: .*password: expected cookie or token"):
        resolve("patrol.toml", "wechat", PlatformConfig("http://x", credentials=str(secrets)))


def test_back_off_doubles_up_to_its_cap_and_a_clean_batch_clears_it() -> None:
    backoff = Backoff(base_s=60, cap_s=300)
    assert [backoff.hit() for _ in range(5)] == [60, 120, 240, 300, 300]
    assert 299 < backoff.remaining_s() <= 300
    backoff.clear()
    assert backoff.hit() == 60


@pytest.mark.parametrize(("status", "kind", "outcome", "signal"), [
    (418, Throttled, "blocked", RATE_LIMIT), (432, Throttled, "blocked", RATE_LIMIT),
    (429, RateLimited, "rate_limited", RATE_LIMIT), (403, Blocked, "blocked", None),
])
def test_rate_limit_signals_keep_their_outcome(status: int, kind: type, outcome: str, signal: str | None) -> None:
    with pytest.raises(kind) as raised:
        raise_for_status(status, "http://x")
    assert (raised.value.outcome, raised.value.signal) == (outcome, signal)
