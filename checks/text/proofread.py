"""`proofread`: every content check on one text."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from checks.text.ad_check import ads
from checks.text.context import prepare
from checks.text.dictionaries import ContentDictionaries
from checks.text.hits import TextHit
from checks.text.security_check import security
from checks.text.severe_check import severe_errors
from checks.text.typo_check import typos
from checks.text.wording_check import improper_wording

CHECKS = ("security", "severe_error", "typo", "improper_wording", "ad")


def proofread(
    text: str,
    dictionaries: ContentDictionaries,
    *,
    as_of: date | None = None,
    allow: frozenset[str] = frozenset(),
) -> list[TextHit]:
    """The hits of every content check on `text`, ordered by span.

    `as_of` limits the leader roster to the lines started by that day (all lines when None);
    hits whose matched text is in `allow` are dropped. A typo overlapping a severe_error is
    the severe_error only; a text with injected spam (security) gets no ad hit besides, since
    the spam's sales pitch is part of the injection.
    """
    return check_text(text, dictionaries, as_of=as_of, allow=allow)


def check_text(
    text: str,
    dictionaries: ContentDictionaries,
    *,
    as_of: date | None,
    allow: frozenset[str],
    commerce: Mapping[str, bool] | None = None,
) -> list[TextHit]:
    """`proofread`, with the platform's commerce flags counted by the ad check."""
    ctx = prepare(text, dictionaries)
    severe = severe_errors(ctx, dictionaries, as_of)
    typo = [hit for hit in typos(ctx, dictionaries) if not any(_overlap(hit, other) for other in severe)]
    injected = security(ctx)
    hits = injected + severe + typo + improper_wording(ctx) + ([] if injected else ads(ctx, commerce))
    return sorted((hit for hit in hits if hit.text not in allow), key=lambda hit: (hit.span, CHECKS.index(hit.check)))


def _overlap(a: TextHit, b: TextHit) -> bool:
    return a.span[0] < b.span[1] and b.span[0] < a.span[1]
