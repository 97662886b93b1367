"""`patrol proofread` through scheduler.cli.main: JSON Lines output and dictionary errors (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks.text import DictionaryError, load_dictionaries
from scheduler import cli


def test_json_lines_per_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("中华人民共合国成立\n会议强调要抓好落实。\n", encoding="utf-8")
    assert cli.main(["proofread", str(draft), "--lines", "--format", "json"]) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first["line"] == 1 and second == {"line": 2, "findings": []}
    [finding] = first["findings"]
    assert finding["check"] == "severe_error" and finding["severity"] == "veto"
    assert finding["span"] == [0, 7] and finding["text"] == "中华人民共合国"
    assert finding["suggestion"] == "中华人民共和国" and "canonical_terms.tsv" in finding["source"]


def test_bad_dictionary_line_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    office = tmp_path / "office.tsv"
    office.write_text(
        "# our words\n布暑\t部署\ttypo.confusion\thigh\t\n错字\t\ttypo.confusion\tsevere\t\n", encoding="utf-8"
    )
    draft = tmp_path / "draft.txt"
    draft.write_text("认真布暑", encoding="utf-8")
    assert cli.main(["proofread", str(draft), "--dictionary", str(office)]) == 2
    assert capsys.readouterr().err.strip() == f"patrol: {office}:3: severity: 'severe' is not one of high, medium, low"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("一\t二", "line: has 2 tab-separated fields, expected 5"),
        ("\t\ttypo.confusion\thigh\t", "entry: is empty"),
        ("布暑\t部署\tspelling\thigh\t", "category: 'spelling' is not vocabulary or CHECK.KIND"),
        ("布暑\t\ttypo.confusion\thigh\t", "replacement: is required for typo"),
    ],
)
def test_dictionary_error_format(tmp_path: Path, line: str, message: str) -> None:
    office = tmp_path / "office.tsv"
    office.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(DictionaryError) as error:
        load_dictionaries([office])
    assert str(error.value) == f"{office}:1: {message}"


def test_roster_error_format(tmp_path: Path) -> None:
    roster = tmp_path / "leaders.csv"
    roster.write_text("name,title,valid_from,valid_to\n杜家毫,省委书记,2016-13-01,\n", encoding="utf-8")
    with pytest.raises(DictionaryError) as error:
        load_dictionaries([roster])
    assert str(error.value) == f"{roster}:2: valid_from: '2016-13-01' is not a date YYYY-MM-DD"
