"""Platform time formats to aware datetimes (Asia/Shanghai)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from crawler.outcomes import BadResponse

SHANGHAI = ZoneInfo("Asia/Shanghai")
_MINUTES = re.compile(r"^(\d+)\s*分钟前$")
_HOURS = re.compile(r"^(\d+)\s*小时前$")
_YESTERDAY = re.compile(r"^昨天\s*(\d{1,2}):(\d{2})$")
_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def from_unix(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, SHANGHAI)


def weibo_time(value: str, *, now: datetime) -> datetime:
    """Parse Weibo's ``created_at``: the full form or the relative forms of older responses.

    Relative forms ("刚刚", "5分钟前", "昨天 12:00", "06-14") are read against `now`, the
    fetch's clock. Raises BadResponse for anything else.
    """
    text = value.strip()
    try:
        return datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y").astimezone(SHANGHAI)
    except ValueError:
        pass
    local = now.astimezone(SHANGHAI)
    if text == "刚刚":
        return local
    if m := _MINUTES.match(text):
        return local - timedelta(minutes=int(m[1]))
    if m := _HOURS.match(text):
        return local - timedelta(hours=int(m[1]))
    if m := _YESTERDAY.match(text):
        day = local - timedelta(days=1)
        return day.replace(hour=int(m[1]), minute=int(m[2]), second=0, microsecond=0)
    if m := _MONTH_DAY.match(text):
        guess = local.replace(month=int(m[1]), day=int(m[2]), hour=0, minute=0, second=0, microsecond=0)
        return guess if guess <= local else guess.replace(year=local.year - 1)
    if m := _DATE.match(text):
        return datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=SHANGHAI)
    raise BadResponse(f"unknown Weibo time format {value!r}")
