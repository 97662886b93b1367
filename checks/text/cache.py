"""Derived tables cached on disk, keyed by a digest of everything they are built from.

Building the segmentation word table, the typo candidate table and the literal automata takes
seconds; `load_or_build` keeps the result in the user's cache directory (``$XDG_CACHE_HOME/patrol``
or ``~/.cache/patrol``, never the repository) under a name carrying the digest, so that changing
any data file, an office's file or the building code builds afresh; only the `KEEP` newest
tables are kept. A missing, unreadable or unwritable cache only costs the build. The files are
pickles written by this code for this user: the same trust as the user's own home directory.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
KEEP = 4


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "patrol"


def digest(parts: Iterable[bytes]) -> str:
    """A short hex digest of `parts` (each length-prefixed, so that boundaries count)."""
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(len(part).to_bytes(8, "big"))
        hashed.update(part)
    return hashed.hexdigest()[:24]


def load_or_build(name: str, key: str, build: Callable[[], T]) -> T:
    """The cached value of `name` for `key`, or `build()`'s, which is then cached."""
    path = cache_dir() / f"{name}-{key}.pickle"
    try:
        value: T = pickle.loads(path.read_bytes())
        return value
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        pass
    value = build()
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(path)
        _prune(path.parent, name)
    except OSError:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
    return value


def _prune(folder: Path, name: str) -> None:
    """Keep the `KEEP` newest tables of `name` (one per set of inputs in use), remove older ones."""
    tables = sorted(folder.glob(f"{name}-*.pickle"), key=lambda table: table.stat().st_mtime, reverse=True)
    for table in tables[KEEP:]:
        table.unlink(missing_ok=True)
