"""Why a fetch could not verify an account: a typed tree, one outcome name per class.

    FetchError                 "error"          anything else (server errors, connection failures)
    ├── FetchTimeout           "timeout"        no answer within the download timeout
    ├── NotFound               "not_found"      the account or post is gone (HTTP 404)
    ├── Blocked                "blocked"        anti-crawl wall (HTTP 403/418/432, visitor page, empty Douyin body)
    ├── LoginRequired          "login_required" credentials missing or expired (WeChat ret 200003, login page)
    ├── RateLimited            "rate_limited"   the platform's rate-limit signal (HTTP 429, WeChat ret 200013)
    ├── BadResponse            "bad_response"   a body that is empty, malformed or of an unknown shape
    └── BrowserLost            "error"          the browser failed under the account (crawled again)

Library errors are translated into this tree where they are raised (`crawler.fetch`);
an account whose crawl raised any of these is reported unverified with `outcome` and the message.
"""

from __future__ import annotations


class FetchError(Exception):
    outcome = "error"


class FetchTimeout(FetchError):
    outcome = "timeout"


class NotFound(FetchError):
    outcome = "not_found"


class Blocked(FetchError):
    outcome = "blocked"


class LoginRequired(FetchError):
    outcome = "login_required"


class RateLimited(FetchError):
    outcome = "rate_limited"


class BadResponse(FetchError):
    outcome = "bad_response"


class BrowserLost(FetchError):
    """The browser went away under the account's page: the account is crawled again."""


def raise_for_status(status: int, url: str) -> None:
    """Translate a non-200 HTTP status into the tree; 200 passes."""
    if status == 200:
        return
    if status == 404:
        raise NotFound(f"HTTP 404 at {url}")
    if status == 429:
        raise RateLimited(f"HTTP 429 at {url}")
    if status in (403, 418, 432):
        raise Blocked(f"HTTP {status} (anti-crawl wall) at {url}")
    raise FetchError(f"HTTP {status} at {url}")
