"""`patrol findings [--check C] [--account A] [--status S] [--format table|json|csv|xlsx] [--out FILE]`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reports.findings import as_csv, as_json, as_table, as_xlsx, finding_record
from scheduler.app import config_of, open_database
from scheduler.output import emit
from storage.findings import list_findings

STATUSES = ("open", "confirmed", "resolved", "dismissed")


def register(sub: Any) -> None:
    parser = sub.add_parser("findings", help="list stored findings")
    parser.add_argument("--check", help="only this check (update_gap, typo, ...)")
    parser.add_argument("--account", help="only this account (name or platform ID)")
    parser.add_argument("--status", action="append", choices=STATUSES,
                        help="only findings in this state (repeatable; default: open and confirmed)")
    parser.add_argument("--format", choices=("table", "json", "csv", "xlsx"), default="table")
    parser.add_argument("--out", type=Path, help="write to this file instead of standard output")
    parser.set_defaults(func=findings_command)


def findings_command(args: argparse.Namespace) -> int:
    statuses = args.status or ("open", "confirmed")
    with open_database(config_of(args)) as database, database.session() as session:
        records = [finding_record(f, a)
                   for f, a in list_findings(session, check=args.check, account=args.account, statuses=statuses)]
    renders: dict[str, Callable[[Any], str | bytes]] = {"json": as_json, "csv": as_csv, "table": as_table,
                                                        "xlsx": as_xlsx}
    emit(renders[args.format](records), args.out)
    return 0
