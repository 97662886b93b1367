"""Where a command's output goes: the file named by ``--out``, else standard output.

A binary document (XLSX, DOCX) goes to standard output only when it is redirected; on a terminal it
is refused (UsageError: give --out).
"""

from __future__ import annotations

import sys
from pathlib import Path

from scheduler.errors import UsageError


def emit(data: str | bytes, out: Path | None) -> None:
    """Write `data` to `out` (its folder made) or to standard output."""
    if out is not None:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                out.write_bytes(data)
            else:
                out.write_text(data, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{out}: cannot write: {exc.strerror or exc}") from exc
        return
    if isinstance(data, str):
        sys.stdout.write(data if data.endswith("\n") or not data else data + "\n")
        return
    if sys.stdout.isatty():
        raise UsageError("--out: a binary document is not shown on a terminal; give --out FILE")
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
