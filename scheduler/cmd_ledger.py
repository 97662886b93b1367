"""`patrol ledger [--open] [--account NAME] [--as-of ISO] [--format table|json|csv|xlsx] [--out FILE]`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reports import export, ledger
from scheduler.app import config_of, open_database
from scheduler.output import emit
from scheduler.timeopt import parse_as_of
from storage.ledger import ledger_rows


def register(sub: Any) -> None:
    parser = sub.add_parser("ledger", help="the rectification ledger (问题台账) of failed accounts' problems")
    parser.add_argument("--open", action="store_true", help="only items not closed yet (open or rectified)")
    parser.add_argument("--account", help="only this account (name or platform ID)")
    parser.add_argument("--as-of", help="count days unfixed up to this time, ISO-8601 (default: now)")
    parser.add_argument("--format", choices=("table", "json", "csv", "xlsx"), default="table")
    parser.add_argument("--out", type=Path, help="write to this file instead of standard output")
    parser.set_defaults(func=ledger_command)


def ledger_command(args: argparse.Namespace) -> int:
    now = parse_as_of(args.as_of)
    with open_database(config_of(args)) as database, database.session() as session:
        records = [ledger.ledger_record(row, now) for row in ledger_rows(session, unclosed=args.open)
                   if args.account in (None, row.account.name, row.account.platform_id)]
    renders: dict[str, Callable[[Any], str | bytes]] = {
        "json": export.as_json, "csv": ledger.as_csv, "xlsx": ledger.as_xlsx,
        "table": lambda r: ledger.as_table(r) if r else "the ledger has no such items"}
    emit(renders[args.format](records), args.out)
    return 0
