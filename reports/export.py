"""Records (dicts) as files for spreadsheets and tools: CSV, XLSX and JSON.

A table is given as `Columns`: (record key, Chinese header) pairs, the stable column contract
(README, "Exports"). CSV is UTF-8 with a BOM (so that Excel opens Chinese text correctly); nested
values are written as JSON. Untrusted text is never a formula: in CSV a text cell that begins like
one (= + - @) gets a leading apostrophe; in XLSX every text is a string cell, never a formula.
JSON keeps the record keys and values as they are.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from reports import xlsx
from reports.untrusted import clean, is_formula

Columns = Sequence[tuple[str, str]]


def cell(value: Any) -> Any:
    """A value as a CSV cell: None empty, nested values as JSON, formula starts defused."""
    value = _flat(value)
    if isinstance(value, str) and is_formula(value):
        return "'" + value
    return value


def as_csv(columns: Columns, records: Sequence[dict[str, Any]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([header for _, header in columns])
    for record in records:
        writer.writerow([cell(record[key]) for key, _ in columns])
    return out.getvalue()


def as_xlsx(columns: Columns, records: Sequence[dict[str, Any]], title: str) -> bytes:
    """One sheet named `title` with the headers and a row per record."""
    book = xlsx.workbook()
    xlsx.add_sheet(book, title, [header for _, header in columns],
                   [[_flat(record[key]) for key, _ in columns] for record in records])
    return xlsx.to_bytes(book)


def as_json(records: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(records), ensure_ascii=False, indent=2)


def _flat(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return clean(value) if isinstance(value, str) else value
