"""The one error of every data file an office can extend (word lists, dictionaries, holidays)."""

from __future__ import annotations

from pathlib import Path


class DataLineError(ValueError):
    """A line of a data file that cannot be used; str() is ``FILE:LINE: field: problem``.

    Line 0 means the file as a whole (one that cannot be read, or a bad name).
    """

    def __init__(self, path: Path | str, line: int, field: str, problem: str) -> None:
        super().__init__(f"{path}:{line}: {field}: {problem}")
        self.path, self.line, self.field, self.problem = str(path), line, field, problem
