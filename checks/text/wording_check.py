"""improper_wording: dictionary expressions a government account should not use."""

from __future__ import annotations

from checks.text.context import TextContext
from checks.text.hits import TextHit
from checks.text.rules_ref import RULES


def improper_wording(ctx: TextContext) -> list[TextHit]:
    """CJK entries match on token boundaries; ASCII ones as whole ASCII words."""
    hits: dict[tuple[int, int], TextHit] = {}
    for start, end, entry in ctx.matches("improper_wording"):
        if entry.fires_alone and (entry.entry.isascii() or ctx.aligned(start, end)):
            source = f"{entry.origin} {entry.kind}: {entry.note}" if entry.note else f"{entry.origin} {entry.kind}"
            hit = ctx.hit("improper_wording", start, end, entry.replacement, source, RULES["improper_wording"])
            hits.setdefault((start, end), hit)
    return sorted(hits.values(), key=lambda hit: hit.span)
