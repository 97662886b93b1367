"""`load_dictionaries`: read the shipped data files and an office's own, build every table once.

Shipped data lives in ``checks/text/data``: dictionary files (``*.tsv``, format in
`checks.text.lexicon`), leader rosters (``*.csv``, format in `checks.text.roster`), and three
internal tables (``trad_simp.tsv``, ``similar_shape.txt``, ``similar_components.txt``).
`extra_paths` adds an office's files of either kind, told apart by their suffix.

The tables derived from the dictionary files (word table, typo candidates, automata, readings)
are cached on disk by `checks.text.cache`, keyed by a digest of every data file's bytes and of
the code that builds them: a warm load reads one file, a cold one (or any change) builds and
validates everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jieba

from checks.text.cache import digest, load_or_build
from checks.text.confusable import Confusable, reading_table
from checks.text.lexicon import DictionaryError, Entry, read_dictionary
from checks.text.literal import LiteralIndex
from checks.text.normalise import fold_table
from checks.text.roster import Leader, read_roster
from checks.text.segment import Segmenter, word_table
from checks.text.severe import NameMatcher, TermMatcher
from checks.text.slips import SlipJudge
from checks.text.typo_stats import StatisticalDetector, masked_table

DATA_DIR = Path(__file__).with_name("data")
_TABLES = ("trad_simp.tsv", "similar_shape.txt", "similar_components.txt")
# The modules whose code builds or holds the derived tables: their source is part of the cache
# key, so that a changed builder never meets a stale table.
_BUILDERS = ("dictionaries", "segment", "typo_stats", "confusable", "literal", "severe", "lexicon")
# Characters the statistical detector never proposes to replace: function words whose
# neighbours often form other words by chance.
_STABLE_CHARS = "的了是在和与及或等对为从把被将就也都而且但并由以于之其此这那个们着过吗呢吧啊"


@dataclass(frozen=True)
class ContentDictionaries:
    """Everything the content checks read, built once by `load_dictionaries` and reused."""

    entries: tuple[Entry, ...]
    leaders: tuple[Leader, ...]
    fold: dict[int, str]  # `checks.text.normalise.fold_table` of trad_simp.tsv
    segmenter: Segmenter
    confusable: Confusable
    literals: LiteralIndex[Entry]  # every entry but vocabulary and canonical terms
    terms: TermMatcher
    slips: SlipJudge
    names: NameMatcher
    statistical: StatisticalDetector


@dataclass(frozen=True)
class _Derived:
    """The costly part of `ContentDictionaries`: plain tables and automata, cached on disk."""

    entries: tuple[Entry, ...]
    trad_simp: dict[str, str]
    shape_groups: list[tuple[str, ...]]
    readings: dict[str, str]
    freq: dict[str, int]
    total: int
    masked: dict[str, dict[str, str]]
    literals: LiteralIndex[Entry]
    terms: TermMatcher


def load_dictionaries(extra_paths: Iterable[Path | str] = ()) -> ContentDictionaries:
    """Load the shipped files plus `extra_paths`; raise `DictionaryError` for a bad file or line."""
    paths = [path for path in sorted(DATA_DIR.iterdir()) if path.name not in _TABLES]
    paths += [Path(path) for path in extra_paths]
    for path in paths:
        if path.suffix not in (".csv", ".tsv", ".txt", ".md"):
            raise DictionaryError(path, 0, "file", "must be a .tsv or .txt dictionary or a .csv roster")
    dictionaries = [path for path in paths if path.suffix in (".tsv", ".txt")]
    leaders = [leader for path in paths if path.suffix == ".csv" for leader in read_roster(path)]
    tables = [DATA_DIR / name for name in _TABLES]
    code = [Path(__file__).with_name(f"{module}.py") for module in _BUILDERS]
    key = digest([jieba.__version__.encode(), *(_read_bytes(path) for path in code + tables + dictionaries)])
    derived = load_or_build("content", key, lambda: _derive(dictionaries))
    segmenter = Segmenter(derived.freq, derived.total)
    confusable = Confusable(derived.shape_groups, derived.readings)
    return ContentDictionaries(
        entries=derived.entries,
        leaders=tuple(leaders),
        fold=fold_table(derived.trad_simp),
        segmenter=segmenter,
        confusable=confusable,
        literals=derived.literals,
        terms=derived.terms,
        slips=SlipJudge(segmenter, confusable),
        names=NameMatcher(leaders),
        statistical=StatisticalDetector(segmenter, confusable, _STABLE_CHARS, derived.masked),
    )


def _derive(dictionaries: list[Path]) -> _Derived:
    entries = tuple(entry for path in dictionaries for entry in read_dictionary(path))
    vocabulary = sorted({e.entry for e in entries if e.check in ("vocabulary", "severe_error")})
    freq, total = word_table(vocabulary)
    masked = masked_table(freq)
    return _Derived(
        entries=entries,
        trad_simp={row[0]: row[1] for row in _read_table(DATA_DIR / "trad_simp.tsv")},
        shape_groups=_read_table(DATA_DIR / "similar_shape.txt") + _read_table(DATA_DIR / "similar_components.txt"),
        readings=reading_table({char for options in masked.values() for char in options}),
        freq=freq,
        total=total,
        masked=masked,
        literals=LiteralIndex((e.entry, e) for e in entries if e.check not in ("vocabulary", "severe_error")),
        terms=TermMatcher(entry for entry in entries if entry.check == "severe_error"),
    )


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DictionaryError(path, 0, "file", exc.strerror or str(exc)) from exc


def _read_table(path: Path) -> list[tuple[str, ...]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]
