"""`patrol evidence FINDING_ID [--format text|json]`: where a finding's raw responses and screenshots are."""

from __future__ import annotations

import argparse
import json
from typing import Any

from reports.evidence import as_text, evidence_record
from scheduler.app import config_of, open_database
from scheduler.errors import UsageError
from scheduler.report_config import evidence_dir
from storage.blobs import BlobStore
from storage.evidence import evidence_of
from storage.models import Account, Finding


def register(sub: Any) -> None:
    parser = sub.add_parser("evidence", help="where a finding's evidence (raw responses, screenshots) is kept")
    parser.add_argument("finding", type=int, help="the finding's ID (see `patrol findings`)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=evidence_command)


def evidence_command(args: argparse.Namespace) -> int:
    config = config_of(args)
    blobs = BlobStore(evidence_dir(config.evidence, config.database_url).resolve())
    with open_database(config) as database, database.session() as session:
        finding = session.get(Finding, args.finding)
        if finding is None:
            raise UsageError(f"evidence: no finding {args.finding}")
        account = session.get(Account, finding.account_id)
        assert account is not None
        files = evidence_of(session, finding.id)
        record = evidence_record(finding, account, files, [blobs.path(f.digest, f.media) for f in files])
    print(json.dumps(record, ensure_ascii=False, indent=2) if args.format == "json" else as_text(record))
    return 0
