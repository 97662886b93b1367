"""Undo the evasions spam uses to slip past word lists, keeping a map back to the original text.

`normalise(text, fold_table(trad_simp))` first folds each character: full-width forms to ASCII, homoglyph
digits (``①``, ``❶``, ``⑴``) to ASCII digits, ASCII letters to lower case, traditional characters
to simplified ones. The folded text has the original's length (`Normalised.folded`). It then
drops whitespace (never newlines), filler marks (``·•*_-~.|/``), emoji and invisible characters
after a CJK character (``澳 门 赌 场``, ``博*彩``, ``澳🎰门``), spaces before one, and spaces between
single letters (``a v``),
giving `Normalised.text`; `Normalised.span` maps a span of that text back to the original.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_HOMOGLYPH_DIGITS = {
    **{chr(0x2460 + i): str(i + 1) for i in range(9)},  # ①..⑨
    **{chr(0x2776 + i): str(i + 1) for i in range(9)},  # ❶..❾
    **{chr(0x2474 + i): str(i + 1) for i in range(9)},  # ⑴..⑼
    **{chr(0x2488 + i): str(i + 1) for i in range(9)},  # ⒈..⒐
    **{chr(0x2780 + i): str(i + 1) for i in range(9)},  # ➀..➈
    **{chr(0x278A + i): str(i + 1) for i in range(9)},  # ➊..➒
    **{chr(0x1D7CE + i): str(i % 10) for i in range(50)},  # mathematical 𝟎..𝟗 in five styles
    "⓪": "0",
}
CJK = "\u3400-\u4dbf\u4e00-\u9fff"
# emoji, dingbats and invisible characters that spam puts between characters (澳🎰门, 百❤家)
_DECOR = "\u200b-\u200f\u2060\ufeff\ufe0f\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
_FILLER = re.compile(
    rf"(?<=[{CJK}])(?:[^\S\n]|[·•*_\-~～.|/{_DECOR}])+(?=[{CJK}a-z0-9])"  # 澳 门, 博*彩, 赌.场, 夜 a
    rf"|(?<=[a-z0-9])[^\S\n]+(?=[{CJK}])"  # v 在
    r"|(?<=(?<![a-z0-9])[a-z0-9])[^\S\n]+(?=[a-z0-9](?![a-z0-9]))"  # a v (letter-spaced)
)


@dataclass(frozen=True)
class Normalised:
    """`folded`: the original folded character by character; `text`: folded without filler;
    `origin[i]`: the offset in the original of `text[i]`."""

    folded: str
    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map [start, end) of `text` (start < end) to [start, end) of the original text."""
        return self.origin[start], self.origin[end - 1] + 1


def is_cjk(char: str) -> bool:
    """Whether `char` is a Chinese character (CJK unified ideographs and extension A)."""
    return "\u3400" <= char <= "\u4dbf" or "\u4e00" <= char <= "\u9fff"


def fold_table(trad_simp: Mapping[str, str]) -> dict[int, str]:
    """The character folding as a `str.translate` table: full-width forms to ASCII, homoglyph
    digits to ASCII digits, ASCII letters to lower case, traditional characters to simplified."""
    table = {ord(char): simplified for char, simplified in trad_simp.items()}
    table.update({ord(char): digit for char, digit in _HOMOGLYPH_DIGITS.items()})
    table.update({code: chr(code - 0xFEE0).lower() for code in range(0xFF01, 0xFF5F)})
    table.update({code: chr(code).lower() for code in range(ord("A"), ord("Z") + 1)})
    table[0x3000] = " "
    return table


def normalise(text: str, table: Mapping[int, str]) -> Normalised:
    """Fold `text` with a `fold_table`, then drop filler between CJK characters."""
    folded = text.translate(table)
    pieces: list[str] = []
    origin: list[int] = []
    last = 0
    for match in _FILLER.finditer(folded):
        pieces.append(folded[last : match.start()])
        origin.extend(range(last, match.start()))
        last = match.end()
    if not pieces:
        return Normalised(folded, folded, tuple(range(len(folded))))
    pieces.append(folded[last:])
    origin.extend(range(last, len(folded)))
    return Normalised(folded, "".join(pieces), tuple(origin))
