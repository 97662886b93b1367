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

from checks.rules import load_profile
from reports.inspection import inspection_report
from reports.notice_doc import NoticeError, notice_document
from reports.notice_markup import as_html, as_markdown
from reports.notice_xlsx import as_xlsx
from scheduler.app import config_of, open_database
from scheduler.errors import UsageError
from scheduler.output import emit
from scheduler.timeopt import now, parse_period_option
from storage.findings import findings_by_id
from storage.inspections import find_inspection

FORMATS = ("docx", "xlsx", "md", "html")


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
    profile = load_profile(config.profile).name
    with open_database(config) as database, database.session() as session:
        inspection = find_inspection(session, period.label, "full", profile)
        if inspection is None:
            raise UsageError(f"report notice: no stored full inspection of {period.label} under profile {profile} "
                             f"(run: patrol inspect --period {period.label})")
        report = inspection_report(session, inspection)
        findings = findings_by_id(session, [i for v in report["verdicts"] for i in v["findings"]])
        try:
            doc = notice_document(report, issuer=config.notice.issuer, addressees=config.notice.addressees,
                                  issued=issued)
        except NoticeError as exc:
            raise UsageError(str(exc)) from exc
        if args.format == "xlsx":
            emit(as_xlsx(doc, report, findings), args.out)
            return 0
    if args.format == "md":
        emit(as_markdown(doc), args.out)
        return 0
    from reports.chart import FontMissing, rate_chart  # matplotlib and python-docx take a second to load

    try:
        chart = rate_chart(doc.rates)
    except FontMissing as exc:
        print(f"patrol: {exc}", file=sys.stderr)
        return 1
    if args.format == "html":
        emit(as_html(doc, chart), args.out)
    else:
        from reports.notice_docx import as_docx
        emit(as_docx(doc, chart), args.out)
    return 0
