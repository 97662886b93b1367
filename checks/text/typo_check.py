"""typo: confusion-dictionary pairs on token boundaries, then the statistical detector (silent on
what reads as a personal name)."""

from __future__ import annotations

from checks.text.context import TextContext
from checks.text.dictionaries import ContentDictionaries
from checks.text.hits import TextHit
from checks.text.person_names import name_spans
from checks.text.rules_ref import RULES
from checks.text.typo_stats import THRESHOLD


def typos(ctx: TextContext, dictionaries: ContentDictionaries, threshold: float = THRESHOLD) -> list[TextHit]:
    """Dictionary pairs first, then statistical suspects of at least `threshold` that overlap none."""
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
    names = name_spans(ctx.norm.text)
    for suspect in dictionaries.statistical.suspects(ctx.norm.text, ctx.tokens, threshold):
        in_name = any(start <= suspect.position < end for start, end in names)
        if not in_name and not _overlaps(taken, suspect.start, suspect.end):
            taken.append((suspect.start, suspect.end))
            kind = "statistical real-word" if suspect.real_word else "statistical"
            source = f"{kind} {ctx.norm.text[suspect.start : suspect.end]}->{suspect.correct} gain={suspect.gain:.1f}"
            hits.append(ctx.hit("typo", suspect.start, suspect.end, suspect.correct, source, RULES["typo"]))
    return sorted(hits, key=lambda hit: hit.span)


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(left < end and start < right for left, right in taken)
