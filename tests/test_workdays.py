"""Working days: chinese-calendar, office holiday files, the Monday-Friday fallback, deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from checks.workdays import CST, HolidayFileError, WorkCalendar, china_day, load_calendar

PACKAGE = WorkCalendar()


def cst(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CST)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_national_day_2026_and_its_make_up_saturday() -> None:
    assert not PACKAGE.is_workday(date(2026, 10, 1))
    assert not PACKAGE.is_workday(date(2026, 10, 7))
    assert PACKAGE.is_workday(date(2026, 10, 10))  # Saturday, make-up workday
    assert PACKAGE.is_workday(date(2026, 9, 20))  # Sunday, make-up workday
    assert PACKAGE.source(2026) == "chinese-calendar"


def test_deadline_of_a_question_asked_on_the_eve_of_national_day_2026() -> None:
    # 10-08 Thu, 10-09 Fri, 10-10 Sat (make-up), 10-12 Mon, 10-13 Tue: the end of 10-13.
    assert PACKAGE.nth_workday_after(date(2026, 9, 30), 5) == date(2026, 10, 13)
    assert PACKAGE.deadline(cst(2026, 9, 30, 10, 0), 5) == cst(2026, 10, 14)
    # the time of day does not matter, only the day of the comment
    assert PACKAGE.deadline(cst(2026, 9, 30, 23, 59), 5) == cst(2026, 10, 14)


def test_a_make_up_workday_counts_towards_the_deadline() -> None:
    # Asked Friday 10-09: Sat 10-10 (make-up), 10-12, 10-13, 10-14, 10-15 -> end of 10-15,
    # a day earlier than Monday-Friday counting would give.
    assert PACKAGE.deadline(cst(2026, 10, 9, 15), 5) == cst(2026, 10, 16)
    # Asked Saturday 09-19: Sunday 09-20 is a make-up workday and the first of five.
    assert PACKAGE.deadline(cst(2026, 9, 19, 12), 5) == cst(2026, 9, 25)


def test_the_day_is_the_china_day_whatever_the_zone_of_the_time() -> None:
    # 2026-09-29 20:00 UTC is 2026-09-30 04:00 in China: the eve of National Day.
    utc = datetime(2026, 9, 29, 20, 0, tzinfo=UTC)
    assert china_day(utc) == date(2026, 9, 30)
    assert PACKAGE.deadline(utc, 5) == cst(2026, 10, 14)
    # a naive time is read as China time
    assert PACKAGE.deadline(datetime(2026, 9, 30, 10), 5) == cst(2026, 10, 14)


def test_2027_without_a_holiday_file_falls_back_to_monday_to_friday_and_says_so() -> None:
    assert PACKAGE.source(2027) == "weekdays"
    assert PACKAGE.is_workday(date(2027, 10, 1))  # a Friday; no holiday known
    assert not PACKAGE.is_workday(date(2027, 10, 2))
    # Thursday 2027-09-30: 10-01 Fri, 10-04, 10-05, 10-06, 10-07 -> end of 10-07
    assert PACKAGE.deadline(cst(2027, 9, 30, 10), 5) == cst(2027, 10, 8)


def test_2027_with_a_holiday_file_uses_it(tmp_path: Path) -> None:
    write(tmp_path, "2027.txt", "# 2027 年国庆节（示例）\n2027-10-01..2027-10-07 holiday 国庆节\n2027-10-09 workday\n")
    calendar = load_calendar(tmp_path)
    assert calendar.source(2027) == "file"
    assert calendar.source(2026) == "chinese-calendar"
    assert not calendar.is_workday(date(2027, 10, 1))
    assert calendar.is_workday(date(2027, 10, 9))  # a Saturday the file makes a workday
    assert calendar.is_workday(date(2027, 10, 8)) and not calendar.is_workday(date(2027, 10, 16))
    # 10-08 Fri, 10-09 Sat (make-up), 10-11, 10-12, 10-13 -> end of 10-13
    assert calendar.deadline(cst(2027, 9, 30, 10), 5) == cst(2027, 10, 14)


def test_a_holiday_file_wins_over_the_package_for_its_year_and_may_reach_into_december(tmp_path: Path) -> None:
    write(tmp_path, "2026-corrections.txt", "2026-10-08 休  # an office's own extra day\n")
    write(tmp_path, "2027.txt", "2026-12-31 休 元旦\n2027-01-01 休 元旦\n")
    calendar = load_calendar(tmp_path)
    assert calendar.source(2026) == "file"
    assert not calendar.is_workday(date(2026, 10, 8))
    # a year covered by a file is Monday-Friday apart from its listed dates: 10-01 is no longer a holiday
    assert calendar.is_workday(date(2026, 10, 1))
    assert not calendar.is_workday(date(2026, 12, 31))


def test_no_holiday_folder_is_the_package_alone() -> None:
    assert load_calendar(None) == WorkCalendar()


@pytest.mark.parametrize(
    "moment",
    [datetime.min, datetime.max, datetime(1900, 1, 1, tzinfo=UTC), cst(2100, 2, 28), cst(9999, 12, 30)],
)
def test_no_date_makes_it_crash(moment: datetime) -> None:
    due = PACKAGE.deadline(moment, 5)
    assert due.tzinfo is not None
    assert due >= moment.replace(tzinfo=CST)


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("2027.txt", "2027-10-01 holiday\n\n2027-10-02 vacation\n", ":3: kind: 'vacation' is not holiday"),
        ("2027.txt", "2027-10-01\n", ":1: kind: missing"),
        ("2027.txt", "# ok\n2027/10/01 holiday\n", ":2: date: '2027/10/01' is not YYYY-MM-DD"),
        ("2027.txt", "2027-02-30 holiday\n", ":1: date: '2027-02-30': "),
        ("2027.txt", "2027-10-07..2027-10-01 holiday\n", ":1: date: '2027-10-07..2027-10-01' ends before"),
        ("2027.txt", "2026-11-30 workday\n", ":1: date: '2026-11-30' is outside 2027 and the December before"),
        ("2027.txt", "2027-10-01 holiday\n2027-10-01 workday\n", ":2: date: 2027-10-01 contradicts line 1"),
        ("holidays.txt", "2027-10-01 holiday\n", ":0: name: must begin with the year"),
    ],
)
def test_a_bad_holiday_file_names_file_line_field_and_problem(tmp_path: Path, name: str, text: str, where: str) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(HolidayFileError) as caught:
        load_calendar(tmp_path)
    assert str(caught.value).startswith(f"{path}{where}")


def test_two_files_that_disagree_on_a_date_are_an_error(tmp_path: Path) -> None:
    second = write(tmp_path, "2027.txt", "2026-12-31 holiday\n")
    write(tmp_path, "2026.txt", "2026-12-31 workday\n")
    with pytest.raises(HolidayFileError) as caught:
        load_calendar(tmp_path)
    assert str(caught.value) == f"{second}:1: date: 2026-12-31 disagrees with {tmp_path / '2026.txt'}"


def test_the_n_th_working_day_needs_n_of_at_least_one() -> None:
    with pytest.raises(ValueError):
        PACKAGE.nth_workday_after(date(2026, 1, 5), 0)
    assert PACKAGE.nth_workday_after(date(2026, 1, 5), 1) == date(2026, 1, 5) + timedelta(days=1)
