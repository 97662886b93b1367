"""Inspection periods: a calendar month (``2021-12``) or quarter (``2021Q4``) in Asia/Shanghai.

`parse_period` raises `PeriodError` for anything else. A period is the half-open interval
[start, end): `start` is midnight of its first day, `end` midnight after its last day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
_FORMS = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})|[Qq](?P<quarter>[1-4]))")


class PeriodError(ValueError):
    """Text that names no month or quarter."""


@dataclass(frozen=True)
class Period:
    """`months` is 1 (a month) or 3 (a quarter); `first_month` is 1-12."""

    year: int
    first_month: int
    months: int

    @property
    def label(self) -> str:
        if self.months == 3:
            return f"{self.year}Q{(self.first_month - 1) // 3 + 1}"
        return f"{self.year}-{self.first_month:02d}"

    @property
    def start(self) -> datetime:
        return datetime(self.year, self.first_month, 1, tzinfo=SHANGHAI)

    @property
    def end(self) -> datetime:
        month = self.first_month + self.months
        return datetime(self.year + (month - 1) // 12, (month - 1) % 12 + 1, 1, tzinfo=SHANGHAI)

    def previous(self) -> Period:
        """The period of the same length just before this one (December before January)."""
        month = self.first_month - self.months
        return Period(self.year - (month < 1), (month - 1) % 12 + 1, self.months)

    def contains(self, when: datetime) -> bool:
        return self.start <= when < self.end


def year_span(year: int) -> tuple[datetime, datetime]:
    """[start, end) of a calendar year in Asia/Shanghai."""
    return datetime(year, 1, 1, tzinfo=SHANGHAI), datetime(year + 1, 1, 1, tzinfo=SHANGHAI)


def parse_period(text: str) -> Period:
    """``YYYY-MM`` or ``YYYYQn``."""
    match = _FORMS.fullmatch(text.strip())
    if match is None:
        raise PeriodError(f"expected a month (2021-12) or a quarter (2021Q4), got {text!r}")
    year = int(match["year"])
    if match["quarter"]:
        return Period(year, (int(match["quarter"]) - 1) * 3 + 1, 3)
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise PeriodError(f"no month {month} in {text!r}")
    return Period(year, month, 1)
