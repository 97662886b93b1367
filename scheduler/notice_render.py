"""The quarterly notice (季度通报) of a stored full inspection, rendered in one format: for `patrol
report notice` and for the daemon's quarterly job, which writes the Word and Excel drafts.

The notice never judges again: it is built from the inspection stored under the configured profile,
so rendering it later gives the same figures.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from checks.period import Period
from checks.rules import load_profile
from reports.inspection import inspection_report
from reports.notice_doc import NoticeError, notice_document
from reports.notice_markup import as_html, as_markdown
from reports.notice_xlsx import as_xlsx
from scheduler.config import Config
from scheduler.errors import UsageError
from storage.db import Database
from storage.findings import findings_by_id
from storage.inspections import find_inspection

Format = Literal["docx", "xlsx", "md", "html"]
FORMATS: tuple[Format, ...] = ("docx", "xlsx", "md", "html")


def render_notice(config: Config, database: Database, period: Period, fmt: Format, issued: date) -> str | bytes:
    """The notice of the quarter `period` dated `issued`: text (md, html) or bytes (docx, xlsx).

    Raises UsageError when the quarter has no stored full inspection under the configured profile or
    cannot be written as a notice, and reports.chart.FontMissing (docx, html) without a Chinese font."""
    profile = load_profile(config.profile).name
    with database.session() as session:
        inspection = find_inspection(session, period.label, "full", profile)
        if inspection is None:
            raise UsageError(f"report notice: no stored full inspection of {period.label} under profile {profile} "
                             f"(run: patrol inspect --period {period.label})")
        report = inspection_report(session, inspection)
        try:
            doc = notice_document(report, issuer=config.notice.issuer, addressees=config.notice.addressees,
                                  issued=issued)
        except NoticeError as exc:
            raise UsageError(str(exc)) from exc
        if fmt == "xlsx":
            return as_xlsx(doc, report, findings_by_id(session, [i for v in report["verdicts"] for i in v["findings"]]))
    if fmt == "md":
        return as_markdown(doc)
    from reports.chart import rate_chart  # matplotlib and python-docx take a second to load

    chart = rate_chart(doc.rates)
    if fmt == "html":
        return as_html(doc, chart)
    from reports.notice_docx import as_docx

    return as_docx(doc, chart)
