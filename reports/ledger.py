"""The rectification ledger (问题台账) as records (JSON/CSV) and as a table.

`days_unfixed` counts whole days from the problem's sighting to its fix, or to `now` while it
lasts; `overdue` means unfixed past the deadline.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from reports import export
from reports.labels import LEDGER_LABELS, account_label, check_label, local_iso
from reports.table import render
from storage.ledger import LedgerRow

COLUMNS: export.Columns = (
    ("item", "台账编号"), ("account", "账号名称"), ("platform", "平台"), ("owner_org", "开设机构"), ("check", "检查项"),
    ("problem", "问题"), ("finding_id", "问题编号"), ("period", "检查期间"), ("found_at", "发现时间"),
    ("deadline", "整改期限"), ("status", "状态"), ("fixed_at", "整改时间"), ("closed_reason", "销号原因"),
    ("days_unfixed", "未整改天数"), ("overdue", "逾期"),
)


def ledger_record(row: LedgerRow, now: datetime) -> dict[str, Any]:
    fixed = row.fixed_at
    return {
        "item": row.item.id, "account": row.account.name, "platform": row.account.platform,
        "owner_org": row.item.owner_org, "check": row.finding.check, "problem": row.finding.message,
        "finding_id": row.finding.id, "period": row.inspection.period, "found_at": local_iso(row.item.found_at),
        "deadline": local_iso(row.item.deadline), "status": row.status,
        "fixed_at": local_iso(fixed), "closed_reason": row.item.closed_reason,
        "days_unfixed": row.days_unfixed(now), "overdue": fixed is None and now > row.item.deadline,
    }


def as_csv(records: Sequence[dict[str, Any]]) -> str:
    return export.as_csv(COLUMNS, records)


def as_xlsx(records: Sequence[dict[str, Any]]) -> bytes:
    return export.as_xlsx(COLUMNS, records, "问题台账")


def as_table(records: Sequence[dict[str, Any]]) -> str:
    rows = [(str(r["item"]), account_label(r["account"], r["platform"]), r["owner_org"], check_label(r["check"]),
             r["problem"], r["deadline"][:10], LEDGER_LABELS[r["status"]] + ("（逾期）" if r["overdue"] else ""),
             str(r["days_unfixed"]))
            for r in records]
    return render(("序号", "账号", "开设机构", "问题类别", "问题", "整改期限", "状态", "未整改天数"), rows)
