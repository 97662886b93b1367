"""The on-disk cache of derived dictionary tables: cold and warm loads agree, it lives in the user's
cache directory, any changed input builds afresh, and a broken cache only costs a rebuild."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checks.text import load_dictionaries, proofread

SAMPLES = (
    "中华人民共合国成立七十五周年。",
    "认真布署各项工作，加快发展大数局产业。",
    "澳 門 新 葡 京 真 人 荷 官 百 家 樂",
    "大闸蟹原价298元，现价168元，全国包邮，点击链接立即购买",
)


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "patrol"


def test_cold_and_warm_loads_agree(cache_home: Path) -> None:
    cold = load_dictionaries()
    [cached] = cache_home.iterdir()
    warm = load_dictionaries()
    assert warm.entries == cold.entries and warm.segmenter.freq == cold.segmenter.freq
    assert [proofread(text, warm) for text in SAMPLES] == [proofread(text, cold) for text in SAMPLES]
    cached.write_bytes(b"not a pickle")  # a broken cache is rebuilt
    assert [proofread(text, load_dictionaries()) for text in SAMPLES] == [proofread(text, cold) for text in SAMPLES]


def test_an_office_file_gets_its_own_tables(cache_home: Path, tmp_path: Path) -> None:
    load_dictionaries()
    office = tmp_path / "office.tsv"
    office.write_text("布暑\t部署\ttypo.confusion\thigh\t本单位常见\n", encoding="utf-8")
    with_office = load_dictionaries([office])
    assert len(list(cache_home.iterdir())) == 2
    assert [hit.suggestion for hit in proofread("认真布暑工作。", with_office)] == ["部署"]


def test_only_the_newest_tables_are_kept(cache_home: Path) -> None:
    cache_home.mkdir(parents=True)
    for number in range(6):
        stale = cache_home / f"content-stale{number}.pickle"
        stale.write_bytes(b"old")
        os.utime(stale, (number, number))
    load_dictionaries()
    left = sorted(path.name for path in cache_home.iterdir())
    assert len(left) == 4 and "content-stale5.pickle" in left and "content-stale0.pickle" not in left


def test_an_unwritable_cache_directory_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # patrol/ cannot be made under a file
    dictionaries = load_dictionaries()
    assert [hit.check for hit in proofread("中华人民共合国成立。", dictionaries)] == ["severe_error"]
