"""Tell a slip in a canonical term from a natural phrase that happens to be one edit away.

A candidate near-miss (`checks.text.severe.NearMiss`) is ordinary text, not a slip, when

- the edit brings in a character that is not a Chinese character (党员、干部, “十四五”规划);
- a 的 or 之 that stands as a word of the term is left out (党的领导 -> 党领导);
- the character put in is a frequent word (`FREQUENT_WORD`) that neither sounds nor looks like
  the one it replaces (党员干部 -> 党的干部, 生态环境部 -> 生态环境将);
- a character that stands as a word of its own at either end of the term is left out
  (新发展理念 -> 发展理念, 农业农村部 -> 农业农村);
- or the window is not much less likely than the term. The gain is the log-probability of
  the term's best segmentation minus the window's (`Segmenter.score`). It must reach
  `NATURAL_GAIN` when the characters at the edit all lie in words of two or more characters
  (中国企业 for 中央企业 reads as a phrase), `BROKEN_GAIN` otherwise (中华人民共合国 leaves 合
  alone).

"Stands as a word of the term" refers to how the term composes from smaller dictionary words
(`Segmenter.score` with ``whole=False``): 新/发展/理念, 党/的/领导.
"""

from __future__ import annotations

from checks.text.confusable import Confusable
from checks.text.normalise import is_cjk
from checks.text.segment import Segmenter
from checks.text.severe import NearMiss

FREQUENT_WORD = 50_000  # jieba frequency of 新, 将, 为, 的 ... (口 has 20,778)
NATURAL_GAIN = 9.0
BROKEN_GAIN = 4.0
_DROPPABLE = "的之"


class SlipJudge:
    """`is_slip(window, miss)`: whether an inspector should see the near-miss."""

    def __init__(self, segmenter: Segmenter, confusable: Confusable) -> None:
        self._seg = segmenter
        self._confusable = confusable
        self._terms: dict[str, tuple[float, frozenset[int]]] = {}

    def is_slip(self, window: str, miss: NearMiss) -> bool:
        correct, i = miss.correct, miss.index
        term_score, single = self._term(correct)
        if miss.kind in ("substituted", "extra") and not is_cjk(window[i]):
            return False
        if miss.kind == "missing" and i in single and (correct[i] in _DROPPABLE or i in (0, len(correct) - 1)):
            return False
        if miss.kind == "substituted" and self._casual(correct[i], window[i]):
            return False
        window_score, words = self._seg.score(window)
        natural = all(_in_long_word(words, j) for j in _edit_zone(miss, len(window)))
        return term_score - window_score >= (NATURAL_GAIN if natural else BROKEN_GAIN)

    def _casual(self, original: str, written: str) -> bool:
        """A frequent word in place of a character it does not resemble: a different phrase."""
        return self._seg.freq.get(written, 0) >= FREQUENT_WORD and not self._confusable.similar(original, written)

    def _term(self, term: str) -> tuple[float, frozenset[int]]:
        """The term's log-probability and the positions of its single-character words."""
        known = self._terms.get(term)
        if known is None:
            score, _ = self._seg.score(term)
            _, words = self._seg.score(term, whole=False)
            starts = _starts(words)
            known = score, frozenset(start for start, word in zip(starts, words, strict=True) if len(word) == 1)
            self._terms[term] = known
        return known


def _starts(words: list[str]) -> list[int]:
    starts, offset = [], 0
    for word in words:
        starts.append(offset)
        offset += len(word)
    return starts


def _in_long_word(words: list[str], position: int) -> bool:
    return any(
        start <= position < start + len(word) and len(word) > 1
        for start, word in zip(_starts(words), words, strict=True)
    )


def _edit_zone(miss: NearMiss, size: int) -> list[int]:
    """The window positions next to the edit: the new character, the swapped pair, or the
    characters either side of a deletion."""
    if miss.kind == "swapped":
        return [miss.index, miss.index + 1]
    if miss.kind == "missing":
        return [j for j in (miss.index - 1, miss.index) if 0 <= j < size]
    return [miss.index]
