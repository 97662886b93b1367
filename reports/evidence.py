"""Where a finding's evidence is: its raw responses and screenshots as files, for `patrol evidence`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reports.labels import account_label, check_label, local_iso
from reports.table import printable, render
from storage.models import Account, EvidenceFile, Finding

KIND_LABELS = {"raw": "原始响应", "screenshot": "截图"}


def evidence_record(finding: Finding, account: Account, files: Sequence[EvidenceFile], paths: Sequence[Path]
                    ) -> dict[str, Any]:
    """The JSON of `patrol evidence`: the finding, and each file with its path and whether it exists."""
    return {
        "finding": {"id": finding.id, "account": account.name, "platform": account.platform, "check": finding.check,
                    "severity": finding.severity, "status": finding.status, "message": finding.message,
                    "post_id": finding.post_id, "url": finding.url,
                    "post_deleted_at": local_iso(finding.post_deleted_at)},
        "files": [{"kind": f.kind, "path": str(path), "exists": path.is_file(), "sha256": f.digest, "url": f.url,
                   "captured_at": local_iso(f.captured_at)} for f, path in zip(files, paths, strict=True)],
    }


def as_text(record: dict[str, Any]) -> str:
    finding = record["finding"]
    head = (f"finding {finding['id']}: {printable(account_label(finding['account'], finding['platform']))} "
            f"{check_label(finding['check'])} ({finding['severity']}, {finding['status']}"
            + (f"，原帖已于 {finding['post_deleted_at'][:16]} 删除" if finding["post_deleted_at"] else "") + ")")
    if not record["files"]:
        return head + "\nno evidence kept"
    rows = [(KIND_LABELS[f["kind"]], (f["captured_at"] or "")[:16], f["path"] + ("" if f["exists"] else "（文件缺失）"))
            for f in record["files"]]
    return head + "\n" + render(("证据", "获取时间", "文件"), rows, max_width=200)
