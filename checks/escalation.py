"""Failures within a calendar year and the escalation ladder (一通报、二约谈、三关停).

Every stored inspection of the year counts as one check (检查), full or special. Checks are ordered
by the end of their period, then the shorter period first (a month before the quarter that ends
with it), then the special check before the full one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

CheckKey = tuple[datetime, float, bool]


def check_key(start: datetime, end: datetime, kind: str) -> CheckKey:
    """The sort key of an inspection of [start, end) of `kind` (``full`` or ``special``)."""
    return end, -start.timestamp(), kind == "full"


def failure_number(earlier_failures: Iterable[CheckKey], current: CheckKey) -> int:
    """The how-manieth failure of the year the failure in check `current` is."""
    return 1 + sum(1 for key in earlier_failures if key < current)


def rung(ladder: Sequence[str], failure_no: int) -> str:
    """The ladder's step for the `failure_no`-th failure (the last step for any later one)."""
    return ladder[min(failure_no, len(ladder)) - 1]
