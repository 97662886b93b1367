"""The CLI's clock: `--as-of` parsing and 'now', always aware, in Asia/Shanghai; and `--period`-like options."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from checks.period import Period, PeriodError, parse_period
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


def parse_period_option(value: str, option: str) -> Period:
    """A month (2021-12) or quarter (2021Q4) given to `option`; UsageError naming the option otherwise."""
    try:
        return parse_period(value)
    except PeriodError as exc:
        raise UsageError(f"{option}: {exc}") from exc
