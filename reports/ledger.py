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

FIELDS = ("item", "account", "platform", "owner_org", "check", "problem", "finding_id", "period", "found_at",
          "deadline", "status", "fixed_at", "closed_reason", "days_unfixed", "overdue")


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
    return export.as_csv(FIELDS, records)


def as_table(records: Sequence[dict[str, Any]]) -> str:
    rows = [(str(r["item"]), account_label(r["account"], r["platform"]), r["owner_org"], check_label(r["check"]),
             r["problem"], r["deadline"][:10], LEDGER_LABELS[r["status"]] + ("（逾期）" if r["overdue"] else ""),
             str(r["days_unfixed"]))
            for r in records]
    return render(("序号", "账号", "开设机构", "问题类别", "问题", "整改期限", "状态", "未整改天数"), rows)
