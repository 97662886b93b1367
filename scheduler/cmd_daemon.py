"""`patrol daemon` (run the schedules until SIGTERM/SIGINT) and `patrol status [--format json]`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from scheduler.app import config_of, open_database
from scheduler.daemon import Daemon
from scheduler.daemon_lock import DaemonRunning
from scheduler.status import as_text, status
from scheduler.timeopt import now


def register(sub: Any) -> None:
    daemon = sub.add_parser("daemon", help="run the daily patrol and the monthly and quarterly inspections on "
                                           "their schedules, until SIGTERM or SIGINT")
    daemon.set_defaults(func=daemon_command)
    state = sub.add_parser("status", help="the daemon, its jobs' last and next runs, the latest patrol, credentials")
    state.add_argument("--format", choices=("text", "json"), default="text")
    state.set_defaults(func=status_command)


def daemon_command(args: argparse.Namespace) -> int:
    try:
        return Daemon(config_of(args)).run()
    except DaemonRunning as exc:
        print(f"patrol daemon: {exc}", file=sys.stderr)
        return 1


def status_command(args: argparse.Namespace) -> int:
    config = config_of(args)
    with open_database(config) as database:
        report = status(config, database, now())
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.format == "json" else as_text(report))
    return 0
