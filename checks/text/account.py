"""`content_findings`: the content checks on every post of an account, as findings."""

from __future__ import annotations

from datetime import datetime

from checks.findings import Finding
from checks.observations import Account, Post
from checks.rules import Rules
from checks.text.dictionaries import ContentDictionaries
from checks.text.hits import TextHit
from checks.text.proofread import check_text

_MESSAGES = {
    "severe_error": "严重表述错误：“{text}”应为“{suggestion}”",
    "typo": "错别字：“{text}”应为“{suggestion}”",
    "improper_wording": "表述不当：“{text}”，建议改为“{suggestion}”",
    "ad": "发布商业广告内容：“{text}”，请删除",
    "security": "疑似被篡改或植入色情、赌博等有害内容：“{text}”",
}


def content_findings(
    account: Account,
    *,
    dictionaries: ContentDictionaries,
    rules: Rules,
    as_of: datetime,
    allow: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Findings of every content check on each post's `full_text` (and commerce flags).

    The key ``CHECK:POST_ID:START:END:TEXT`` is stable across patrols for the same post and
    span; spans are offsets into `Post.full_text`; `allow` drops hits on dismissed texts.
    """
    findings = []
    for post in account.posts:
        hits = check_text(post.full_text, dictionaries, as_of=as_of.date(), allow=allow, commerce=post.commerce)
        findings += [_finding(post, hit, rules) for hit in hits]
    return findings


def _finding(post: Post, hit: TextHit, rules: Rules) -> Finding:
    start, end = hit.span
    quote = hit.text if len(hit.text) <= 80 else hit.text[:80] + "…"
    return Finding(
        check=hit.check,
        severity=rules.severity(hit.check),
        key=f"{hit.check}:{post.post_id}:{start}:{end}:{hit.text}",
        message=_MESSAGES[hit.check].format(text=quote, suggestion=hit.suggestion),
        rule=hit.rule,
        post_id=post.post_id,
        url=post.url,
        quote=hit.text,
        span=hit.span,
        suggestion=hit.suggestion or None,
        evidence={"source": hit.source, "published_at": post.published_at.isoformat()},
    )
