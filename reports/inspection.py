"""The inspection report: the numbers of a notice (通报), built from stored inspections only.

Nothing here judges again: verdicts, failure counts and the ledger carry-over are read as they
were stored, so generating the report of a period later gives the same numbers. The dict returned
by `inspection_report` is the JSON contract of ``patrol inspect --format json`` (see README).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from checks.period import parse_period, year_span
from checks.rates import Rate, all_passed, change_pp, rate_of, rates_by
from reports.labels import account_label, check_label, local_iso, nth_failure
from storage.inspections import find_inspection, group_totals, inspections_between, outcome_counts, verdicts_of
from storage.models import Inspection, Verdict

DIMENSIONS = ("district", "owner_org", "owner_level", "platform")
HUNDRED_PERCENT = ("district", "owner_org")  # the groups notices name when all their accounts passed


def inspection_report(session: Session, inspection: Inspection) -> dict[str, Any]:
    """The report of a stored inspection (its keys: README, "patrol inspect")."""
    verdicts = verdicts_of(session, inspection.id)
    checked = [v for v in verdicts if v.outcome != "unverified"]
    rate = rate_of(v.outcome == "fail" for v in checked)
    period = parse_period(inspection.period)
    previous = find_inspection(session, period.previous().label, inspection.kind, inspection.profile)
    before = None if previous is None else _stored_rate(session, previous.id)
    rates = {dim: rates_by((getattr(v, dim), v.outcome == "fail") for v in checked) for dim in DIMENSIONS}
    summary = inspection.summary
    return {
        "period": inspection.period, "kind": inspection.kind, "profile": inspection.profile,
        "start": local_iso(inspection.period_start), "end": local_iso(inspection.period_end),
        "computed_at": local_iso(inspection.computed_at), "scoring": summary["scoring"],
        "registry": _registry(verdicts, summary["outside"]),
        "checked": rate.checked, "failed": rate.failed, "rate": rate.percent,
        "previous": None if previous is None or before is None else {"period": previous.period, "rate": before.percent},
        "change_pp": change_pp(rate, before),
        "unverified": sorted(account_label(v.name, v.platform) for v in verdicts if v.outcome == "unverified"),
        "rates": {dim: {group: _rate(r) for group, r in per_group.items()} for dim, per_group in rates.items()},
        "all_passed": {"period": {dim: all_passed([rates[dim]]) for dim in HUNDRED_PERCENT},
                       "year": _year_all_passed(session, inspection)},
        "special_checks": _special_checks(session, inspection),
        "problems": _problems(checked),
        "several_problems": _several(checked),
        "failed_accounts": [_failed(v) for v in sorted(checked, key=_notice_order) if v.outcome == "fail"],
        "carryover": _carryover(summary["carryover"]),
        "verdicts": [verdict_record(v) for v in verdicts],
    }


def verdict_record(v: Verdict) -> dict[str, Any]:
    """One stored verdict as the report's `verdicts` give it (also a CSV row)."""
    charges = v.charges
    return {
        "account_id": v.account_id, "account": v.name, "platform": v.platform, "owner_org": v.owner_org,
        "district": v.district, "owner_level": v.owner_level, "outcome": v.outcome, "score": v.score,
        "vetoes": [c["check"] for c in charges.get("veto", [])],
        "deductions": {c["check"]: c["points"] for c in charges.get("deduction", [])},
        "findings": sorted(i for kind in ("veto", "deduction") for c in charges.get(kind, []) for i in c["findings"]),
        "failure_no": v.failure_no, "escalation": v.escalation,
        "note": nth_failure(v.failure_no) if v.failure_no >= 2 else "",
    }


def _stored_rate(session: Session, inspection_id: int) -> Rate:
    counts = outcome_counts(session, inspection_id)
    return Rate(counts.get("pass", 0) + counts.get("fail", 0), counts.get("fail", 0))


def _rate(rate: Rate) -> dict[str, Any]:
    return {"checked": rate.checked, "failed": rate.failed, "rate": rate.percent}


def _registry(verdicts: list[Verdict], outside: dict[str, int]) -> dict[str, Any]:
    return {"active": len(verdicts), "by_level": dict(sorted(Counter(v.owner_level for v in verdicts).items())),
            "by_platform": dict(sorted(Counter(v.platform for v in verdicts).items())), "outside": outside}


def _year_all_passed(session: Session, inspection: Inspection) -> dict[str, list[str]]:
    """The districts and organisations at 100% in every check of the year up to this one."""
    start, _ = year_span(parse_period(inspection.period).year)
    return {dim: all_passed([{group: Rate(*totals) for group, totals in group_totals(
        session, inspection.profile, start, inspection.period_end, dim).items()}]) for dim in HUNDRED_PERCENT}


def _special_checks(session: Session, inspection: Inspection) -> list[dict[str, Any]]:
    """The special checks of months within a full check's period, with their failures."""
    if inspection.kind != "full":
        return []
    found = inspections_between(session, inspection.profile, inspection.period_start, inspection.period_end)
    out = []
    for special in (i for i in found if i.kind == "special"):
        out.append({"period": special.period} | _rate(_stored_rate(session, special.id)))
    return out


def _problems(checked: Iterable[Verdict]) -> list[dict[str, Any]]:
    """Per check that counted against anyone: how many accounts, and their names (notice style)."""
    names: defaultdict[str, list[str]] = defaultdict(list)
    for v in sorted(checked, key=_notice_order):
        for kind in ("veto", "deduction"):
            for charge in v.charges.get(kind, []):
                names[charge["check"]].append(account_label(v.name, v.platform))
    ranked = sorted(names.items(), key=lambda item: (-len(item[1]), item[0]))
    return [{"check": check, "label": check_label(check), "accounts": len(found), "names": found}
            for check, found in ranked]


def _several(checked: Iterable[Verdict]) -> list[dict[str, Any]]:
    """Accounts with problems of more than one check, and the points deducted from them."""
    out = []
    for v in sorted(checked, key=_notice_order):
        checks = [c["check"] for kind in ("veto", "deduction") for c in v.charges.get(kind, [])]
        if len(checks) > 1:
            out.append({"account": account_label(v.name, v.platform), "checks": checks,
                        "points": sum(c["points"] for c in v.charges.get("deduction", []))})
    return out


def _failed(v: Verdict) -> dict[str, Any]:
    record = verdict_record(v)
    return {key: record[key] for key in ("account", "platform", "owner_org", "district", "score", "failure_no",
                                         "escalation", "note")} | {
        "problems": [c["check"] for kind in ("veto", "deduction") for c in v.charges.get(kind, [])],
        "points": sum(record["deductions"].values())}


def _carryover(items: list[dict[str, Any]]) -> dict[str, Any]:
    unfixed = [item for item in items if item["status"] == "open"]
    return {"accounts": len({(i["account"], i["platform"]) for i in unfixed}), "items": len(unfixed),
            "rectified": len(items) - len(unfixed), "list": items}


def _notice_order(v: Verdict) -> tuple[str, str, str, str]:
    """City departments first, then by district, organisation and name."""
    return v.owner_level, v.district, v.owner_org, v.name
