"""`patrol review FINDING_ID --confirm|--dismiss --reason TEXT [--as-of ISO]`."""

from __future__ import annotations

import argparse
from typing import Any

from reports.table import printable
from scheduler.app import config_of, open_database
from scheduler.errors import UsageError
from scheduler.timeopt import parse_as_of
from storage.review import ReviewError, review_finding


def register(sub: Any) -> None:
    parser = sub.add_parser("review", help="confirm a finding, or dismiss it as a false alarm")
    parser.add_argument("finding", type=int, help="the finding's ID (see `patrol findings`)")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--confirm", dest="action", action="store_const", const="confirm")
    action.add_argument("--dismiss", dest="action", action="store_const", const="dismiss",
                        help="a false alarm: it stays dismissed, and its text is allowed for this account")
    parser.add_argument("--reason", required=True, help="why (kept in the finding's history)")
    parser.add_argument("--as-of", help="the review's time, ISO-8601 (default: now)")
    parser.set_defaults(func=review_command)


def review_command(args: argparse.Namespace) -> int:
    if not args.reason.strip():
        raise UsageError("review: --reason: give the reason of the review")
    with open_database(config_of(args)) as database, database.session() as session:
        try:
            result = review_finding(session, args.finding, args.action, reason=args.reason.strip(),
                                    at=parse_as_of(args.as_of))
        except ReviewError as exc:
            raise UsageError(str(exc)) from exc
        name, status = printable(result.account.name), result.finding.status
    if not result.changed:
        print(f"finding {args.finding} ({name}) is already {status}")
        return 0
    print(f"finding {args.finding} ({name}) {status}")
    if result.allowed:
        print(f"“{printable(result.allowed)}” added to the allow list of {name}")
    if result.ledger_closed:
        print(f"{result.ledger_closed} ledger item(s) closed")
    return 0
