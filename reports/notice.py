"""The inspection report as text (the parts of a notice and its attachment table) and as CSV (one row
per account's verdict). Names come from the registry and are shown escaped (`reports.table.printable`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from reports import export
from reports.labels import (
    KIND_LABELS,
    LEVEL_LABELS,
    account_label,
    check_label,
)
from reports.table import printable, render
from storage.accounts import PLATFORM_LABELS, STATUS_LABELS

VERDICT_COLUMNS: export.Columns = (
    ("account_id", "账号编号"), ("account", "账号名称"), ("platform", "平台"), ("owner_org", "开设机构"),
    ("district", "地区"), ("owner_level", "开设主体"), ("outcome", "结论"), ("score", "得分"), ("vetoes", "否决项"),
    ("deductions", "扣分项"), ("findings", "问题编号"), ("failure_no", "年内不合格次数"), ("escalation", "处理"),
    ("note", "备注"),
)
EXAMPLES = 6  # names shown per problem, as notices do
ATTACHMENT_HEADERS = ("序号", "政务新媒体名称(类型)", "开设机构", "突出问题", "备注")


def as_csv(report: dict[str, Any]) -> str:
    return export.as_csv(VERDICT_COLUMNS, report["verdicts"])


def as_xlsx(report: dict[str, Any]) -> bytes:
    return export.as_xlsx(VERDICT_COLUMNS, report["verdicts"], f"{report['period']}检查结论")


def as_text(report: dict[str, Any]) -> str:
    lines = [_heading(report), _registry(report["registry"])]
    lines += [f"专项检查 {s['period']}：检查 {s['checked']} 个，不合格 {s['failed']} 个"
              for s in report["special_checks"]]
    lines.append(_rate_line(report))
    if report["unverified"]:
        lines.append(f"未能核查 {len(report['unverified'])} 个（不计入合格率）：{_names(report['unverified'])}")
    for scope, label in (("period", "本期"), ("year", "本年度历次检查")):
        passed = report["all_passed"][scope]
        lines.append(f"{label}合格率为100%：地区 {_groups(passed['district'])}；"
                     f"开设机构 {_groups(passed['owner_org'])}")
    if report["problems"]:
        lines.append("主要问题：")
        lines += [f"  {p['label']} {p['accounts']} 个，如 {_names(p['names'][:EXAMPLES])}" for p in report["problems"]]
    for several in report["several_problems"]:
        lines.append(f"多项问题：{printable(several['account'])} 同时存在 "
                     f"{'、'.join(check_label(c) for c in several['checks'])}，扣 {_points(several['points'])} 分")
    carry = report["carryover"]
    if carry["list"]:
        lines.append(f"上期问题台账经复核，仍有 {carry['accounts']} 个账号 {carry['items']} 项问题未整改"
                     f"（已整改待复核 {carry['rectified']} 项）")
    lines += ["", "分类合格率：", _rates_table(report["rates"]),
              "", "附件：不合格政务新媒体汇总表", _attachment(report)]
    return "\n".join(lines)


def _heading(report: dict[str, Any]) -> str:
    last_day = datetime.fromisoformat(report["end"]) - timedelta(days=1)
    return (f"{report['period']} {KIND_LABELS[report['kind']]}（规则 {printable(report['profile'])}，"
            f"{report['start'][:10]} 至 {last_day:%Y-%m-%d}）")


def _registry(registry: dict[str, Any]) -> str:
    levels = "，".join(f"{LEVEL_LABELS[k]} {n}" for k, n in registry["by_level"].items())
    platforms = "，".join(f"{PLATFORM_LABELS.get(k, k)} {n}" for k, n in registry["by_platform"].items())
    outside = "、".join(f"{STATUS_LABELS.get(k, k)} {n} 个" for k, n in registry["outside"].items())
    line = f"在运行账号 {registry['active']} 个：{levels}；{platforms}"
    return line + (f"（另有{outside}，不在检查范围）" if outside else "")


def _rate_line(report: dict[str, Any]) -> str:
    rate = "—" if report["rate"] is None else f"{report['rate']:.1f}%"
    line = f"检查 {report['checked']} 个，不合格 {report['failed']} 个，合格率 {rate}"
    previous, change = report["previous"], report["change_pp"]
    if previous is None or change is None:
        return line + "（上期无检查记录）"
    trend = "提升" if change > 0 else "下降" if change < 0 else "持平"
    amount = f" {abs(change):.1f} 个百分点" if change else ""
    return line + f"，比上期（{previous['period']} {previous['rate']:.1f}%）{trend}{amount}"


def _rates_table(rates: dict[str, dict[str, dict[str, Any]]]) -> str:
    names = {"district": "地区", "owner_org": "开设机构", "owner_level": "开设主体", "platform": "平台"}
    shown = {"owner_level": LEVEL_LABELS, "platform": PLATFORM_LABELS}
    rows = [(names[dim], shown.get(dim, {}).get(group, group), str(r["checked"]), str(r["failed"]),
             "—" if r["rate"] is None else f"{r['rate']:.1f}%")
            for dim, groups in rates.items() for group, r in groups.items()]
    return render(("分类", "名称", "检查", "不合格", "合格率"), rows)


def attachment_rows(report: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """The notice's attachment: 序号, 政务新媒体名称(类型), 开设机构, 突出问题, 备注 per failed account."""
    return [(str(i), account_label(f["account"], f["platform"]), f["owner_org"],
             "、".join(check_label(c) for c in f["problems"]), _remark(f))
            for i, f in enumerate(report["failed_accounts"], 1)]


def _attachment(report: dict[str, Any]) -> str:
    return render(ATTACHMENT_HEADERS, attachment_rows(report), max_width=60)


def _remark(failed: dict[str, Any]) -> str:
    parts = [failed["note"], failed["escalation"] or ""]
    if failed["points"]:
        parts.append(f"扣{_points(failed['points'])}分，得{_points(failed['score'])}分")
    return "；".join(p for p in parts if p)


def _names(names: list[str]) -> str:
    return "、".join(f"“{printable(n)}”" for n in names)


def _groups(groups: list[str]) -> str:
    return "、".join(printable(g) for g in groups) or "无"


def _points(value: float) -> str:
    return f"{value:g}"
