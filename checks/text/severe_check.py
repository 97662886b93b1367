"""severe_error: near-misses of canonical terms that `checks.text.slips` judges slips, and of rostered names."""

from __future__ import annotations

from datetime import date

from checks.text.context import TextContext
from checks.text.dictionaries import ContentDictionaries
from checks.text.hits import TextHit
from checks.text.rules_ref import RULES
from checks.text.severe import NearMiss

_KINDS = {
    "substituted": "错字",
    "missing": "漏字",
    "extra": "多字",
    "swapped": "颠倒",
    "name": "姓名同音错字",
}


def severe_errors(ctx: TextContext, dictionaries: ContentDictionaries, as_of: date | None) -> list[TextHit]:
    text = ctx.norm.text
    slips: dict[tuple[int, int], NearMiss] = {}
    for miss in dictionaries.terms.find(text, ctx.boundaries, dictionaries.segmenter.is_word):
        if (miss.start, miss.end) not in slips and dictionaries.slips.is_slip(text[miss.start : miss.end], miss):
            slips[miss.start, miss.end] = miss
    misses = list(slips.values()) + dictionaries.names.find(text, ctx.boundaries, as_of)
    misses = [m for m in misses if not any(_superseded(m, o) for o in misses if o is not m)]
    return [
        ctx.hit(
            "severe_error",
            miss.start,
            miss.end,
            miss.correct,
            f"{miss.origin} {miss.correct}（{_KINDS[miss.kind]}）",
            RULES["severe_error"],
        )
        for miss in sorted(misses, key=lambda miss: miss.start)
    ]


def _superseded(miss: NearMiss, other: NearMiss) -> bool:
    """Whether `other` reports the slip better: a near-miss of a shorter term inside `miss`
    (常务员会 in 全国人民代表大会常务员会), or a longer near-miss of the same term around it
    (中华人民共和和国 rather than 中华人民共和)."""
    if miss.correct == other.correct:
        return other.start <= miss.start and miss.end <= other.end and other.end - other.start > miss.end - miss.start
    return miss.start <= other.start and other.end <= miss.end and len(other.correct) < len(miss.correct)
