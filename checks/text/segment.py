"""Word segmentation: a private jieba tokenizer that knows the shipped domain vocabulary.

The global ``jieba`` tokenizer is left alone: other code (and other products in the same
process) may rely on it. Segmentation uses no HMM, so characters jieba does not know stay
single-character tokens, which is where misspellings show.

Building the word table (jieba's dictionary plus the vocabulary) takes about a second; the
result is cached in the temporary directory under a name derived from the vocabulary, as
jieba caches its own dictionary, and later loads read the cache.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jieba

DOMAIN_FREQ = 500  # frequency given to vocabulary words the jieba dictionary lacks


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    word: str


class Segmenter:
    """Cuts text into tokens with offsets; exposes the word frequencies it segments with."""

    def __init__(self, vocabulary: Sequence[str]) -> None:
        jieba.setLogLevel(logging.WARNING)
        self._tokenizer = jieba.Tokenizer()
        freq, total = _word_table(vocabulary)
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


def _word_table(vocabulary: Sequence[str]) -> tuple[dict[str, int], int]:
    digest = hashlib.sha1("\n".join(vocabulary).encode("utf-8")).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"patrol-words-{jieba.__version__}-{DOMAIN_FREQ}-{digest}.cache"
    try:
        with cache.open("rb") as handle:
            freq, total = marshal.load(handle)
        return freq, total
    except (OSError, EOFError, ValueError, TypeError):
        pass
    builder = jieba.Tokenizer()
    builder.initialize()
    for word in vocabulary:
        if builder.FREQ.get(word, 0) < DOMAIN_FREQ:
            builder.add_word(word, DOMAIN_FREQ)
    partial = cache.with_suffix(f".{os.getpid()}.tmp")
    try:
        with partial.open("wb") as handle:
            marshal.dump((builder.FREQ, builder.total), handle)
        partial.replace(cache)
    except OSError:
        partial.unlink(missing_ok=True)
    return builder.FREQ, builder.total
