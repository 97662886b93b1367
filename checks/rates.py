"""合格率: (checked - failed) / checked, overall and by group, and its change in percentage points.

Percentages are rounded to one decimal as notices print them, and a change is the difference of
the printed percentages, so that a reader can check the arithmetic (95.0% vs 91.6%: +3.4).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

CITY_LEVEL = frozenset({"市级", "市本级", "市直"})


def owner_level(district: str) -> str:
    """``city`` for a city department (地区 市级 or empty), else ``district`` (区/县/县级市 and below)."""
    return "city" if district.strip() in CITY_LEVEL or not district.strip() else "district"


@dataclass(frozen=True)
class Rate:
    checked: int
    failed: int

    @property
    def percent(self) -> float | None:
        """The pass rate in percent, one decimal; None when nothing was checked."""
        if not self.checked:
            return None
        return round((self.checked - self.failed) * 100 / self.checked, 1)


def rate_of(failed_flags: Iterable[bool]) -> Rate:
    flags = list(failed_flags)
    return Rate(len(flags), sum(flags))


def rates_by(rows: Iterable[tuple[str, bool]]) -> dict[str, Rate]:
    """Rates per group from (group, failed) pairs, groups in sorted order."""
    groups: dict[str, list[bool]] = {}
    for group, failed in rows:
        groups.setdefault(group, []).append(failed)
    return {group: rate_of(groups[group]) for group in sorted(groups)}


def change_pp(current: Rate, previous: Rate | None) -> float | None:
    """Percentage points gained since `previous` (None when either rate is unknown)."""
    if previous is None or current.percent is None or previous.percent is None:
        return None
    return round(current.percent - previous.percent, 1)


def all_passed(rates: Iterable[Mapping[str, Rate]]) -> list[str]:
    """The groups that were checked and never failed in any of `rates` (e.g. every check this year)."""
    checked: set[str] = set()
    failed: set[str] = set()
    for per_group in rates:
        for group, rate in per_group.items():
            if rate.checked:
                checked.add(group)
            if rate.failed:
                failed.add(group)
    return sorted(checked - failed)
