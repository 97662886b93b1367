"""What every command needs: the config it was given and the database, upgraded, opened once."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from scheduler.config import Config, load_config
from storage.db import Database


@contextmanager
def open_database(config: Config) -> Iterator[Database]:
    """The configured database with its schema at the newest revision; disposed on exit."""
    database = Database(config.database_url)
    try:
        database.upgrade()
        yield database
    finally:
        database.dispose()


def config_of(args: argparse.Namespace) -> Config:
    return load_config(args.config)
