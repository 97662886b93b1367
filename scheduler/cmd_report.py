"""`patrol report notice --quarter 2021Q4 [--format docx|xlsx|md|html] [--out FILE] [--date YYYY-MM-DD]`.

The quarterly notice of the stored full inspection of the quarter (run `patrol inspect --period
2021Q4` first) under the configured profile; the issuer and addressees come from `[notice]`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from scheduler.app import config_of, open_database
from scheduler.errors import UsageError
from scheduler.notice_render import FORMATS, NoChineseFont, render_notice
from scheduler.output import emit
from scheduler.timeopt import now, parse_period_option


def register(sub: Any) -> None:
    parser = sub.add_parser("report", help="documents for publishing: the quarterly notice")
    kinds = parser.add_subparsers(dest="report", required=True, metavar="REPORT")
    notice = kinds.add_parser("notice", help="the quarterly notice (季度通报) of a stored full inspection")
    notice.add_argument("--quarter", required=True, help="the quarter, e.g. 2021Q4")
    notice.add_argument("--format", choices=FORMATS, default="docx")
    notice.add_argument("--out", type=Path, help="write to this file (docx and xlsx: required on a terminal)")
    notice.add_argument("--date", help="the notice's date, YYYY-MM-DD (default: today, Asia/Shanghai)")
    notice.set_defaults(func=notice_command)


def notice_command(args: argparse.Namespace) -> int:
    period = parse_period_option(args.quarter, "--quarter")
    try:
        issued = date.fromisoformat(args.date) if args.date else now().date()
    except ValueError as exc:
        raise UsageError(f"--date: {exc}") from exc
    if period.months != 3:
        raise UsageError(f"--quarter: {args.quarter!r} is a month; give a quarter such as 2021Q4")
    config = config_of(args)
    with open_database(config) as database:
        try:
            [notice] = render_notice(config, database, period, [args.format], issued).values()
        except NoChineseFont as exc:
            print(f"patrol: {exc}", file=sys.stderr)
            return 1
    emit(notice, args.out)
    return 0
