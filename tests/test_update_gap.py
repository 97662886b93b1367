"""update_gap on curated accounts: pinned and reposted posts, windows per profile."""

from __future__ import annotations

from datetime import UTC, timedelta

from checks.observations import Account, Post
from checks.rules import load_profile
from checks.update_gap import update_gap
from tests.conftest import shanghai

AS_OF = shanghai(2026, 11, 26, 9, 0)
JIANGSU, NATIONAL = load_profile("jiangsu"), load_profile("national")


def _post(pid: str, days_ago: float, **kw: bool) -> Post:
    return Post(post_id=pid, published_at=AS_OF - timedelta(days=days_ago), url=f"https://x/{pid}", text=pid, **kw)


def _account(*posts: Post) -> Account:
    return Account(name="无锡发布", platform="weibo", platform_id="1", posts=posts)


def test_fresh_account_passes() -> None:
    assert update_gap(_account(_post("a", 3)), as_of=AS_OF, rules=JIANGSU) == []


def test_late_names_last_post_and_days() -> None:
    [finding] = update_gap(_account(_post("a", 9.5), _post("b", 20)), as_of=AS_OF, rules=JIANGSU)
    assert (finding.check, finding.severity, finding.key) == ("update_gap", "veto", "update_gap:a")
    assert finding.evidence["days_since"] == 9 and finding.evidence["window_days"] == 7
    assert finding.url == "https://x/a"


def test_window_is_the_profiles() -> None:
    account = _account(_post("a", 10))
    assert update_gap(account, as_of=AS_OF, rules=NATIONAL) == []
    assert len(update_gap(account, as_of=AS_OF, rules=JIANGSU)) == 1


def test_pinned_recent_post_is_not_an_update() -> None:
    [finding] = update_gap(_account(_post("top", 1, pinned=True), _post("a", 30)), as_of=AS_OF, rules=NATIONAL)
    assert finding.post_id == "a"


def test_reposts_count_unless_the_profile_says_not() -> None:
    from dataclasses import replace

    account = _account(_post("rt", 1, repost=True), _post("a", 10))
    assert update_gap(account, as_of=AS_OF, rules=JIANGSU) == []
    strict = replace(JIANGSU, reposts_count_as_updates=False)
    assert [f.post_id for f in update_gap(account, as_of=AS_OF, rules=strict)] == ["a"]


def test_no_post_at_all() -> None:
    [finding] = update_gap(_account(), as_of=AS_OF, rules=JIANGSU)
    assert finding.key == "update_gap:none" and finding.post_id is None


def test_message_gives_the_last_post_in_china_time_whatever_zone_storage_returns() -> None:
    stored = Post(post_id="a", published_at=(AS_OF - timedelta(days=10)).astimezone(UTC), text="a")
    [finding] = update_gap(_account(stored), as_of=AS_OF, rules=JIANGSU)
    assert finding.message.startswith("最近一次更新为2026-11-16 09:00")
