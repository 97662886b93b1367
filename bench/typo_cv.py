"""Cross-validated typo recall: what choosing the detector's settings on typo-odw-train.tsv is worth.

The shipped real-word margin (1.0) and threshold (8.75) were picked looking at recall on the
train file and false alarms on clean-xxqg.txt. Here that choice is repeated inside 5-fold
cross-validation: on four folds of the sentences with errors, pick the margin and threshold with
the best recall among those whose false alarms on clean-xxqg stay <= 0.3%; measure recall on the
fifth fold. Prints each fold's pick and recall, and the pooled recall over the five held-out folds.
"""

from __future__ import annotations

import random
from pathlib import Path

import checks.text.typo_stats as typo_stats
from checks.text import ContentDictionaries, load_dictionaries
from checks.text.context import TextContext, prepare
from checks.text.typo_check import typos

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
MARGINS = (0.0, 0.5, 1.0, 1.5)
THRESHOLDS = (8.0, 8.25, 8.5, 8.75, 9.0, 9.25, 9.5)
FOLDS = 5
MAX_FALSE_ALARMS = 0.003


def lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def flags(ctx: TextContext, dictionaries: ContentDictionaries, threshold: float) -> set[int]:
    return {i for hit in typos(ctx, dictionaries, threshold) for i in range(*hit.span)}


def main() -> None:
    dictionaries = load_dictionaries()
    rows = [line.split("\t") for line in lines(SHARED / "typo-odw-train.tsv")]
    errors = [
        (prepare(source, dictionaries), {i for i, (a, b) in enumerate(zip(source, target, strict=False)) if a != b})
        for count, source, target in rows
        if count != "0"
    ]
    clean = [prepare(text, dictionaries) for text in lines(SHARED / "clean-xxqg.txt")]
    detected: dict[tuple[float, float], list[bool]] = {}
    false_alarm: dict[tuple[float, float], float] = {}
    for margin in MARGINS:
        typo_stats.REAL_WORD_MARGIN = margin
        for threshold in THRESHOLDS:
            key = (margin, threshold)
            detected[key] = [bool(wrong & flags(ctx, dictionaries, threshold)) for ctx, wrong in errors]
            false_alarm[key] = sum(bool(flags(ctx, dictionaries, threshold)) for ctx in clean) / len(clean)
    allowed = [key for key in detected if false_alarm[key] <= MAX_FALSE_ALARMS]
    order = list(range(len(errors)))
    random.Random(0).shuffle(order)
    folds = [order[k::FOLDS] for k in range(FOLDS)]
    hits = 0
    for k, test in enumerate(folds):
        train = [i for j, fold in enumerate(folds) if j != k for i in fold]
        best = max(allowed, key=lambda key: (sum(detected[key][i] for i in train), key[1]))
        fold_hits = sum(detected[best][i] for i in test)
        hits += fold_hits
        print(
            f"fold {k}: picked margin {best[0]}, threshold {best[1]} (false alarms {false_alarm[best]:.2%}); "
            f"held-out recall {fold_hits / len(test):.3f} on {len(test)} sentences"
        )
    print(f"cross-validated recall: {hits / len(errors):.3f} (pooled over {FOLDS} held-out folds)")


if __name__ == "__main__":
    main()
