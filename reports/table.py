"""Plain-text tables that line up with Chinese text (wide characters take two columns)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def printable(text: str) -> str:
    """Untrusted text made safe for a terminal: control and format characters shown as escapes."""
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch)[0] == "C" else ch for ch in text)


def clip(text: str, limit: int) -> str:
    """`text` on one printable line, cut to at most `limit` display columns (with an ellipsis)."""
    text = printable(" ".join(text.split()))
    if width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        used += width(ch)
        if used > limit - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def render(headers: Sequence[str], rows: Sequence[Sequence[str]], *, max_width: int = 40) -> str:
    """A table with a header line and a rule; cells are clipped to `max_width` columns."""
    cells = [[clip(str(c), max_width) for c in row] for row in [list(headers), *rows]]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
