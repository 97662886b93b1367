"""Why a fetch could not verify an account: a typed tree, one outcome name per class.

    FetchError                 "error"          anything else (server errors, connection failures)
    ├── FetchTimeout           "timeout"        no answer within the download timeout
    ├── NotFound               "not_found"      the account or post is gone (HTTP 404)
    ├── Blocked                "blocked"        anti-crawl wall (HTTP 403, visitor page, empty Douyin body)
    │   └── Throttled          "blocked"        the wall that is a rate-limit signal (HTTP 418/432)
    ├── LoginRequired          "login_required" credentials missing or expired (WeChat ret 200003, login page,
    │                                           the visitor wall shown to a logged-in session)
    ├── RateLimited            "rate_limited"   the platform's rate-limit signal (HTTP 429, WeChat ret 200013)
    │   └── BudgetSpent        "rate_limited"   not sent: the day's request budget of the platform is spent
    ├── BadResponse            "bad_response"   a body that is empty, malformed or of an unknown shape
    └── BrowserLost            "error"          the browser failed under the account (crawled again)

Library errors are translated into this tree where they are raised (`crawler.fetch`);
an account whose crawl raised any of these is reported unverified with `outcome` and the message.
`signal` is what the answer says about the platform as a whole rather than the account: the
daemon backs off from a platform that gave `RATE_LIMIT`, stops using a credential that got
`SESSION_INVALID`, and stops a platform whose `BUDGET` is spent.
"""

from __future__ import annotations

RATE_LIMIT, SESSION_INVALID, BUDGET = "rate_limit", "session_invalid", "budget"


class FetchError(Exception):
    outcome = "error"
    signal: str | None = None


class FetchTimeout(FetchError):
    outcome = "timeout"


class NotFound(FetchError):
    outcome = "not_found"


class Blocked(FetchError):
    outcome = "blocked"


class Throttled(Blocked):
    signal = RATE_LIMIT


class LoginRequired(FetchError):
    outcome = "login_required"
    signal = SESSION_INVALID


class RateLimited(FetchError):
    outcome = "rate_limited"
    signal = RATE_LIMIT


class BudgetSpent(RateLimited):
    signal = BUDGET


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
    if status in (418, 432):
        raise Throttled(f"HTTP {status} (anti-crawl wall, a rate-limit signal) at {url}")
    if status == 403:
        raise Blocked(f"HTTP 403 (anti-crawl wall) at {url}")
    raise FetchError(f"HTTP {status} at {url}")
