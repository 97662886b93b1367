"""Which characters are easily confused: same pinyin (tones ignored) or similar shape."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pypinyin import Style, pinyin


def reading_table(chars: Iterable[str]) -> dict[str, str]:
    """Each character's toneless readings, comma-separated (built once, then cached)."""
    return {char: ",".join(sorted(_readings(char))) for char in chars}


def _readings(char: str) -> frozenset[str]:
    return frozenset(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


class Confusable:
    """`similar(a, b)`: whether `b` could be a slip for `a` (or the other way round);
    `neighbours(a)`: every character of the reading table similar to `a`."""

    def __init__(self, shape_groups: Iterable[Iterable[str]], readings: Mapping[str, str]) -> None:
        self._shape: dict[str, set[str]] = {}
        for group in shape_groups:
            members = set(group)
            for char in members:
                self._shape.setdefault(char, set()).update(members - {char})
        self._sounds = {char: frozenset(known.split(",")) for char, known in readings.items()}
        self._by_sound: dict[str, set[str]] = {}
        for char, sounds in self._sounds.items():
            for sound in sounds:
                self._by_sound.setdefault(sound, set()).add(char)
        self._neighbours: dict[str, frozenset[str]] = {}

    def sounds(self, char: str) -> frozenset[str]:
        """The toneless readings of `char` (all of them for heteronyms)."""
        found = self._sounds.get(char)
        if found is None:
            found = self._sounds[char] = _readings(char)
        return found

    def same_sound(self, a: str, b: str) -> bool:
        return bool(self.sounds(a) & self.sounds(b))

    def similar(self, a: str, b: str) -> bool:
        return a != b and (b in self._shape.get(a, ()) or self.same_sound(a, b))

    def neighbours(self, char: str) -> frozenset[str]:
        found = self._neighbours.get(char)
        if found is None:
            near = set(self._shape.get(char, ()))
            for sound in self.sounds(char):
                near |= self._by_sound.get(sound, set())
            found = self._neighbours[char] = frozenset(near - {char})
        return found
