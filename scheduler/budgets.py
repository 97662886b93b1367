"""Per-platform request budgets: what each platform's credential may still spend today.

A day is a calendar day in Asia/Shanghai. Spending is what the stored fetch attempts of that
credential (any patrol, recheck or daemon run) recorded since the day began.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.orm import Session

from crawler.settings import Budget
from scheduler.credentials import Credential
from scheduler.timeopt import SHANGHAI
from storage.runs import requests_spent


def day_start(now: datetime) -> datetime:
    """Midnight (Asia/Shanghai) of the day `now` falls in."""
    return now.astimezone(SHANGHAI).replace(hour=0, minute=0, second=0, microsecond=0)


def budget_of(session: Session, credential: Credential, now: datetime) -> Budget:
    daily = credential.config.daily_requests
    if not daily:
        return Budget(credential.budget_key)
    spent = requests_spent(session, credential.budget_key, day_start(now))
    return Budget(credential.budget_key, max(0, daily - spent))


def budgets_for(session: Session, credentials: Mapping[str, Credential], now: datetime) -> dict[str, Budget]:
    return {name: budget_of(session, credential, now) for name, credential in credentials.items()}
