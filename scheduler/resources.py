"""Loading what the checks need once per patrol: profile, word lists, dictionaries, calendar."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from checks.interaction import CommentClassifier
from checks.registry import CheckContext
from checks.rules import load_profile
from checks.text import load_dictionaries
from checks.workdays import load_calendar
from scheduler.config import Config


def check_context(config: Config, as_of: datetime) -> CheckContext:
    """Everything configured, loaded; raises the loaders' errors (bad input) naming file and line."""
    return CheckContext(
        as_of=as_of,
        rules=load_profile(config.profile),
        classifier=CommentClassifier.load(cue_files=[Path(p) for p in config.cues]),
        dictionaries=load_dictionaries([Path(p) for p in config.dictionaries]),
        calendar=load_calendar(config.holidays),
    )
