"""Working days in mainland China: public holidays, make-up workdays and deadlines.

Which days are working days is decided per year, by the first source that covers it:

1. ``file``: holiday files an office drops in a folder, one per year (format below);
2. ``chinese-calendar``: the package, for the years it knows (2004-2026 in version 1.11);
3. ``weekdays``: Monday to Friday. `WorkCalendar.source` says when this fallback is in use,
   so the run summary can say so; nothing here prints, and no date makes it raise.

Holiday file format (UTF-8 text). The file name begins with the year it covers
(``2027.txt``, ``2027-国务院办公厅通知.txt``); ``#`` starts a comment; blank lines are
skipped; every other line is ``DATE KIND [NOTE]`` separated by spaces or tabs::

    # 2027 年部分节假日安排
    2027-01-01              holiday   元旦
    2027-02-06..2027-02-12  holiday   春节
    2027-02-14              workday   春节调休上班

``DATE`` is ``YYYY-MM-DD`` or an inclusive range ``YYYY-MM-DD..YYYY-MM-DD``; ``KIND`` is
``holiday`` (or ``休``) or ``workday`` (or ``班``). Dates fall in the file's year or in the
December before it (a make-up day announced with the next year's holidays). In a year that a
file covers, a listed date is what the file says and any other date is a working day when it
is Monday to Friday; a file wins over the package for its year. A file that cannot be used
raises `HolidayFileError`.

Times without a zone are read as China Standard Time (UTC+8), as is the day of any time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Literal

import chinese_calendar

from checks.data_error import DataLineError

CST = timezone(timedelta(hours=8), "CST")

Source = Literal["file", "chinese-calendar", "weekdays"]

_KINDS = {"holiday": False, "休": False, "workday": True, "班": True}
_FILE_NAME = re.compile(r"(\d{4})(?!\d)")
_DATE = r"\d{4}-\d{2}-\d{2}"
_DATES = re.compile(rf"({_DATE})(?:\.\.({_DATE}))?")


class HolidayFileError(DataLineError):
    """A holiday file that cannot be used; str() is ``FILE:LINE: field: problem``.

    Line 0 means the file as a whole (its name, or a file that cannot be read).
    """


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days. Build it with `load_calendar` or directly.

    - `days`: dates an office's files state: True a working day, False a holiday.
    - `file_years`: the years those files cover.
    """

    days: Mapping[date, bool] = field(default_factory=dict)
    file_years: frozenset[int] = frozenset()

    def source(self, year: int) -> Source:
        """Where the working days of `year` come from."""
        if year in self.file_years:
            return "file"
        return "chinese-calendar" if _package_knows(year) else "weekdays"

    def is_workday(self, day: date) -> bool:
        """True when `day` is a working day in mainland China by this calendar's sources."""
        if day in self.days:
            return self.days[day]
        if self.source(day.year) == "chinese-calendar":
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5

    def nth_workday_after(self, day: date, n: int) -> date:
        """The `n`-th working day strictly after `day` (n >= 1); `date.max` past the end of time."""
        if n < 1:
            raise ValueError(f"n must be at least 1, not {n}")
        try:
            while n:
                day += timedelta(days=1)
                n -= self.is_workday(day)
        except OverflowError:
            return date.max
        return day

    def deadline(self, moment: datetime, working_days: int) -> datetime:
        """The end of the `working_days`-th working day after the (China) day of `moment`.

        Returned as the first instant after that day, 00:00 UTC+8 of the next calendar day:
        something done before it is in time. A Saturday comment with 5 working days has
        until the end of the following Friday (no holidays in between); a comment on the eve
        of a seven-day holiday has until the end of the fifth working day after the holiday.
        """
        last = self.nth_workday_after(china_day(moment), working_days)
        if last == date.max:
            return datetime.max.replace(tzinfo=CST)
        return datetime.combine(last + timedelta(days=1), time(), CST)


def china_day(moment: datetime) -> date:
    """The calendar day of `moment` in China (UTC+8); a naive time is taken as UTC+8."""
    return as_china_time(moment).date()


def as_china_time(moment: datetime) -> datetime:
    """`moment` in UTC+8; a naive time is taken to be UTC+8 already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=CST)
    try:
        return moment.astimezone(CST)
    except OverflowError:  # within hours of datetime.min or datetime.max
        return moment.replace(tzinfo=CST)


def load_calendar(holiday_dir: Path | str | None = None) -> WorkCalendar:
    """A calendar from the package plus every ``*.txt`` holiday file in `holiday_dir`.

    Raises `HolidayFileError` for a file that cannot be used, or for two files that
    disagree on a date or cover the same year.
    """
    if holiday_dir is None:
        return WorkCalendar()
    folder = Path(holiday_dir)
    if not folder.is_dir():
        raise HolidayFileError(folder, 0, "folder", "is not a folder")
    return merge_holiday_files(sorted(folder.glob("*.txt")))


def merge_holiday_files(paths: Iterable[Path]) -> WorkCalendar:
    """A calendar from the package plus the given holiday files (see the module docstring)."""
    days: dict[date, bool] = {}
    origin: dict[date, Path] = {}
    years: dict[int, Path] = {}
    for path in paths:
        year, entries = read_holiday_file(path)
        if year in years:
            raise HolidayFileError(path, 0, "name", f"{year} is already covered by {years[year]}")
        years[year] = path
        for day, (workday, line) in entries.items():
            if day in days and days[day] != workday:
                raise HolidayFileError(path, line, "date", f"{day} disagrees with {origin[day]}")
            days[day], origin[day] = workday, path
    return WorkCalendar(days=days, file_years=frozenset(years))


def read_holiday_file(path: Path) -> tuple[int, dict[date, tuple[bool, int]]]:
    """The year a holiday file covers and its dates: date -> (is a working day, line number)."""
    match = _FILE_NAME.match(path.name)
    if match is None:
        raise HolidayFileError(path, 0, "name", "must begin with the year it covers, e.g. 2027.txt")
    year = int(match.group(1))
    if not 2000 <= year <= 9999:
        raise HolidayFileError(path, 0, "name", f"{year} is not a year between 2000 and 9999")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise HolidayFileError(path, 0, "file", str(exc)) from exc
    entries: dict[date, tuple[bool, int]] = {}
    for number, raw in enumerate(lines, start=1):
        fields = raw.split("#", 1)[0].split()
        if not fields:
            continue
        if len(fields) < 2:
            raise HolidayFileError(path, number, "kind", "missing (holiday or workday)")
        workday = _KINDS.get(fields[1])
        if workday is None:
            raise HolidayFileError(path, number, "kind", f"{fields[1]!r} is not holiday, workday, 休 or 班")
        for day in _dates(path, number, fields[0], year):
            if day in entries and entries[day][0] != workday:
                raise HolidayFileError(path, number, "date", f"{day} contradicts line {entries[day][1]}")
            entries[day] = (workday, number)
    return year, entries


def _dates(path: Path, number: int, text: str, year: int) -> list[date]:
    match = _DATES.fullmatch(text)
    if match is None:
        raise HolidayFileError(path, number, "date", f"{text!r} is not YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD")
    try:
        first = date.fromisoformat(match.group(1))
        last = date.fromisoformat(match.group(2) or match.group(1))
    except ValueError as exc:
        raise HolidayFileError(path, number, "date", f"{text!r}: {exc}") from exc
    if last < first:
        raise HolidayFileError(path, number, "date", f"{text!r} ends before it starts")
    if first < date(year - 1, 12, 1) or last > date(year, 12, 31):
        raise HolidayFileError(path, number, "date", f"{text!r} is outside {year} and the December before")
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@cache
def _package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except (NotImplementedError, ValueError):
        return False
    return True
