"""The pure inspection rules: periods, which problems count in a period, verdicts per profile,
rates and their change, the escalation ladder, an office's own profile, and the checks a profile may name."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.escalation import check_key, failure_number, rung
from checks.interaction import CHECKS as INTERACTION_CHECKS
from checks.period import PeriodError, parse_period
from checks.rates import Rate, all_passed, change_pp, owner_level, rates_by
from checks.registry import CONTENT_CHECKS
from checks.rules import CHECKS, load_profile
from checks.scoring import Problem, Spell, judge
from checks.still_online import CHECK as STILL_ONLINE
from tests.conftest import shanghai

JIANGSU, NATIONAL = load_profile("jiangsu"), load_profile("national")
DEC = parse_period("2021-12")


def _problem(finding_id: int, check: str, first: tuple[int, int], last: tuple[int, int] | None = None) -> Problem:
    start = shanghai(2021, *first, 9)
    end = shanghai(2021, *last, 9) if last else start
    return Problem(finding_id, check, (Spell(start, end),))


def test_periods() -> None:
    q4 = parse_period("2021Q4")
    assert (q4.label, q4.start, q4.end) == ("2021Q4", shanghai(2021, 10, 1), shanghai(2022, 1, 1))
    assert parse_period("2022-01").previous() == DEC and q4.previous().label == "2021Q3"
    assert parse_period("2021Q1").previous().label == "2020Q4"
    for bad in ("2021-13", "2021Q5", "2021", "Q4"):
        with pytest.raises(PeriodError):
            parse_period(bad)


def test_ongoing_problems_count_while_seen_events_where_first_seen() -> None:
    gap = _problem(1, "update_gap", (11, 25), (12, 3))  # seen into December
    typo = _problem(2, "typo", (11, 25), (12, 20))  # first seen in November
    reopened = Problem(3, "typo", (Spell(shanghai(2021, 10, 1), shanghai(2021, 10, 2)),
                                   Spell(shanghai(2021, 12, 5), shanghai(2021, 12, 6))))
    verdict = judge(JIANGSU, [gap, typo, reopened], DEC)
    assert [c.finding_ids for c in verdict.vetoes] == [(1,)]
    assert [(c.check, c.finding_ids) for c in verdict.deductions] == [("typo", (3,))]
    assert not verdict.passed and verdict.score == 98


def test_jiangsu_deducts_per_occurrence_with_caps_and_fails_below_60() -> None:
    typos = [_problem(i, "typo", (12, i)) for i in range(1, 13)]  # 12 x 2 points, capped at 20
    ads = [_problem(20 + i, "ad", (12, i)) for i in range(1, 5)]  # 4 x 10, capped at 30
    verdict = judge(JIANGSU, typos + ads, DEC)
    assert {c.check: c.points for c in verdict.deductions} == {"typo": 20, "ad": 30}
    assert (verdict.score, verdict.passed, verdict.vetoes) == (50, False, ())
    assert judge(JIANGSU, typos + ads[:1], DEC).score == 70 and judge(JIANGSU, typos + ads[:1], DEC).passed


def test_national_is_veto_only_and_special_checks_ignore_deductions() -> None:
    typos = [_problem(i, "typo", (12, i)) for i in range(1, 13)]
    assert (judge(NATIONAL, typos, DEC).passed, judge(NATIONAL, typos, DEC).score) == (True, 100)
    ads = [_problem(20 + i, "ad", (12, i)) for i in range(1, 5)]
    special = judge(JIANGSU, typos + ads, DEC, special=True)
    assert (special.passed, special.score, special.deductions) == (True, None, ())
    severe = judge(JIANGSU, [_problem(9, "severe_error", (12, 2))], DEC, special=True)
    assert not severe.passed and severe.vetoes[0].check == "severe_error"


def test_rates_and_their_change_in_points() -> None:
    assert Rate(480, 24).percent == 95.0 and Rate(0, 0).percent is None
    assert change_pp(Rate(480, 24), Rate(500, 42)) == 3.4  # 95.0 vs 91.6, as the Wuxi notice printed
    assert change_pp(Rate(3, 1), None) is None
    by_district = rates_by([("梁溪区", False), ("梁溪区", True), ("滨湖区", False)])
    assert by_district == {"梁溪区": Rate(2, 1), "滨湖区": Rate(1, 0)} and by_district["梁溪区"].percent == 50.0
    assert all_passed([by_district, {"滨湖区": Rate(2, 0), "新吴区": Rate(1, 0)}]) == ["新吴区", "滨湖区"]
    assert (owner_level("市级"), owner_level("滨湖区")) == ("city", "district")


def test_failures_of_the_year_climb_the_ladder() -> None:
    months = [parse_period(f"2021-{m:02d}") for m in (3, 6, 9)]
    keys = [check_key(p.start, p.end, "full") for p in months]
    assert [failure_number(keys[:i], keys[i]) for i in range(3)] == [1, 2, 3]
    ladder = JIANGSU.escalation
    assert [rung(ladder, n) for n in (1, 2, 3, 4)] == ["通报", "约谈", "关停", "关停"]
    q4, oct_, dec = parse_period("2021Q4"), parse_period("2021-10"), parse_period("2021-12")
    ordered = sorted([check_key(q4.start, q4.end, "full"), check_key(dec.start, dec.end, "full"),
                      check_key(dec.start, dec.end, "special"), check_key(oct_.start, oct_.end, "special")])
    assert ordered == [check_key(oct_.start, oct_.end, "special"), check_key(dec.start, dec.end, "special"),
                       check_key(dec.start, dec.end, "full"), check_key(q4.start, q4.end, "full")]


def test_an_office_profile_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "office.toml"
    path.write_text('name = "office"\n[update]\nwindow_days = 10\n[scoring]\npass_score = 80\nveto = ["security"]\n'
                    "[scoring.deductions]\nupdate_gap = { points = 15 }\n[escalation]\nladder = ['通报', '约谈']\n"
                    "[ledger]\ndeadline_days = 10\n", encoding="utf-8")
    office = load_profile(path)
    verdict = judge(office, [_problem(1, "update_gap", (12, 1), (12, 9)), _problem(2, "update_gap", (12, 20))], DEC)
    assert (verdict.score, verdict.passed, rung(office.escalation, 3), office.ledger_deadline_days) == (
        70, False, "约谈", 10)


def test_profiles_may_name_exactly_the_registered_checks() -> None:
    assert {"update_gap", *INTERACTION_CHECKS, *CONTENT_CHECKS, STILL_ONLINE} == CHECKS
