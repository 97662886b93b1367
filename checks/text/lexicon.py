"""Dictionary files: the format, its validation, and `DictionaryError`.

A dictionary file is UTF-8 text, one entry a line, five fields separated by tabs::

    entry<TAB>replacement<TAB>category<TAB>severity<TAB>note

- `entry`: the text to look for (or, for ``vocabulary``, a correct word).
- `replacement`: the preferred form; empty where there is none (``severe_error.term``,
  ``vocabulary``, and the ``ad`` / ``security`` signals).
- `category`: ``vocabulary`` or ``CHECK.KIND``, CHECK being one of the content checks:
  ``severe_error.term``; ``typo.confusion``; ``improper_wording.KIND`` (any kind word, e.g.
  ``cross_strait``); ``ad.KIND`` with KIND in `AD_KINDS`; ``security.KIND`` with KIND in
  `SECURITY_KINDS`.
- `severity`: ``high``, ``medium`` or ``low`` (3, 2, 1 points). Entries of ``severe_error``,
  ``typo`` and ``improper_wording`` fire on their own when high or medium; low ones are kept
  for the record (known but doubtful) and do not fire. ``ad`` and ``security`` add points
  per text and fire at their check's threshold.
- `note`: the source of the entry or why it is wrong (free text, may be empty).

Blank lines and lines starting with ``#`` are comments; files seeded from a public list start
with ``# source:`` and ``# licence:`` lines. A line that cannot be used raises `DictionaryError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checks.data_error import DataLineError

POINTS = {"high": 3, "medium": 2, "low": 1}
AD_KINDS = frozenset({"call", "price", "discount", "coupon", "shop", "contact", "absolute", "policy"})
SECURITY_KINDS = frozenset({"porn", "gambling", "domain", "counter"})
DICTIONARY_CHECKS = frozenset({"severe_error", "typo", "improper_wording", "ad", "security"})


class DictionaryError(DataLineError):
    """A dictionary or roster line that cannot be used; str() is ``FILE:LINE: field: problem``."""


@dataclass(frozen=True)
class Entry:
    """One dictionary line; `check` and `kind` split `category` (``vocabulary`` has no kind)."""

    entry: str
    replacement: str
    check: str
    kind: str
    points: int
    note: str
    origin: str  # FILE:LINE, the `source` of the hits this entry raises

    @property
    def fires_alone(self) -> bool:
        return self.points >= POINTS["medium"]


def read_dictionary(path: Path) -> list[Entry]:
    """Read one dictionary file; raise `DictionaryError` at the first bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(path, 0, "file", getattr(exc, "strerror", None) or str(exc)) from exc
    return [_entry(path, number, line) for number, line in enumerate(lines, 1) if _is_entry(line)]


def _is_entry(line: str) -> bool:
    return bool(line.strip()) and not line.startswith("#")


def _entry(path: Path, number: int, line: str) -> Entry:
    fields = line.rstrip("\r").split("\t")
    if len(fields) != 5:
        raise DictionaryError(path, number, "line", f"has {len(fields)} tab-separated fields, expected 5")
    entry, replacement, category, severity, note = (field.strip() for field in fields)
    if not entry:
        raise DictionaryError(path, number, "entry", "is empty")
    check, _, kind = category.partition(".")
    if check != "vocabulary" or kind:
        _check_category(path, number, category, check, kind)
    if severity not in POINTS:
        raise DictionaryError(path, number, "severity", f"{severity!r} is not one of high, medium, low")
    if check in ("typo", "improper_wording") and not replacement:
        raise DictionaryError(path, number, "replacement", f"is required for {check}")
    if check == "typo" and replacement == entry:
        raise DictionaryError(path, number, "replacement", "is the same as the entry")
    origin = f"{path.name}:{number}"
    return Entry(entry, replacement, check, kind, POINTS[severity], note, origin)


def _check_category(path: Path, number: int, category: str, check: str, kind: str) -> None:
    known = {
        "severe_error": {"term"},
        "typo": {"confusion"},
        "ad": AD_KINDS,
        "security": SECURITY_KINDS,
    }
    if check not in DICTIONARY_CHECKS or not kind:
        raise DictionaryError(path, number, "category", f"{category!r} is not vocabulary or CHECK.KIND")
    if check in known and kind not in known[check]:
        kinds = ", ".join(sorted(known[check]))
        raise DictionaryError(path, number, "category", f"{category!r}: {check} kinds are {kinds}")
