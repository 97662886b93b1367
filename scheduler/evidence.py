"""After a patrol's checks: keep each finding's evidence, and prune what no finding needs.

- Every content and interaction finding the patrol saw without raw evidence gets the responses of this
  patrol's crawl of its account that show its post or comment (by id or URL; an account-wide finding,
  all of them).
- Every veto finding about a span of a post or a comment gets a PNG of the post as stored, the span
  or comment highlighted (`reports.evidence_page`, `scheduler.screenshots`): at most
  `screenshots_per_patrol` after one patrol (a city's first patrol finds hundreds of unanswered
  questions), findings about a span of text first, then the oldest.
- Responses older than `[evidence] keep_days` that are no finding's evidence are deleted.
A screenshot that could not be taken now is taken at the next patrol that sees the finding.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from checks.interaction import CHECKS as INTERACTION_CHECKS
from checks.registry import CONTENT_CHECKS
from reports.evidence_page import evidence_page
from scheduler import screenshots
from scheduler.config import Config
from scheduler.report_config import evidence_dir
from storage.blobs import BlobStore
from storage.db import Database
from storage.evidence import add_evidence, crawl_raw, post_of, prune_raw, seen_without
from storage.models import Account, Finding, RawResponse

log = logging.getLogger("patrol")
EVIDENCE_CHECKS = (*CONTENT_CHECKS, *INTERACTION_CHECKS)
SHOT_SECONDS = 20.0  # per screenshot, browser start included once


def keep_evidence(database: Database, config: Config, run_id: int, as_of: datetime) -> None:
    """Link, shoot and prune for the patrol `run_id` as of `as_of` (see the module docstring)."""
    blobs = BlobStore(evidence_dir(config.evidence, config.database_url))
    with database.session() as session:
        linked = _link_raw(session, blobs, run_id, as_of)
        pages = _pages(session, as_of, config.evidence.screenshots_per_patrol) if config.evidence.screenshots else []
    shots = screenshots.take([(str(f), html) for f, html in pages], chromium=config.crawl.chromium,
                             timeout_s=SHOT_SECONDS * (1 + len(pages)))
    if len(shots) < len(pages):
        log.warning("%d of %d screenshots were not taken; the next patrol tries again", len(pages) - len(shots),
                    len(pages))
    with database.session() as session:
        for finding_id in (f for f, _ in pages if str(f) in shots):
            add_evidence(session, finding_id, kind="screenshot", digest=blobs.put(shots[str(finding_id)], "png"),
                         media="png", url=None, captured_at=as_of)
        pruned = prune_raw(session, blobs, before=as_of - timedelta(days=config.evidence.keep_days))
    log.info("evidence: %d findings linked to raw responses, %d screenshots, %d old responses pruned", linked,
             len(shots), pruned)


def _link_raw(session: Session, blobs: BlobStore, run_id: int, as_of: datetime) -> int:
    linked = 0
    bodies: dict[int, list[tuple[RawResponse, bytes]]] = {}
    for finding in seen_without(session, "raw", seen_at=as_of, checks=EVIDENCE_CHECKS):
        if finding.account_id not in bodies:
            bodies[finding.account_id] = [(r, blobs.read(r.digest, r.media) or b"")
                                          for r in crawl_raw(session, run_id, finding.account_id)]
        shown = _showing(finding, bodies[finding.account_id])
        for raw in {r.digest: r for r in shown}.values():
            add_evidence(session, finding.id, kind="raw", digest=raw.digest, media=raw.media, url=raw.url,
                         captured_at=raw.fetched_at)
        linked += bool(shown)
    return linked


def _showing(finding: Finding, responses: Sequence[tuple[RawResponse, bytes]]) -> list[RawResponse]:
    """The responses that show the finding's comment, else its post (by id, or the post's own page);
    all of them for a finding about the account as a whole."""
    comment = (finding.comment_id or "").split(":")[0]
    for needle in (comment, finding.post_id):
        if needle:
            found = [r for r, body in responses if needle.encode() in body or (r.url == finding.url)]
            if found:
                return found
    return [r for r, _ in responses] if finding.post_id is None else []


def _pages(session: Session, as_of: datetime, most: int) -> list[tuple[int, str]]:
    """The evidence pages of at most `most` veto findings seen at `as_of` that point into a post and
    have no screenshot yet (those about a span of text first, then the oldest)."""
    pointing = [f for f in seen_without(session, "screenshot", seen_at=as_of, severities=("veto",))
                if f.span_start is not None or f.comment_id is not None]
    pages = []
    for finding in sorted(pointing, key=lambda f: (f.span_start is None, f.id))[:most]:
        post, comment = post_of(session, finding)
        account = session.get(Account, finding.account_id)
        if post is not None and account is not None:
            pages.append((finding.id, evidence_page(finding, account, post, comment, captured_at=as_of)))
    return pages
