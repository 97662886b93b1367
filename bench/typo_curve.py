"""Typo detection, sentence level: recall on typo-odw-train.tsv against false alarms on correct text.

A sentence with errors is detected when a typo flag covers a truly wrong character; any flag on a
correct sentence is a false alarm. Flags come from the shipped typo check (`typos`: confusion
dictionary, then the statistical detector) run at each threshold of the statistical detector.
No weights are learned from the train file, but the real-word margin and this threshold were
picked looking at its recall and at false alarms on clean-xxqg (so were the vocabulary additions
that cut false alarms): bench/typo_cv.py repeats that choice inside 5-fold cross-validation.
../shared/lexicons/policy-titles.txt, never used for tuning, is a second, independent false-alarm
column. The row of the shipped threshold is marked. `proofread` with its defaults is run too:
there a typo inside a severe_error span gives way to the severe_error (人民很行 is reported as a
slip of 中国人民银行), so its typo-only recall is lower; counting both checks' flags is what an
account operator sees.
"""

from __future__ import annotations

import time
from pathlib import Path

from checks.text import ContentDictionaries, load_dictionaries, proofread
from checks.text.context import prepare
from checks.text.typo_check import typos
from checks.text.typo_stats import REAL_WORD_MARGIN, THRESHOLD

SHARED = Path(__file__).resolve().parents[2] / "shared"
THRESHOLDS = (4.0, 6.0, 7.0, 7.5, 8.0, 8.25, 8.5, 8.75, 9.0, 9.5, 10.0, 11.0, 12.0, 14.0, 16.0, 99.0)


def lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def flagged(text: str, dictionaries: ContentDictionaries, threshold: float) -> set[int]:
    """Offsets (into `text`) that the typo check flags at `threshold`."""
    ctx = prepare(text, dictionaries)
    return {i for hit in typos(ctx, dictionaries, threshold) for i in range(*hit.span)}


def main() -> None:
    dictionaries = load_dictionaries()
    rows = [line.split("\t") for line in lines(SHARED / "benchmarks" / "typo-odw-train.tsv")]
    errors = [
        (source, {i for i, (a, b) in enumerate(zip(source, target, strict=False)) if a != b})
        for count, source, target in rows
        if count != "0"
    ]
    correct = [source for count, source, _ in rows if count == "0"]
    clean = lines(SHARED / "benchmarks" / "clean-xxqg.txt")
    titles = lines(SHARED / "lexicons" / "policy-titles.txt")
    print(
        f"sentences with errors {len(errors)}, correct train sentences {len(correct)}, "
        f"clean-xxqg {len(clean)}, policy-titles {len(titles)}"
    )
    print(f"real-word slips need the threshold + {REAL_WORD_MARGIN}; dictionary pairs only at 99")
    print("threshold  recall  false_alarm_xxqg  false_alarm_titles  precision_train  F1_train")
    started, chars = time.perf_counter(), 0
    for threshold in THRESHOLDS:
        detected = sum(bool(wrong & flagged(source, dictionaries, threshold)) for source, wrong in errors)
        train_false = sum(bool(flagged(text, dictionaries, threshold)) for text in correct)
        clean_false = sum(bool(flagged(text, dictionaries, threshold)) for text in clean)
        title_false = sum(bool(flagged(text, dictionaries, threshold)) for text in titles)
        recall = detected / len(errors)
        precision = detected / (detected + train_false) if detected + train_false else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        mark = "  <- shipped" if threshold == THRESHOLD else ""
        print(
            f"{threshold:9.2f}  {recall:6.3f}  {clean_false / len(clean):16.2%}  "
            f"{title_false / len(titles):18.2%}  {precision:15.3f}  {f1:8.3f}{mark}"
        )
        chars += sum(len(s) for s, _ in errors) + sum(map(len, correct)) + sum(map(len, clean)) + sum(map(len, titles))
    print(f"typo check over the sweep: {chars / (time.perf_counter() - started):,.0f} chars/s (windows cached)")

    for checks in (("typo",), ("typo", "severe_error")):

        def shipped(text: str, checks: tuple[str, ...] = checks) -> set[int]:
            return {i for hit in proofread(text, dictionaries) if hit.check in checks for i in range(*hit.span)}

        recall = sum(bool(wrong & shipped(source)) for source, wrong in errors) / len(errors)
        false_alarm = sum(bool(shipped(text)) for text in clean) / len(clean)
        print(
            f"through proofread with defaults, flags of {' + '.join(checks)}: recall {recall:.3f}, "
            f"false alarms on clean-xxqg {false_alarm:.2%}"
        )


if __name__ == "__main__":
    main()
