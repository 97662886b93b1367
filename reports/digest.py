"""What goes to the notification targets, as plain text: an alert per veto or security finding, the
digest of the other new findings grouped by severity and owner organisation, and operator alerts.

Titles are one line; every untrusted text is `clean`ed (no control characters reach a mail header or
a chat message).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import groupby

from reports.labels import account_label, check_label, local_iso
from reports.untrusted import clean
from storage.models import Account, Alert, Finding

SEVERITY_LABELS = {"veto": "否决项", "deduction": "扣分项", "notice": "提示"}
QUOTE_LIMIT = 120


def is_alert(finding: Finding) -> bool:
    """Sent at once, on its own: a veto finding, or a security finding (hijacked content) whatever its weight."""
    return finding.severity == "veto" or finding.check == "security"


def alert_message(finding: Finding, account: Account) -> tuple[str, str]:
    kind = "安全告警" if finding.check == "security" else "否决项告警"
    title = _line(f"【{kind}】{account_label(account.name, account.platform)}：{check_label(finding.check)}")
    lines = [f"账号：{account_label(account.name, account.platform)}", f"开设机构：{account.owner_org or '—'}",
             f"问题：{check_label(finding.check)}（{SEVERITY_LABELS.get(finding.severity, finding.severity)}）",
             f"说明：{finding.message}"]
    lines += _details(finding)
    return title, clean("\n".join(lines))


def digest_message(found: Sequence[tuple[Finding, Account]], as_of: datetime) -> tuple[str, str]:
    """The digest of `found` (no alerts among them): by severity, then owner organisation, then account."""
    day = (local_iso(as_of) or "")[:10]
    title = f"政务新媒体巡查日报 {day}：新发现问题 {len(found)} 条"
    order = {s: i for i, s in enumerate(SEVERITY_LABELS)}
    rows = sorted(found, key=lambda fa: (order.get(fa[0].severity, 9), fa[1].owner_org, fa[1].name, fa[0].id))
    lines = [title]
    for severity, by_severity in groupby(rows, key=lambda fa: fa[0].severity):
        lines += ["", f"【{SEVERITY_LABELS.get(severity, severity)}】"]
        for org, by_org in groupby(by_severity, key=lambda fa: fa[1].owner_org):
            lines.append(f"{org or '（未填开设机构）'}")
            for finding, account in by_org:
                label = check_label(finding.check)
                said = finding.message if finding.message.startswith(label) else f"{label}：{finding.message}"
                lines.append(f"  - {account_label(account.name, account.platform)} {said}（编号 {finding.id}）")
    return title, clean("\n".join(lines))


def operator_message(alert: Alert) -> tuple[str, str]:
    title = _line(f"【系统告警】{alert.kind}" + (f"（{alert.platform}）" if alert.platform else ""))
    return title, clean(f"{alert.message}\n时间：{(local_iso(alert.raised_at) or '')[:16]}")


def _details(finding: Finding) -> list[str]:
    lines = []
    if finding.quote:
        quote = finding.quote if len(finding.quote) <= QUOTE_LIMIT else finding.quote[:QUOTE_LIMIT] + "…"
        lines.append(f"原文：{quote}")
    if finding.url:
        lines.append(f"链接：{finding.url}")
    lines += [f"首次发现：{(local_iso(finding.first_seen) or '')[:16]}",
              f"编号：{finding.id}（证据：patrol evidence {finding.id}）"]
    return lines


def _line(text: str) -> str:
    return clean(" ".join(text.split()))
