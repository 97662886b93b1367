"""severe_error: one-character deviations of canonical terms and near-misses of leaders' names.

`TermMatcher` finds, for every canonical term of at least `MIN_TERM` characters, the spans
that differ from it by one edit: a character substituted, missing, extra (not at either end)
or two neighbours swapped. Swaps and deletions are enumerated as exact patterns; substitutions
and insertions are found from an intact half of the term (one edit leaves one half intact)
and verified. A candidate is dropped when it does not start and end on token boundaries, is
itself a dictionary word, swaps numerals or administrative levels (十九大/二十大, 全国/全省), or
overlaps an exact canonical term that reaches outside it or is the term itself (中国共产党党员
is not 中国共产党 with an extra 党; 上海市人民代表大会常务委员会 written 上海的市... still is a
deviation although it contains the exact term 人民代表大会常务委员会). Whether a remaining
candidate is a slip or a natural phrase is `checks.text.slips`' call.

`NameMatcher` finds rostered names written with one character (not the surname) replaced by
a character of the same reading: 杜家豪 for 杜家毫.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from pypinyin import Style, pinyin

from checks.text.lexicon import Entry
from checks.text.literal import LiteralIndex
from checks.text.roster import Leader

MIN_TERM = 4
_NUMERALS = set("一二三四五六七八九十百千万零〇两0123456789")
_LEVELS = set("国省市县区乡镇村州盟旗")


@dataclass(frozen=True)
class NearMiss:
    """[start, end) of the text should read `correct`.

    `kind`: substituted, missing, extra, swapped or name. `index`: where the edit is, in
    `correct` (the substituted or missing character, the first of the swapped pair) or, for
    ``extra``, in the window (the extra character); 0 for ``name``.
    """

    start: int
    end: int
    correct: str
    origin: str
    kind: str
    index: int


@dataclass(frozen=True)
class _Pattern:
    term: int
    kind: str  # exact, swapped, missing, prefix, suffix
    index: int = 0  # the position of the swap or deletion


class TermMatcher:
    """Near-misses of canonical terms; see the module docstring for what is left out."""

    def __init__(self, terms: Iterable[Entry]) -> None:
        self._terms = [term for term in terms if len(term.entry) >= MIN_TERM and term.fires_alone]
        patterns: list[tuple[str, _Pattern]] = []
        for index, term in enumerate(self._terms):
            text, half = term.entry, len(term.entry) // 2
            patterns.append((text, _Pattern(index, "exact")))
            patterns += [(text[:half], _Pattern(index, "prefix")), (text[half:], _Pattern(index, "suffix"))]
            for pos in range(len(text)):
                patterns.append((text[:pos] + text[pos + 1 :], _Pattern(index, "missing", pos)))
                if pos + 1 < len(text) and text[pos] != text[pos + 1]:
                    swapped = text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]
                    patterns.append((swapped, _Pattern(index, "swapped", pos)))
        self._index = LiteralIndex(patterns)

    def find(self, text: str, boundaries: frozenset[int], is_word: Callable[[str], bool]) -> list[NearMiss]:
        """Candidate near-misses in `text` (several terms may claim one span).

        `boundaries` are the token boundaries, `is_word` the segmentation dictionary.
        """
        exact: list[tuple[int, int, str]] = []
        found: dict[tuple[int, int, str], NearMiss] = {}
        for start, end, patterns in self._index.find(text):
            for pattern in patterns:
                if pattern.kind == "exact":
                    exact.append((start, end, self._terms[pattern.term].entry))
                else:
                    for miss in self._candidates(text, start, end, pattern):
                        found.setdefault((miss.start, miss.end, miss.correct), miss)
        return [
            miss
            for miss in found.values()
            if miss.start in boundaries
            and miss.end in boundaries
            and not any(_explains(exact_term, miss) for exact_term in exact)
            and not is_word(text[miss.start : miss.end])
        ]

    def _candidates(self, text: str, start: int, end: int, pattern: _Pattern) -> Iterator[NearMiss]:
        term = self._terms[pattern.term]
        correct, size = term.entry, len(term.entry)
        if pattern.kind in ("missing", "swapped"):
            yield NearMiss(start, end, correct, term.origin, pattern.kind, pattern.index)
            return
        if pattern.kind == "prefix":
            windows = [(start, start + size), (start, start + size + 1)]
        else:
            windows = [(end - size, end), (end - size - 1, end)]
        for left, right in windows:
            if left < 0 or right > len(text) or not _ends_fit(text, left, right, correct):
                continue
            edit = _one_edit(text[left:right], correct)
            if edit:
                yield NearMiss(left, right, correct, term.origin, *edit)


def _ends_fit(text: str, left: int, right: int, correct: str) -> bool:
    """A cheap necessary condition for one edit: each end of the window agrees with the term's
    end character or, when the edit is there, with the one next to it."""
    first = text[left] == correct[0] or text[left + 1] == correct[1]
    return first and (text[right - 1] == correct[-1] or text[right - 2] == correct[-2])


def _explains(exact: tuple[int, int, str], miss: NearMiss) -> bool:
    """Whether an exact canonical term makes `miss` a correct text rather than a deviation."""
    start, end, term = exact
    overlaps = start < miss.end and miss.start < end
    return overlaps and (start < miss.start or end > miss.end or term == miss.correct)


def _one_edit(window: str, correct: str) -> tuple[str, int] | None:
    """(``substituted`` or ``extra``, index) when `window` is one such edit away from `correct`."""
    if len(window) == len(correct):
        pos = _first_difference(window, correct)
        if pos == len(correct) or window[pos + 1 :] != correct[pos + 1 :]:
            return None
        a, b = window[pos], correct[pos]
        if (a in _NUMERALS and b in _NUMERALS) or (a in _LEVELS and b in _LEVELS):
            return None
        return "substituted", pos
    if len(window) == len(correct) + 1 and window[0] == correct[0] and window[-1] == correct[-1]:
        pos = _first_difference(window, correct)
        if window[pos + 1 :] == correct[pos:]:
            return "extra", pos
    return None


def _first_difference(a: str, b: str) -> int:
    pos, size = 0, min(len(a), len(b))
    while pos < size and a[pos] == b[pos]:
        pos += 1
    return pos


class NameMatcher:
    """Rostered names written with a same-reading character in place of one after the surname."""

    def __init__(self, leaders: Iterable[Leader]) -> None:
        self._leaders = list(leaders)
        self._names = {leader.name for leader in self._leaders}
        surnames = "".join(sorted({leader.name[0] for leader in self._leaders}))
        self._surname = re.compile(f"[{re.escape(surnames)}]") if surnames else None

    def find(self, text: str, boundaries: frozenset[int], as_of: date | None) -> list[NearMiss]:
        if self._surname is None:
            return []
        found: dict[tuple[int, int], NearMiss] = {}
        for match in self._surname.finditer(text):
            start = match.start()
            for leader in self._leaders:
                end = start + len(leader.name)
                window = text[start:end]
                if (
                    leader.name[0] == window[:1]
                    and leader.known_by(as_of)
                    and window not in self._names
                    and start in boundaries
                    and end in boundaries
                    and _same_reading_but_one(window, leader.name)
                ):
                    found.setdefault((start, end), NearMiss(start, end, leader.name, leader.origin, "name", 0))
        return list(found.values())


def _same_reading_but_one(window: str, name: str) -> bool:
    if len(window) != len(name):
        return False
    diffs = [i for i, (a, b) in enumerate(zip(window, name, strict=True)) if a != b]
    return len(diffs) == 1 and bool(_readings(window[diffs[0]]) & _readings(name[diffs[0]]))


def _readings(char: str) -> set[str]:
    return set(pinyin(char, style=Style.TONE3, heteronym=True)[0])
