"""Findings as records for export: JSON objects, CSV rows (UTF-8 with BOM) and table rows.

The JSON keys are a stable contract other tools rely on (see README, "patrol findings").
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from reports import export
from reports.table import render
from storage.accounts import PLATFORM_LABELS
from storage.models import Account, Finding

FIELDS = ("id", "account", "platform", "platform_id", "check", "severity", "status", "message", "rule",
          "post_id", "comment_id", "url", "quote", "span", "suggestion", "evidence", "first_seen",
          "last_seen", "times_seen", "post_deleted_at")


def finding_record(finding: Finding, account: Account) -> dict[str, Any]:
    span = [finding.span_start, finding.span_end] if finding.span_start is not None else None
    return {
        "id": finding.id,
        "account": account.name,
        "platform": account.platform,
        "platform_id": account.platform_id,
        "check": finding.check,
        "severity": finding.severity,
        "status": finding.status,
        "message": finding.message,
        "rule": finding.rule,
        "post_id": finding.post_id,
        "comment_id": finding.comment_id,
        "url": finding.url,
        "quote": finding.quote,
        "span": span,
        "suggestion": finding.suggestion,
        "evidence": finding.evidence,
        "first_seen": finding.first_seen.isoformat(),
        "last_seen": finding.last_seen.isoformat(),
        "times_seen": finding.times_seen,
        "post_deleted_at": finding.post_deleted_at.isoformat() if finding.post_deleted_at else None,
    }


def as_json(records: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(records), ensure_ascii=False, indent=2)


def as_csv(records: Sequence[dict[str, Any]]) -> str:
    """CSV with a BOM so that Excel opens the Chinese text correctly; nested values as JSON."""
    return export.as_csv(FIELDS, records)


def as_table(records: Sequence[dict[str, Any]]) -> str:
    headers = ("ID", "账号", "平台", "检查项", "性质", "状态", "说明")
    rows = [
        (str(r["id"]), r["account"], PLATFORM_LABELS.get(r["platform"], r["platform"]), r["check"],
         r["severity"], r["status"], r["message"])
        for r in records
    ]
    return render(headers, rows, max_width=72)
