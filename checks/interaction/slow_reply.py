"""slow_reply: a comment needing an answer got none within the deadline, or its first one after.

Comments still within their deadline are pending, not findings. One finding per comment, keyed
``slow_reply:POST/COMMENT`` so that a later patrol finds the same problem again (a question
answered late after a finding keeps its key, and the evidence gains the reply time).
"""

from __future__ import annotations

from datetime import datetime

from checks.findings import Finding
from checks.interaction.classifier import CommentClassifier
from checks.interaction.evidence import iso, minute, post_url, short
from checks.interaction.threads import Question, read_questions
from checks.observations import Account
from checks.rules import Rules
from checks.workdays import WorkCalendar

CHECK = "slow_reply"
RULE = "国办秘函〔2019〕19号 互动回应差：网民留言未在答复期限内回复"


def slow_reply(
    account: Account, *, as_of: datetime, rules: Rules, calendar: WorkCalendar, classifier: CommentClassifier
) -> list[Finding]:
    """Findings for the comments of `account` answered late or not at all as of `as_of`."""
    questions = read_questions(account, as_of=as_of, rules=rules, calendar=calendar, classifier=classifier)
    return [_finding(account, q, rules) for q in questions if q.status in ("late", "overdue")]


def _finding(account: Account, question: Question, rules: Rules) -> Finding:
    comment, reply, deadline = question.comment, question.first_reply, question.deadline
    asked = f"网民留言“{short(comment.text)}”（{minute(comment.created_at)}）"
    if reply is None:
        message = f"{asked}超过答复期限{deadline.label}仍未答复"
    else:
        message = f"{asked}于{minute(reply.created_at)}才首次答复，超过答复期限{deadline.label}"
    return Finding(
        check=CHECK,
        severity=rules.severity(CHECK),
        key=f"{CHECK}:{comment.post_id}/{comment.comment_id}",
        message=message,
        rule=RULE,
        post_id=comment.post_id,
        comment_id=comment.comment_id,
        url=post_url(account, comment.post_id),
        quote=comment.text,
        evidence={
            "asked_at": iso(comment.created_at),
            "author": comment.author_name,
            "deadline": deadline.label,
            "due": iso(deadline.due),
            "replied_at": None if reply is None else iso(reply.created_at),
            "reply_id": None if reply is None else reply.comment_id,
            "reply": None if reply is None else reply.text,
        },
    )
