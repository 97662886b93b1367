"""`patrol accounts import`: CSV and XLSX, Chinese headers and English aliases, bad rows refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from scheduler.cli import main
from storage.accounts import PLATFORM_LABELS

HEADER = "名称,平台,开设机构,主管单位,地区,平台ID,订阅源,主页,状态,备案"
GOOD = [
    "无锡发布,微博,无锡市人民政府新闻办公室,,市级,1669879400,,,运行,是",
    "无锡交警,微信公众号,无锡市公安局交通警察支队,无锡市公安局,市级,MzA5NzY1NDMyMQ==,,,运行,是",
    "梁溪发布,快手号,梁溪区委宣传部,,梁溪区,,http://127.0.0.1:1/kuaishou/profile/3x1,,已关停,否",
]


@pytest.fixture
def config(tmp_path: Path) -> str:
    path = tmp_path / "patrol.toml"
    path.write_text(f'database_url = "sqlite:///{tmp_path}/patrol.db"\n', encoding="utf-8")
    return str(path)


def _write(tmp_path: Path, lines: list[str], name: str = "sheet.csv", encoding: str = "utf-8-sig") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def _listed(config: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["--config", config, "accounts", "list", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_reimport_changes_nothing(tmp_path: Path, config: str, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = _write(tmp_path, [HEADER, *GOOD])
    assert main(["--config", config, "accounts", "import", str(sheet)]) == 0
    assert "3 new" in capsys.readouterr().out
    assert main(["--config", config, "accounts", "import", str(sheet)]) == 0
    assert "0 new, 0 updated, 3 unchanged" in capsys.readouterr().out
    listed = _listed(config, capsys)
    assert [(a["name"], a["platform"], a["status"], a["filed"]) for a in listed] == [
        ("无锡发布", "weibo", "active", True),
        ("无锡交警", "wechat", "active", True),
        ("梁溪发布", "kuaishou", "closed", False),
    ]
    assert listed[1]["supervisor"] == "无锡市公安局"


def test_gbk_csv_with_english_aliases(tmp_path: Path, config: str, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = _write(tmp_path, ["name,platform,owner,district,platform_id", "惠山发布,weibo,惠山区政府办,惠山区,123"],
                   encoding="gb18030")
    assert main(["--config", config, "accounts", "import", str(sheet)]) == 0
    assert [a["name"] for a in _listed(config, capsys)] == ["惠山发布"]


def test_xlsx_import(tmp_path: Path, config: str, capsys: pytest.CaptureFixture[str]) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append(["无锡发布", "微博", "无锡市政府新闻办", None, "市级", 1669879400, None, None, None, None])
    path = tmp_path / "accounts.xlsx"
    book.save(path)
    assert main(["--config", config, "accounts", "import", str(path)]) == 0
    assert [(a["name"], a["platform_id"]) for a in _listed(config, capsys)] == [("无锡发布", "1669879400")]


def test_bad_rows_import_nothing_and_name_file_line_column(
    tmp_path: Path, config: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = _write(tmp_path, [HEADER, GOOD[0], "坏平台,脸书,某局,,市级,1,,,运行,是", "无ID,微博,某局,,市级,,,,运行,是",
                              GOOD[0].replace("无锡发布", "重复"), "坏状态,微博,某局,,市级,9,,,停用,是"])
    assert main(["--config", config, "accounts", "import", str(sheet)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[:4] == [
        f"{sheet}:3: 平台: unknown platform '脸书' (use one of {'/'.join(PLATFORM_LABELS.values())})",
        f"{sheet}:4: 平台ID: missing (give 平台ID or 订阅源)",
        f"{sheet}:5: 平台ID: duplicate of line 2",
        f"{sheet}:6: 状态: bad status '停用' (运行/已关停/已注销)",
    ]
    assert _listed(config, capsys) == []


def test_bad_file_keeps_what_is_stored(tmp_path: Path, config: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", config, "accounts", "import", str(_write(tmp_path, [HEADER, *GOOD]))]) == 0
    bad = _write(tmp_path, [HEADER, "坏平台,脸书,某局,,市级,1,,,运行,是"], name="bad.csv")
    assert main(["--config", config, "accounts", "import", str(bad)]) == 2
    assert len(_listed(config, capsys)) == 3


def test_skip_bad_imports_the_good_rows(tmp_path: Path, config: str, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = _write(tmp_path, [HEADER, GOOD[0], "坏平台,脸书,某局,,市级,1,,,运行,是"])
    assert main(["--config", config, "accounts", "import", "--skip-bad", str(sheet)]) == 0
    assert "1 bad row(s) skipped" in capsys.readouterr().out
    assert [a["name"] for a in _listed(config, capsys)] == ["无锡发布"]


def test_missing_column_is_one_line(tmp_path: Path, config: str, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = _write(tmp_path, ["名称,地区", "无锡发布,市级"])
    assert main(["--config", config, "accounts", "import", str(sheet)]) == 2
    assert capsys.readouterr().err.strip() == f"patrol: {sheet}:1: 平台: missing column"
