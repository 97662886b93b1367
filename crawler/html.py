"""Plain text out of platform HTML (post bodies, comment text, feed descriptions)."""

from __future__ import annotations

import re

from w3lib.html import remove_tags, replace_entities

_BREAKS = re.compile(r"<\s*(br|/p|/div|/li|/h\d)\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def html_to_text(html: str) -> str:
    """Tags removed, entities decoded, line breaks kept, runs of blanks folded."""
    text = replace_entities(remove_tags(_BREAKS.sub("\n", html)))
    text = _SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n", text).strip()
