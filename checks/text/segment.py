"""Word segmentation: a private jieba tokenizer that knows the shipped domain vocabulary.

The global ``jieba`` tokenizer is left alone: other code (and other products in the same
process) may rely on it. Segmentation uses no HMM, so characters jieba does not know stay
single-character tokens, which is where misspellings show. The word table (jieba's dictionary
plus the vocabulary) is built by `word_table` and cached with the other derived tables
(`checks.text.cache`).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from typing import NamedTuple

import jieba

DOMAIN_FREQ = 500  # frequency given to vocabulary words the jieba dictionary lacks
_BLOCK = jieba.re_han_default
_SPACE = jieba.re_skip_default


class Token(NamedTuple):
    start: int
    end: int
    word: str


class Segmenter:
    """Cuts text into tokens with offsets; exposes the word frequencies it segments with.

    The cut is jieba's ``Tokenizer.cut(text, HMM=False)`` (its blocks, prefix DAG, best route
    by log frequency, runs of single ASCII letters and digits kept together), written out
    here because the checks run it on every post and jieba's generators cost a third more.
    """

    def __init__(self, freq: dict[str, int], total: int) -> None:
        """`freq`, `total`: a word table from `word_table`."""
        self.freq: dict[str, int] = freq
        self.total: int = total
        self._log_total = math.log(total)

    def tokens(self, text: str) -> list[Token]:
        """The tokens of `text`, in order, covering every character."""
        result = []
        offset = 0
        for block in _BLOCK.split(text):
            if not block:
                continue
            if _BLOCK.match(block):
                words = self._cut(block)
            else:
                words = [piece for part in _SPACE.split(block) for piece in ([part] if _SPACE.match(part) else part)]
            for word in words:
                result.append(Token(offset, offset + len(word), word))
                offset += len(word)
        return result

    def is_word(self, text: str) -> bool:
        """Whether `text` is a word of the segmentation dictionary (not a mere prefix of one)."""
        return self.freq.get(text, 0) > 0

    def score(self, text: str, *, whole: bool = True) -> tuple[float, list[str]]:
        """The log-probability of the best segmentation of `text` and its words.

        With ``whole=False`` `text` itself is not taken as one word: the result is how it
        composes from smaller words (中华人民共和国 -> 中华人民 共和国).
        """
        scores, ends = self._route(text, whole)
        words, start = [], 0
        while start < len(text):
            words.append(text[start : ends[start]])
            start = ends[start]
        return scores[0], words

    def _cut(self, block: str) -> list[str]:
        _, ends = self._route(block, True)
        words: list[str] = []
        start, letters = 0, ""
        while start < len(block):
            word = block[start : ends[start]]
            start = ends[start]
            if len(word) == 1 and word.isascii() and word.isalnum():
                letters += word
                continue
            if letters:
                words.append(letters)
                letters = ""
            words.append(word)
        if letters:
            words.append(letters)
        return words

    def _route(self, text: str, whole: bool) -> tuple[list[float], list[int]]:
        """Best log-probability from each position to the end, and where its first word ends
        (ties go to the longer word, as in jieba)."""
        freq, log_total, size = self.freq, self._log_total, len(text)
        scores = [0.0] * (size + 1)
        ends = [0] * size
        for start in range(size - 1, -1, -1):
            best, best_end = -math.inf, start + 1
            stop, fragment = start + 1, text[start]
            found = False
            while fragment in freq:
                count = freq[fragment]
                if count and (whole or start > 0 or stop < size):
                    found = True
                    value = math.log(count) - log_total + scores[stop]
                    if value >= best:
                        best, best_end = value, stop
                if stop >= size:
                    break
                stop += 1
                fragment = text[start:stop]
            if not found:
                best, best_end = -log_total + scores[start + 1], start + 1
            scores[start], ends[start] = best, best_end
        return scores, ends


def word_table(vocabulary: Sequence[str]) -> tuple[dict[str, int], int]:
    """jieba's word frequencies (with its prefix entries) plus `vocabulary`, and their total."""
    jieba.setLogLevel(logging.WARNING)
    builder = jieba.Tokenizer()
    builder.initialize()
    for word in vocabulary:
        if builder.FREQ.get(word, 0) < DOMAIN_FREQ:
            builder.add_word(word, DOMAIN_FREQ)
    return builder.FREQ, builder.total
