"""Precision and recall of the ad and security checks on the labelled posts of fixtures/content/.

Five sets: ``labelled_posts.jsonl`` (301 posts written from templates while the checks were built:
a development set), ``holdout_posts.jsonl`` (185 hand-written posts, committed before the checks
were measured or changed on them; its misses were then looked at, so it became a development set),
``holdout2_posts.jsonl`` (157 hand-written posts, committed before the first round of changes and
measured once after it; its misses then guided a second round), ``holdout3_posts.jsonl`` (127
posts, committed before the second round and measured once after it; its misses guided a third
round) and ``holdout4_posts.jsonl`` (73 posts, committed before the third round and measured once
after it: the independent test of the shipped checks). Each holdout but the last is, after its
one measurement, a development set. Every ad or
security flag on two files of correct government text (clean-xxqg sentences, policy titles) is a
false alarm too. Each record: id, kind, title, text,
commerce (platform flags), labels (the checks that must fire on the post). Prints per-set,
per-check precision/recall and every miss or false alarm.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from checks.observations import Account, Post
from checks.rules import load_profile
from checks.text import ContentDictionaries, content_findings, load_dictionaries, proofread

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"
SETS = {
    "development": "labelled_posts.jsonl",
    "holdout": "holdout_posts.jsonl",
    "holdout2": "holdout2_posts.jsonl",
    "holdout3": "holdout3_posts.jsonl",
    "holdout4": "holdout4_posts.jsonl",
}
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORRECT = (SHARED / "benchmarks" / "clean-xxqg.txt", SHARED / "lexicons" / "policy-titles.txt")


def measure(name: str, records: list[dict], dictionaries: ContentDictionaries) -> None:  # type: ignore[type-arg]
    rules, now = load_profile("jiangsu"), datetime(2024, 6, 1, tzinfo=UTC)
    fired: dict[str, set[str]] = {}
    for record in records:
        post = Post(record["id"], now, title=record["title"], text=record["text"], commerce=record["commerce"])
        account = Account("bench", "weibo", None, posts=(post,))
        for finding in content_findings(account, dictionaries=dictionaries, rules=rules, as_of=now):
            fired.setdefault(finding.check, set()).add(record["id"])
    print(f"{name} set: {len(records)} labelled posts")
    by_id = {r["id"]: r for r in records}
    for check in ("ad", "security"):
        truth = {r["id"] for r in records if check in r["labels"]}
        got = fired.get(check, set())
        tp = len(truth & got)
        precision = tp / len(got) if got else 1.0
        recall = tp / len(truth) if truth else 1.0
        print(f"  {check}: positives {len(truth)}, flagged {len(got)}, precision {precision:.3f}, recall {recall:.3f}")
        for post_id in sorted((truth - got) | (got - truth)):
            record = by_id[post_id]
            what = "missed" if post_id in truth else "false alarm"
            print(f"    {what}: {post_id} [{record['kind']}] {record['title']} | {record['text'][:50]}")


def false_alarms(path: Path, dictionaries: ContentDictionaries) -> None:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    flagged = [
        (hit.check, line) for line in lines for hit in proofread(line, dictionaries) if hit.check in ("ad", "security")
    ]
    print(f"correct text {path.name}: {len(lines)} lines, ad/security flags {len(flagged)}")
    for check, line in flagged:
        print(f"    false alarm {check}: {line[:60]}")


def main() -> None:
    dictionaries = load_dictionaries()
    for name, file in SETS.items():
        lines = (FIXTURES / file).read_text(encoding="utf-8").splitlines()
        measure(name, [json.loads(line) for line in lines if line], dictionaries)
    for path in CORRECT:
        false_alarms(path, dictionaries)


if __name__ == "__main__":
    main()
