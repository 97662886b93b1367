"""`patrol accounts import FILE [--skip-bad]` and `patrol accounts list [--format table|json]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from reports.table import render
from scheduler import cmd_history
from scheduler.app import config_of, open_database
from scheduler.errors import UsageError
from scheduler.sheet import read_sheet
from scheduler.timeopt import now
from storage.accounts import PLATFORM_LABELS, STATUS_LABELS, list_accounts, upsert_accounts


def register(sub: Any) -> None:
    parser = sub.add_parser("accounts", help="the account registry")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    imp = actions.add_parser("import", help="upsert accounts from the office's sheet (CSV or XLSX)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--skip-bad", action="store_true", help="import the good rows of a file with bad rows")
    imp.set_defaults(func=import_sheet)
    lst = actions.add_parser("list", help="list registered accounts")
    lst.add_argument("--format", choices=("table", "json"), default="table")
    lst.set_defaults(func=list_registry)
    cmd_history.register(actions)


def import_sheet(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        raise UsageError(f"{args.file}: no such file")
    report = read_sheet(args.file)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if report.problems and not args.skip_bad:
        print(f"patrol: {len(report.problems)} bad row(s); nothing imported (use --skip-bad to import the rest)",
              file=sys.stderr)
        return 2
    with open_database(config_of(args)) as database, database.session() as session:
        counts = upsert_accounts(session, report.records, now=now())
    print(f"imported {args.file}: {counts.inserted} new, {counts.updated} updated, {counts.unchanged} unchanged"
          + (f", {len(report.problems)} bad row(s) skipped" if report.problems else ""))
    return 0


def list_registry(args: argparse.Namespace) -> int:
    with open_database(config_of(args)) as database, database.session() as session:
        accounts = list_accounts(session)
        records: list[dict[str, Any]] = [
            {"id": a.id, "name": a.name, "platform": a.platform, "platform_id": a.platform_id, "feed": a.feed_url,
             "owner_org": a.owner_org, "supervisor": a.supervisor, "district": a.district, "status": a.status,
             "filed": a.filed, "homepage": a.homepage}
            for a in accounts
        ]
    if args.format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    rows = [(str(r["id"]), r["name"], PLATFORM_LABELS[r["platform"]], r["platform_id"] or r["feed"] or "",
             r["owner_org"], r["district"], STATUS_LABELS[r["status"]]) for r in records]
    print(render(("ID", "名称", "平台", "平台ID/订阅源", "开设机构", "地区", "状态"), rows))
    return 0
