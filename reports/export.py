"""Records (dicts) as CSV for spreadsheets: UTF-8 with a BOM, nested values as JSON.

A text cell that begins like a formula (= + - @) gets a leading apostrophe, so that a spreadsheet
shows untrusted text instead of evaluating it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A value as a spreadsheet cell: None empty, nested values as JSON, formula starts defused."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def as_csv(fields: Sequence[str], records: Sequence[dict[str, Any]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(fields)
    for record in records:
        writer.writerow([cell(record[k]) for k in fields])
    return out.getvalue()
