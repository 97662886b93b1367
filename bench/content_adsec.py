"""Precision and recall of the ad and security checks on fixtures/content/labelled_posts.jsonl.

Each record: id, kind (government, policy_trap, ad, ad_flag, spam_title, evasion), title, text,
commerce (platform flags), labels (the checks that must fire on the post). Prints per-check
precision/recall and every miss or false alarm.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from checks.observations import Account, Post
from checks.rules import load_profile
from checks.text import content_findings, load_dictionaries

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "content" / "labelled_posts.jsonl"


def main() -> None:
    records = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line]
    dictionaries, rules = load_dictionaries(), load_profile("jiangsu")
    now = datetime(2024, 6, 1, tzinfo=UTC)
    fired: dict[str, set[str]] = {}
    for record in records:
        post = Post(record["id"], now, title=record["title"], text=record["text"], commerce=record["commerce"])
        account = Account("bench", "weibo", None, posts=(post,))
        for finding in content_findings(account, dictionaries=dictionaries, rules=rules, as_of=now):
            fired.setdefault(finding.check, set()).add(record["id"])
    print(f"labelled posts: {len(records)}")
    for check in ("ad", "security"):
        truth = {r["id"] for r in records if check in r["labels"]}
        got = fired.get(check, set())
        tp = len(truth & got)
        precision = tp / len(got) if got else 1.0
        recall = tp / len(truth) if truth else 1.0
        print(f"{check}: positives {len(truth)}, flagged {len(got)}, precision {precision:.3f}, recall {recall:.3f}")
        by_id = {r["id"]: r for r in records}
        for post_id in sorted((truth - got) | (got - truth)):
            record = by_id[post_id]
            what = "missed" if post_id in truth else "false alarm"
            print(f"  {what}: {post_id} [{record['kind']}] {record['title']} | {record['text'][:40]}")


if __name__ == "__main__":
    main()
