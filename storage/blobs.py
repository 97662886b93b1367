"""Content-addressed files: each body stored once under its SHA-256, ``ROOT/ab/abcdef….SUFFIX``.

Writing is atomic (a temporary file renamed into place), so a reader never sees half a file and
two crawls storing the same body at once leave one whole file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, digest: str, suffix: str) -> Path:
        return self.root / digest[:2] / f"{digest}.{suffix}"

    def put(self, body: bytes, suffix: str) -> str:
        """Store `body` (once); returns its digest."""
        digest = hashlib.sha256(body).hexdigest()
        target = self.path(digest, suffix)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(body)
            os.chmod(temporary, 0o644)  # mkstemp makes it private; evidence is for the office to read
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return digest

    def read(self, digest: str, suffix: str) -> bytes | None:
        """The body, or None when its file is gone."""
        try:
            return self.path(digest, suffix).read_bytes()
        except FileNotFoundError:
            return None

    def remove(self, digest: str, suffix: str) -> None:
        self.path(digest, suffix).unlink(missing_ok=True)  # its folder stays: at most 256 of them
