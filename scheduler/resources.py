"""Loading what the checks need once per patrol: profile, word lists, dictionaries, calendar.

The word lists and dictionaries take about a second to load; a process that patrols again (a
scheduler, a test) reuses them while the office's files named in the config are unchanged.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from checks.interaction import CommentClassifier
from checks.registry import CheckContext
from checks.rules import load_profile
from checks.text import ContentDictionaries, load_dictionaries
from checks.workdays import load_calendar
from scheduler.config import Config


def check_context(config: Config, as_of: datetime) -> CheckContext:
    """Everything configured, loaded; raises the loaders' errors (bad input) naming file and line."""
    classifier, dictionaries = _word_lists(config.cues, config.dictionaries, _stamps([*config.cues,
                                                                                       *config.dictionaries]))
    return CheckContext(
        as_of=as_of,
        rules=load_profile(config.profile),
        classifier=classifier,
        dictionaries=dictionaries,
        calendar=load_calendar(config.holidays),
    )


@functools.lru_cache(maxsize=2)
def _word_lists(cues: tuple[str, ...], dictionaries: tuple[str, ...],
                stamps: tuple[float | None, ...]) -> tuple[CommentClassifier, ContentDictionaries]:
    """Loaded once per set of files and modification times (`stamps` is part of the cache key)."""
    return (CommentClassifier.load(cue_files=[Path(p) for p in cues]),
            load_dictionaries([Path(p) for p in dictionaries]))


def _stamps(paths: Sequence[str]) -> tuple[float | None, ...]:
    return tuple(Path(p).stat().st_mtime if Path(p).is_file() else None for p in paths)
