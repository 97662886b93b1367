"""The typed result of every check.

A `Finding` is one problem of one account, with the evidence an inspector needs to explain
it to the account owner. `key` identifies the problem across patrols: the same problem seen
again yields the same key, so storage keeps one finding per problem, not one per patrol.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["veto", "deduction", "notice"]
SEVERITIES: tuple[Severity, ...] = ("veto", "deduction", "notice")

EvidenceValue = str | int | float | bool | None


@dataclass(frozen=True)
class Finding:
    """One problem found by one check on one account.

    - `check`: the check's name (``update_gap``, ``typo``, ...).
    - `key`: stable identity of the problem within the account and check.
    - `message`: one line in Chinese an inspector can send to the account owner.
    - `rule`: the rule or document the problem breaks.
    - `post_id` / `comment_id` / `url`: where it was seen (platform ids), when it is about a post.
    - `quote` / `span`: the offending text and its [start, end) character offsets in the stored
      post text (`span` is None when the finding is not about a span of text).
    - `evidence`: further facts as plain JSON values (times are ISO-8601 strings).
    """

    check: str
    severity: Severity
    key: str
    message: str
    rule: str
    post_id: str | None = None
    comment_id: str | None = None
    url: str | None = None
    quote: str | None = None
    span: tuple[int, int] | None = None
    suggestion: str | None = None
    evidence: Mapping[str, EvidenceValue] = field(default_factory=dict)
