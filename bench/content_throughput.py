"""Throughput of the whole content pass (every content check) on one core, beside jieba.lcut alone
on the same text in the same run, and the time load_dictionaries takes cold and warm.

Text: the posts of the three labelled fixture sets, the sentences of clean-xxqg.txt and the titles
of policy-titles.txt, checked post by post (one post per line). First one pass over that text as
it is (every window verdict computed afresh), then over it repeated to 2 MB, as the issue asks
(repeats hit the detector's in-memory window cache, as common words do in a day's posts).
Rates are characters per second of this process's CPU time. Cold load: a fresh, empty cache
directory; warm: the same directory again (wall-clock).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import jieba

from checks.text import ContentDictionaries, load_dictionaries, proofread

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = ("labelled_posts.jsonl", "holdout_posts.jsonl", "holdout2_posts.jsonl")


def unique_posts() -> list[str]:
    posts = []
    for name in FIXTURES:
        records = map(json.loads, (ROOT / "fixtures" / "content" / name).read_text(encoding="utf-8").splitlines())
        posts += [f"{r['title']}\n{r['text']}" for r in records]
    for path in (SHARED / "benchmarks" / "clean-xxqg.txt", SHARED / "lexicons" / "policy-titles.txt"):
        posts += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return posts


def repeated(posts: list[str], size: int = 2_000_000) -> list[str]:
    result, length = [], 0
    while length < size:
        for post in posts:
            result.append(post)
            length += len(post)
    return result


def timed_load() -> ContentDictionaries:
    with tempfile.TemporaryDirectory() as cache:
        os.environ["XDG_CACHE_HOME"] = cache
        started = time.perf_counter()
        load_dictionaries()
        cold = time.perf_counter() - started
        started = time.perf_counter()
        dictionaries = load_dictionaries()
        warm = time.perf_counter() - started
    print(f"load_dictionaries: cold {cold:.2f} s (empty cache), warm {warm:.2f} s")
    return dictionaries


def rate(posts: list[str], check: object) -> float:
    """Characters per second of this process's CPU time (other processes on the machine don't count)."""
    started = time.process_time()
    for post in posts:
        check(post)  # type: ignore[operator]
    return sum(map(len, posts)) / (time.process_time() - started)


def main() -> None:
    dictionaries = timed_load()
    jieba.setLogLevel(60)
    jieba.lcut("预热")
    posts = unique_posts()
    for name, text in (("as is", posts), ("repeated to 2 MB", repeated(posts))):
        print(f"text {name}: {sum(map(len, text)):,} chars in {len(text):,} posts")
        print(f"  jieba.lcut alone:    {rate(text, jieba.lcut):,.0f} chars/s")
        print(f"  whole content pass:  {rate(text, lambda post: proofread(post, dictionaries)):,.0f} chars/s")


if __name__ == "__main__":
    main()
