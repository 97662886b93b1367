"""The statistical typo detector: misspellings nobody listed, from word frequencies alone.

A window of two to four characters is tried with one character replaced by a confusable one
(same pinyin, similar shape, or one a component of the other). When the result is a dictionary
word, the gain is the segmentation log-probability after the replacement minus before. Slips:

- a misspelt character usually breaks its word into single-character tokens (大数据 written
  大数局 cuts as 大数/局): replacing a single-character token of a window of whole tokens
  needs a gain of `THRESHOLD`;
- a real-word error turns one word into another, rarer one (召开 written 照开, 税务总局 written
  水务总局): replacing a character inside a word needs `REAL_WORD_MARGIN` more;
- a slip can also make its neighbours segment differently (应急救援 written 应急救暖 cuts as
  应/急救/暖): a window that cuts through tokens is scored by segmenting the tokens it touches
  (at most `MAX_REGION` characters) anew, with the real-word threshold.

Candidate words come from `masked_table`, built once and cached on disk: every dictionary word
of two to four characters, with one position masked, maps to the characters that fill it.
Verdicts on runs of tokens are cached in memory by their text and token lengths, since the
same runs recur across posts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from checks.text.confusable import Confusable
from checks.text.normalise import is_cjk
from checks.text.segment import Segmenter, Token

THRESHOLD = 8.75  # shipped operating point, chosen on clean-xxqg (bench/typo_curve.py)
REAL_WORD_MARGIN = 1.0
FLOOR = 4.0  # replacements below this gain are never reported, whatever the threshold
MIN_WORD_FREQ = 30  # candidate words rarer than this are not proposed
MAX_WINDOW = 4
MAX_REGION = 5
_MASK = "\0"
_CACHE = 1 << 18


@dataclass(frozen=True)
class Suspect:
    """The window [start, end) should read `correct`; the slip is the character at `position`.

    `real_word`: the slip sits inside a dictionary word (a real-word error).
    """

    start: int
    end: int
    position: int
    correct: str
    gain: float
    real_word: bool


@dataclass(frozen=True)
class _Replacement:
    """Within a run of tokens: the window [start, end) should read `correct`, slip at `offset`."""

    start: int
    end: int
    offset: int
    correct: str
    gain: float
    real_word: bool


class StatisticalDetector:
    """Scores single-character replacements that turn a window into a much likelier word."""

    def __init__(
        self,
        segmenter: Segmenter,
        confusable: Confusable,
        skip_chars: Iterable[str],
        masked: dict[str, dict[str, str]],
    ) -> None:
        """`masked`: the candidate table from `masked_table` over the segmenter's words."""
        self._seg = segmenter
        self._confusable = confusable
        self._skip = frozenset(skip_chars)
        self._log_total = math.log(segmenter.total)
        self._masked = masked
        # A word likelier than this cannot be a real-word slip at any threshold >= FLOOR: no
        # candidate word is frequent enough to gain FLOOR + REAL_WORD_MARGIN over it.
        likeliest = max((self._log_prob(word) for options in masked.values() for word in options.values()), default=0.0)
        self._too_likely = likeliest - FLOOR - REAL_WORD_MARGIN
        self._run = lru_cache(maxsize=_CACHE)(self._replacements)

    def suspects(self, text: str, tokens: list[Token], threshold: float = THRESHOLD) -> list[Suspect]:
        """Replacements with a gain of at least `threshold` (plus the margin for real-word
        slips), the best one per position."""
        best: dict[int, Suspect] = {}
        han = [all(map(is_cjk, token.word)) for token in tokens]
        for first, token in enumerate(tokens):
            lengths: list[int] = []
            for last in range(first, len(tokens)):
                end = tokens[last].end
                if not han[last] or end - token.start > MAX_REGION:
                    break
                lengths.append(end - tokens[last].start)
                if end - token.start < 2 or (end - token.start > MAX_WINDOW and 1 not in lengths):
                    continue  # too short, or only cut windows apply and no single token is there
                for found in self._run(text[token.start : end], tuple(lengths)):
                    needed = threshold + (REAL_WORD_MARGIN if found.real_word else 0.0)
                    position = token.start + found.offset
                    if found.gain >= needed and (position not in best or best[position].gain < found.gain):
                        best[position] = Suspect(
                            token.start + found.start,
                            token.start + found.end,
                            position,
                            found.correct,
                            found.gain,
                            found.real_word,
                        )
        return sorted(best.values(), key=lambda suspect: suspect.position)

    def _replacements(self, chunk: str, lengths: tuple[int, ...]) -> tuple[_Replacement, ...]:
        """The best replacement per position in a run of tokens of `lengths` making `chunk`: in
        the window of the whole run, and, for its single-character tokens, in the windows that
        cut through its first and last tokens."""
        if len(lengths) == 1 and self._log_prob(chunk) > self._too_likely:
            return ()
        words, starts, offset = [], [], 0
        for length in lengths:
            words.append(chunk[offset : offset + length])
            starts.append(offset)
            offset += length
        proposals: list[tuple[int, int, int, str, bool]] = []  # start, end, slip, correct, real word
        if len(chunk) <= MAX_WINDOW:
            for start, word in zip(starts, words, strict=True):
                for pos in range(start, start + len(word)):
                    if len(word) > 1 or word not in self._skip:
                        key = chunk[:pos] + _MASK + chunk[pos + 1 :]
                        proposals += [(0, len(chunk), pos, c, len(word) > 1) for c in self._candidates(chunk[pos], key)]
        singles = [
            start for start, word in zip(starts, words, strict=True) if len(word) == 1 and word not in self._skip
        ]
        if len(words) > 1 and singles:
            for start, end in _cut_windows(len(chunk), lengths[0], lengths[-1]):
                for pos in singles:
                    if start <= pos < end:
                        key = chunk[start:pos] + _MASK + chunk[pos + 1 : end]
                        proposals += [(start, end, pos, c, True) for c in self._candidates(chunk[pos], key)]
        if not proposals:
            return ()
        original = sum(self._log_prob(word) for word in words)
        found: dict[int, _Replacement] = {}
        for start, end, pos, correct, real_word in proposals:
            if (start, end) == (0, len(chunk)):
                gain = self._log_prob(correct) - original
            else:  # the window cuts through tokens: segment the run anew
                gain = self._seg.score(chunk[:start] + correct + chunk[end:])[0] - original
            _keep(found, _Replacement(start, end, pos, correct, gain, real_word))
        return tuple(replacement for replacement in found.values() if replacement.gain >= FLOOR)

    def _candidates(self, char: str, key: str) -> list[str]:
        """Dictionary words matching `key` (one position masked) with a character confusable with `char`."""
        options = self._masked.get(key)
        if not options:
            return []
        near = self._confusable.neighbours(char)
        if len(options) <= len(near):
            return [word for candidate, word in options.items() if candidate in near]
        return [options[candidate] for candidate in near if candidate in options]

    def _log_prob(self, word: str) -> float:
        return math.log(max(self._seg.freq.get(word, 0), 1)) - self._log_total


def masked_table(freq: dict[str, int]) -> dict[str, dict[str, str]]:
    """Every word of 2 to `MAX_WINDOW` Chinese characters and frequency >= `MIN_WORD_FREQ`, with
    each position masked in turn: masked text -> {character at the mask: word}."""
    masked: dict[str, dict[str, str]] = {}
    for word, count in freq.items():
        if 2 <= len(word) <= MAX_WINDOW and count >= MIN_WORD_FREQ and all(map(is_cjk, word)):
            for pos in range(len(word)):
                masked.setdefault(word[:pos] + _MASK + word[pos + 1 :], {})[word[pos]] = word
    return masked


@lru_cache(maxsize=256)
def _cut_windows(size: int, first: int, last: int) -> tuple[tuple[int, int], ...]:
    """Windows of 2 to `MAX_WINDOW` characters that start in the first token (of length `first`)
    and end in the last (of length `last`) of a run of `size` characters, other than the run."""
    return tuple(
        (start, end)
        for start in range(first)
        for end in range(size - last + 1, size + 1)
        if 2 <= end - start <= MAX_WINDOW and (start, end) != (0, size)
    )


def _keep(found: dict[int, _Replacement], replacement: _Replacement) -> None:
    known = found.get(replacement.offset)
    if known is None or known.gain < replacement.gain:
        found[replacement.offset] = replacement
