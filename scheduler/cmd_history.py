"""`patrol accounts history NAME|PLATFORM_ID [--format table|json]`: verdicts and findings over time."""

from __future__ import annotations

import argparse
import json
from typing import Any

from reports.history import as_text, history_record
from scheduler.app import config_of, open_database
from scheduler.errors import UsageError
from storage.accounts import find_accounts
from storage.inspections import verdicts_of_account
from storage.lifecycle import history_of


def register(actions: Any) -> None:
    parser = actions.add_parser("history", help="an account's verdicts and findings over time")
    parser.add_argument("account", help="account name or platform ID")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(func=history_command)


def history_command(args: argparse.Namespace) -> int:
    with open_database(config_of(args)) as database, database.session() as session:
        matches = find_accounts(session, args.account)
        if not matches:
            raise UsageError(f"accounts history: no account named or with platform ID {args.account!r}")
        records = [history_record(a, verdicts_of_account(session, a.id), history_of(session, a.id)) for a in matches]
    if args.format == "json":
        print(json.dumps(records if len(records) > 1 else records[0], ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(as_text(r) for r in records))
    return 0
