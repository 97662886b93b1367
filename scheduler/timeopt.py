"""The CLI's clock: `--as-of` parsing and 'now', always aware, in Asia/Shanghai."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from scheduler.errors import UsageError

SHANGHAI = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    return datetime.now(SHANGHAI)


def parse_as_of(value: str | None) -> datetime:
    """ISO-8601 date or time; a naive value is read in Asia/Shanghai; None means now."""
    if not value:
        return now()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"--as-of: not an ISO-8601 time: {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=SHANGHAI)
