"""The notice as an Excel workbook: the attachment table, then a sheet per problem category listing
every account charged with it and the findings behind the charge (what the account must rectify)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reports import xlsx
from reports.labels import OUTCOME_LABELS, account_label, check_label
from reports.notice import ATTACHMENT_HEADERS
from reports.notice_doc import NoticeDocument
from reports.untrusted import clean
from storage.models import Finding

PROBLEM_HEADERS = ("序号", "政务新媒体名称(类型)", "开设机构", "地区", "检查结论", "问题数", "问题说明", "原文", "链接",
                   "问题编号")


def as_xlsx(doc: NoticeDocument, report: dict[str, Any], findings: Mapping[int, Finding]) -> bytes:
    """`findings`: the report's charged findings by id (`storage.findings.findings_by_id`)."""
    book = xlsx.workbook()
    xlsx.add_sheet(book, "附件", ATTACHMENT_HEADERS, [[clean(c) for c in row] for row in doc.attachment])
    for check, rows in problem_rows(report, findings).items():
        xlsx.add_sheet(book, check_label(check), PROBLEM_HEADERS, rows)
    return xlsx.to_bytes(book)


def problem_rows(report: dict[str, Any], findings: Mapping[int, Finding]) -> dict[str, list[list[Any]]]:
    """Per check, in the order of the report's problems: one row per account charged with it."""
    rows: dict[str, list[list[Any]]] = {p["check"]: [] for p in report["problems"]}
    for verdict in report["verdicts"]:
        charged: dict[str, list[Finding]] = {}
        for finding_id in verdict["findings"]:
            if (finding := findings.get(finding_id)) is not None:
                charged.setdefault(finding.check, []).append(finding)
        for check, found in charged.items():
            sheet = rows.setdefault(check, [])
            sheet.append([len(sheet) + 1, clean(account_label(verdict["account"], verdict["platform"])),
                          clean(verdict["owner_org"]), clean(verdict["district"]), OUTCOME_LABELS[verdict["outcome"]],
                          len(found), _lines(f.message for f in found), _lines(f.quote or "" for f in found),
                          _lines(f.url or "" for f in found), "、".join(str(f.id) for f in found)])
    return rows


def _lines(values: Any) -> str:
    return clean("\n".join(v for v in values if v))
