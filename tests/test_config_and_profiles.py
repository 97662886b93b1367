"""Bad config and profile files: one line naming file and key, exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.rules import ProfileError, load_profile
from scheduler.cli import main
from scheduler.config import load_config


def test_shipped_profiles() -> None:
    jiangsu, national = load_profile("jiangsu"), load_profile("national")
    assert (jiangsu.update_window_days, national.update_window_days) == (7, 14)
    assert jiangsu.severity("update_gap") == "veto" and jiangsu.severity("typo") == "deduction"
    assert national.severity("typo") == "notice"


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ("[update]\nwindow_days = 'seven'\n", "update.window_days"),
        ("[update]\nwindow = 7\n", "update.window"),
        ("[scoring.deductions]\ntypo = 2\n", "scoring.deductions.typo"),
        ("[update]\nwindow_days = 0\n", "update.window_days"),
        ("[update\n", "syntax"),
        ("[scoring]\nveto = ['update_gapp']\n", "scoring.veto"),
        ("[scoring.deductions]\ntypoo = { points = 2 }\n", "scoring.deductions.typoo"),
        ("[scoring]\nveto = ['typo']\n[scoring.deductions]\ntypo = { points = 2 }\n", "scoring.deductions.typo"),
        ("[scoring]\npass_score = 120\n", "scoring.pass_score"),
        ("[escalation]\nladder = []\n", "escalation.ladder"),
        ("[ledger]\ndeadline_days = 0\n", "ledger.deadline_days"),
        ("[ledger]\ndays = 5\n", "ledger.days"),
    ],
)
def test_bad_profile_names_file_and_key(tmp_path: Path, body: str, key: str) -> None:
    path = tmp_path / "office.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    assert str(err.value).startswith(f"{path}: {key}: ")


def test_unknown_profile_name() -> None:
    with pytest.raises(ProfileError, match="no such profile"):
        load_profile("shanghai")


def test_config_overrides_platform(tmp_path: Path) -> None:
    path = tmp_path / "patrol.toml"
    path.write_text('[rules]\nprofile = "national"\n[platforms.weibo]\nbase_url = "http://127.0.0.1:9"\n'
                    "delay_s = 1\n", encoding="utf-8")
    config = load_config(str(path))
    assert config.profile == "national"
    assert (config.platforms["weibo"].base_url, config.platforms["weibo"].delay_s) == ("http://127.0.0.1:9", 1.0)
    assert config.platforms["wechat"].base_url == "https://mp.weixin.qq.com"


def test_bad_config_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "patrol.toml"
    path.write_text("[platforms.weibo]\nconcurrency = 'many'\n", encoding="utf-8")
    assert main(["--config", str(path), "accounts", "list"]) == 2
    assert capsys.readouterr().err.strip() == f"patrol: {path}: platforms.weibo.concurrency: expected int, got str"
