"""Which characters are easily confused: same pinyin (tones ignored) or similar shape."""

from __future__ import annotations

from collections.abc import Iterable

from pypinyin import Style, pinyin


class Confusable:
    """`similar(a, b)`: whether `b` could be a slip for `a` (or the other way round)."""

    def __init__(self, shape_groups: Iterable[Iterable[str]]) -> None:
        self._shape: dict[str, set[str]] = {}
        for group in shape_groups:
            members = set(group)
            for char in members:
                self._shape.setdefault(char, set()).update(members - {char})
        self._sounds: dict[str, frozenset[str]] = {}

    def sounds(self, char: str) -> frozenset[str]:
        """The toneless readings of `char` (all of them for heteronyms)."""
        found = self._sounds.get(char)
        if found is None:
            found = frozenset(pinyin(char, style=Style.NORMAL, heteronym=True)[0])
            self._sounds[char] = found
        return found

    def same_sound(self, a: str, b: str) -> bool:
        return bool(self.sounds(a) & self.sounds(b))

    def similar(self, a: str, b: str) -> bool:
        return a != b and (b in self._shape.get(a, ()) or self.same_sound(a, b))
