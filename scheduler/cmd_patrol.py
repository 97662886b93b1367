"""`patrol run` (one patrol of all active accounts) and `patrol recheck NAME|PLATFORM_ID`."""

from __future__ import annotations

import argparse
import json
from typing import Any

from reports.findings import as_table, finding_record
from scheduler.app import config_of, open_database
from scheduler.errors import UsageError
from scheduler.patrol import PatrolSummary, run_patrol
from scheduler.timeopt import parse_as_of
from storage.accounts import find_accounts
from storage.findings import list_findings
from storage.ledger import verify_account

PLATFORM_CHOICES = ("wechat", "weibo", "douyin", "kuaishou", "toutiao", "app", "website", "other")


def register(sub: Any) -> None:
    run = sub.add_parser("run", help="one patrol: crawl, store, check")
    run.add_argument("--as-of", help="the patrol's clock, ISO-8601 (default: now, Asia/Shanghai)")
    run.add_argument("--platform", action="append", choices=PLATFORM_CHOICES, default=[],
                     help="only accounts of this platform (repeatable)")
    run.add_argument("--format", choices=("text", "json"), default="text")
    run.set_defaults(func=run_command)
    recheck = sub.add_parser("recheck", help="crawl and check one account now; print its findings")
    recheck.add_argument("account", help="account name or platform ID")
    recheck.add_argument("--as-of")
    recheck.add_argument("--format", choices=("text", "json"), default="text")
    recheck.set_defaults(func=recheck_command)


def run_command(args: argparse.Namespace) -> int:
    summary = run_patrol(config_of(args), as_of=parse_as_of(args.as_of), platforms=args.platform)
    print(json.dumps(summary.to_json(), ensure_ascii=False) if args.format == "json" else describe(summary))
    return 0


def recheck_command(args: argparse.Namespace) -> int:
    config = config_of(args)
    with open_database(config) as database, database.session() as session:
        matches = [(a.id, a.name) for a in find_accounts(session, args.account)]
    if not matches:
        raise UsageError(f"recheck: no account named or with platform ID {args.account!r}")
    if len(matches) > 1:
        raise UsageError(f"recheck: {args.account!r} names {len(matches)} accounts; give the platform ID")
    account_id, name = matches[0]
    summary = run_patrol(config, as_of=parse_as_of(args.as_of), account_ids=[account_id], kind="recheck")
    with open_database(config) as database, database.session() as session:
        records = [finding_record(f, a) for f, a in list_findings(session, account=name, statuses=("open",))
                   if a.id == account_id]
        closed, unfixed = verify_account(session, account_id, at=summary.as_of) if summary.verified else (0, None)
    ledger = {"closed": closed, "unfixed": unfixed}  # unfixed None: not verified, the ledger is unchanged
    if args.format == "json":
        print(json.dumps({"summary": summary.to_json(), "findings": records, "ledger": ledger},
                         ensure_ascii=False, indent=2))
    else:
        print(describe(summary))
        print(as_table(records) if records else "no open findings")
        if unfixed is not None and closed + unfixed:
            print(f"ledger: {closed} item(s) verified and closed, {unfixed} still unfixed")
    return 0


def describe(summary: PatrolSummary) -> str:
    """The run summary for a person."""
    lines = [
        f"patrol #{summary.run_id} as of {summary.as_of:%Y-%m-%d %H:%M %Z} (profile {summary.profile})",
        f"accounts patrolled: {summary.accounts}, verified: {summary.verified}"
        + (f", not patrolled (closed/cancelled): {summary.not_patrolled}" if summary.not_patrolled else ""),
    ]
    for outcome, names in sorted(summary.unverified.items()):
        shown = "、".join(sorted(names)[:10]) + (" …" if len(names) > 10 else "")
        lines.append(f"unverified ({outcome}): {len(names)}: {shown}")
    found = ", ".join(f"{check} {n}" for check, n in sorted(summary.findings.items())) or "none"
    lines.append(f"findings: {found}")
    return "\n".join(lines)
