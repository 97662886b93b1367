"""`load_dictionaries`: read the shipped data files and an office's own, build every table once.

Shipped data lives in ``checks/text/data``: dictionary files (``*.tsv``, format in
`checks.text.lexicon`), leader rosters (``*.csv``, format in `checks.text.roster`), and two
internal tables (``trad_simp.tsv``, ``similar_shape.txt``). `extra_paths` adds an office's
files of either kind, told apart by their suffix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from checks.text.confusable import Confusable
from checks.text.lexicon import DictionaryError, Entry, read_dictionary
from checks.text.literal import LiteralIndex
from checks.text.roster import Leader, read_roster
from checks.text.segment import Segmenter
from checks.text.severe import NameMatcher, TermMatcher
from checks.text.slips import SlipJudge
from checks.text.typo_stats import StatisticalDetector

DATA_DIR = Path(__file__).with_name("data")
_TABLES = ("trad_simp.tsv", "similar_shape.txt")
# Characters the statistical detector never proposes to replace: function words whose
# neighbours often form other words by chance.
_STABLE_CHARS = "的了是在和与及或等对为从把被将就也都而且但并由以于之其此这那个们着过吗呢吧啊"


@dataclass(frozen=True)
class ContentDictionaries:
    """Everything the content checks read, built once by `load_dictionaries` and reused."""

    entries: tuple[Entry, ...]
    leaders: tuple[Leader, ...]
    trad_simp: dict[str, str]
    segmenter: Segmenter
    confusable: Confusable
    literals: LiteralIndex[Entry]  # every entry but vocabulary and canonical terms
    terms: TermMatcher
    slips: SlipJudge
    names: NameMatcher
    statistical: StatisticalDetector
    vocabulary: frozenset[str]


def load_dictionaries(extra_paths: Iterable[Path | str] = ()) -> ContentDictionaries:
    """Load the shipped files plus `extra_paths`; raise `DictionaryError` for a bad file or line."""
    paths = [path for path in sorted(DATA_DIR.iterdir()) if path.name not in _TABLES]
    paths += [Path(path) for path in extra_paths]
    entries: list[Entry] = []
    leaders: list[Leader] = []
    for path in paths:
        if path.suffix == ".csv":
            leaders += read_roster(path)
        elif path.suffix in (".tsv", ".txt"):
            entries += read_dictionary(path)
        elif path.suffix != ".md":
            raise DictionaryError(path, 0, "file", "must be a .tsv or .txt dictionary or a .csv roster")
    vocabulary = frozenset(entry.entry for entry in entries if entry.check in ("vocabulary", "severe_error"))
    segmenter = Segmenter(sorted(vocabulary))
    confusable = Confusable(_read_table(DATA_DIR / "similar_shape.txt"))
    return ContentDictionaries(
        entries=tuple(entries),
        leaders=tuple(leaders),
        trad_simp={row[0]: row[1] for row in _read_table(DATA_DIR / "trad_simp.tsv")},
        segmenter=segmenter,
        confusable=confusable,
        literals=LiteralIndex((e.entry, e) for e in entries if e.check not in ("vocabulary", "severe_error")),
        terms=TermMatcher(entry for entry in entries if entry.check == "severe_error"),
        slips=SlipJudge(segmenter, confusable),
        names=NameMatcher(leaders),
        statistical=StatisticalDetector(segmenter, confusable, _STABLE_CHARS),
        vocabulary=vocabulary,
    )


def _read_table(path: Path) -> list[tuple[str, ...]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]
