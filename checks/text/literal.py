"""Exact multi-pattern search (Aho-Corasick) over normalised text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

import ahocorasick

T = TypeVar("T")


def _word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


class LiteralIndex(Generic[T]):
    """Finds every occurrence of every key; ASCII keys only match as whole ASCII words."""

    def __init__(self, items: Iterable[tuple[str, T]]) -> None:
        grouped: dict[str, list[T]] = {}
        for key, value in items:
            grouped.setdefault(key, []).append(value)
        self._automaton = ahocorasick.Automaton()
        for key, values in grouped.items():
            self._automaton.add_word(key, (key, tuple(values)))
        self._empty = not grouped
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> Iterator[tuple[int, int, tuple[T, ...]]]:
        """(start, end, values) of each occurrence, ordered by end offset."""
        if self._empty:
            return
        for last, (key, values) in self._automaton.iter(text):
            start, end = last - len(key) + 1, last + 1
            if _word_char(key[0]) and start > 0 and _word_char(text[start - 1]):
                continue
            if _word_char(key[-1]) and end < len(text) and _word_char(text[end]):
                continue
            yield start, end, values
