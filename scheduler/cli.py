"""`patrol`: the command line. Each subcommand lives in its own ``cmd_*`` module.

Exit codes: 0 ok, 2 bad input (a sheet, a profile, a dictionary, a config, an argument),
1 failure. Errors go to stderr as one line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from scheduler import (
    cmd_accounts,
    cmd_daemon,
    cmd_digest,
    cmd_evidence,
    cmd_findings,
    cmd_inspect,
    cmd_ledger,
    cmd_patrol,
    cmd_proofread,
    cmd_report,
    cmd_review,
)
from scheduler.errors import BAD_INPUT

COMMANDS = (cmd_accounts, cmd_patrol, cmd_daemon, cmd_findings, cmd_review, cmd_inspect, cmd_ledger, cmd_report,
            cmd_digest, cmd_evidence, cmd_proofread)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="patrol", description="Patrol government new-media accounts.")
    parser.add_argument("--config", help="TOML config file (default: $PATROL_CONFIG, then built-in defaults)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BAD_INPUT as exc:
        print(f"patrol: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
