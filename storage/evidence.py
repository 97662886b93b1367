"""Evidence that outlives the post: raw responses stored at fetch time, linked to findings, and pruned.

Every response an ok crawl received is kept as a content-addressed file (`storage.blobs`) with a
`raw_responses` row. Responses that show a finding's post or comment, and screenshots of its post,
become the finding's evidence (`finding_evidence`); `prune_raw` deletes the other responses once they
are old, and a file once no row refers to it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from storage.blobs import BlobStore
from storage.models import Comment, EvidenceFile, Finding, PatrolRun, Post, RawResponse
from storage.records import RawRecord

CHUNK = 500


def store_raw(session: Session, blobs: BlobStore, run_id: int, account_id: int, raws: Sequence[RawRecord]) -> None:
    """Write each body once into `blobs` and record where and when it was fetched."""
    session.add_all(RawResponse(run_id=run_id, account_id=account_id, url=r.url[:2000], media=r.media,
                                digest=blobs.put(r.body, r.media), size=len(r.body), fetched_at=r.fetched_at)
                    for r in raws)
    session.flush()


def crawl_raw(session: Session, run_id: int, account_id: int) -> list[RawResponse]:
    """The responses one run's crawl of the account received, in the order they were fetched."""
    query = select(RawResponse).where(RawResponse.run_id == run_id, RawResponse.account_id == account_id)
    return list(session.scalars(query.order_by(RawResponse.id)))


def seen_without(session: Session, kind: str, *, seen_at: datetime, checks: Collection[str] | None = None,
                 severities: Collection[str] | None = None) -> list[Finding]:
    """Open or confirmed findings the patrol at `seen_at` saw (of `checks`, of `severities`) that have
    no evidence of `kind` yet."""
    query = select(Finding).where(
        Finding.last_seen == seen_at, Finding.status.in_(("open", "confirmed")),
        ~exists().where(EvidenceFile.finding_id == Finding.id, EvidenceFile.kind == kind))
    if checks is not None:
        query = query.where(Finding.check.in_(list(checks)))
    if severities is not None:
        query = query.where(Finding.severity.in_(list(severities)))
    return list(session.scalars(query.order_by(Finding.id)))


def post_of(session: Session, finding: Finding) -> tuple[Post | None, Comment | None]:
    """The stored post a finding is about (as last seen), and its comment when the finding names one."""
    if finding.post_id is None:
        return None, None
    post = session.scalars(select(Post).where(Post.account_id == finding.account_id,
                                              Post.platform_post_id == finding.post_id)).one_or_none()
    if post is None or finding.comment_id is None:
        return post, None
    comment = session.scalars(select(Comment).where(Comment.post_id == post.id,
                                                    Comment.platform_comment_id == finding.comment_id)).one_or_none()
    return post, comment


def add_evidence(session: Session, finding_id: int, *, kind: str, digest: str, media: str, url: str | None,
                 captured_at: datetime) -> None:
    session.add(EvidenceFile(finding_id=finding_id, kind=kind, digest=digest, media=media, url=url,
                             captured_at=captured_at))
    session.flush()


def evidence_of(session: Session, finding_id: int) -> list[EvidenceFile]:
    query = select(EvidenceFile).where(EvidenceFile.finding_id == finding_id).order_by(EvidenceFile.id)
    return list(session.scalars(query))


def prune_raw(session: Session, blobs: BlobStore, *, before: datetime) -> int:
    """Delete the responses of patrols as of before `before` (the patrols' clock) that are no finding's
    evidence, and the files no row refers to any more; returns how many responses were deleted."""
    evidence = exists().where(EvidenceFile.digest == RawResponse.digest)
    runs = select(PatrolRun.id).where(PatrolRun.as_of < before)
    old = session.execute(select(RawResponse.id, RawResponse.digest, RawResponse.media)
                          .where(RawResponse.run_id.in_(runs), ~evidence)).all()
    for start in range(0, len(old), CHUNK):
        session.execute(delete(RawResponse).where(RawResponse.id.in_([row.id for row in old[start:start + CHUNK]])))
    files = sorted({(row.digest, row.media) for row in old})
    for start in range(0, len(files), CHUNK):
        digests = [digest for digest, _ in files[start:start + CHUNK]]
        kept = set(session.scalars(select(RawResponse.digest).where(RawResponse.digest.in_(digests))))
        kept |= set(session.scalars(select(EvidenceFile.digest).where(EvidenceFile.digest.in_(digests))))
        for digest, media in files[start:start + CHUNK]:
            if digest not in kept:
                blobs.remove(digest, media)
    session.flush()
    return len(old)
