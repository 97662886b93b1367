"""Untrusted text (account names, posts, comments, page titles) made safe for each place it is shown.

- `clean`: for documents (Word, Excel, mail): control and format characters (which XML refuses or
  which turn text around, like U+202E) shown as ``\\uXXXX`` escapes; newlines and tabs kept.
- `html_text`: `clean`, then HTML-escaped (quotes too: safe in attributes).
- `md_text`: `clean` on one line, ``& < >`` as HTML entities (every Markdown flavour passes them
  through) and the other marks of inline syntax backslash-escaped, so no inline HTML, link, image,
  emphasis, code or table cell is made from it; being one line, it starts no block either.
- `is_formula`: whether a spreadsheet would evaluate the text (it starts with = + - @ or a control).
"""

from __future__ import annotations

import html
import unicodedata

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_KEPT = frozenset("\n\t")
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_SPECIAL = frozenset("\\`*_[]|~")


def clean(text: str) -> str:
    return "".join(ch if ch in _KEPT or unicodedata.category(ch)[0] != "C" else f"\\u{ord(ch):04x}" for ch in text)


def html_text(text: str) -> str:
    return html.escape(clean(text), quote=True)


def md_text(text: str) -> str:
    return "".join(_MD_ENTITIES.get(ch) or ("\\" + ch if ch in _MD_SPECIAL else ch)
                   for ch in clean(" ".join(text.split())))


def is_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)
