"""ad: commercial advertising, scored from signals.

Signals are dictionary entries of kind ``ad.call`` (purchase calls, live-commerce patter),
``ad.price``, ``ad.discount``, ``ad.coupon``, ``ad.shop`` (shops, mini-programs, shop links),
``ad.contact`` (sales contacts), ``ad.absolute`` (claims the Advertising Law bans, counted only
beside another commercial signal) and ``ad.policy`` (government policy context, which
subtracts), plus price, discount (8.8折, 满200元送), coupon-code and contact patterns (400 numbers; a
seller's own mobile number, WeChat id or QQ counts 3) and the platform's commerce flags. Each kind counts once,
with its strongest signal plus a point for each further, different signal of it (at most
`MORE`); policy context subtracts the same way.
A text is an ad when the score reaches `THRESHOLD`; the hit explains every signal that
counted. The platform's own ad flags (is_ads, promotions) decide alone: no policy context
subtracts from them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from checks.text.context import TextContext
from checks.text.hits import TextHit
from checks.text.rules_ref import RULES

THRESHOLD = 5
MORE = 2
_PATTERNS = {
    "price": re.compile(
        r"[¥￥$]\s?\d+(?:\.\d+)?"
        r"|\d+(?:\.\d+)?\s?元(?:/|一|每|起|包邮|秒杀|抢)"
        r"|\d+(?:\.\d+)?\s?万起|[一二三四五六七八九\d]块[一二三四五六七八九\d]"
        r"|\d+元(?:到|至)\d+元"
        r"|(?:原价|现价|特价|售价|到手价|券后价?|仅需|只需|只要|仅售|低至)\s?\d+"
    ),
    "discount": re.compile(
        r"(?<![\d.])\d(?:\.\d)?\s?折|[一二三四五六七八九]折"
        r"|满\d+元?(?:减|送|包邮|立减)|立减\d+|买[一二三四五\d]送[一二三\d]|拍[一二\d]发[二三四\d]"
    ),
    "coupon": re.compile(r"[¥￥€][a-z0-9]{8,14}[¥￥€]|(?:优惠码|券码|邀请码|兑换码)[:：]?\s?[a-z0-9]{4,}"),
    "contact": re.compile(r"400-?\d{3}-?\d{4}"),
    "private contact": re.compile(
        r"(?:微信|薇信|威信|vx|v信|wx|加v)[:：号]?\s?(?:[a-z][-_a-z0-9]{4,19}|\d{5,12})"
        r"|(?<!\d)1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)"
        r"|qq[:：]?\s?\d{5,11}"
    ),
}
_POINTS = {"private contact": 3}  # a seller's own phone, WeChat or QQ; other patterns count 2
_KIND = {"private contact": "contact"}
_FLAGS = {"is_ads": THRESHOLD, "promotions": THRESHOLD, "anchor_info": 2}  # the platform says: an ad


@dataclass(frozen=True)
class _Signal:
    kind: str
    points: int
    start: int
    end: int
    label: str


def ads(ctx: TextContext, commerce: Mapping[str, bool] | None = None) -> list[TextHit]:
    """At most one hit: on the strongest text signal (or the whole text when only flags fired)."""
    signals = [
        _Signal(entry.kind, entry.points, start, end, f"{entry.kind}={entry.entry}")
        for start, end, entry in ctx.matches("ad")
    ]
    for kind, pattern in _PATTERNS.items():
        signals += [
            _Signal(_KIND.get(kind, kind), _POINTS.get(kind, 2), m.start(), m.end(), f"{kind}={m.group()}")
            for m in pattern.finditer(ctx.norm.text)
        ]
    strongest: dict[str, _Signal] = {}
    distinct: dict[str, set[str]] = {}
    for signal in signals:
        distinct.setdefault(signal.kind, set()).add(signal.label)
        if signal.kind not in strongest or strongest[signal.kind].points < signal.points:
            strongest[signal.kind] = signal
    flags = [(flag, points) for flag, points in _FLAGS.items() if (commerce or {}).get(flag)]
    commercial = [s for s in strongest.values() if s.kind not in ("absolute", "policy")]
    score = sum(s.points + _more(distinct[s.kind]) for s in commercial) + sum(points for _, points in flags)
    counted = list(commercial)
    if "absolute" in strongest and (commercial or flags):
        score += strongest["absolute"].points
        counted.append(strongest["absolute"])
    decisive = any(points >= THRESHOLD for _, points in flags)  # the platform marks the post an ad
    if "policy" in strongest and not decisive:
        score -= strongest["policy"].points + _more(distinct["policy"])
        counted.append(strongest["policy"])
    if score < THRESHOLD:
        return []
    explained = [s.label for s in sorted(counted, key=lambda s: s.start)] + [f"flag={flag}" for flag, _ in flags]
    source = f"ad score {score}/{THRESHOLD}: " + ", ".join(explained)
    suggestion = "删除商业广告内容和购买链接"
    if commercial:
        best = max(commercial, key=lambda s: (s.points, -s.start))
        return [ctx.hit("ad", best.start, best.end, suggestion, source, RULES["ad"])]
    left, right = 0, len(ctx.original)
    return [TextHit("ad", (left, right), ctx.original, suggestion, source, RULES["ad"])]


def _more(labels: set[str]) -> int:
    """One point for each further, different signal of a kind, at most `MORE`."""
    return min(len(labels) - 1, MORE)
