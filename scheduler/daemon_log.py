"""The daemon's log: one line per patrol, batch and problem, to stderr and a rotating file."""

from __future__ import annotations

import logging
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

from scheduler.timeopt import SHANGHAI

LOG_FILE = "daemon.log"


class ShanghaiFormatter(logging.Formatter):
    """Times in Asia/Shanghai with their offset, whatever the machine's zone."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 (logging's name)
        return datetime.fromtimestamp(record.created, SHANGHAI).isoformat(timespec="seconds")


def setup_logging(log_dir: str) -> Path:
    """Send the `patrol` loggers (INFO and up) and APScheduler's warnings to stderr and to
    `log_dir`/daemon.log (10 MB, ten old files kept); returns the file's path."""
    path = Path(log_dir) / LOG_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    formatter = ShanghaiFormatter("%(asctime)s %(levelname)s %(threadName)s: %(message)s")
    handlers: list[logging.Handler] = [RotatingFileHandler(path, maxBytes=10 * 2**20, backupCount=10,
                                                           encoding="utf-8"), logging.StreamHandler()]
    for handler in handlers:
        handler.setFormatter(formatter)
    for name, level in (("patrol", logging.INFO), ("apscheduler", logging.WARNING)):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.propagate = False
        for handler in handlers:
            logger.addHandler(handler)
    return path
