"""The reply deadline of a comment under a profile: working days or hours.

- Working days (``reply_deadline_working_days = N``): until the end (24:00, UTC+8) of the
  N-th working day after the day the comment was written; the comment's own day never counts,
  whether or not it is a working day. See `checks.workdays.WorkCalendar.deadline`.
- Hours (``reply_deadline_hours = H``): until H clock hours after the comment, holidays
  included.

A reply is in time when it is written before `Deadline.due`; a comment without one is overdue
from `due` on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from checks.rules import Rules
from checks.workdays import WorkCalendar, as_china_time, china_day


@dataclass(frozen=True)
class Deadline:
    """When an answer comes too late, said for people, and which calendar years were guessed.

    - `due`: the first instant that is too late.
    - `label`: e.g. ``5个工作日（至2026-10-13）`` or ``24小时（至2026-10-01 10:00）``.
    - `weekday_years`: years between the comment and `due` whose working days fell back to
      Monday-Friday (no holiday data); empty for hour deadlines.
    """

    due: datetime
    label: str
    weekday_years: frozenset[int] = frozenset()


def reply_deadline(asked_at: datetime, *, rules: Rules, calendar: WorkCalendar) -> Deadline:
    """The deadline for answering a comment written at `asked_at`.

    Raises ValueError when `rules` gives neither a working-day nor an hour deadline.
    """
    asked = as_china_time(asked_at)
    if rules.reply_deadline_hours is not None:
        try:
            due = asked + timedelta(hours=rules.reply_deadline_hours)
        except OverflowError:
            due = datetime.max.replace(tzinfo=asked.tzinfo)
        return Deadline(due, f"{rules.reply_deadline_hours}小时（至{due:%Y-%m-%d %H:%M}）")
    days = rules.reply_deadline_working_days
    if days is None:
        raise ValueError(f"profile {rules.name!r} sets no reply deadline")
    due = calendar.deadline(asked, days)
    last_day = china_day(due - timedelta(microseconds=1))
    guessed = frozenset(
        year for year in range(asked.year, last_day.year + 1) if calendar.source(year) == "weekdays"
    )
    return Deadline(due, f"{days}个工作日（至{last_day:%Y-%m-%d}）", guessed)
