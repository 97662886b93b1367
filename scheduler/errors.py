"""The errors the CLI reports as bad input (exit code 2), gathered from every package."""

from __future__ import annotations

from checks.interaction import DataFileError
from checks.rules import ProfileError
from checks.text.lexicon import DictionaryError
from checks.workdays import HolidayFileError


class ConfigError(ValueError):
    """A config file that cannot be used; str() is one line naming the file and key."""


class UsageError(ValueError):
    """An argument that names nothing usable (an unknown account, a bad period)."""


BAD_INPUT: tuple[type[Exception], ...] = (
    ProfileError, ConfigError, UsageError, DictionaryError, DataFileError, HolidayFileError,
)
