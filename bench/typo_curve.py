"""Typo detection, sentence level: recall on typo-odw-train.tsv against false alarms on clean-xxqg.txt.

A sentence with errors is detected when a typo flag covers a truly wrong character; any flag on a
clean sentence is a false alarm. The confusion dictionary is always on; the statistical detector
is swept over its threshold (nothing is learned from the train file, so no folds are needed).
Prints the whole curve and the shipped operating point.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from checks.text import load_dictionaries
from checks.text.context import prepare
from checks.text.typo_stats import THRESHOLD

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
THRESHOLDS = (4.0, 6.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 16.0, 99.0)


def flags(text: str, dictionaries) -> tuple[set[int], list[tuple[float, int]]]:  # type: ignore[no-untyped-def]
    """Original offsets flagged by the confusion dictionary, and (gain, offset) of statistical suspects."""
    ctx = prepare(text, dictionaries)
    fixed = {
        ctx.norm.origin[i]
        for start, end, entry in ctx.matches("typo")
        if entry.fires_alone and ctx.aligned(start, end)
        for i in range(start, end)
    }
    suspects = dictionaries.statistical.suspects(ctx.norm.text, ctx.tokens, threshold=min(THRESHOLDS))
    return fixed, [(s.gain, ctx.norm.origin[s.position]) for s in suspects]


def main() -> None:
    dictionaries = load_dictionaries()
    rows = [line.split("\t") for line in (SHARED / "typo-odw-train.tsv").read_text(encoding="utf-8").splitlines()]
    clean = [line for line in (SHARED / "clean-xxqg.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    errors, correct = [], []
    started = time.perf_counter()
    for count, source, target in rows:
        wrong = {i for i, (a, b) in enumerate(zip(source, target, strict=False)) if a != b}
        fixed, suspects = flags(source, dictionaries)
        (errors if count != "0" else correct).append((wrong, fixed, suspects))
    clean_flags = [flags(line, dictionaries) for line in clean]
    elapsed = time.perf_counter() - started
    chars = sum(len(r[1]) for r in rows) + sum(map(len, clean))
    print(f"sentences with errors {len(errors)}, correct train sentences {len(correct)}, clean-xxqg {len(clean)}")
    print("threshold  recall  false_alarm_xxqg  precision_train  F1_train  (dictionary only at 99)")
    for threshold in THRESHOLDS:

        def hit(wrong: set[int], fixed: set[int], suspects: list[tuple[float, int]], th: float = threshold) -> bool:
            return bool(wrong & (fixed | {pos for gain, pos in suspects if gain >= th}))

        def any_flag(fixed: set[int], suspects: list[tuple[float, int]], th: float = threshold) -> bool:
            return bool(fixed) or any(gain >= th for gain, _ in suspects)

        detected = sum(hit(*row) for row in errors)
        train_false = sum(any_flag(f, s) for _, f, s in correct)
        recall = detected / len(errors)
        precision = detected / (detected + train_false) if detected + train_false else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        false_alarm = sum(any_flag(f, s) for f, s in clean_flags) / len(clean_flags)
        mark = "  <- shipped" if threshold == THRESHOLD else ""
        print(f"{threshold:9.1f}  {recall:6.3f}  {false_alarm:15.2%}  {precision:15.3f}  {f1:8.3f}{mark}")
    print(f"detector pass: {chars / elapsed:,.0f} chars/s (segmentation + dictionary + statistical)")


if __name__ == "__main__":
    sys.exit(main())
