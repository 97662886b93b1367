"""The [notice], [notify] and [evidence] sections: defaults, and bad values refused as `FILE: key: reason`
with exit code 2 (a URL apprise does not know is refused when a command would send to it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.cli import main
from scheduler.config import load_config
from scheduler.report_config import evidence_dir, notice_dir


def test_defaults_and_the_evidence_and_notice_folders_beside_the_database(tmp_path: Path) -> None:
    path = tmp_path / "patrol.toml"
    path.write_text(f'database_url = "sqlite:///{tmp_path}/db/patrol.db"\n[notify]\nurls = ["mailto://a@b.org"]\n',
                    encoding="utf-8")
    config = load_config(str(path))
    assert (config.notice.addressees, config.notify.urls, config.notify.retries) == ("各地区、各部门",
                                                                                   ("mailto://a@b.org",), 2)
    assert evidence_dir(config.evidence, config.database_url) == tmp_path / "db" / "evidence"
    assert str(evidence_dir(config.evidence, "postgresql+psycopg://u@h/db")) == "var/evidence"
    assert notice_dir(config.notice, config.database_url) == tmp_path / "db" / "notices"
    assert str(notice_dir(config.notice, "postgresql+psycopg://u@h/db")) == "var/notices"


@pytest.mark.parametrize(("body", "said"), [
    ("[notify]\nurls = \"mailto://a@b.org\"\n", "notify.urls: expected a list of non-empty strings"),
    ("[notify]\nretries = -1\n", "notify.retries: must not be negative"),
    ("[notify]\nsend = true\n", "notify.send: unknown key"),
    ("[evidence]\nkeep_days = 0\n", "evidence.keep_days: must be at least 1"),
    ("[evidence]\nscreenshots = \"yes\"\n", "evidence.screenshots: expected bool, got str"),
    ("[notice]\nissuer = 1\n", "notice.issuer: expected str, got int"),
    ("[notify]\nurls = [\"nosuch://x\"]\n", "notify.urls: not a notification URL apprise knows: nosuch://…"),
])
def test_bad_values_are_one_line_naming_file_and_key(tmp_path: Path, body: str, said: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "patrol.toml"
    path.write_text(f'database_url = "sqlite:///{tmp_path}/patrol.db"\n{body}', encoding="utf-8")
    assert main(["--config", str(path), "digest", "--dry-run"]) == 2
    assert capsys.readouterr().err == f"patrol: {path}: {said}\n"
