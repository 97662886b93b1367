"""The office's account sheet (CSV or XLSX, Chinese headers, English aliases) to account records.

Every problem is reported as ``FILE:LINE: column: problem``; `read_sheet` returns the good
records and the problems, and the caller decides whether a file with problems imports.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from scheduler.errors import UsageError
from storage.accounts import PLATFORM_LABELS, STATUS_LABELS, AccountRecord

COLUMNS = {  # canonical header -> accepted aliases (compared case-insensitively)
    "名称": ("名称", "账号名称", "name"),
    "平台": ("平台", "类型", "platform"),
    "开设机构": ("开设机构", "owner", "owner_org"),
    "主管单位": ("主管单位", "supervisor"),
    "地区": ("地区", "district"),
    "平台ID": ("平台id", "platform_id", "id"),
    "订阅源": ("订阅源", "feed", "feed_url"),
    "主页": ("主页", "homepage", "url"),
    "状态": ("状态", "status"),
    "备案": ("备案", "filed"),
}
REQUIRED = ("名称", "平台")
PLATFORMS = {label: code for code, label in PLATFORM_LABELS.items()} | {
    "微信": "wechat", "公众号": "wechat", "抖音": "douyin", "快手": "kuaishou", "今日头条": "toutiao",
    "头条": "toutiao", "app": "app", "客户端": "app",
} | {code: code for code in PLATFORM_LABELS}
STATUSES = {label: code for code, label in STATUS_LABELS.items()} | {code: code for code in STATUS_LABELS}
YES_NO = {"是": True, "否": False, "yes": True, "no": False, "y": True, "n": False, "true": True, "false": False}


@dataclass(frozen=True)
class SheetReport:
    records: list[AccountRecord]
    problems: list[str]


def read_sheet(path: Path) -> SheetReport:
    """Validate every row of the sheet at `path`; raises UsageError if it cannot be read at all."""
    rows = _xlsx_rows(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _csv_rows(path)
    header_line, header = next(rows, (1, []))
    columns = _columns(path, header_line, header)
    records: list[AccountRecord] = []
    problems: list[str] = []
    first_line: dict[tuple[str, str], int] = {}
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        row = {name: (cells[i].strip() if i < len(cells) else "") for name, i in columns.items()}
        record, errors = _record(row)
        if record is not None:
            key = (record.platform, record.source_key)
            if key in first_line:
                errors.append(f"{'平台ID' if record.platform_id else '订阅源'}: duplicate of line {first_line[key]}")
            else:
                first_line[key] = line
        problems.extend(f"{path}:{line}: {error}" for error in errors)
        if record is not None and not errors:
            records.append(record)
    return SheetReport(records, problems)


def _columns(path: Path, line: int, header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = cell.strip().lstrip("\ufeff").lower()
        for canonical, aliases in COLUMNS.items():
            if name in aliases or name == canonical.lower():
                found.setdefault(canonical, index)
    for required in REQUIRED:
        if required not in found:
            raise UsageError(f"{path}:{line}: {required}: missing column")
    if "平台ID" not in found and "订阅源" not in found:
        raise UsageError(f"{path}:{line}: 平台ID: missing column (or 订阅源)")
    return found


def _record(row: dict[str, str]) -> tuple[AccountRecord | None, list[str]]:
    errors = []
    name = row.get("名称", "")
    if not name:
        errors.append("名称: missing")
    platform = PLATFORMS.get(row.get("平台", "").lower())
    if platform is None:
        known = "/".join(PLATFORM_LABELS.values())
        errors.append(f"平台: unknown platform {row.get('平台', '')!r} (use one of {known})")
    status = STATUSES.get(row.get("状态", "").lower() or "运行")
    if status is None:
        errors.append(f"状态: bad status {row.get('状态')!r} (运行/已关停/已注销)")
    filed = YES_NO.get(row.get("备案", "").lower() or "是")
    if filed is None:
        errors.append(f"备案: expected 是 or 否, got {row.get('备案')!r}")
    platform_id, feed = row.get("平台ID") or None, row.get("订阅源") or None
    if not platform_id and not feed:
        errors.append("平台ID: missing (give 平台ID or 订阅源)")
    if feed and not feed.startswith(("http://", "https://")):
        errors.append(f"订阅源: not an http(s) URL: {feed!r}")
    if errors or platform is None or status is None or filed is None:
        return None, errors
    return AccountRecord(
        name=name,
        platform=platform,
        source_key=platform_id or feed or "",
        platform_id=platform_id,
        feed_url=feed,
        homepage=row.get("主页") or None,
        owner_org=row.get("开设机构", ""),
        supervisor=row.get("主管单位") or None,
        district=row.get("地区", ""),
        status=status,
        filed=filed,
    ), []


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UsageError(f"{path}:1: file: neither UTF-8 nor GB18030 text")
    reader = csv.reader(io.StringIO(text, newline=""))
    for cells in reader:
        yield reader.line_num, cells


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise UsageError(f"{path}: cannot read as XLSX: {exc}") from exc
    try:
        sheet = workbook.worksheets[0]
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, ["" if v is None else str(v) for v in values]
    finally:
        workbook.close()
