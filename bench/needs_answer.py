"""Precision and recall of the needs-an-answer classifier on the labelled comments.

    .venv/bin/python bench/needs_answer.py [--errors] [--split dev|test] [TSV]

Prints one line per split of the set (`dev`, `test`, `holdout`, `holdout2` ...) and for all of it; with
``--errors`` also the misjudged comments (of ``--split`` only when given) with their cues.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checks.interaction import CommentClassifier  # noqa: E402

LABELLED = Path(__file__).resolve().parents[1] / "fixtures" / "comments" / "needs_answer.tsv"


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, truth: bool, guess: bool) -> None:
        if guess:
            self.tp, self.fp = self.tp + truth, self.fp + (not truth)
        else:
            self.fn, self.tn = self.fn + truth, self.tn + (not truth)

    def line(self, name: str) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")
        total = self.tp + self.fp + self.fn + self.tn
        return f"{name:<8}{total:>5}{self.tp:>5}{self.fp:>5}{self.fn:>5}{self.tn:>5}{precision:>11.3f}{recall:>8.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tsv", nargs="?", type=Path, default=LABELLED)
    parser.add_argument("--errors", action="store_true", help="list the misjudged comments")
    parser.add_argument("--split", help="list errors of this split only (dev, test, holdout ...)")
    args = parser.parse_args(argv)

    with args.tsv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    classifier = CommentClassifier.load()
    tallies = {row["split"]: Tally() for row in rows} | {"all": Tally()}
    errors = []
    for row in rows:
        truth, judgement = row["needs_answer"] == "1", classifier.judge(row["text"])
        for name in (row["split"], "all"):
            tallies[name].add(truth, judgement.needs_answer)
        if truth != judgement.needs_answer and args.split in (None, row["split"]):
            errors.append((row, judgement))

    print(f"needs-an-answer classifier on {args.tsv.name}: {len(rows)} labelled comments")
    print(f"{'split':<8}{'n':>5}{'tp':>5}{'fp':>5}{'fn':>5}{'tn':>5}{'precision':>11}{'recall':>8}")
    for name, tally in tallies.items():
        print(tally.line(name))
    if args.errors:
        for row, judgement in errors:
            cues = " ".join(judgement.cues)
            print(f"{row['split']} {row['id']:>4} label={row['needs_answer']} {row['kind']:<12} "
                  f"score={judgement.score:+.1f} total={judgement.total:+.1f} {row['text']}  [{cues}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
