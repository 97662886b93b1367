"""The tables. Observations (posts, comments, their versions) are written by the crawl;
findings by the checks' wiring. Times are stored as aware UTC-normalised datetimes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    Unicode,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

OUTCOMES = (
    "ok",
    "blocked",
    "login_required",
    "rate_limited",
    "not_found",
    "timeout",
    "bad_response",
    "error",
    "unsupported",
)


class AwareDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime on every backend (SQLite keeps no zone: stored as UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: times must be aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: AwareDateTime, dict[str, Any]: JSON}


class Account(Base):
    """One registered account of the office's sheet; `source_key` is its platform ID or feed URL."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("platform", "source_key", name="uq_accounts_source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    source_key: Mapped[str] = mapped_column(String(500))
    platform_id: Mapped[str | None] = mapped_column(String(200))
    feed_url: Mapped[str | None] = mapped_column(String(500))
    homepage: Mapped[str | None] = mapped_column(String(500))
    owner_org: Mapped[str] = mapped_column(String(200), default="")
    supervisor: Mapped[str | None] = mapped_column(String(200))
    district: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(20), default="active")
    filed: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class PatrolRun(Base):
    """One patrol (or recheck): its as-of time, profile and summary."""

    __tablename__ = "patrol_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="patrol")
    as_of: Mapped[datetime]
    profile: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    summary: Mapped[dict[str, Any] | None]


class FetchAttempt(Base):
    """The one outcome of crawling one account in one run."""

    __tablename__ = "fetch_attempts"
    __table_args__ = (
        UniqueConstraint("run_id", "account_id", name="uq_fetch_run_account"),
        Index("ix_fetch_attempts_credential", "credential", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("patrol_runs.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime]
    outcome: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text, default="")
    requests: Mapped[int] = mapped_column(Integer, default=0)
    threads_read: Mapped[int] = mapped_column(Integer, default=0)
    threads_skipped: Mapped[int] = mapped_column(Integer, default=0)  # unchanged since their last read
    signal: Mapped[str | None] = mapped_column(String(20))  # the platform's say: rate_limit, session_invalid
    credential: Mapped[str | None] = mapped_column(String(80))  # the budget the requests were spent from


class Post(Base):
    """A post as last seen; every distinct content is also kept in `post_versions`."""

    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("account_id", "platform_post_id", name="uq_posts_platform_id"),
        Index("ix_posts_account_published", "account_id", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    platform_post_id: Mapped[str] = mapped_column(String(100))
    url: Mapped[str | None] = mapped_column(String(1000))
    published_at: Mapped[datetime]
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    repost: Mapped[bool] = mapped_column(Boolean, default=False)
    comments_enabled: Mapped[bool | None] = mapped_column(Boolean)
    comment_count: Mapped[int | None] = mapped_column(Integer)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    commerce: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    content_hash: Mapped[str] = mapped_column(String(64))
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    # the comment thread: the count it had when last read whole, and whether a question in it
    # was still unanswered then (such threads are read again at every patrol)
    thread_count: Mapped[int | None] = mapped_column(Integer)
    thread_read_at: Mapped[datetime | None]
    thread_open: Mapped[bool] = mapped_column(Boolean, default=False)


class PostVersion(Base):
    """Append-only: each distinct (title, text) a post has shown, so evidence survives edits."""

    __tablename__ = "post_versions"
    __table_args__ = (UniqueConstraint("post_id", "content_hash", name="uq_post_versions_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    first_seen: Mapped[datetime]


class Comment(Base):
    """A comment or reply under a post; `is_official` marks the account's own."""

    __tablename__ = "comments"
    __table_args__ = (UniqueConstraint("post_id", "platform_comment_id", name="uq_comments_platform_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    platform_comment_id: Mapped[str] = mapped_column(String(100))
    parent_platform_id: Mapped[str | None] = mapped_column(String(100))
    author_id: Mapped[str | None] = mapped_column(String(100))
    author_name: Mapped[str | None] = mapped_column(String(200))
    is_official: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]


class Finding(Base):
    """One problem of one account, kept across patrols by (account, check, key)."""

    __tablename__ = "findings"
    __table_args__ = (UniqueConstraint("account_id", "check_name", "key", name="uq_findings_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    check: Mapped[str] = mapped_column("check_name", String(50), index=True)
    key: Mapped[str] = mapped_column(String(500))
    severity: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    rule: Mapped[str] = mapped_column(Text)
    post_id: Mapped[str | None] = mapped_column(String(100))
    comment_id: Mapped[str | None] = mapped_column(String(100))
    url: Mapped[str | None] = mapped_column(String(1000))
    quote: Mapped[str | None] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    suggestion: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="open")
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    times_seen: Mapped[int] = mapped_column(Integer, default=1)
    resolved_at: Mapped[datetime | None]
    opened_at: Mapped[datetime]  # start of the current spell: the first sighting, or the reopening
    post_deleted_at: Mapped[datetime | None]  # when the patrol found its post deleted (the finding stays)


class FindingSpell(Base):
    """A closed spell of a finding: from its opening (or reopening) to its last sighting before it
    was resolved. The current spell of an unresolved finding is (opened_at, last_seen) on the finding."""

    __tablename__ = "finding_spells"
    __table_args__ = (Index("ix_finding_spells_seen", "first_seen", "last_seen"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"), index=True)
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]


class FindingEvent(Base):
    """One change of a finding's status, by a patrol or an inspector, and why (append-only)."""

    __tablename__ = "finding_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20))
    cause: Mapped[str] = mapped_column(String(30))  # found, gone, post_deleted, back, confirmed, dismissed
    actor: Mapped[str] = mapped_column(String(20))  # patrol or inspector
    reason: Mapped[str] = mapped_column(Text, default="")


class AllowEntry(Base):
    """A text an inspector dismissed for one account: the content checks no longer flag it there."""

    __tablename__ = "allow_list"
    __table_args__ = (UniqueConstraint("account_id", "text", name="uq_allow_list_text"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(500))
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("findings.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]


class Inspection(Base):
    """One check (检查) of a period under a profile: ``full`` or the veto-only ``special``."""

    __tablename__ = "inspections"
    __table_args__ = (UniqueConstraint("period", "kind", "profile", name="uq_inspections_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10))
    profile: Mapped[str] = mapped_column(String(100))
    period_start: Mapped[datetime]
    period_end: Mapped[datetime]
    computed_at: Mapped[datetime]
    # what the report needs besides verdicts; deferred: queries that join inspections need not decode it
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, deferred=True)


class Verdict(Base):
    """One account's verdict in one inspection, with the account as it was registered then."""

    __tablename__ = "verdicts"
    __table_args__ = (UniqueConstraint("inspection_id", "account_id", name="uq_verdicts_account"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    platform: Mapped[str] = mapped_column(String(20))
    owner_org: Mapped[str] = mapped_column(String(200))
    district: Mapped[str] = mapped_column(String(100))
    owner_level: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))  # pass, fail, unverified
    score: Mapped[float | None] = mapped_column(Float)
    charges: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {"veto": [...], "deduction": [...]}
    failure_no: Mapped[int] = mapped_column(Integer, default=0)  # the how-manieth failure this calendar year
    escalation: Mapped[str | None] = mapped_column(String(50))


class LedgerItem(Base):
    """One problem of a failed account on the rectification ledger (问题台账).

    Open until closed: its status shows `rectified` once the patrol no longer sees the finding,
    and it is closed (销号) when a recheck verifies that, or when the finding is dismissed."""

    __tablename__ = "ledger_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"))
    owner_org: Mapped[str] = mapped_column(String(200))
    found_at: Mapped[datetime]
    deadline: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    closed_reason: Mapped[str | None] = mapped_column(String(20))  # verified, dismissed


class SchedulerJob(Base):
    """APScheduler's job store (`SQLAlchemyJobStore`): a job's pickled state and next run time
    (UTC timestamp). Declared so that the migrations create it; APScheduler reads and writes it."""

    __tablename__ = "apscheduler_jobs"

    id: Mapped[str] = mapped_column(Unicode(191), primary_key=True)
    next_run_time: Mapped[float | None] = mapped_column(Float(25), index=True)
    job_state: Mapped[bytes] = mapped_column(LargeBinary)


class DaemonLock(Base):
    """The one daemon allowed to patrol: who holds the lock, and its last sign of life."""

    __tablename__ = "daemon_lock"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    host: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int] = mapped_column(Integer)
    acquired_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]


class JobRun(Base):
    """One firing of a daemon job (daily patrol, monthly inspection, quarterly notice), keyed by
    the time it was scheduled for: running until finished, so a restart continues it."""

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("job", "scheduled_for", name="uq_job_runs_scheduled"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(50))
    scheduled_for: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20))  # running, done, failed, missed, abandoned
    catch_up: Mapped[bool] = mapped_column(Boolean, default=False)
    patrol_run_id: Mapped[int | None] = mapped_column(ForeignKey("patrol_runs.id", ondelete="SET NULL"))
    window_end: Mapped[datetime | None]
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CredentialState(Base):
    """A platform's credential as the daemon last judged it: `valid` or `expired` (for the credential
    whose fingerprint is stored; a changed credential is valid again)."""

    __tablename__ = "credential_states"

    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text, default="")


class Alert(Base):
    """An operator alert, raised once per `key`; `sent_at` is set by whatever notifies people."""

    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("key", name="uq_alerts_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))  # credential_expired, job_missed
    platform: Mapped[str | None] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    raised_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class RawResponse(Base):
    """A response body one crawl received for an account, kept as a file named by its SHA-256 (`digest`)
    in the evidence folder; pruned after some days unless it is a finding's evidence."""

    __tablename__ = "raw_responses"
    __table_args__ = (Index("ix_raw_responses_run_account", "run_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("patrol_runs.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2000))
    digest: Mapped[str] = mapped_column(String(64), index=True)
    media: Mapped[str] = mapped_column(String(10))  # json, html, xml, txt: the file's suffix
    size: Mapped[int] = mapped_column(Integer)
    fetched_at: Mapped[datetime]


class EvidenceFile(Base):
    """A file kept as a finding's evidence: a raw response it was seen in, or a screenshot of its post."""

    __tablename__ = "finding_evidence"
    __table_args__ = (UniqueConstraint("finding_id", "kind", "digest", name="uq_finding_evidence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # raw, screenshot
    digest: Mapped[str] = mapped_column(String(64), index=True)
    media: Mapped[str] = mapped_column(String(10))
    url: Mapped[str | None] = mapped_column(String(2000))
    captured_at: Mapped[datetime]


class Notification(Base):
    """One message for the notification targets: an alert (a veto or security finding, an operator
    alert) or the digest of a patrol's other new findings."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # alert, digest, operator
    created_at: Mapped[datetime]
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)


class NotifiedFinding(Base):
    """A finding's spell that went into a notification: each new (or returning) problem is told once."""

    __tablename__ = "notified_findings"
    __table_args__ = (UniqueConstraint("finding_id", "opened_at", name="uq_notified_findings_spell"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"))
    opened_at: Mapped[datetime]
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id", ondelete="CASCADE"), index=True)


class Delivery(Base):
    """A notification to one target (keyed by a hash of its URL), tried until it is sent."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("notification_id", "target_key", name="uq_deliveries_target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id", ondelete="CASCADE"), index=True)
    target_key: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(500))  # the URL with its secrets masked, for people
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
