"""Word segmentation: a private jieba tokenizer that knows the shipped domain vocabulary.

The global ``jieba`` tokenizer is left alone: other code (and other products in the same
process) may rely on it. Segmentation uses no HMM, so characters jieba does not know stay
single-character tokens, which is where misspellings show. The word table (jieba's dictionary
plus the vocabulary) is built by `word_table` and cached with the other derived tables
(`checks.text.cache`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import NamedTuple

import jieba

DOMAIN_FREQ = 500  # frequency given to vocabulary words the jieba dictionary lacks


class Token(NamedTuple):
    start: int
    end: int
    word: str


class Segmenter:
    """Cuts text into tokens with offsets; exposes the word frequencies it segments with."""

    def __init__(self, freq: dict[str, int], total: int) -> None:
        """`freq`, `total`: a word table from `word_table`."""
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.FREQ, self._tokenizer.total = freq, total
        self._tokenizer.initialized = True
        self.freq: dict[str, int] = freq
        self.total: int = total

    def tokens(self, text: str) -> list[Token]:
        """The tokens of `text`, in order, covering every character."""
        result = []
        offset = 0
        for word in self._tokenizer.cut(text, HMM=False):
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
        dag = self._tokenizer.get_DAG(text)
        if not whole and len(dag[0]) > 1:
            dag[0] = [end for end in dag[0] if end != len(text) - 1]
        route: dict[int, tuple[float, int]] = {}
        self._tokenizer.calc(text, dag, route)
        words, start = [], 0
        while start < len(text):
            end = route[start][1] + 1
            words.append(text[start:end])
            start = end
        return route[0][0], words


def word_table(vocabulary: Sequence[str]) -> tuple[dict[str, int], int]:
    """jieba's word frequencies (with its prefix entries) plus `vocabulary`, and their total."""
    jieba.setLogLevel(logging.WARNING)
    builder = jieba.Tokenizer()
    builder.initialize()
    for word in vocabulary:
        if builder.FREQ.get(word, 0) < DOMAIN_FREQ:
            builder.add_word(word, DOMAIN_FREQ)
    return builder.FREQ, builder.total
