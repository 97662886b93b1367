"""typo: confusion-dictionary pairs on token boundaries, then the statistical detector."""

from __future__ import annotations

from checks.text.context import TextContext
from checks.text.dictionaries import ContentDictionaries
from checks.text.hits import TextHit
from checks.text.rules_ref import RULES


def typos(ctx: TextContext, dictionaries: ContentDictionaries) -> list[TextHit]:
    hits: list[TextHit] = []
    taken: list[tuple[int, int]] = []
    for start, end, entry in ctx.matches("typo"):
        if entry.fires_alone and ctx.aligned(start, end) and not _overlaps(taken, start, end):
            taken.append((start, end))
            hits.append(
                ctx.hit(
                    "typo",
                    start,
                    end,
                    entry.replacement,
                    f"{entry.origin} {entry.entry}->{entry.replacement}",
                    RULES["typo"],
                )
            )
    for suspect in dictionaries.statistical.suspects(ctx.norm.text, ctx.tokens):
        if not _overlaps(taken, suspect.start, suspect.end):
            taken.append((suspect.start, suspect.end))
            source = (
                f"statistical {ctx.norm.text[suspect.start : suspect.end]}->{suspect.correct} gain={suspect.gain:.1f}"
            )
            hits.append(ctx.hit("typo", suspect.start, suspect.end, suspect.correct, source, RULES["typo"]))
    return sorted(hits, key=lambda hit: hit.span)


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(left < end and start < right for left, right in taken)
