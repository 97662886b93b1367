"""slow_reply, no_interaction, perfunctory_reply and assess_interaction on labelled threads."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from checks.findings import Finding
from checks.interaction import CHECKS, CommentClassifier, InteractionResult, assess_interaction
from checks.interaction.no_interaction import no_interaction
from checks.interaction.perfunctory import perfunctory_reply
from checks.interaction.slow_reply import slow_reply
from checks.observations import Account, Comment, Post
from checks.rules import Rules, load_profile
from checks.workdays import CST, WorkCalendar, load_calendar

RULES = load_profile("jiangsu")  # 5 working days, 45 days back, slow_reply a veto
PACKAGE = WorkCalendar()


def cst(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CST)


@pytest.fixture(scope="module")
def classifier() -> CommentClassifier:
    return CommentClassifier.load()


def user(cid: str, at: datetime, text: str, *, post: str = "p1", parent: str | None = None) -> Comment:
    return Comment(cid, post, at, text, author_id=f"u-{cid}", author_name=f"网友{cid}", parent_id=parent)


def official(cid: str, at: datetime, text: str, *, parent: str, post: str = "p1") -> Comment:
    return Comment(cid, post, at, text, author_id="acct", author_name="某市发布", parent_id=parent, is_official=True)


def account(*comments: Comment, posts: tuple[Post, ...] | None = None, visible: bool = True) -> Account:
    if posts is None:
        posts = (Post("p1", cst(2026, 9, 29, 9), url="https://m.weibo.cn/detail/p1"), Post("p2", cst(2026, 10, 8, 9)))
    return Account("某市发布", "weibo", "acct", posts=posts, comments=comments, comments_visible=visible)


# As of 2026-10-20 12:00, 5 working days, National Day 2026 (10-01..10-07 off, Sat 10-10 worked).
AS_OF = cst(2026, 10, 20, 12)
THREADS = account(
    # asked on the eve of National Day, due end of 10-13; answered 10-13 evening: in time
    user("in-time", cst(2026, 9, 30, 10), "请问国庆期间政务大厅开门吗？"),
    official("r-in-time", cst(2026, 10, 13, 20), "您好，10月8日起正常办公。", parent="in-time"),
    # same eve, answered the morning after the deadline: late
    user("late", cst(2026, 9, 30, 11), "小区门口的路灯坏了半个月了，一直没人修"),
    official("r-late", cst(2026, 10, 14, 9), "您好，已安排维修人员10月15日前修复。", parent="late"),
    # Friday 10-09, due end of 10-15 thanks to the make-up Saturday; never answered: overdue
    user("overdue", cst(2026, 10, 9, 15), "我要投诉某某药店卖过期药"),
    # 10-16, due end of 10-23: pending, not a finding
    user("pending", cst(2026, 10, 16, 9), "请问新生入学报名什么时候开始？"),
    # praise never answered: no finding
    user("praise", cst(2026, 9, 30, 12), "为家乡的变化点赞"),
    # the account's own question to its readers: no finding
    Comment("own", "p1", cst(2026, 9, 30, 13), "大家对新政策有什么建议？", author_id="acct", is_official=True),
    # a thread: a user answers the asker, the account answers under that reply: counts for the root
    user("root", cst(2026, 10, 8, 9), "请问这个补贴外地户口能申请吗"),
    user("chat", cst(2026, 10, 8, 10), "同问，我也是外地的，谁知道？", parent="root"),
    official("r-chat", cst(2026, 10, 9, 9), "您好，外地户口持居住证即可申请。", parent="chat"),
    # users arguing among themselves under praise: nothing asked of the account
    user("argue", cst(2026, 10, 8, 12), "你懂什么？为什么老是抬杠？", parent="praise"),
    # a follow-up to the account's answer needs its own answer; the earlier answer does not count
    user("ask", cst(2026, 10, 8, 11), "公积金提取需要哪些材料？"),
    official("r-ask", cst(2026, 10, 8, 16), "您好，需身份证和购房合同。", parent="ask"),
    user("follow-up", cst(2026, 10, 12, 10), "那具体是哪个窗口？", parent="r-ask"),
    # comment ids repeat across posts (WeChat): p2's reply to "in-time" answers nothing on p1
    user("in-time", cst(2026, 10, 8, 9), "请问二手房契税怎么算？", post="p2"),
    # outside the 45-day look-back: not looked at
    user("old", cst(2026, 8, 1, 9), "请问图书馆几点开门？"),
    # written after the as-of time: not seen yet
    user("future", cst(2026, 10, 21, 9), "请问明天停水吗？"),
    official("r-overdue-later", cst(2026, 10, 21, 10), "您好，已转市场监管局查处。", parent="overdue"),
)


def keys(findings: list[Finding]) -> set[str]:
    return {finding.key for finding in findings}


def test_slow_reply_exact_set(classifier: CommentClassifier) -> None:
    findings = slow_reply(THREADS, as_of=AS_OF, rules=RULES, calendar=PACKAGE, classifier=classifier)
    assert keys(findings) == {"slow_reply:p1/late", "slow_reply:p1/overdue", "slow_reply:p1/follow-up",
                              "slow_reply:p2/in-time"}
    assert {f.severity for f in findings} == {"veto"}


def test_slow_reply_quotes_the_comment_its_time_the_deadline_and_the_reply(classifier: CommentClassifier) -> None:
    findings = {f.comment_id: f for f in slow_reply(THREADS, as_of=AS_OF, rules=RULES, calendar=PACKAGE,
                                                     classifier=classifier) if f.post_id == "p1"}
    late, overdue = findings["late"], findings["overdue"]
    assert late.quote == "小区门口的路灯坏了半个月了，一直没人修"
    assert late.url == "https://m.weibo.cn/detail/p1"
    assert late.message == ("网民留言“小区门口的路灯坏了半个月了，一直没人修”（2026-09-30 11:00）于2026-10-14 09:00"
                            "才首次答复，超过答复期限5个工作日（至2026-10-13）")
    assert late.evidence["due"] == "2026-10-14T00:00:00+08:00"
    assert late.evidence["replied_at"] == "2026-10-14T09:00:00+08:00"
    assert overdue.evidence["deadline"] == "5个工作日（至2026-10-15）"
    assert overdue.evidence["replied_at"] is None  # the reply after the as-of time is not seen
    assert "仍未答复" in overdue.message


def test_slow_reply_keys_are_stable_across_patrols(classifier: CommentClassifier) -> None:
    later = AS_OF + timedelta(days=2)  # the reply of 10-21 now seen: overdue became late
    findings = slow_reply(THREADS, as_of=later, rules=RULES, calendar=PACKAGE, classifier=classifier)
    by_key = {f.key: f for f in findings}
    assert "slow_reply:p1/overdue" in by_key
    assert by_key["slow_reply:p1/overdue"].evidence["replied_at"] == "2026-10-21T10:00:00+08:00"
    assert "slow_reply:p1/pending" not in by_key  # due end of 10-23


def test_without_the_holidays_the_answer_on_the_eve_would_have_been_late(
    classifier: CommentClassifier, tmp_path: Path
) -> None:
    (tmp_path / "2026.txt").write_text("# nothing special this year\n", encoding="utf-8")
    weekdays_only = load_calendar(tmp_path)
    findings = slow_reply(THREADS, as_of=AS_OF, rules=RULES, calendar=weekdays_only, classifier=classifier)
    assert "slow_reply:p1/in-time" in keys(findings)


def test_hour_deadlines_ignore_holidays(classifier: CommentClassifier) -> None:
    rules = replace(RULES, reply_deadline_working_days=None, reply_deadline_hours=24)
    thread = account(
        user("a", cst(2026, 9, 30, 10), "请问国庆期间政务大厅开门吗？"),
        official("ra", cst(2026, 10, 1, 9, 59), "您好，10月8日起正常办公。", parent="a"),
        user("b", cst(2026, 9, 30, 10), "请问国庆高速免费吗？"),
        official("rb", cst(2026, 10, 1, 10), "您好，免费至10月7日24时。", parent="b"),
    )
    findings = slow_reply(thread, as_of=AS_OF, rules=rules, calendar=PACKAGE, classifier=classifier)
    assert keys(findings) == {"slow_reply:p1/b"}
    assert findings[0].evidence["deadline"] == "24小时（至2026-10-01 10:00）"


def test_assess_counts_pending_and_names_posts_to_read_again(classifier: CommentClassifier) -> None:
    result = assess_interaction(THREADS, as_of=AS_OF, rules=RULES, calendar=PACKAGE, classifier=classifier)
    assert result.assessable
    assert result.pending == 1
    assert result.open_posts == {"p1", "p2"}  # p1: pending, overdue, follow-up; p2: overdue
    assert result.weekday_years == frozenset()
    assert {f.check for f in result.findings} <= set(CHECKS)


def test_accounts_whose_comments_cannot_be_seen_are_not_assessable(classifier: CommentClassifier) -> None:
    feed = replace(THREADS, comments_visible=False)
    result = assess_interaction(feed, as_of=AS_OF, rules=RULES, calendar=PACKAGE, classifier=classifier)
    assert result == InteractionResult(assessable=False)


def test_a_2027_deadline_without_a_holiday_file_falls_back_to_weekdays_and_says_so(
    classifier: CommentClassifier, tmp_path: Path
) -> None:
    thread = account(
        user("q", cst(2027, 9, 30, 10), "请问国庆期间政务大厅开门吗？"),
        official("r", cst(2027, 10, 9, 10), "您好，10月8日起正常办公。", parent="q"),
        posts=(Post("p1", cst(2027, 9, 29, 9)),),
    )
    as_of = cst(2027, 10, 20)
    plain = assess_interaction(thread, as_of=as_of, rules=RULES, calendar=PACKAGE, classifier=classifier)
    assert plain.weekday_years == {2027}
    assert [f.evidence["deadline"] for f in plain.findings] == ["5个工作日（至2027-10-07）"]

    (tmp_path / "2027.txt").write_text("2027-10-01..2027-10-07 holiday 国庆节\n2027-10-09 workday\n", encoding="utf-8")
    filed = assess_interaction(thread, as_of=as_of, rules=RULES, calendar=load_calendar(tmp_path),
                               classifier=classifier)
    assert filed.weekday_years == frozenset()
    assert filed.findings == ()  # due end of 10-13 by the file: the 10-09 answer is in time


def test_a_deadline_running_into_2027_reports_the_guessed_year(classifier: CommentClassifier) -> None:
    thread = account(user("q", cst(2026, 12, 29, 10), "请问元旦假期社保大厅开门吗？"))
    result = assess_interaction(thread, as_of=cst(2026, 12, 30), rules=RULES, calendar=PACKAGE,
                                classifier=classifier)
    assert result.weekday_years == {2027}
    assert result.pending == 1


# --- no_interaction


OCTOBER = cst(2026, 10, 1)


def posts(*enabled: bool | None, start: datetime = OCTOBER) -> tuple[Post, ...]:
    return tuple(Post(f"p{i}", start + timedelta(days=3 * i), comments_enabled=e) for i, e in enumerate(enabled))


@pytest.mark.parametrize(
    ("observed", "found"),
    [
        (posts(False, False, False), True),
        (posts(False, False, False, False, False), True),
        (posts(False, False), False),  # fewer than no_interaction_min_posts
        (posts(False, True, False), False),  # one post open to comments
        (posts(False, None, False), False),  # the platform did not say for one post
        (posts(False, False, False, start=cst(2026, 8, 1)) + posts(True, start=cst(2026, 10, 1)), False),
        (posts(True, start=cst(2026, 8, 1)) + posts(False, False, False, start=cst(2026, 10, 1)), True),
        (posts(False, False, start=cst(2026, 10, 1)) + posts(False, start=cst(2026, 10, 25)), False),  # after as-of
    ],
)
def test_no_interaction(classifier: CommentClassifier, observed: tuple[Post, ...], found: bool) -> None:
    findings = no_interaction(account(posts=observed), as_of=AS_OF, rules=RULES, calendar=PACKAGE,
                              classifier=classifier)
    assert keys(findings) == ({"no_interaction"} if found else set())


def test_no_interaction_says_how_many_posts_over_how_long(classifier: CommentClassifier) -> None:
    [finding] = no_interaction(account(posts=posts(False, False, False)), as_of=AS_OF, rules=RULES,
                               calendar=PACKAGE, classifier=classifier)
    assert finding.severity == "veto"
    assert finding.message == "近45天发布的3条内容均关闭了留言评论，无有效互动功能"
    assert finding.evidence["first_post_at"] == "2026-10-01T00:00:00+08:00"


# --- perfunctory_reply

BOILERPLATE = "您好，您反映的问题已转交相关部门处理，感谢您的关注！"


def test_one_boilerplate_for_several_distinct_questions_is_reported_once_as_a_template(
    classifier: CommentClassifier,
) -> None:
    thread = account(
        user("q1", cst(2026, 10, 8, 9), "小区垃圾好几天没人清运"),
        official("r1", cst(2026, 10, 8, 15), BOILERPLATE, parent="q1"),
        user("q2", cst(2026, 10, 9, 9), "请问学校门口什么时候装红绿灯？"),
        official("r2", cst(2026, 10, 9, 15), "您好，您反映的情况已转交相关部门处理，感谢您的关注。", parent="q2"),
        user("q3", cst(2026, 10, 12, 9), "我要投诉工地夜间施工扰民"),
        official("r3", cst(2026, 10, 12, 15), BOILERPLATE, parent="q3"),
        user("q4", cst(2026, 10, 12, 9), "请问社区医院周末有门诊吗"),
        official("r4", cst(2026, 10, 12, 16), "您好，周六上午有门诊，周日休息。", parent="q4"),
        # the same wording under praise is courtesy, not a template for questions
        user("praise", cst(2026, 10, 12, 10), "为你们点赞"),
        official("r5", cst(2026, 10, 12, 17), BOILERPLATE, parent="praise"),
    )
    findings = perfunctory_reply(thread, as_of=AS_OF, rules=RULES, calendar=PACKAGE, classifier=classifier)
    assert len(findings) == 1  # the three boilerplate replies are not reported again one by one
    [template] = findings
    assert template.key.startswith("perfunctory_reply:template:")
    assert template.quote == BOILERPLATE
    assert template.severity == "deduction"
    assert template.evidence["questions"] == 3
    assert template.evidence["question_ids"] == "p1/q1,p1/q2,p1/q3"


def test_the_same_good_answer_to_the_same_question_is_no_template(classifier: CommentClassifier) -> None:
    comments = []
    for i in range(3):
        comments.append(user(f"q{i}", cst(2026, 10, 8, 9 + i), "请问什么时候开学？"))
        comments.append(official(f"r{i}", cst(2026, 10, 8, 15 + i), "您好，9月1日开学，请留意学校通知。",
                                 parent=f"q{i}"))
    findings = perfunctory_reply(account(*comments), as_of=AS_OF, rules=RULES, calendar=PACKAGE,
                                 classifier=classifier)
    assert findings == []


def test_two_distinct_questions_are_not_yet_a_template(classifier: CommentClassifier) -> None:
    thread = account(
        user("q1", cst(2026, 10, 8, 9), "请问学校门口什么时候装红绿灯？"),
        official("r1", cst(2026, 10, 8, 15), "您好，请拨打12345热线咨询。", parent="q1"),
        user("q2", cst(2026, 10, 9, 9), "我要投诉工地夜间施工扰民"),
        official("r2", cst(2026, 10, 9, 15), "您好，请拨打12345热线咨询。", parent="q2"),
    )
    assert perfunctory_reply(thread, as_of=AS_OF, rules=RULES, calendar=PACKAGE, classifier=classifier) == []


def test_replies_without_substance_to_questions(classifier: CommentClassifier) -> None:
    thread = account(
        user("bare", cst(2026, 10, 8, 9), "请问社保卡在哪里补办？"),
        official("r-bare", cst(2026, 10, 8, 10), "收到", parent="bare"),
        user("forwarded", cst(2026, 10, 8, 9), "小区门口的井盖丢了，晚上很危险"),
        official("r-forwarded", cst(2026, 10, 8, 11), "您好，已转相关部门。", parent="forwarded"),
        # an empty first reply followed by a real answer in the thread is no finding
        user("followed", cst(2026, 10, 9, 9), "请问疫苗预约的号什么时候放？"),
        official("r-followed", cst(2026, 10, 9, 10), "收到", parent="followed"),
        official("r-followed-2", cst(2026, 10, 10, 10), "您好，每周一上午9点放号。", parent="followed"),
        # with something after 已转相关部门 it says something
        user("told", cst(2026, 10, 9, 9), "工地夜间施工，噪音太大了"),
        official("r-told", cst(2026, 10, 9, 11), "已转相关部门，预计3个工作日内答复", parent="told"),
        # "收到" to praise is no problem
        user("praise", cst(2026, 10, 9, 9), "交警同志辛苦了"),
        official("r-praise", cst(2026, 10, 9, 12), "收到", parent="praise"),
    )
    findings = perfunctory_reply(thread, as_of=AS_OF, rules=RULES, calendar=PACKAGE, classifier=classifier)
    assert keys(findings) == {"perfunctory_reply:empty:p1/r-bare", "perfunctory_reply:empty:p1/r-forwarded"}
    bare = next(f for f in findings if f.comment_id == "r-bare")
    assert bare.quote == "收到"
    assert bare.evidence["question"] == "请问社保卡在哪里补办？"


def test_severity_comes_from_the_profile(classifier: CommentClassifier) -> None:
    lenient = Rules(name="lenient")  # nothing vetoed, nothing deducted
    findings = slow_reply(THREADS, as_of=AS_OF, rules=lenient, calendar=PACKAGE, classifier=classifier)
    assert findings and {f.severity for f in findings} == {"notice"}


def test_the_registry_names_every_check() -> None:
    assert list(CHECKS) == ["slow_reply", "no_interaction", "perfunctory_reply"]
    assert CHECKS["slow_reply"] is slow_reply
