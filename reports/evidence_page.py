"""The page a veto finding's screenshot is taken of: the post as stored when the patrol saw it, the
offending span (or the comment) highlighted, and where and when it was captured.

Everything shown is escaped (`html_text`); the page loads nothing and runs no script.
"""

from __future__ import annotations

from datetime import datetime

from reports.labels import account_label, check_label, local_iso
from reports.untrusted import html_text
from storage.models import Account, Comment, Finding, Post

STYLE = """body{margin:0;background:#f2f2f2;font-family:"WenQuanYi Zen Hei","Noto Sans CJK SC",sans-serif}
article{width:560px;margin:12px;padding:16px;background:#fff;border:1px solid #ccc;line-height:1.7}
header{color:#555;font-size:14px}h1{font-size:18px;margin:6px 0}.text{white-space:pre-wrap;font-size:16px}
mark{background:#ffe066;outline:2px solid #d32f2f}.comment{margin-top:10px;padding:8px;background:#f7f7f7}
footer{margin-top:12px;padding-top:8px;border-top:1px solid #ddd;color:#333;font-size:13px}"""


def evidence_page(finding: Finding, account: Account, post: Post, comment: Comment | None, *,
                  captured_at: datetime) -> str:
    """The post with `finding`'s span (or its `comment`) highlighted, as one HTML page."""
    text = _highlighted(post.text, finding)
    parts = [
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<style>{STYLE}</style></head><body><article>",
        f"<header>{html_text(account_label(account.name, account.platform))} · 发布于 "
        f"{html_text(_when(post.published_at))}</header>",
    ]
    if post.title:
        parts.append(f"<h1>{html_text(post.title)}</h1>")
    parts.append(f'<div class="text">{text}</div>')
    if comment is not None:
        parts.append(f'<div class="comment">{html_text(comment.author_name or "网友")} 评论于 '
                     f"{html_text(_when(comment.created_at))}：<mark>{html_text(comment.text)}</mark></div>")
    parts.append(f"<footer>问题：{html_text(check_label(finding.check))}（编号 {finding.id}）——"
                 f"{html_text(finding.message)}<br>链接：{html_text(post.url or '')}<br>"
                 f"截取时间：{html_text(_when(captured_at))}（北京时间）</footer></article></body></html>")
    return "".join(parts)


def _highlighted(text: str, finding: Finding) -> str:
    """The text with the finding's span marked: where its offsets still hold the quote, else at the
    quote's first place; unmarked when the quote is not in the text."""
    start, end = finding.span_start, finding.span_end
    quote = finding.quote or ""
    if start is None or end is None or text[start:end] != quote:
        found = text.find(quote) if quote else -1
        if found < 0:
            return html_text(text)
        start, end = found, found + len(quote)
    return f"{html_text(text[:start])}<mark>{html_text(text[start:end])}</mark>{html_text(text[end:])}"


def _when(moment: datetime) -> str:
    return (local_iso(moment) or "")[:16].replace("T", " ")
