"""WeChat public accounts: back-office article list (list_ex), article pages, elected comments.

Needs a logged-in back office's `token` and cookie (config). `base_resp.ret` 200003 means the
session expired (login required), 200013 rate limited; both leave the account unverified.
Only "elected" comments are public: what the account never elected cannot be seen.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from scrapy.http import Response

from crawler.fetch import Fetcher, parse_json
from crawler.html import html_to_text
from crawler.outcomes import BadResponse, LoginRequired, RateLimited
from crawler.settings import Target
from crawler.spiders.base import AccountSpider, Observed
from crawler.timeparse import from_unix
from storage.records import CommentRecord, PostRecord

PAGE_SIZE = 5
COMMENT_PAGE = 100
_COMMENT_ID = re.compile(r"""var\s+comment_id\s*=\s*["']?(\d*)["']?""")


def wechat_json(response: Response) -> dict[str, Any]:
    """A WeChat JSON body with its `base_resp.ret` translated into the outcome tree."""
    data = parse_json(response)
    if not isinstance(data, dict):
        raise BadResponse(f"expected a JSON object at {response.url}")
    ret = (data.get("base_resp") or {}).get("ret", 0)
    if ret == 200003:
        raise LoginRequired(f"session invalid (ret 200003) at {response.url}")
    if ret == 200013:
        raise RateLimited(f"rate limited (ret 200013) at {response.url}")
    if ret != 0:
        raise BadResponse(f"base_resp.ret {ret} at {response.url}")
    return data


class WechatSpider(AccountSpider):
    name = "wechat"
    platform = "wechat"

    def start_url(self, target: Target) -> str:
        return self._list_url(target, 0)

    def _list_url(self, target: Target, begin: int) -> str:
        query = {"action": "list_ex", "fakeid": target.platform_id or "", "begin": begin, "count": PAGE_SIZE,
                 "type": 9, "token": self.config.token, "f": "json", "ajax": 1}
        return self.config.base_url.rstrip("/") + "/cgi-bin/appmsg?" + urlencode(query)

    async def collect(self, target: Target, first: Response, fetcher: Fetcher, seen: Observed) -> None:
        page, begin = first, 0
        articles: list[dict[str, Any]] = []
        for _ in range(self.patrol.max_pages):
            data = wechat_json(page)
            batch = data.get("app_msg_list") or []
            articles.extend(batch)
            begin += len(batch)
            total = int(data.get("app_msg_cnt") or 0)
            if not batch or begin >= total or not self.is_recent(from_unix(batch[-1]["create_time"])):
                break
            page = await fetcher.get(self._list_url(target, begin))
        for article in articles:
            published = from_unix(article["create_time"])
            text, enabled, count = article.get("digest", ""), None, None
            if self.is_recent(published):
                text, enabled, count = await self._article(article, published, target, fetcher, seen)
            seen.posts.append(
                PostRecord(
                    platform_post_id=str(article["aid"]),
                    published_at=published,
                    url=article.get("link"),
                    title=article.get("title", ""),
                    text=text,
                    comments_enabled=enabled,
                    comment_count=count,
                )
            )

    async def _article(
        self, article: dict[str, Any], published: datetime, target: Target, fetcher: Fetcher, seen: Observed
    ) -> tuple[str, bool | None, int | None]:
        """The article's text, whether comments are on, and its elected-comment count; its thread
        goes into `seen` when `wants_thread` (the list has no count: the first comment page is the probe)."""
        link = str(article["link"])
        page = await fetcher.get(link, {"Accept": "text/html"})
        body = page.css("#js_content").get()
        if body is None:
            raise BadResponse(f"article page without #js_content at {link}")
        match = _COMMENT_ID.search(page.text)
        comment_id = match[1] if match else ""
        if not comment_id or comment_id == "0":
            return html_to_text(body), False, None
        query = parse_qs(urlparse(link).query)
        params = {"action": "getcomment", "__biz": query.get("__biz", [""])[0], "idx": query.get("idx", ["1"])[0],
                  "comment_id": comment_id, "limit": COMMENT_PAGE}
        data = wechat_json(await fetcher.get(fetcher.url("/mp/appmsg_comment?" + urlencode(params | {"offset": 0}))))
        total = int(data.get("elected_comment_total_cnt") or 0)
        aid = str(article["aid"])
        if self.wants_thread(target, aid, published, total, seen):
            elected: list[dict[str, Any]] = list(data.get("elected_comment") or [])
            for _ in range(self.patrol.max_pages - 1):
                if not elected or len(elected) >= total:
                    break
                url = fetcher.url("/mp/appmsg_comment?" + urlencode(params | {"offset": len(elected)}))
                batch = wechat_json(await fetcher.get(url)).get("elected_comment") or []
                if not batch:
                    break
                elected.extend(batch)
            seen.comments.extend(c for item in elected for c in self._thread(item, aid))
        return html_to_text(body), bool(data.get("enabled", 1)), total

    def _thread(self, item: dict[str, Any], aid: str) -> list[CommentRecord]:
        cid = str(item.get("content_id") or item["id"])
        records = [
            CommentRecord(
                platform_comment_id=cid,
                platform_post_id=aid,
                created_at=from_unix(item["create_time"]),
                text=str(item.get("content", "")),
                author_name=item.get("nick_name"),
                author_id=item.get("openid"),
            )
        ]
        current = item.get("reply_new")
        replies = (current or item.get("reply") or {}).get("reply_list") or []
        for index, reply in enumerate(replies, start=1):
            # the older `reply` list holds only the author's replies, without ids or is_from
            official = reply.get("is_from") == 2 if current else True
            records.append(
                CommentRecord(
                    platform_comment_id=f"{cid}:{reply.get('reply_id', index)}",
                    platform_post_id=aid,
                    created_at=from_unix(reply["create_time"]),
                    text=str(reply.get("content", "")),
                    parent_platform_id=cid,
                    is_official=official,
                    author_name=None if official else reply.get("nick_name"),
                )
            )
        return records
