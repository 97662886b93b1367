"""The account registry: upsert from the office's sheet, listing and lookup."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from storage.models import Account

STATUSES = ("active", "closed", "cancelled")
STATUS_LABELS = {"active": "运行", "closed": "已关停", "cancelled": "已注销"}
PLATFORM_LABELS = {
    "wechat": "微信公众号",
    "weibo": "微博",
    "douyin": "抖音号",
    "kuaishou": "快手号",
    "toutiao": "头条号",
    "app": "移动客户端",
    "website": "网站",
    "other": "其他",
}


@dataclass(frozen=True)
class AccountRecord:
    """One validated row of the registry sheet. `source_key` is the platform ID, or the feed URL."""

    name: str
    platform: str
    source_key: str
    platform_id: str | None = None
    feed_url: str | None = None
    homepage: str | None = None
    owner_org: str = ""
    supervisor: str | None = None
    district: str = ""
    status: str = "active"
    filed: bool = True


@dataclass(frozen=True)
class UpsertCounts:
    inserted: int
    updated: int
    unchanged: int


def upsert_accounts(session: Session, records: Sequence[AccountRecord], *, now: datetime) -> UpsertCounts:
    """Insert new accounts and update changed ones, keyed by (platform, source_key).

    Accounts absent from `records` are left as they are: an import never deletes.
    """
    existing = {
        (a.platform, a.source_key): a
        for a in session.scalars(
            select(Account).where(Account.source_key.in_([r.source_key for r in records]))
        )
    }
    inserted = updated = 0
    for record in records:
        values = asdict(record)
        account = existing.get((record.platform, record.source_key))
        if account is None:
            session.add(Account(**values, created_at=now, updated_at=now))
            inserted += 1
        elif any(getattr(account, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(account, key, value)
            account.updated_at = now
            updated += 1
    session.flush()
    return UpsertCounts(inserted, updated, len(records) - inserted - updated)


def list_accounts(
    session: Session, *, platforms: Iterable[str] = (), statuses: Iterable[str] = ()
) -> list[Account]:
    query = select(Account).order_by(Account.id)
    if platforms := list(platforms):
        query = query.where(Account.platform.in_(platforms))
    if statuses := list(statuses):
        query = query.where(Account.status.in_(statuses))
    return list(session.scalars(query))


def find_accounts(session: Session, name_or_id: str) -> list[Account]:
    """Accounts whose name, platform ID or feed URL is exactly `name_or_id`."""
    return list(
        session.scalars(
            select(Account).where(
                or_(
                    Account.name == name_or_id,
                    Account.platform_id == name_or_id,
                    Account.feed_url == name_or_id,
                )
            )
        )
    )
