"""The word lists the interaction checks read: cue dictionaries and filler lists.

Both are UTF-8 text; ``#`` starts a comment and blank lines are skipped; fields are
separated by spaces or tabs, so a word holds neither.

Cue dictionary (``data/cues.tsv``), one cue a line: ``WORD KIND [WEIGHT]``.
``KIND`` says which way the word points: towards needing an answer (`ANSWER_KINDS`:
question, request, complaint, consultation, suggestion) or away from it (`NO_ANSWER_KINDS`:
praise, thanks, support, ritual, rhetorical). ``WEIGHT`` is a positive number, 1 when left
out; the kind gives its sign.

Filler list (``data/filler.txt``), one word a line: words that carry no substance in a reply
(收到, 已转, 相关部门, 感谢, 关注 ...).

A line that cannot be used raises `DataFileError`. A word listed twice in one file is an
error; a later file may restate a word of an earlier one, and wins.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from checks.data_error import DataLineError

ANSWER_KINDS = frozenset({"question", "request", "complaint", "consultation", "suggestion"})
NO_ANSWER_KINDS = frozenset({"praise", "thanks", "support", "ritual", "rhetorical"})


class DataFileError(DataLineError):
    """A word list that cannot be used; str() is ``FILE:LINE: field: problem``.

    Line 0 means the file as a whole (one that cannot be read).
    """


@dataclass(frozen=True)
class Cue:
    """One cue word: its kind and its signed weight (positive: needs an answer)."""

    word: str
    kind: str
    weight: float


def read_cue_file(path: Path) -> dict[str, Cue]:
    """The cues of one cue dictionary file, by word."""
    cues: dict[str, Cue] = {}
    seen: dict[str, int] = {}
    for number, fields in _lines(path):
        word, kind = fields[0], fields[1] if len(fields) > 1 else ""
        if kind not in ANSWER_KINDS | NO_ANSWER_KINDS:
            kinds = ", ".join(sorted(ANSWER_KINDS | NO_ANSWER_KINDS))
            raise DataFileError(path, number, "kind", f"{kind or 'missing'!r} is not one of {kinds}")
        if len(fields) > 3:
            raise DataFileError(path, number, "weight", f"unexpected text after the weight: {fields[3]!r}")
        weight = _weight(path, number, fields[2]) if len(fields) == 3 else 1.0
        if word in seen:
            raise DataFileError(path, number, "word", f"{word!r} is already listed at line {seen[word]}")
        seen[word] = number
        cues[word] = Cue(word, kind, weight if kind in ANSWER_KINDS else -weight)
    return cues


def read_word_list(path: Path) -> list[str]:
    """The words of a one-word-a-line file, in file order."""
    words: list[str] = []
    seen: dict[str, int] = {}
    for number, fields in _lines(path):
        if len(fields) > 1:
            raise DataFileError(path, number, "word", f"one word a line, found {len(fields)}")
        if fields[0] in seen:
            raise DataFileError(path, number, "word", f"{fields[0]!r} is already listed at line {seen[fields[0]]}")
        seen[fields[0]] = number
        words.append(fields[0])
    return words


def _lines(path: Path) -> list[tuple[int, list[str]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(path, 0, "file", str(exc)) from exc
    numbered = enumerate(text.splitlines(), start=1)
    return [(number, fields) for number, raw in numbered if (fields := raw.split("#", 1)[0].split())]


def _weight(path: Path, number: int, text: str) -> float:
    try:
        weight = float(text)
    except ValueError:
        raise DataFileError(path, number, "weight", f"{text!r} is not a number") from None
    if not (math.isfinite(weight) and weight > 0):
        raise DataFileError(path, number, "weight", f"{text!r} must be a positive number")
    return weight
