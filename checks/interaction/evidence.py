"""How interaction findings quote comments and write times: shared by the checks."""

from __future__ import annotations

from datetime import datetime

from checks.observations import Account
from checks.workdays import as_china_time

QUOTE_CHARS = 30


def short(text: str) -> str:
    """`text` on one line, cut to `QUOTE_CHARS` characters with an ellipsis, for messages."""
    line = " ".join(text.split())
    return line if len(line) <= QUOTE_CHARS else line[: QUOTE_CHARS - 1] + "…"


def minute(moment: datetime) -> str:
    """`moment` in China time to the minute, as messages show it: ``2026-09-30 10:00``."""
    return f"{as_china_time(moment):%Y-%m-%d %H:%M}"


def iso(moment: datetime) -> str:
    """`moment` in China time as ISO-8601, as evidence stores it."""
    return as_china_time(moment).isoformat()


def post_url(account: Account, post_id: str) -> str | None:
    """The URL of the account's post `post_id`, when it was observed with one."""
    return next((post.url for post in account.posts if post.post_id == post_id), None)
