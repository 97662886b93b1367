"""`patrol digest [--dry-run] [--as-of ISO]`: queue the new findings' alerts and digest, and deliver
everything pending to `[notify] urls` (a patrol does this by itself after each daily run)."""

from __future__ import annotations

import argparse
from typing import Any

from reports.table import printable
from scheduler.app import config_of, open_database
from scheduler.errors import UsageError
from scheduler.notify import NotifyReport, notify
from scheduler.timeopt import now, parse_as_of


def register(sub: Any) -> None:
    parser = sub.add_parser("digest", help="send the new findings' alerts and digest, and retry failed deliveries")
    parser.add_argument("--dry-run", action="store_true", help="show what would go out; send and record nothing")
    parser.add_argument("--as-of", help="the digest's date, ISO-8601 (default: now)")
    parser.set_defaults(func=digest_command)


def digest_command(args: argparse.Namespace) -> int:
    config = config_of(args)
    if not config.notify.urls:
        raise UsageError(f"digest: no notification targets ([notify] urls in {config.source})")
    with open_database(config) as database:
        report = notify(database, config, as_of=parse_as_of(args.as_of), now=now(), dry_run=args.dry_run)
    print(describe(report, dry_run=args.dry_run))
    return 1 if report.failed and not args.dry_run else 0


def describe(report: NotifyReport, *, dry_run: bool) -> str:
    """What was (or would be) queued and sent, and what is still pending."""
    lines = [f"{'would queue' if dry_run else 'queued'} {len(report.queued)} message(s)"]
    for message in report.queued:
        lines.append(f"--- {message.kind}: {printable(message.title)}")
        if dry_run:
            lines += [f"    {printable(line)}" for line in message.body.splitlines()]
    if dry_run:
        lines += [f"would retry: {printable(title)} → {target} (tried {attempts} time(s))"
                  for target, title, attempts in report.retrying]
        return "\n".join(lines)
    lines.append(f"sent {report.sent} deliveries")
    lines += [f"not delivered (kept, retried next time): {printable(title)} → {target}: {printable(error)}"
              for target, title, error in report.failed]
    return "\n".join(lines)
