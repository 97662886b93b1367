"""The platform simulator, as a spider sees it: a real subprocess on a random port.

Shapes follow platforms.md; the truth it writes must agree with what it serves.
"""

from __future__ import annotations

import csv
import http.client
import json
import re
import shutil
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from checks.interaction import CommentClassifier
from checks.interaction.perfunctory import perfunctory_reply
from checks.observations import Account as Observed
from checks.observations import Comment as ObservedComment
from checks.rules import load_profile
from checks.workdays import WorkCalendar
from fixtures.simulator import faults
from fixtures.simulator.clock import SHANGHAI
from fixtures.simulator.model import Account, World
from fixtures.simulator.process import SimulatorHandle, running_simulator
from fixtures.simulator.registry import HEADER
from fixtures.simulator.truth import account_truth
from fixtures.simulator.truth import truth as truth_of
from fixtures.simulator.world import generate

AS_OF = datetime(2025, 6, 14, 15, 30, tzinfo=SHANGHAI)
ACCOUNTS = 461
SLOW = 1.5
CLIENT_TIMEOUT = 0.3


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimulatorHandle]:
    out = tmp_path_factory.mktemp("simulator")
    with running_simulator(out, seed=1, accounts=ACCOUNTS, as_of=AS_OF,
                           extra_args=("--slow-seconds", str(SLOW))) as handle:
        yield handle


@pytest.fixture(scope="module")
def world() -> World:
    """The same world in-process, for facts truth.json does not carry (text styles)."""
    return generate(1, ACCOUNTS, AS_OF)


_connections: dict[str, http.client.HTTPConnection] = {}


def fetch(url: str, timeout: float = 10.0) -> tuple[int, bytes]:
    """GET over a kept-alive connection per host (the tests make thousands of requests)."""
    parts = urlsplit(url)
    for attempt in (1, 2):
        connection = _connections.get(parts.netloc)
        if connection is None:
            connection = _connections[parts.netloc] = http.client.HTTPConnection(parts.netloc, timeout=timeout)
        try:
            connection.request("GET", f"{parts.path}?{parts.query}" if parts.query else parts.path)
            response = connection.getresponse()
            return response.status, response.read()
        except (http.client.HTTPException, ConnectionError):
            connection.close()
            del _connections[parts.netloc]
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@pytest.fixture(scope="module", autouse=True)
def _close_connections() -> Iterator[None]:
    yield
    for connection in _connections.values():
        connection.close()
    _connections.clear()


def get_json(url: str) -> Any:
    status, body = fetch(url)
    assert status == 200, (url, status, body[:200])
    return json.loads(body)


def accounts(sim: SimulatorHandle, platform: str, **where: Any) -> list[dict[str, Any]]:
    found = [a for a in sim.truth["accounts"] if a["platform"] == platform]
    return [a for a in found if all(a[k] == v for k, v in where.items())]


def parse_weibo_time(text: str, clock: datetime) -> datetime:
    """Weibo's absolute and older relative forms, against `clock`."""
    if text == "刚刚":
        return clock
    if m := re.fullmatch(r"(\d+)分钟前", text):
        return clock - timedelta(minutes=int(m[1]))
    if m := re.fullmatch(r"(\d+)小时前", text):
        return clock - timedelta(hours=int(m[1]))
    if m := re.fullmatch(r"昨天 (\d\d):(\d\d)", text):
        return (clock - timedelta(days=1)).replace(hour=int(m[1]), minute=int(m[2]), second=0)
    if re.fullmatch(r"\d\d-\d\d", text):
        return datetime.strptime(f"{clock.year}-{text}", "%Y-%m-%d").replace(tzinfo=SHANGHAI)
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=SHANGHAI)
    return datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y")


# --- crawling helpers: what a minimal spider does --------------------------------------------------------------


def weibo_timeline(sim: SimulatorHandle, uid: str) -> list[dict[str, Any]]:
    mblogs: list[dict[str, Any]] = []
    since_id: int | None = None
    for _ in range(100):
        url = f"{sim.base_url}/api/container/getIndex?type=uid&value={uid}&containerid=107603{uid}"
        data = get_json(url + (f"&since_id={since_id}" if since_id else ""))
        assert data["ok"] == 1
        for card in data["data"]["cards"]:
            group = card["card_group"] if card["card_type"] == 11 else [card]
            mblogs += [c["mblog"] for c in group if c["card_type"] == 9]
        since_id = data["data"]["cardlistInfo"].get("since_id")
        if not since_id:
            return mblogs
    raise AssertionError("Weibo paging did not end")


def wechat_articles(sim: SimulatorHandle, fakeid: str, count: int = 20) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for page in range(100):
        data = get_json(f"{sim.base_url}/cgi-bin/appmsg?action=list_ex&fakeid={quote(fakeid)}&begin={page * count}"
                        f"&count={count}&type=9&token=1234567&f=json&ajax=1")
        assert data["base_resp"]["ret"] == 0
        items += data["app_msg_list"]
        if len(items) >= data["app_msg_cnt"] or not data["app_msg_list"]:
            return items
    raise AssertionError("WeChat paging did not end")


def douyin_posts(sim: SimulatorHandle, sec_uid: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = 0
    for _ in range(100):
        data = get_json(f"{sim.base_url}/aweme/v1/web/aweme/post/?sec_user_id={sec_uid}&count=18&max_cursor={cursor}")
        assert data["status_code"] == 0
        items += data["aweme_list"]
        if not data["has_more"]:
            return items
        cursor = data["max_cursor"]
    raise AssertionError("Douyin paging did not end")


def feed_items(url: str) -> list[tuple[str, datetime]]:
    """(guid or id, published) of every item of an RSS or Atom feed."""
    status, body = fetch(url)
    assert status == 200
    root = ET.fromstring(body)
    if root.tag == "rss":
        return [(item.findtext("guid") or "", parsedate_to_datetime(item.findtext("pubDate") or ""))
                for item in root.iter("item")]
    ns = {"a": "http://www.w3.org/2005/Atom"}
    return [(e.findtext("a:id", namespaces=ns) or "", datetime.fromisoformat(e.findtext("a:published", namespaces=ns)
                                                                           or "")) for e in root.findall("a:entry", ns)]


# --- registry and truth ----------------------------------------------------------------------------------------


def test_registry_header_rows_and_values(sim: SimulatorHandle) -> None:
    raw = sim.registry_path.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert tuple(rows[0]) == HEADER
    body = rows[1:]
    assert len(body) == ACCOUNTS == len(sim.truth["accounts"])
    assert len({r[0] for r in body}) == ACCOUNTS, "names are unique"
    assert {r[1] for r in body} == {"微信公众号", "微博", "抖音号", "快手号", "头条号", "移动客户端", "网站", "其他"}
    assert {r[8] for r in body} == {"运行", "已关停", "已注销"} and {r[9] for r in body} == {"是", "否"}
    assert all(r[5] or r[6] for r in body), "every row has 平台ID or 订阅源"
    by_platform: dict[str, int] = {}
    for r in body:
        by_platform[r[1]] = by_platform.get(r[1], 0) + 1
        if r[1] == "微博":
            assert re.fullmatch(r"\d{10}", r[5])
        if r[1] == "抖音号":
            assert r[5].startswith("MS4wLjABAAAA")
        if r[6]:
            assert r[6].startswith(sim.base_url + "/")
    assert 0.65 < by_platform["微信公众号"] / ACCOUNTS < 0.75 and 0.15 < by_platform["微博"] / ACCOUNTS < 0.21
    assert any(r[4] == "市级" for r in body) and any(r[4] == "梁溪区" for r in body)


def test_registry_imports_cleanly_into_the_product(sim: SimulatorHandle) -> None:
    from scheduler.sheet import read_sheet

    report = read_sheet(sim.registry_path)
    assert report.problems == [] and len(report.records) == ACCOUNTS


def test_truth_schema_and_fault_coverage(sim: SimulatorHandle) -> None:
    truth = sim.truth
    assert datetime.fromisoformat(truth["as_of"]) == AS_OF and truth["seed"] == 1
    seen = set()
    for account in truth["accounts"]:
        assert account["expected_outcome"] in (*faults.OUTCOMES, None)
        assert (account["expected_outcome"] is None) == (not account["collectable"])
        assert set(account["late"]) == {"7", "14"} == set(account["late_without_reposts"])
        assert account["comments_enabled"] in ("all", "none", "some", None)
        for comment in account["comments"]:
            assert set(comment) == {"post_id", "comment_id", "created_at", "needs_answer", "first_official_reply_at",
                                    "perfunctory"}
            if comment["first_official_reply_at"]:
                assert comment["created_at"] < comment["first_official_reply_at"] <= truth["as_of"]
            assert comment["perfunctory"] in ("template", "empty", None)
            assert not comment["perfunctory"] or (comment["needs_answer"] and comment["first_official_reply_at"])
        seen.add(account["fault"])
    assert set(faults.CATALOGUE) <= seen
    assert any(c["needs_answer"] for a in truth["accounts"] for c in a["comments"])
    assert any(not c["needs_answer"] for a in truth["accounts"] for c in a["comments"])
    assert {"all", "some", "none"} <= {a["comments_enabled"] for a in truth["accounts"]}


def test_update_gap_labels_never_sit_near_a_boundary(sim: SimulatorHandle) -> None:
    for account in sim.truth["accounts"]:
        if account["status"] != "运行" or account["fault"] is not None or not account["collectable"]:
            continue
        for key, late_key in (("newest_post_at", "late"), ("newest_original_post_at", "late_without_reposts")):
            if account[key] is None:
                assert account[late_key] == {"7": True, "14": True}
                continue
            age = (AS_OF - datetime.fromisoformat(account[key])).total_seconds() / 86400
            assert 0 <= age <= 5 or 8 <= age <= 12 or age >= 16, (account["name"], key, age)
            assert account[late_key] == {"7": age > 7, "14": age > 14}
    scenarios = {a["scenario"] for a in sim.truth["accounts"]}
    expected = {"fresh", "late7", "late14", "pinned_trap_7", "pinned_trap_14", "repost_trap_7", "repost_trap_14"}
    assert expected <= scenarios
    trap = next(a for a in sim.truth["accounts"] if a["scenario"] == "repost_trap_14")
    assert trap["late"] == {"7": False, "14": False} and trap["late_without_reposts"] == {"7": True, "14": True}


def test_generate_is_deterministic() -> None:
    def snapshot(seed: int) -> str:
        world = generate(seed, 60, AS_OF)
        return json.dumps(truth_of(world, int(AS_OF.timestamp()), "http://x"), sort_keys=True)

    assert snapshot(7) == snapshot(7)
    assert snapshot(7) != snapshot(8)


def test_generation_is_fast_enough() -> None:
    started = datetime.now()
    world = generate(3, 1500, AS_OF)
    assert len(world.accounts) == 1500
    assert (datetime.now() - started).total_seconds() < 5


# --- Weibo -----------------------------------------------------------------------------------------------------


def test_weibo_timelines_agree_with_truth(sim: SimulatorHandle) -> None:
    for account in accounts(sim, "微博", fault=None, status="运行"):
        mblogs = weibo_timeline(sim, account["platform_id"])
        assert len(mblogs) == account["posts"]
        assert len({m["id"] for m in mblogs}) == len(mblogs)
        pinned = [m for m in mblogs if m["mblogtype"] == 2]
        assert len(pinned) == account["pinned"] and mblogs[:len(pinned)] == pinned
        normal = [m for m in mblogs if m["mblogtype"] != 2]
        times = [parse_weibo_time(m["created_at"], AS_OF) for m in normal]
        originals = [t for t, m in zip(times, normal, strict=True) if "retweeted_status" not in m]
        newest = max(times, default=None)
        if account["newest_post_at"] is None:
            assert newest is None
            continue
        assert newest is not None
        assert abs((newest - datetime.fromisoformat(account["newest_post_at"])).total_seconds()) < 86400
        assert abs((max(originals) - datetime.fromisoformat(account["newest_original_post_at"])).days) <= 1


def test_weibo_mblog_shape_long_text_and_relative_dates(sim: SimulatorHandle, world: World) -> None:
    relative = [a for a in world.accounts if a.relative_dates and a.scenario == "fresh" and a.fault is None]
    forms = set()
    for account in relative:
        for m in weibo_timeline(sim, account.platform_id)[:3]:
            forms.add(re.sub(r"\d+", "N", m["created_at"]))
    assert {"刚刚", "N分钟前", "N小时前"} <= forms
    uid = next(a for a in accounts(sim, "微博", fault=None, scenario="fresh") if a["posts"] > 30)["platform_id"]
    mblogs = weibo_timeline(sim, uid)
    for key in ("id", "mid", "bid", "created_at", "text", "isLongText", "textLength", "reposts_count",
                "comments_count", "attitudes_count", "pic_num", "user", "mblogtype", "source", "region_name"):
        assert key in mblogs[0], key
    assert mblogs[0]["user"]["id"] == int(uid) and mblogs[0]["user"]["verified"] is True
    long = next(m for a in accounts(sim, "微博", fault=None, scenario="fresh")
                for m in weibo_timeline(sim, a["platform_id"]) if m["isLongText"])
    assert "全文" in long["text"]
    full = get_json(f"{sim.base_url}/statuses/extend?id={long['id']}")
    assert full["ok"] == 1 and len(full["data"]["longTextContent"]) > len(long["text"]) - 40
    assert "全文" not in full["data"]["longTextContent"]
    repost = next(m for m in mblogs if "retweeted_status" in m) if any("retweeted_status" in m for m in mblogs) \
        else next(m for a in accounts(sim, "微博", fault=None) for m in weibo_timeline(sim, a["platform_id"])
                  if "retweeted_status" in m)
    assert repost["retweeted_status"]["user"]["id"] != repost["user"]["id"]


def test_weibo_pinned_posts_come_first_even_in_a_card_group(sim: SimulatorHandle, world: World) -> None:
    grouped = next(a for a in world.accounts if a.grouped_cards and a.pinned and a.fault is None
                   and a.pinned[0].ts <= AS_OF.timestamp())
    uid = grouped.platform_id
    page = get_json(f"{sim.base_url}/api/container/getIndex?type=uid&value={uid}&containerid=107603{uid}")
    first = page["data"]["cards"][0]
    assert first["card_type"] == 11 and first["card_group"][0]["mblog"]["mblogtype"] == 2
    trap = next(a for a in sim.truth["accounts"] if a["scenario"].startswith("pinned_trap") and a["platform"] == "微博")
    mblogs = weibo_timeline(sim, trap["platform_id"])
    assert mblogs[0]["mblogtype"] == 2
    assert parse_weibo_time(mblogs[0]["created_at"], AS_OF) > AS_OF - timedelta(days=6)
    assert trap["late"]["7"] is True


def test_weibo_comment_pages_threads_and_official_replies(sim: SimulatorHandle) -> None:
    truth_by_post: dict[str, list[dict[str, Any]]] = {}
    owner: dict[str, dict[str, Any]] = {}
    for account in accounts(sim, "微博", fault=None):
        for comment in account["comments"]:
            truth_by_post.setdefault(comment["post_id"], []).append(comment)
            owner[comment["post_id"]] = account
    big = max(truth_by_post, key=lambda p: len(truth_by_post[p]))
    assert len(truth_by_post[big]) > 20, "some comment lists span several pages"
    seen: list[dict[str, Any]] = []
    max_id = 0
    pages = 0
    while pages < 20:
        pages += 1
        url = f"{sim.base_url}/comments/hotflow?id={big}&mid={big}&max_id_type=0"
        data = get_json(url + (f"&max_id={max_id}" if max_id else ""))
        assert data["ok"] == 1
        seen += data["data"]["data"]
        max_id = data["data"]["max_id"]
        if max_id == 0:
            break
    assert pages > 1
    assert sorted(c["id"] for c in seen) == sorted(int(c["comment_id"]) for c in truth_by_post[big])
    uid = int(owner[big]["platform_id"])
    answered = [c for p, cs in truth_by_post.items() for c in cs if c["first_official_reply_at"]]
    assert answered
    comment = answered[0]
    thread = get_json(f"{sim.base_url}/comments/hotFlowChild?cid={comment['comment_id']}&max_id=0&max_id_type=0")
    assert thread["ok"] == 1 and isinstance(thread["data"], list)
    official = [r for r in thread["data"] if r["user"]["id"] == int(owner[comment["post_id"]]["platform_id"])]
    assert official and parse_weibo_time(official[0]["created_at"], AS_OF) <= AS_OF
    assert uid > 0
    for key in ("id", "mid", "rootid", "created_at", "text", "like_count", "floor_number", "user", "total_number",
                "comments", "isLikedByMblogAuthor"):
        assert key in seen[0], key


def test_weibo_closed_and_empty_comment_lists_say_why(sim: SimulatorHandle) -> None:
    closed = next(a for a in accounts(sim, "微博", fault=None, comments_enabled="none") if a["posts"])
    mid = weibo_timeline(sim, closed["platform_id"])[0]["id"]
    data = get_json(f"{sim.base_url}/comments/hotflow?id={mid}&mid={mid}&max_id_type=0")
    assert data["ok"] == 0 and data["msg"]


# --- WeChat ----------------------------------------------------------------------------------------------------


def test_wechat_needs_a_token_and_honours_count(sim: SimulatorHandle) -> None:
    account = next(a for a in accounts(sim, "微信公众号", fault=None) if a["posts"] > 25)
    fakeid = quote(account["platform_id"])
    no_token = get_json(f"{sim.base_url}/cgi-bin/appmsg?action=list_ex&fakeid={fakeid}&begin=0&count=5&type=9&f=json")
    assert no_token["base_resp"]["ret"] == 200003
    capped = get_json(f"{sim.base_url}/cgi-bin/appmsg?action=list_ex&fakeid={fakeid}&begin=0&count=50&token=1&f=json")
    assert len(capped["app_msg_list"]) == 20
    five = wechat_articles(sim, account["platform_id"], count=5)
    assert len(five) == account["posts"] == len(wechat_articles(sim, account["platform_id"]))
    item = five[0]
    for key in ("aid", "appmsgid", "itemidx", "title", "digest", "link", "cover", "create_time", "update_time"):
        assert key in item, key
    assert item["link"].startswith(sim.base_url + "/s?__biz=")
    found = get_json(f"{sim.base_url}/cgi-bin/searchbiz?action=search_biz&query={quote(account['name'])}&token=1")
    assert found["list"][0]["fakeid"] == account["platform_id"]


def test_wechat_lists_agree_with_truth(sim: SimulatorHandle) -> None:
    for account in accounts(sim, "微信公众号", fault=None, status="运行"):
        items = wechat_articles(sim, account["platform_id"])
        assert len(items) == account["posts"]
        newest = max((i["create_time"] for i in items), default=None)
        expected = account["newest_post_at"]
        assert newest == (int(datetime.fromisoformat(expected).timestamp()) if expected else None)


def test_wechat_article_page_and_comments(sim: SimulatorHandle) -> None:
    pool = accounts(sim, "微信公众号", fault=None)
    account = next(a for a in pool if any(c["first_official_reply_at"] for c in a["comments"]))
    items = wechat_articles(sim, account["platform_id"])
    commented = {c["post_id"] for c in account["comments"] if c["first_official_reply_at"]}
    item = next(i for i in items if i["aid"] in commented)
    status, page = fetch(item["link"].split("#")[0])
    html = page.decode()
    assert status == 200 and 'id="js_content"' in html
    comment_id = re.search(r'var comment_id = "(\d+)"', html)
    assert comment_id
    biz = quote(account["platform_id"])
    data = get_json(f"{sim.base_url}/mp/appmsg_comment?action=getcomment&__biz={biz}&idx={item['itemidx']}"
                    f"&comment_id={comment_id[1]}&limit=100")
    assert data["base_resp"]["ret"] == 0 and data["enabled"] == 1
    assert data["elected_comment_total_cnt"] == len(data["elected_comment"])
    replies = [r for c in data["elected_comment"]
               for r in (c.get("reply_new") or c.get("reply") or {}).get("reply_list", [])]
    assert replies and all("content" in r and "create_time" in r for r in replies)
    if "reply_new" in data["elected_comment"][0]:
        assert any(r["is_from"] == 2 for r in replies)
    off = next(a for a in pool if a["comments_enabled"] == "none" and a["posts"])
    first = wechat_articles(sim, off["platform_id"])[0]
    html = fetch(first["link"].split("#")[0])[1].decode()
    off_id = re.search(r'var comment_id = "(\d+)"', html)
    assert off_id
    data = get_json(f"{sim.base_url}/mp/appmsg_comment?action=getcomment&__biz={quote(off['platform_id'])}"
                    f"&idx=1&comment_id={off_id[1]}&limit=100")
    assert data["enabled"] == 0


# --- Douyin ----------------------------------------------------------------------------------------------------


def test_douyin_page_scrolls_for_more(sim: SimulatorHandle) -> None:
    account = accounts(sim, "抖音号", fault=None)[0]
    status, body = fetch(f"{sim.base_url}/user/{account['platform_id']}")
    page = body.decode()
    assert status == 200
    assert "/aweme/v1/web/aweme/post/" in page and "max_cursor=" in page and "count=18" in page
    assert 'addEventListener("scroll"' in page and account["platform_id"] in page


def test_douyin_page_in_a_browser_loads_more_on_scroll(sim: SimulatorHandle) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no chromium on this machine")
    sync_api = pytest.importorskip("playwright.sync_api")
    account = max(accounts(sim, "抖音号", fault=None), key=lambda a: a["posts"])
    assert account["posts"] > 18 * 2, "the busiest Douyin account needs three pages"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(f"{sim.base_url}/user/{account['platform_id']}")
            page.wait_for_selector(".post-item")
            assert page.locator(".post-item").count() == 18
            for _ in range(20):
                if page.locator("#no-more").is_visible():
                    break
                page.mouse.wheel(0, 100_000)
                page.wait_for_timeout(200)
            assert page.locator(".post-item").count() == account["posts"]
        finally:
            browser.close()


def test_douyin_posts_agree_with_truth_and_pinned_first(sim: SimulatorHandle) -> None:
    for account in accounts(sim, "抖音号", fault=None):
        items = douyin_posts(sim, account["platform_id"])
        assert len(items) == account["posts"] and len({i["aweme_id"] for i in items}) == len(items)
        tops = [i for i in items if i["is_top"]]
        assert items[:len(tops)] == tops and len(tops) == account["pinned"]
        newest = max((i["create_time"] for i in items if not i["is_top"]), default=None)
        expected = account["newest_post_at"]
        assert newest == (int(datetime.fromisoformat(expected).timestamp()) if expected else None)
    item = douyin_posts(sim, accounts(sim, "抖音号", fault=None, scenario="fresh")[0]["platform_id"])[0]
    for key in ("aweme_id", "desc", "create_time", "is_top", "author", "statistics", "is_ads", "promotions",
                "text_extra"):
        assert key in item, key
    assert set(item["statistics"]) >= {"digg_count", "comment_count", "share_count", "collect_count", "play_count"}
    commerce = [a for a in accounts(sim, "抖音号") if a["commerce_posts"]]
    assert commerce


def test_douyin_comments_page_and_author_replies(sim: SimulatorHandle) -> None:
    pool = accounts(sim, "抖音号", fault=None)
    by_post: dict[str, list[dict[str, Any]]] = {}
    for account in pool:
        for comment in account["comments"]:
            by_post.setdefault(comment["post_id"], []).append(comment)
    post = max(by_post, key=lambda p: len(by_post[p]))
    comments: list[dict[str, Any]] = []
    cursor = 0
    for _ in range(20):
        data = get_json(f"{sim.base_url}/aweme/v1/web/comment/list/?aweme_id={post}&cursor={cursor}&count=20")
        assert data["status_code"] == 0
        comments += data["comments"] or []
        cursor = data["cursor"]
        if not data["has_more"]:
            break
    citizens = [c for c in comments if c["label_type"] != 1]
    assert sorted(c["cid"] for c in citizens) == sorted(c["comment_id"] for c in by_post[post])
    answered = next(c for cs in by_post.values() for c in cs if c["first_official_reply_at"])
    data = get_json(f"{sim.base_url}/aweme/v1/web/comment/list/reply/?item_id={answered['post_id']}"
                    f"&comment_id={answered['comment_id']}&cursor=0&count=20")
    authors = [r for r in data["comments"] if r["label_type"] == 1]
    assert authors and authors[0]["label_text"] == "作者"
    assert datetime.fromtimestamp(authors[0]["create_time"], SHANGHAI) == datetime.fromisoformat(
        answered["first_official_reply_at"])


# --- feeds -----------------------------------------------------------------------------------------------------


def test_feeds_rss_and_atom(sim: SimulatorHandle) -> None:
    feed_accounts = [a for a in sim.truth["accounts"] if a["feed"] and a["fault"] is None]
    assert {a["platform"] for a in feed_accounts} >= {"快手号", "头条号", "网站"}
    assert any(a["feed"].endswith("/atom") for a in feed_accounts)
    for account in feed_accounts:
        items = feed_items(account["feed"])
        assert len(items) == min(20, account["posts"])
        if items:
            newest = max(t for _, t in items)
            assert newest == datetime.fromisoformat(account["newest_post_at"])
    status, body = fetch(feed_accounts[0]["feed"])
    rss_account = next(a for a in feed_accounts if a["feed"].split("/")[3] in ("kuaishou", "toutiao") and a["posts"])
    root = ET.fromstring(fetch(rss_account["feed"])[1])
    item = next(root.iter("item"))
    for tag in ("title", "description", "link", "guid", "pubDate", "author"):
        assert item.findtext(tag), tag
    assert (item.findtext("pubDate") or "").endswith("+0800")
    assert fetch(item.findtext("link") or "")[0] == 200
    weibo = accounts(sim, "微博", fault=None, scenario="fresh")[0]
    assert len(feed_items(f"{sim.base_url}/weibo/user/{weibo['platform_id']}")) == min(20, weibo["posts"])


# --- faults ----------------------------------------------------------------------------------------------------


def _first_and_second_page(sim: SimulatorHandle, account: dict[str, Any]) -> tuple[str, str | None]:
    pid, base = account["platform_id"], sim.base_url
    if account["platform"] == "微博":
        url = f"{base}/api/container/getIndex?type=uid&value={pid}&containerid=107603{pid}"
        return url, url + "&since_id={since_id}"
    if account["platform"] == "微信公众号":
        url = f"{base}/cgi-bin/appmsg?action=list_ex&fakeid={quote(pid)}&count=5&type=9&token=1&f=json&ajax=1"
        return url + "&begin=0", url + "&begin=5"
    if account["platform"] == "抖音号":
        url = f"{base}/aweme/v1/web/aweme/post/?sec_user_id={pid}&count=18"
        return url + "&max_cursor=0", url + "&max_cursor={max_cursor}"
    return account["feed"], None


def classify(platform: str, url: str) -> str:
    """The outcome a careful spider reports for one response."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=CLIENT_TIMEOUT)
    try:
        connection.request("GET", f"{parts.path}?{parts.query}")
        response = connection.getresponse()
        status, body = response.status, response.read()
    except TimeoutError:
        return "timeout"
    finally:
        connection.close()
    if status != 200:
        return {404: "not_found", 429: "rate_limited", 432: "blocked", 418: "blocked"}.get(status, "error")
    if not body:
        return "blocked" if platform == "抖音号" else "bad_response"
    if platform in ("快手号", "头条号", "网站", "移动客户端"):
        try:
            ET.fromstring(body)
        except ET.ParseError:
            return "bad_response"
        return "ok"
    try:
        data = json.loads(body)
    except ValueError:
        return "blocked" if platform == "微博" and body.lstrip().startswith(b"<") else "bad_response"
    if platform == "微信公众号":
        ret = data["base_resp"]["ret"]
        return {0: "ok", 200003: "login_required", 200013: "rate_limited"}.get(ret, "error")
    return "ok"


def test_every_fault_gives_its_signal(sim: SimulatorHandle) -> None:
    checked = set()
    for account in sim.truth["accounts"]:
        fault = account["fault"]
        if fault is None or not account["collectable"]:
            continue
        first, second = _first_and_second_page(sim, account)
        outcome = classify(account["platform"], first)
        if fault == "transient_503":
            assert outcome == "error"
            outcome = classify(account["platform"], first)
        if faults.CATALOGUE[fault].page2:
            assert outcome == "ok", (account["name"], fault)
            assert second is not None
            page1 = get_json(first)
            if account["platform"] == "微博":
                second = second.format(since_id=page1["data"]["cardlistInfo"]["since_id"])
            elif account["platform"] == "抖音号":
                assert page1["has_more"] == 1
                second = second.format(max_cursor=page1["max_cursor"])
            outcome = classify(account["platform"], second)
        assert outcome == account["expected_outcome"], (account["name"], account["platform"], fault, outcome)
        checked.add(fault)
    assert checked == set(faults.CATALOGUE)


def test_douyin_page_loads_despite_faults(sim: SimulatorHandle) -> None:
    for account in accounts(sim, "抖音号"):
        if account["fault"] in ("http_500", "deleted", "empty"):
            assert fetch(f"{sim.base_url}/user/{account['platform_id']}")[0] == 200


# --- boilerplate replies ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2])
def test_boilerplate_labels_are_what_perfunctory_reply_finds(seed: int) -> None:
    """Threads read straight from the world (no crawl): perfunctory_reply finds one template per
    account labelled ``template``, with exactly those comments, one empty reply per comment labelled
    ``empty``, and nothing on the other accounts, whose answers are never near-identical."""
    world, clock = generate(seed, ACCOUNTS, AS_OF), int(AS_OF.timestamp())
    rules, calendar, classifier = load_profile("jiangsu"), WorkCalendar(), CommentClassifier.load()
    found: set[tuple[str, str, str]] = set()
    labelled: set[tuple[str, str, str]] = set()
    templates, platforms = [], {}
    for account in world.accounts:
        if account.platform not in ("微博", "微信公众号", "抖音号") or account.fault or account.status != "运行":
            continue
        observed = _observed(account, clock)
        for finding in perfunctory_reply(observed, as_of=AS_OF, rules=rules, calendar=calendar, classifier=classifier):
            if "question_ids" in finding.evidence:
                templates.append(account.name)
                questions = str(finding.evidence["question_ids"]).split(",")
                found |= {(account.name, "template", question.rsplit("/", 1)[1]) for question in questions}
            else:
                found.add((account.name, "empty", str(finding.evidence["question_id"])))
        comments = account_truth(account, clock, "http://x")["comments"]
        labelled |= {(account.name, c["perfunctory"], c["comment_id"]) for c in comments if c["perfunctory"]}
        platforms[account.name] = account.platform
    assert found == labelled
    assert sorted(templates) == sorted({name for name, kind, _ in labelled if kind == "template"})
    assert {(platforms[name], kind) for name, kind, _ in labelled} == {
        (platform, kind) for platform in ("微博", "微信公众号", "抖音号") for kind in ("template", "empty")}


def _observed(account: Account, clock: int) -> Observed:
    """What a patrol would observe of `account`'s threads at `clock`."""
    def at(ts: int) -> datetime:
        return datetime.fromtimestamp(ts, SHANGHAI)

    comments = []
    for post in account.timeline(clock) + account.visible_pinned(clock):
        for c in post.visible_comments(clock):
            comments.append(ObservedComment(c.comment_id, post.post_id, at(c.ts), c.text(), is_official=c.official))
            comments += [ObservedComment(f"{c.comment_id}-{r.reply_id}", post.post_id, at(r.ts), r.text(c.kind),
                                         parent_id=c.comment_id, is_official=r.official)
                         for r in c.visible_replies(clock)]
    return Observed(account.name, account.platform, account.platform_id, comments=tuple(comments),
                    comments_visible=True)


# --- the clock -------------------------------------------------------------------------------------------------


def test_clock_moves_forward_and_reveals_later_posts(tmp_path: Path) -> None:
    with running_simulator(tmp_path, seed=5, accounts=40, as_of=AS_OF) as small:
        fresh = next(a for a in small.truth["accounts"]
                     if a["scenario"] == "fresh" and a["fault"] is None and a["platform"] == "微信公众号")
        before = wechat_articles(small, fresh["platform_id"])
        assert all(i["create_time"] <= AS_OF.timestamp() for i in before)
        later = AS_OF + timedelta(days=3)
        assert datetime.fromisoformat(small.set_as_of(later)) == later
        after = wechat_articles(small, fresh["platform_id"])
        assert len(after) > len(before) and all(i["create_time"] <= later.timestamp() for i in after)
        current = small.current_truth()
        assert datetime.fromisoformat(current["as_of"]) == later
        moved = next(a for a in current["accounts"] if a["name"] == fresh["name"])
        assert moved["posts"] == len(after)
        request = urllib.request.Request(f"{small.base_url}/__sim/as-of", data=AS_OF.isoformat().encode(),
                                         method="POST")
        with pytest.raises(urllib.error.HTTPError) as backwards:
            urllib.request.urlopen(request, timeout=5)
        assert backwards.value.code == 400
        backwards.value.close()
