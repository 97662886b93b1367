"""Weibo (m.weibo.cn mobile API): timeline by since_id, long texts, comments and reply threads.

A non-JSON body (the HTML "visitor system" page) or HTTP 418/432 is the anti-crawl wall:
the account is not verified (418/432 also signal a rate limit; the visitor page shown to a
request carrying a logged-in cookie means the session expired). `ok: 0` with a message is an
error of the response.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from scrapy.http import Response

from crawler.fetch import Fetcher, parse_json
from crawler.html import html_to_text
from crawler.outcomes import BadResponse, Blocked, LoginRequired
from crawler.settings import Target
from crawler.spiders.base import AccountSpider, Observed
from crawler.timeparse import weibo_time
from storage.records import CommentRecord, PostRecord

EMPTY_TIMELINE_HINTS = ("还没有", "暂无")


def weibo_json(response: Response, logged_in: bool = False) -> dict[str, Any]:
    """A Weibo API body; the visitor wall (HTML instead of JSON) raises Blocked, or LoginRequired
    when the request carried a logged-in session's cookie (the session is no longer valid)."""
    head = response.body.lstrip()[:200].lower()
    if head.startswith(b"<"):
        if logged_in:
            raise LoginRequired(f"visitor wall shown to the logged-in session (cookie expired) at {response.url}")
        raise Blocked(f"visitor wall (HTML instead of JSON) at {response.url}")
    data = parse_json(response)
    if not isinstance(data, dict):
        raise BadResponse(f"expected a JSON object at {response.url}")
    return data


class WeiboSpider(AccountSpider):
    name = "weibo"
    platform = "weibo"

    def start_url(self, target: Target) -> str:
        return self._timeline_url(target, None)

    def json_of(self, response: Response) -> dict[str, Any]:
        return weibo_json(response, logged_in=bool(self.config.cookie))

    def _timeline_url(self, target: Target, since_id: int | str | None) -> str:
        uid = target.platform_id or ""
        query = {"type": "uid", "value": uid, "containerid": f"107603{uid}"}
        if since_id:
            query["since_id"] = str(since_id)
        return self.config.base_url.rstrip("/") + "/api/container/getIndex?" + urlencode(query)

    async def collect(self, target: Target, first: Response, fetcher: Fetcher, seen: Observed) -> None:
        page: Response | None = first
        mblogs: list[dict[str, Any]] = []
        for _ in range(self.patrol.max_pages):
            assert page is not None
            data = self.json_of(page)
            cards, since_id = self._cards(data)
            mblogs.extend(cards)
            dated = [self._time(m) for m in cards if m.get("mblogtype") != 2]
            if not since_id or not dated or not self.is_recent(min(dated)):
                break
            page = await fetcher.get(self._timeline_url(target, since_id))
        uid = str(target.platform_id)
        for mblog in mblogs:
            post = await self._post(mblog, fetcher)
            seen.posts.append(post)
            if self.wants_thread(target, post.platform_post_id, post.published_at, post.comment_count, seen):
                seen.comments.extend(await self._comments(post.platform_post_id, uid, fetcher))

    def _cards(self, data: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
        if data.get("ok") != 1:
            message = str(data.get("msg", ""))
            if any(hint in message for hint in EMPTY_TIMELINE_HINTS):
                return [], None
            raise BadResponse(f"timeline ok={data.get('ok')!r}: {message}")
        body = data["data"]
        mblogs: list[dict[str, Any]] = []
        for card in body["cards"]:
            group = card.get("card_group") if card.get("card_type") == 11 else [card]
            mblogs.extend(c["mblog"] for c in group or [] if c.get("card_type") == 9)
        return mblogs, body.get("cardlistInfo", {}).get("since_id")

    def _time(self, item: dict[str, Any]) -> datetime:
        return weibo_time(str(item["created_at"]), now=self.patrol.as_of)

    async def _post(self, mblog: dict[str, Any], fetcher: Fetcher) -> PostRecord:
        mid = str(mblog.get("mid") or mblog["id"])
        published = self._time(mblog)
        html = mblog.get("text", "")
        if mblog.get("isLongText") and self.is_recent(published):
            extend = self.json_of(await fetcher.get(fetcher.url("/statuses/extend?" + urlencode({"id": mid}))))
            if extend.get("ok") == 1:
                html = extend["data"]["longTextContent"]
        return PostRecord(
            platform_post_id=mid,
            published_at=published,
            url=f"https://m.weibo.cn/detail/{mid}",
            text=html_to_text(html),
            pinned=mblog.get("mblogtype") == 2,
            repost="retweeted_status" in mblog,
            comment_count=int(mblog.get("comments_count") or 0),
            metrics={k: mblog.get(k) for k in ("reposts_count", "comments_count", "attitudes_count")},
        )

    async def _comments(self, mid: str, uid: str, fetcher: Fetcher) -> list[CommentRecord]:
        found: list[CommentRecord] = []
        headers = {"Referer": f"https://m.weibo.cn/detail/{mid}"}
        max_id: Any = None
        for _ in range(self.patrol.max_pages):
            query = {"id": mid, "mid": mid, "max_id_type": 0} | ({"max_id": max_id} if max_id else {})
            data = self.json_of(await fetcher.get(fetcher.url("/comments/hotflow?" + urlencode(query)), headers))
            if data.get("ok") != 1:
                break  # closed or none: nothing to read
            body = data["data"]
            for comment in body.get("data") or []:
                found.append(self._comment(comment, mid, uid, None))
                inline = comment.get("comments") or []
                if int(comment.get("total_number") or 0) > len(inline):
                    inline = await self._thread(str(comment["rootid"] or comment["id"]), fetcher, headers)
                found.extend(self._comment(reply, mid, uid, str(comment["id"])) for reply in inline)
            max_id = body.get("max_id")
            if not max_id:
                break
        return found

    async def _thread(self, root: str, fetcher: Fetcher, headers: dict[str, str]) -> list[dict[str, Any]]:
        replies: list[dict[str, Any]] = []
        max_id: Any = 0
        for _ in range(self.patrol.max_pages):
            query = {"cid": root, "max_id": max_id, "max_id_type": 0}
            data = self.json_of(await fetcher.get(fetcher.url("/comments/hotFlowChild?" + urlencode(query)), headers))
            if data.get("ok") != 1:
                break
            replies.extend(data.get("data") or [])
            max_id = data.get("max_id")
            if not max_id:
                break
        return replies

    def _comment(self, item: dict[str, Any], mid: str, uid: str, parent: str | None) -> CommentRecord:
        user = item.get("user") or {}
        author = str(user.get("id", ""))
        reply_to = item.get("reply_comment") or {}
        return CommentRecord(
            platform_comment_id=str(item["id"]),
            platform_post_id=mid,
            created_at=self._time(item),
            text=html_to_text(str(item.get("text", ""))),
            author_id=author or None,
            author_name=user.get("screen_name"),
            parent_platform_id=str(reply_to["id"]) if reply_to.get("id") else parent,
            is_official=author == uid,
        )
