"""A scripted year of one office's accounts, patrolled day by day through stored observations.

Each account follows a plan (routine posts every other day, gaps, posts with errors, corrections,
deletions, unanswered questions, comments switched off). Every simulated day stores what a crawl
would have observed with `store_crawl` and runs the real checks on it with `check_account`, the
path every patrol takes after its crawl. Only the HTTP crawl is left out, so that a year of daily
patrols takes seconds (the simulator's own world lasts 14 days past its start).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from scheduler.assess import check_account
from scheduler.config import load_config
from scheduler.resources import check_context
from storage.accounts import AccountRecord, upsert_accounts
from storage.db import Database
from storage.ledger import verify_account
from storage.models import Account
from storage.observations import store_crawl
from storage.records import CommentRecord, CrawlResult, PostRecord
from storage.runs import start_run

SH = ZoneInfo("Asia/Shanghai")
WINDOW = timedelta(days=14)  # how far back a day's crawl reads (the newest post is always read)
ROUTINE = "今天召开防汛工作部署会议，第{n}期。"


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2021, month, day, hour, tzinfo=SH)


@dataclass(frozen=True)
class Extra:
    """A post beyond the routine ones, published at 11:00 on `day`."""

    day: date
    text: str
    ad: bool = False
    corrected: tuple[date, str] | None = None  # (day, text) of an edit
    deleted: date | None = None
    question: str | None = None  # a citizen's question two hours later, never answered
    answered_after: timedelta | None = None  # ... unless answered this long after


@dataclass(frozen=True)
class Plan:
    name: str
    platform: str
    district: str
    owner_org: str
    gaps: tuple[tuple[date, date], ...] = ()  # no routine post in [start, end)
    extras: tuple[Extra, ...] = ()
    comments_off: tuple[date, date] | None = None  # comments switched off account-wide in [start, end)
    status: str = "active"
    blocked: bool = False  # every crawl meets the anti-crawl wall


@dataclass
class _Post:
    post_id: str
    published: datetime
    text: str
    extra: Extra | None = None
    comments: list[tuple[str, datetime, str, bool]] = field(default_factory=list)  # id, time, text, official


def d(month: int, day: int) -> date:
    return date(2021, month, day)


PLANS = (
    Plan("无锡发布", "wechat", "市级", "无锡市人民政府新闻办公室",
         extras=(Extra(d(5, 6), "市民服务中心五一期间正常开放。", question="请问周末可以办理社保卡吗？",
                       answered_after=timedelta(hours=5)),)),
    Plan("梁溪发布", "weibo", "梁溪区", "梁溪区人民政府",
         gaps=((d(3, 9), d(3, 27)), (d(6, 9), d(6, 27)), (d(9, 9), d(9, 27)))),
    Plan("无锡应急", "weibo", "市级", "无锡市应急管理局",
         extras=(Extra(d(4, 12), "攻府办公室发布安全生产通知。"), Extra(d(6, 15), "攻府办公室再次提醒注意防汛。"))),
    Plan("梁溪城管", "weibo", "梁溪区", "梁溪区城市管理局",
         extras=(*(Extra(d(7, i), f"警钟常鸣，第{i}次安全检查。", corrected=(d(7, 12), f"警钟长鸣，第{i}次安全检查。"))
                   for i in range(1, 11)),
                 *(Extra(d(7, i), f"城市管理宣传活动第{i}场。", ad=True) for i in (12, 14, 16)))),
    Plan("滨湖发布", "wechat", "滨湖区", "滨湖区人民政府",
         extras=(Extra(d(8, 3), "热烈庆祝中华人民共合国成立。", deleted=d(8, 10)),)),
    Plan("滨湖公安", "weibo", "滨湖区", "无锡市公安局滨湖分局",
         extras=(Extra(d(2, 3), "居住证办理指南。", question="请问居住证要多久才能办好？"),)),
    Plan("新吴发布", "weibo", "新吴区", "新吴区人民政府", comments_off=(d(10, 5), d(12, 1))),
    Plan("惠山旧号", "weibo", "惠山区", "惠山区人民政府", status="closed"),
    Plan("锡山发布", "weibo", "锡山区", "锡山区人民政府", blocked=True),
)


def _posts(plan: Plan) -> list[_Post]:
    posts = []
    start = datetime(2020, 11, 1, 10, tzinfo=SH)
    for n in range(0, 440, 2):
        when = start + timedelta(days=n)
        if not any(a <= when.date() < b for a, b in plan.gaps):
            posts.append(_Post(f"{plan.name}-r{n}", when, ROUTINE.format(n=n)))
    for i, extra in enumerate(plan.extras):
        post = _Post(f"{plan.name}-x{i}", datetime(2021, extra.day.month, extra.day.day, 11, tzinfo=SH), extra.text,
                     extra)
        if extra.question:
            asked = post.published + timedelta(hours=2)
            post.comments.append((f"{post.post_id}-q", asked, extra.question, False))
            if extra.answered_after:
                post.comments.append((f"{post.post_id}-a", asked + extra.answered_after, "您好，周末可以办理。", True))
        posts.append(post)
    return sorted(posts, key=lambda p: p.published, reverse=True)


def observed(plan: Plan, posts: list[_Post], when: datetime) -> CrawlResult | None:
    """What a crawl of the account at `when` returns (None: not patrolled)."""
    if plan.status != "active":
        return None
    if plan.blocked:
        return CrawlResult(0, "blocked", when, when, "HTTP 432")
    today = when.date()
    live = [p for p in posts if p.published <= when
            and not (p.extra and p.extra.deleted and p.extra.deleted <= today)]
    read = [p for i, p in enumerate(live) if i == 0 or p.published >= when - WINDOW]
    off = plan.comments_off is not None and plan.comments_off[0] <= today < plan.comments_off[1]
    records, comments = [], []
    for post in read:
        text = post.text
        if post.extra and post.extra.corrected and post.extra.corrected[0] <= today:
            text = post.extra.corrected[1]
        visible = [c for c in post.comments if c[1] <= when]
        records.append(PostRecord(post.post_id, post.published, text=text, comments_enabled=not off,
                                  comment_count=len(visible), commerce={"is_ads": True} if post.extra and post.extra.ad
                                  else {}))
        comments += [CommentRecord(cid, post.post_id, created, body, author_name="网友" if not official else plan.name,
                                   parent_platform_id=None if not official else f"{post.post_id}-q",
                                   is_official=official)
                     for cid, created, body, official in visible]
    return CrawlResult(0, "ok", when, when, posts=tuple(records), comments=tuple(comments))


class YearDriver:
    """The office's database, its registry from `plans`, and patrols of any day."""

    def __init__(self, config_path: str, plans: tuple[Plan, ...] = PLANS) -> None:
        self.config = load_config(config_path)
        self.database = Database(self.config.database_url)
        self.database.upgrade()
        self.plans = plans
        self.posts = {plan.name: _posts(plan) for plan in plans}
        records = [AccountRecord(name=p.name, platform=p.platform, source_key=p.name, platform_id=p.name,
                                 owner_org=p.owner_org, district=p.district, status=p.status) for p in plans]
        with self.database.session() as session:
            upsert_accounts(session, records, now=at(1, 1, 0))
            self.ids = {a.name: a.id for a in session.scalars(select(Account))}

    def patrol(self, when: datetime, *, kind: str = "patrol", only: Iterable[str] | None = None) -> None:
        """One patrol (or recheck) as of `when`: store each account's observations, check the verified."""
        context = check_context(self.config, when)
        names = set(only) if only is not None else {p.name for p in self.plans}
        with self.database.session() as session:
            run = start_run(session, kind=kind, as_of=when, profile=context.rules.name, started_at=when)
            for plan in (p for p in self.plans if p.name in names):
                result = observed(plan, self.posts[plan.name], when)
                if result is None:
                    continue
                account = session.get(Account, self.ids[plan.name])
                assert account is not None
                store_crawl(session, run, replace(result, account_id=account.id), seen_at=when)
                if result.outcome == "ok":
                    check_account(session, account, context, seen_at=when)

    def recheck(self, name: str, when: datetime) -> tuple[int, int]:
        """`patrol recheck NAME` without its crawl: patrol one account, then verify its ledger items."""
        self.patrol(when, kind="recheck", only=[name])
        with self.database.session() as session:
            return verify_account(session, self.ids[name], at=when)


def days(first: date, last: date) -> Iterator[datetime]:
    """09:00 of every day from `first` to `last`."""
    day = first
    while day <= last:
        yield datetime(day.year, day.month, day.day, 9, tzinfo=SH)
        day += timedelta(days=1)
