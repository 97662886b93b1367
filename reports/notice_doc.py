"""The quarterly notice (季度通报) as a document: title, sections of plain-text paragraphs, the
attachment table, and the rates its chart shows; built from a full inspection's report alone.

Its parts follow the Wuxi 2021 Q4 notice: 一、总体情况 (totals by owner level and type, the special
checks of the quarter and their failures, the full check's failures, 合格率 and its change in points,
the districts and organisations at 100% this quarter and all year, ledger items still unfixed),
二、主要问题 (each problem with its count and named examples 账号名(平台), the repeat failures, the
accounts with several problems and their deductions), 三、下一步工作要求, and the attachment
序号 / 政务新媒体名称(类型) / 开设机构 / 突出问题 / 备注. Paragraphs are plain text holding untrusted
names: each renderer escapes them whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from checks.period import parse_period
from checks.rates import owner_level
from reports.labels import LEVEL_LABELS, account_label, check_label, nth_failure
from reports.notice import EXAMPLES, attachment_rows
from storage.accounts import PLATFORM_LABELS, STATUS_LABELS

ORDINALS = "一二三四五六七八九十"
REQUIREMENTS = (
    "（一）强化问题整改落实。各地区各部门要认真对待本通报指出的问题，建立问题台账，加强对接，督促整改，逐项销号，"
    "确保问题整改落实到位。",
    "（二）严格落实日常监管。各地区各部门要落实“日巡查、月检查、季通报”要求，及时回应网民留言，"
    "杜绝内容更新不及时、互动回应差、表述错误等问题。",
    "（三）加大问责力度。按照“一通报、二约谈、三关停”的原则，对一年内多次检查不合格的政务新媒体依规处理。",
)


class NoticeError(ValueError):
    """A report a quarterly notice cannot be made of (not a full check of a quarter)."""


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class NoticeDocument:
    title: str
    addressees: str
    intro: str
    sections: tuple[Section, ...]  # 一、总体情况 (the chart goes after it), 二、主要问题, 三、下一步工作要求
    attachment_title: str
    attachment: tuple[tuple[str, ...], ...]  # rows under ATTACHMENT_HEADERS
    issuer: str
    issued: date
    rates: dict[str, dict[str, dict[str, Any]]]  # the report's rates (district, platform ...): the chart's data


def notice_document(report: dict[str, Any], *, issuer: str, addressees: str, issued: date) -> NoticeDocument:
    """The notice of a stored full inspection of a quarter; raises NoticeError for anything else."""
    period = parse_period(report["period"])
    if period.months != 3 or report["kind"] != "full":
        raise NoticeError(f"{report['period']} {report['kind']}: a notice is made of a full check of a quarter")
    quarter = f"{period.year}年第{ORDINALS[period.first_month // 3]}季度"
    who = issuer or "我办"
    return NoticeDocument(
        title=f"{issuer}关于{quarter}政务新媒体检查情况的通报",
        addressees=f"{addressees}：",
        intro=f"根据《国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知》"
              f"（国办秘函〔2019〕19号）要求，{who}组织开展了{quarter}政务新媒体检查，现将有关情况通报如下：",
        sections=(
            Section("一、总体情况", _overview(report, period.year)),
            Section("二、主要问题", _problems(report)),
            Section("三、下一步工作要求", REQUIREMENTS),
        ),
        attachment_title=f"{quarter}检查不合格政务新媒体汇总表",
        attachment=tuple(attachment_rows(report)),
        issuer=issuer,
        issued=issued,
        rates=report["rates"],
    )


def _overview(report: dict[str, Any], year: int) -> tuple[str, ...]:
    registry = report["registry"]
    last_day = datetime.fromisoformat(report["end"]) - timedelta(days=1)
    levels = "，".join(f"{LEVEL_LABELS[k]}开设政务新媒体{n}个" for k, n in registry["by_level"].items())
    kinds = "，".join(f"{PLATFORM_LABELS.get(k, k)}{n}个" for k, n in registry["by_platform"].items())
    outside = "、".join(f"{STATUS_LABELS.get(k, k)}{n}个" for k, n in registry["outside"].items())
    totals = (f"截至{last_day.year}年{last_day.month}月{last_day.day}日，共有在运行政务新媒体{registry['active']}个。"
              f"按开设主体分，{levels}。按政务新媒体类型分，{kinds}。")
    if outside:
        totals += f"另有{outside}，不在检查范围。"
    checks = _specials(report["special_checks"]) + _full_check(report)
    districts, orgs = _at_hundred(report, "period")
    named = [f"{'、'.join(districts)}合格率为100%"] if districts else []
    named += [f"{'、'.join(orgs)}主办的政务新媒体合格率为100%"] if orgs else []
    if named:
        checks += "；".join(named) + "。"
    paragraphs = [totals, checks]
    if year_line := _whole_year(report, year):
        paragraphs.append(year_line)
    carry = report["carryover"]
    if carry["items"]:
        paragraphs.append(f"经复核，以往检查发现的问题中，仍有{carry['accounts']}个政务新媒体的{carry['items']}项问题未整改"
                          + (f"（另有{carry['rectified']}项已整改、待复核）。" if carry["rectified"] else "。"))
    elif carry["rectified"]:
        paragraphs.append(f"经复核，以往检查发现的问题均已整改，其中{carry['rectified']}项待复核销号。")
    return tuple(paragraphs)


def _specials(specials: list[dict[str, Any]]) -> str:
    if not specials:
        return ""
    months = [f"{int(s['period'][5:])}月" for s in specials]
    counts = "，".join(f"{m}有{s['failed']}个不合格" for m, s in zip(months, specials, strict=True))
    several = f"分别进行了{_chinese_count(len(specials))}次" if len(specials) > 1 else "进行了"
    named = months[0] if len(months) == 1 else f"{'、'.join(months[:-1])}和{months[-1]}"
    return f"{named}{several}单项否决问题专项检查，{counts}；"


def _full_check(report: dict[str, Any]) -> str:
    rate = "—" if report["rate"] is None else f"{report['rate']:.1f}%"
    line = f"本季度全面检查共检查{report['checked']}个，共有{report['failed']}个不合格，总体合格率为{rate}"
    change = report["change_pp"]
    if report["previous"] is None or change is None:
        line += "（上季度无检查记录）"
    elif change == 0:
        line += "，与上季度持平"
    else:
        line += f"，比上季度{'提升' if change > 0 else '下降'}{abs(change):.1f}个百分点"
    line += "。"
    if report["unverified"]:
        line += f"另有{len(report['unverified'])}个因平台限制未能核查，不计入合格率。"
    return line


def _whole_year(report: dict[str, Any], year: int) -> str:
    """Districts (not the city level) and city-level organisations at 100% in every check of the year."""
    districts, orgs = _at_hundred(report, "year")
    parts = [f"{'、'.join(districts)}主管的政务新媒体" if districts else "",
             f"{'、'.join(orgs)}主办的政务新媒体" if orgs else ""]
    named = "，".join(p for p in parts if p)
    return f"{named}在{year}年度历次检查中合格率均为100%。" if named else ""


def _problems(report: dict[str, Any]) -> tuple[str, ...]:
    paragraphs = []
    for problem in report["problems"]:
        examples = "".join(f"“{n}”" for n in problem["names"][:EXAMPLES])
        named = problem["label"] if problem["label"].endswith("问题") else problem["label"] + "问题"
        paragraphs.append(f"{problem['label']}。有{problem['accounts']}个政务新媒体存在{named}，如{examples}等。")
    repeats = _repeats(report["failed_accounts"])
    if repeats:
        paragraphs.append(f"多次检查不合格。{repeats}")
    several = report["several_problems"]
    if several:
        cases = "；".join(f"“{s['account']}”同时存在“{'、'.join(check_label(c) for c in s['checks'])}”等问题"
                         + (f"，被扣{s['points']:g}分" if s["points"] else "") for s in several)
        paragraphs.append(f"有个别政务新媒体同时存在多个问题。如{cases}。")
    if not paragraphs:
        return ("本季度检查未发现问题。",)
    return tuple(f"{ORDINALS[i]}是{p}" for i, p in enumerate(paragraphs))


def _repeats(failed: list[dict[str, Any]]) -> str:
    by_number: dict[int, list[str]] = {}
    for f in failed:
        if f["failure_no"] >= 2:
            by_number.setdefault(f["failure_no"], []).append(f"“{account_label(f['account'], f['platform'])}”")
    return "；".join(f"{''.join(names)}为{nth_failure(n)}" for n, names in sorted(by_number.items())) + (
        "。" if by_number else "")


def _at_hundred(report: dict[str, Any], scope: str) -> tuple[list[str], list[str]]:
    """The districts (not the city level) and the city-level departments at 100% in `scope` (period or
    year): a district's own bodies are named through their district, as notices do."""
    passed = report["all_passed"][scope]
    city = {v["owner_org"] for v in report["verdicts"] if v["owner_level"] == "city"}
    return ([g for g in passed["district"] if owner_level(g) == "district"],
            [o for o in passed["owner_org"] if o in city])


def _chinese_count(n: int) -> str:
    return "两" if n == 2 else ORDINALS[n - 1] if 1 <= n <= len(ORDINALS) else str(n)
