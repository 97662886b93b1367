"""`patrol inspect --period 2021-12|2021Q4 [--special] [--stored] [--format table|json|csv|xlsx] [--out FILE]`."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from checks.rules import load_profile
from reports import notice
from reports.inspection import inspection_report
from scheduler.app import config_of, open_database
from scheduler.errors import UsageError
from scheduler.inspect import run_inspection
from scheduler.output import emit
from scheduler.timeopt import now, parse_period_option
from storage.inspections import find_inspection


def register(sub: Any) -> None:
    parser = sub.add_parser("inspect", help="verdicts of a month or quarter: pass/fail, scores, rates, ledger")
    parser.add_argument("--period", required=True, help="a month (2021-12) or a quarter (2021Q4)")
    parser.add_argument("--special", action="store_true", help="the single-veto special check (veto items only)")
    parser.add_argument("--stored", action="store_true",
                        help="report the stored inspection of the period as it was computed, without judging again")
    parser.add_argument("--format", choices=("table", "json", "csv", "xlsx"), default="table",
                        help="csv and xlsx: one row per account's verdict")
    parser.add_argument("--out", type=Path, help="write to this file instead of standard output")
    parser.set_defaults(func=inspect_command)


def inspect_command(args: argparse.Namespace) -> int:
    period = parse_period_option(args.period, "--period")
    config = config_of(args)
    rules = load_profile(config.profile)
    kind = "special" if args.special else "full"
    with open_database(config) as database, database.session() as session:
        if not args.stored:
            run_inspection(session, rules, period, special=args.special, computed_at=now())
        inspection = find_inspection(session, period.label, kind, rules.name)
        if inspection is None:
            raise UsageError(f"inspect: no stored {kind} inspection of {period.label} under profile {rules.name}")
        report = inspection_report(session, inspection)
    renders: dict[str, Callable[[Any], str | bytes]] = {
        "json": lambda r: json.dumps(r, ensure_ascii=False, indent=2), "csv": notice.as_csv, "xlsx": notice.as_xlsx,
        "table": notice.as_text}
    emit(renders[args.format](report), args.out)
    return 0
