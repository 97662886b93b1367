"""Leader rosters: CSV files an office keeps of the leaders of its area.

Format: UTF-8 CSV with the header ``name,title,valid_from,valid_to``; dates are ISO
``YYYY-MM-DD``; an empty `valid_to` means still in office. Lines starting with ``#`` are
comments. A bad line raises `DictionaryError` (``FILE:LINE: field: problem``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from checks.text.lexicon import DictionaryError

HEADER = ["name", "title", "valid_from", "valid_to"]


@dataclass(frozen=True)
class Leader:
    name: str
    title: str
    valid_from: date
    valid_to: date | None
    origin: str  # FILE:LINE

    def known_by(self, day: date | None) -> bool:
        """Whether the roster line had started by `day` (every line when `day` is None)."""
        return day is None or self.valid_from <= day


def read_roster(path: Path) -> list[Leader]:
    """Read one roster file; raise `DictionaryError` at the first bad line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(path, 0, "file", getattr(exc, "strerror", None) or str(exc)) from exc
    rows = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    rows = [(number, line) for number, line in rows if not line.startswith("#")]
    if not rows or next(csv.reader([rows[0][1]])) != HEADER:
        raise DictionaryError(path, rows[0][0] if rows else 1, "header", f"must be {','.join(HEADER)}")
    return [_leader(path, number, line) for number, line in rows[1:]]


def _leader(path: Path, number: int, line: str) -> Leader:
    fields = [field.strip() for field in next(csv.reader([line]))]
    if len(fields) != len(HEADER):
        raise DictionaryError(path, number, "line", f"has {len(fields)} fields, expected {len(HEADER)}")
    name, title, start, end = fields
    if not 2 <= len(name) <= 4 or not all("\u4e00" <= char <= "\u9fff" for char in name):
        raise DictionaryError(path, number, "name", f"{name!r} is not a Chinese name of 2 to 4 characters")
    if not title:
        raise DictionaryError(path, number, "title", "is empty")
    valid_from = _date(path, number, "valid_from", start)
    valid_to = _date(path, number, "valid_to", end) if end else None
    if valid_to is not None and valid_to < valid_from:
        raise DictionaryError(path, number, "valid_to", "is before valid_from")
    return Leader(name, title, valid_from, valid_to, f"{path.name}:{number}")


def _date(path: Path, number: int, field: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DictionaryError(path, number, field, f"{value!r} is not a date YYYY-MM-DD") from None
