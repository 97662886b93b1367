"""perfunctory_reply: boilerplate answers to different questions, and answers with no substance.

Only official replies written directly under a comment that needs an answer are judged; a
stock "感谢支持" under praise is fine.

- Template: near-identical replies (same text once punctuation, emoji and @mentions are
  dropped and digit runs made equal; difflib ratio >= `SIMILARITY`) given to at least
  `MIN_QUESTIONS` questions that are not near-identical themselves. One finding per template,
  quoting its most used wording, keyed by a digest of its first use
  (``perfunctory_reply:template:DIGEST``).
- Empty: a reply made only of filler words (收到; 您好，已转相关部门处理，感谢关注) and not
  followed by an official reply with substance in the same thread. One finding per reply
  (``perfunctory_reply:empty:POST/REPLY``); replies already counted in a template are not
  reported again.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher

from checks.findings import Finding
from checks.interaction.classifier import CommentClassifier
from checks.interaction.evidence import iso, minute, post_url, short
from checks.interaction.threads import Question, is_reply_to, read_questions
from checks.observations import Account, Comment
from checks.rules import Rules
from checks.workdays import WorkCalendar, as_china_time

CHECK = "perfunctory_reply"
RULE_TEMPLATE = "互动回应差：答复模板化，同一答复用于不同的网民提问"
RULE_EMPTY = "互动回应差：答复无实质内容"
SIMILARITY = 0.85
MIN_QUESTIONS = 3

_MENTIONS = re.compile(r"@[^\s@:：,，。!！?？]+")
_DIGITS = re.compile(r"[0-9]+")
_NOT_WORD = re.compile(r"[^#a-z\u3400-\u9fff\uf900-\ufaff]")


@dataclass
class _Template:
    seed: str
    answers: list[tuple[Comment, Question]] = field(default_factory=list)


def perfunctory_reply(
    account: Account, *, as_of: datetime, rules: Rules, calendar: WorkCalendar, classifier: CommentClassifier
) -> list[Finding]:
    """Template and empty-reply findings for the official answers of `account` as of `as_of`."""
    questions = read_questions(account, as_of=as_of, rules=rules, calendar=calendar, classifier=classifier)
    answers = [(r, q) for q in questions for r in q.replies if is_reply_to(r, q.comment)]
    answers.sort(key=lambda pair: as_china_time(pair[0].created_at))
    templates = [t for t in _templates(answers) if _distinct(q.comment.text for _, q in t.answers) >= MIN_QUESTIONS]
    templated = {id(reply) for t in templates for reply, _ in t.answers}
    findings = [_template_finding(t, rules) for t in templates]
    for reply, question in answers:
        if id(reply) not in templated and _empty(reply, question, classifier):
            findings.append(_empty_finding(account, reply, question, rules))
    return findings


def _templates(answers: list[tuple[Comment, Question]]) -> list[_Template]:
    templates: list[_Template] = []
    for reply, question in answers:
        text = _normal(reply.text)
        template = next((t for t in templates if _similar(t.seed, text)), None)
        if template is None:
            template = _Template(text)
            templates.append(template)
        template.answers.append((reply, question))
    return templates


def _distinct(texts: Iterable[str]) -> int:
    """How many of `texts` are not near-identical to an earlier one."""
    seeds: list[str] = []
    for text in texts:
        normal = _normal(text)
        if not any(_similar(seed, normal) for seed in seeds):
            seeds.append(normal)
    return len(seeds)


def _empty(reply: Comment, question: Question, classifier: CommentClassifier) -> bool:
    if classifier.has_substance(reply.text):
        return False
    later = (r for r in question.replies if as_china_time(r.created_at) > as_china_time(reply.created_at))
    return not any(classifier.has_substance(r.text) for r in later)


def _normal(text: str) -> str:
    return _NOT_WORD.sub("", _DIGITS.sub("#", _MENTIONS.sub("", text).lower()))


def _similar(a: str, b: str) -> bool:
    return a == b or SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILARITY


def _template_finding(template: _Template, rules: Rules) -> Finding:
    replies = [reply for reply, _ in template.answers]
    wording = Counter(" ".join(r.text.split()) for r in replies).most_common(1)[0][0]
    questions = [q.comment for _, q in template.answers]
    digest = hashlib.sha1(template.seed.encode("utf-8")).hexdigest()[:12]
    return Finding(
        check=CHECK,
        severity=rules.severity(CHECK),
        key=f"{CHECK}:template:{digest}",
        message=f"同一答复“{short(wording)}”用于{_distinct(c.text for c in questions)}条不同的网民提问，答复模板化",
        rule=RULE_TEMPLATE,
        quote=wording,
        evidence={
            "replies": len(replies),
            "questions": _distinct(c.text for c in questions),
            "first_used_at": iso(replies[0].created_at),
            "last_used_at": iso(replies[-1].created_at),
            "question_ids": ",".join(f"{c.post_id}/{c.comment_id}" for c in questions),
            "examples": " | ".join(short(c.text) for c in questions[:3]),
        },
    )


def _empty_finding(account: Account, reply: Comment, question: Question, rules: Rules) -> Finding:
    asked = question.comment
    return Finding(
        check=CHECK,
        severity=rules.severity(CHECK),
        key=f"{CHECK}:empty:{reply.post_id}/{reply.comment_id}",
        message=f"网民提问“{short(asked.text)}”（{minute(asked.created_at)}）仅获答复“{short(reply.text)}”，无实质内容",
        rule=RULE_EMPTY,
        post_id=reply.post_id,
        comment_id=reply.comment_id,
        url=post_url(account, reply.post_id),
        quote=reply.text,
        evidence={
            "question": asked.text,
            "question_id": asked.comment_id,
            "asked_at": iso(asked.created_at),
            "replied_at": iso(reply.created_at),
        },
    )
