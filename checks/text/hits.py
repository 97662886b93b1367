"""`TextHit`: one span of a text that a content check objects to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextHit:
    """A problem in a text.

    - `check`: the check's name (``severe_error``, ``typo``, ``improper_wording``, ``ad``, ``security``).
    - `span`: [start, end) character offsets into the text given to `proofread`.
    - `text`: the original text of that span.
    - `suggestion`: the replacement or what to do ("" when there is nothing to propose).
    - `source`: the dictionary entry or the signals that fired, e.g. ``confusion_patrol.tsv:12 布署->部署``.
    - `rule`: the rule or document the problem breaks.
    """

    check: str
    span: tuple[int, int]
    text: str
    suggestion: str
    source: str
    rule: str
