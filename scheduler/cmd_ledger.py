"""`patrol ledger [--open] [--account NAME] [--as-of ISO] [--format table|json|csv]`."""

from __future__ import annotations

import argparse
import json
from typing import Any

from reports import ledger
from scheduler.app import config_of, open_database
from scheduler.timeopt import parse_as_of
from storage.ledger import ledger_rows


def register(sub: Any) -> None:
    parser = sub.add_parser("ledger", help="the rectification ledger (问题台账) of failed accounts' problems")
    parser.add_argument("--open", action="store_true", help="only items not closed yet (open or rectified)")
    parser.add_argument("--account", help="only this account (name or platform ID)")
    parser.add_argument("--as-of", help="count days unfixed up to this time, ISO-8601 (default: now)")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.set_defaults(func=ledger_command)


def ledger_command(args: argparse.Namespace) -> int:
    now = parse_as_of(args.as_of)
    with open_database(config_of(args)) as database, database.session() as session:
        records = [ledger.ledger_record(row, now) for row in ledger_rows(session, unclosed=args.open)
                   if args.account in (None, row.account.name, row.account.platform_id)]
    if args.format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        print(ledger.as_csv(records), end="")
    else:
        print(ledger.as_table(records) if records else "the ledger has no such items")
    return 0
