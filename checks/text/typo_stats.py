"""The statistical typo detector: misspellings nobody listed, from word frequencies alone.

A misspelt character usually breaks its word into single-character tokens (大数据 written
大数局 cuts as 大数/局). For each window of two to four characters made of whole tokens with
at least one single-character token, the detector tries replacing one single-character
token's character by a confusable one (same pinyin, or similar shape). When the result is a
dictionary word, the gain is the segmentation log-probability of that word minus that of the
tokens it replaces; a gain of at least the threshold is reported.

Candidate words come from a table built once at load: every dictionary word of two to four
characters, with one position masked, maps to the characters that fill it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from checks.text.confusable import Confusable
from checks.text.segment import Segmenter, Token

THRESHOLD = 9.0  # shipped operating point: false alarms <= 0.3% of clean sentences (bench/typo_curve.py)
MIN_WORD_FREQ = 30  # candidate words rarer than this are not proposed
MAX_WINDOW = 4
_MASK = "\0"


@dataclass(frozen=True)
class Suspect:
    """The window [start, end) should read `correct`; the slip is the character at `position`."""

    start: int
    end: int
    position: int
    correct: str
    gain: float


def _cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


class StatisticalDetector:
    """Scores single-character replacements that turn broken tokens into a known word."""

    def __init__(self, segmenter: Segmenter, confusable: Confusable, skip_chars: Iterable[str]) -> None:
        self._seg = segmenter
        self._confusable = confusable
        self._skip = frozenset(skip_chars)
        self._log_total = math.log(segmenter.total)
        self._masked: dict[str, list[tuple[str, str]]] = {}
        for word, freq in segmenter.freq.items():
            if 2 <= len(word) <= MAX_WINDOW and freq >= MIN_WORD_FREQ and all(map(_cjk, word)):
                for pos in range(len(word)):
                    key = word[:pos] + _MASK + word[pos + 1 :]
                    self._masked.setdefault(key, []).append((word[pos], word))

    def suspects(self, text: str, tokens: list[Token], threshold: float = THRESHOLD) -> list[Suspect]:
        """Replacements with a gain of at least `threshold`, the best one per position."""
        best: dict[int, Suspect] = {}  # by position
        for index, token in enumerate(tokens):
            if token.end - token.start != 1 or not _cjk(token.word) or token.word in self._skip:
                continue
            for first in range(max(0, index - MAX_WINDOW + 1), index + 1):
                for last in range(index, min(len(tokens), first + MAX_WINDOW)):
                    window = tokens[first : last + 1]
                    start, end = window[0].start, window[-1].end
                    if not 2 <= end - start <= MAX_WINDOW:
                        continue
                    found = self._best_in_window(text, window, token, threshold)
                    if found and (token.start not in best or best[token.start].gain < found.gain):
                        best[token.start] = found
        return sorted(best.values(), key=lambda suspect: suspect.position)

    def _best_in_window(self, text: str, window: list[Token], token: Token, threshold: float) -> Suspect | None:
        start, end = window[0].start, window[-1].end
        pos = token.start - start
        chunk = text[start:end]
        candidates = self._masked.get(chunk[:pos] + _MASK + chunk[pos + 1 :])
        if not candidates:
            return None
        freq = self._seg.freq
        original = sum(math.log(max(freq.get(t.word, 0), 1)) - self._log_total for t in window)
        result = None
        for char, word in candidates:
            if char == token.word or not self._confusable.similar(token.word, char):
                continue
            gain = math.log(freq[word]) - self._log_total - original
            if gain >= threshold and (result is None or gain > result.gain):
                result = Suspect(start, end, token.start, word, gain)
        return result
