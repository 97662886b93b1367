"""security: pornography and gambling spam, spam links and SEO keyword stuffing (hijacked pages).

Per line of the normalised text: dictionary entries of kind ``security.porn`` and
``security.gambling`` add their points (each entry once); ``security.counter`` entries
(打击, 举报, 扫黄打非 ...) mark a line that warns against such content. A line is flagged
when it is keyword stuffing (three or more parts joined by ``_``, ``|`` or spaces, two of
them with spam entries), or when its spam points reach `THRESHOLD` and it carries no counter
entry. A ``security.domain`` entry (a spam host name) is flagged wherever it appears.
"""

from __future__ import annotations

import re

from checks.text.context import TextContext
from checks.text.hits import TextHit
from checks.text.lexicon import Entry
from checks.text.rules_ref import RULES

THRESHOLD = 4
HOST_POINTS = 3
_HOST = re.compile(
    r"(?<![a-z0-9.-])(?:www\.)?[a-z0-9-]*(?:bet|casino|sex|porn|xxoo|xxx|\d{3})[a-z0-9-]*"
    r"\.(?:com|net|cc|vip|top|xyz|me|tv|app|bet|live|club|info|co)(?![a-z0-9])"
)
_SUGGESTION = "删除被植入的色情、赌博内容，排查网站或账号是否被入侵"
_SEPARATOR = re.compile(r"[_|｜\s]+")


def security(ctx: TextContext) -> list[TextHit]:
    text = ctx.norm.text
    matches = ctx.matches("security") + _hosts(text)
    hits = [_domain_hit(ctx, start, end, entry) for start, end, entry in matches if entry.kind == "domain"]
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        inside = [(s, e, entry) for s, e, entry in matches if line_start <= s and e <= line_end]
        spam = [(s, e, entry) for s, e, entry in inside if entry.kind in ("porn", "gambling", "host")]
        if spam:
            hit = _line_hit(ctx, line_start, line_end, spam, any(entry.kind == "counter" for _, _, entry in inside))
            if hit:
                hits.append(hit)
        line_start = line_end + 1
    return sorted(hits, key=lambda hit: hit.span)


def _hosts(text: str) -> list[tuple[int, int, Entry]]:
    return [
        (m.start(), m.end(), Entry(m.group(), "", "security", "host", HOST_POINTS, "", "pattern"))
        for m in _HOST.finditer(text)
    ]


def _domain_hit(ctx: TextContext, start: int, end: int, entry: Entry) -> TextHit:
    return ctx.hit("security", start, end, "删除违规链接", f"{entry.origin} domain={entry.entry}", RULES["security"])


def _line_hit(
    ctx: TextContext, start: int, end: int, spam: list[tuple[int, int, Entry]], countered: bool
) -> TextHit | None:
    words = {entry.entry: entry for _, _, entry in spam}
    score = sum(entry.points for entry in words.values())
    stuffed = _stuffed(ctx, start, end, spam)
    if not stuffed and (countered or score < THRESHOLD):
        return None
    left = start if stuffed else min(s for s, _, _ in spam)
    right = end if stuffed else max(e for _, e, _ in spam)
    while left < right and ctx.norm.text[left].isspace():
        left += 1
    while right > left and ctx.norm.text[right - 1].isspace():
        right -= 1
    shown = ", ".join(f"{entry.kind}={word}" for word, entry in words.items())
    source = f"{'keyword stuffing' if stuffed else 'spam'} score {score}/{THRESHOLD}: {shown}"
    return ctx.hit(
        "security",
        left,
        right,
        "删除被植入的色情、赌博内容，排查网站或账号是否被入侵",
        source,
        RULES["security"],
    )


def _stuffed(ctx: TextContext, start: int, end: int, spam: list[tuple[int, int, Entry]]) -> bool:
    """Three or more parts joined by separators in the folded line, two with spam entries."""
    left, right = ctx.norm.span(start, end) if end > start else (0, 0)
    folded = ctx.norm.folded[left:right]
    if len(_SEPARATOR.findall(folded.strip())) < 2:
        return False
    parts, offset = [], left
    for part in _SEPARATOR.split(folded):
        parts.append((offset, offset + len(part)))
        offset += len(part)
        rest = ctx.norm.folded[offset:right]
        separator = _SEPARATOR.match(rest)
        offset += len(separator.group()) if separator else 0
    spam_spans = [ctx.norm.span(s, e) for s, e, _ in spam]
    with_spam = sum(1 for ps, pe in parts if pe > ps and any(ps <= s and e <= pe for s, e in spam_spans))
    return with_spam >= 2
