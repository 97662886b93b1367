"""Throughput of the whole content pass (every content check) on one core over 2 MB of post text,
beside jieba.lcut alone on the same text in the same run. Text: the labelled fixture posts and
clean-xxqg.txt sentences, repeated to 2 MB, checked post by post (one post per line)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import jieba

from checks.text import load_dictionaries, proofread

ROOT = Path(__file__).resolve().parents[1]
CLEAN = ROOT.parent / "shared" / "benchmarks" / "clean-xxqg.txt"


def corpus(size: int = 2_000_000) -> list[str]:
    fixture = ROOT / "fixtures" / "content" / "labelled_posts.jsonl"
    posts = [f"{r['title']}\n{r['text']}" for r in map(json.loads, fixture.read_text(encoding="utf-8").splitlines())]
    posts += CLEAN.read_text(encoding="utf-8").splitlines()
    result, length = [], 0
    while length < size:
        for post in posts:
            result.append(post)
            length += len(post)
    return result


def main() -> None:
    started = time.perf_counter()
    dictionaries = load_dictionaries()
    print(f"load_dictionaries: {time.perf_counter() - started:.2f} s")
    posts = corpus()
    chars = sum(map(len, posts))
    jieba.setLogLevel(60)
    jieba.lcut("预热")
    started = time.perf_counter()
    for post in posts:
        jieba.lcut(post)
    lcut = chars / (time.perf_counter() - started)
    started = time.perf_counter()
    hits = sum(len(proofread(post, dictionaries)) for post in posts)
    full = chars / (time.perf_counter() - started)
    print(f"text: {chars:,} chars in {len(posts):,} posts; hits {hits:,}")
    print(f"jieba.lcut alone:    {lcut:,.0f} chars/s")
    print(f"whole content pass:  {full:,.0f} chars/s")


if __name__ == "__main__":
    main()
