"""Findings as records for export: JSON objects, CSV rows (UTF-8 with BOM) and table rows.

The JSON keys are a stable contract other tools rely on (see README, "patrol findings").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reports import export
from reports.table import render
from storage.accounts import PLATFORM_LABELS
from storage.models import Account, Finding

COLUMNS: export.Columns = (
    ("id", "编号"), ("account", "账号名称"), ("platform", "平台"), ("platform_id", "平台ID"), ("check", "检查项"),
    ("severity", "性质"), ("status", "状态"), ("message", "问题说明"), ("rule", "依据"), ("post_id", "帖子ID"),
    ("comment_id", "评论ID"), ("url", "链接"), ("quote", "原文"), ("span", "位置"), ("suggestion", "修改建议"),
    ("evidence", "证据"), ("first_seen", "首次发现"), ("last_seen", "最近发现"), ("times_seen", "发现次数"),
    ("post_deleted_at", "原帖删除时间"),
)


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
    return export.as_json(records)


def as_csv(records: Sequence[dict[str, Any]]) -> str:
    """CSV with a BOM so that Excel opens the Chinese text correctly; nested values as JSON."""
    return export.as_csv(COLUMNS, records)


def as_xlsx(records: Sequence[dict[str, Any]]) -> bytes:
    return export.as_xlsx(COLUMNS, records, "问题清单")


def as_table(records: Sequence[dict[str, Any]]) -> str:
    headers = ("ID", "账号", "平台", "检查项", "性质", "状态", "说明")
    rows = [
        (str(r["id"]), r["account"], PLATFORM_LABELS.get(r["platform"], r["platform"]), r["check"],
         r["severity"], r["status"], r["message"])
        for r in records
    ]
    return render(headers, rows, max_width=72)
