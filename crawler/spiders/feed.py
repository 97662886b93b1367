"""Feeds (RSS 2.0 / Atom), e.g. a self-hosted RSSHub route for an account.

Feeds carry no comment threads: the account's interaction cannot be assessed from them.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime

from lxml import etree
from parsel import Selector
from scrapy.http import Response

from crawler.fetch import Fetcher
from crawler.html import html_to_text
from crawler.outcomes import BadResponse
from crawler.settings import Target
from crawler.spiders.base import AccountSpider, Observed
from crawler.timeparse import SHANGHAI
from storage.records import PostRecord

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)


def strict_xml(body: bytes, url: str) -> Selector:
    """The body parsed as well-formed XML (no entities, no network), namespaces removed."""
    try:
        tree = etree.fromstring(body.strip(), parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise BadResponse(f"not well-formed XML at {url}: {exc}") from exc
    if tree is None:
        raise BadResponse(f"empty body at {url}")
    root = Selector(root=tree, type="xml")
    root.remove_namespaces()
    return root


def feed_time(value: str) -> datetime:
    """RFC 822 (RSS) or ISO-8601 (Atom) to an aware datetime; naive times are Asia/Shanghai."""
    text = value.strip()
    try:
        parsed = parsedate_to_datetime(text) if not text[:4].isdigit() else datetime.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise BadResponse(f"unreadable feed date {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=SHANGHAI)


class FeedSpider(AccountSpider):
    name = "feed"
    platform = "feed"

    def start_url(self, target: Target) -> str:
        return str(target.feed_url)

    async def collect(self, target: Target, first: Response, fetcher: Fetcher, seen: Observed) -> None:
        root = strict_xml(first.body, first.url)
        if root.xpath("/rss"):
            seen.posts.extend(self._rss(item) for item in root.xpath("//channel/item"))
        elif root.xpath("/feed"):
            seen.posts.extend(self._atom(entry) for entry in root.xpath("/feed/entry"))
        else:
            raise BadResponse(f"neither RSS nor Atom at {first.url}")

    def _rss(self, item: Selector) -> PostRecord:
        link = item.xpath("link/text()").get("").strip()
        date = item.xpath("pubDate/text()").get()
        if not date:
            raise BadResponse(f"feed item without pubDate: {link}")
        return PostRecord(
            platform_post_id=item.xpath("guid/text()").get("").strip() or link,
            published_at=feed_time(date),
            url=link or None,
            title=html_to_text(item.xpath("title/text()").get("")),
            text=html_to_text(item.xpath("description/text()").get("")),
        )

    def _atom(self, entry: Selector) -> PostRecord:
        link = entry.xpath("link[not(@rel) or @rel='alternate']/@href").get("").strip()
        date = entry.xpath("published/text()").get() or entry.xpath("updated/text()").get()
        if not date:
            raise BadResponse(f"feed entry without a date: {link}")
        body = entry.xpath("content/text()").get() or entry.xpath("summary/text()").get("")
        return PostRecord(
            platform_post_id=entry.xpath("id/text()").get("").strip() or link,
            published_at=feed_time(date),
            url=link or None,
            title=html_to_text(entry.xpath("title/text()").get("")),
            text=html_to_text(body),
        )
