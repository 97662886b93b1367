"""Excel workbooks (openpyxl) whose text cells are always text.

openpyxl stores a string that begins with ``=`` as a formula; `add_sheet` writes every string as a
string cell (and marks it quote-prefixed, as Excel does for text typed after an apostrophe), so an
account name or post like ``=HYPERLINK(...)`` is shown, never evaluated. Strings must be `clean`ed
by the caller (XML refuses control characters).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from reports.table import width

MAX_COLUMN_WIDTH = 60


def workbook() -> Workbook:
    """An empty write-only workbook (fast for long sheets); add sheets with `add_sheet`."""
    return Workbook(write_only=True)


def add_sheet(book: Workbook, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A sheet with a bold, frozen header row and an autofilter; columns sized to their text."""
    sheet: WriteOnlyWorksheet = book.create_sheet(title[:31])
    widths = [width(str(h)) for h in headers]
    for row in rows:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], width(str(value)))
    for i, columns in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = min(MAX_COLUMN_WIDTH, columns + 2)
    sheet.freeze_panes = "A2"
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    bold = Font(bold=True)
    sheet.append([_cell(sheet, h, font=bold) for h in headers])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def to_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet: WriteOnlyWorksheet, value: Any, *, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        cell.quotePrefix = True
        if "\n" in value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if font is not None:
        cell.font = font
    return cell
