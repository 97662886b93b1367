"""severe_error: near-misses of canonical terms and of rostered leaders' names."""

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
    misses = dictionaries.terms.find(text, ctx.boundaries, dictionaries.segmenter.is_word)
    misses += dictionaries.names.find(text, ctx.boundaries, as_of)
    misses = [m for m in misses if not any(_inside(o, m) for o in misses if o is not m)]
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


def _inside(inner: NearMiss, outer: NearMiss) -> bool:
    """Whether `inner` is a shorter near-miss within `outer` (the shorter one is reported)."""
    return outer.start <= inner.start and inner.end <= outer.end and inner.end - inner.start < outer.end - outer.start
