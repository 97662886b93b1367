"""One account over time: its verdicts in every inspection and its findings with their history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reports.findings import finding_record
from reports.inspection import verdict_record
from reports.labels import KIND_LABELS, OUTCOME_LABELS, account_label, check_label, local_iso
from reports.table import printable, render
from storage.models import Account, Finding, FindingEvent, Inspection, Verdict


def history_record(account: Account, verdicts: Sequence[tuple[Verdict, Inspection]],
                   findings: Sequence[tuple[Finding, Sequence[FindingEvent]]]) -> dict[str, Any]:
    return {
        "account": {"id": account.id, "name": account.name, "platform": account.platform,
                    "owner_org": account.owner_org, "district": account.district, "status": account.status},
        "verdicts": [{"period": i.period, "kind": i.kind, "profile": i.profile} | verdict_record(v)
                     for v, i in verdicts],
        "findings": [finding_record(f, account) | {
            "first_seen": local_iso(f.first_seen), "last_seen": local_iso(f.last_seen),
            "post_deleted_at": local_iso(f.post_deleted_at), "history": [
            {"at": local_iso(e.at), "status": e.status, "cause": e.cause, "actor": e.actor, "reason": e.reason}
            for e in events]} for f, events in findings],
    }


def as_text(record: dict[str, Any]) -> str:
    """The history as two tables, verdicts and findings."""
    verdicts = [(v["period"], KIND_LABELS[v["kind"]], v["profile"], OUTCOME_LABELS[v["outcome"]],
                 "" if v["score"] is None else f"{v['score']:g}",
                 "、".join(check_label(c) for c in [*v["vetoes"], *v["deductions"]]), v["escalation"] or "",
                 v["note"])
                for v in record["verdicts"]]
    findings = [(str(f["id"]), check_label(f["check"]), f["status"] + ("（原帖已删）" if f["post_deleted_at"] else ""),
                 f["first_seen"][:10], f["last_seen"][:10], str(f["times_seen"]),
                 " → ".join(f"{e['at'][:10]} {e['status']}" for e in f["history"]), f["message"])
                for f in record["findings"]]
    account = record["account"]
    verdict_table = render(("期间", "检查", "规则", "结论", "得分", "问题", "处理", "备注"), verdicts)
    finding_table = render(("ID", "类别", "状态", "首次发现", "最近发现", "次数", "经过", "说明"), findings,
                           max_width=48)
    return "\n".join([
        printable(f"{account_label(account['name'], account['platform'])}，{account['owner_org']}"),
        "检查结论：", verdict_table if verdicts else "无", "", "发现的问题：", finding_table if findings else "无",
    ])
