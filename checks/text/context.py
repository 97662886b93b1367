"""`TextContext`: one text prepared once for every content check (normalised, segmented, matched)."""

from __future__ import annotations

from dataclasses import dataclass

from checks.text.dictionaries import ContentDictionaries
from checks.text.hits import TextHit
from checks.text.lexicon import Entry
from checks.text.normalise import Normalised, normalise
from checks.text.segment import Token


@dataclass(frozen=True)
class TextContext:
    original: str
    norm: Normalised
    tokens: list[Token]
    boundaries: frozenset[int]  # token boundaries in `norm.text`
    literals: list[tuple[int, int, tuple[Entry, ...]]]  # dictionary matches in `norm.text`

    def aligned(self, start: int, end: int) -> bool:
        """Whether [start, end) of `norm.text` starts and ends on token boundaries."""
        return start in self.boundaries and end in self.boundaries

    def matches(self, check: str) -> list[tuple[int, int, Entry]]:
        """Dictionary matches of `check`'s entries, in order of their end offsets."""
        found = ((start, end, entry) for start, end, entries in self.literals for entry in entries)
        return [(start, end, entry) for start, end, entry in found if entry.check == check]

    def hit(self, check: str, start: int, end: int, suggestion: str, source: str, rule: str) -> TextHit:
        """A hit on [start, end) of `norm.text`, mapped back to the original text."""
        left, right = self.norm.span(start, end)
        return TextHit(check, (left, right), self.original[left:right], suggestion, source, rule)


def prepare(text: str, dictionaries: ContentDictionaries) -> TextContext:
    norm = normalise(text, dictionaries.fold)
    tokens = dictionaries.segmenter.tokens(norm.text)
    boundaries = frozenset([0, *(token.end for token in tokens)])
    literals = list(dictionaries.literals.find(norm.text))
    return TextContext(text, norm, tokens, boundaries, literals)
