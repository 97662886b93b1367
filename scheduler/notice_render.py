"""The quarterly notice (季度通报) of a stored full inspection, rendered in one format: for `patrol
report notice` and for the daemon's quarterly job, which writes the Word and Excel drafts.

The notice never judges again: it is built from the inspection stored under the configured profile,
so rendering it later gives the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
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


class NoChineseFont(Exception):
    """The chart (docx, html) cannot be drawn: no Chinese font is installed (the message says which)."""


def render_notice(config: Config, database: Database, period: Period, formats: Sequence[Format],
                  issued: date) -> dict[Format, str | bytes]:
    """The notice of the quarter `period` dated `issued` in each of `formats`: text (md, html) or bytes
    (docx, xlsx), built from one reading of the stored inspection.

    Raises UsageError when the quarter has no stored full inspection under the configured profile or
    cannot be written as a notice, and NoChineseFont (docx, html)."""
    profile = load_profile(config.profile).name
    rendered: dict[Format, str | bytes] = {}
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
        if "xlsx" in formats:
            rendered["xlsx"] = as_xlsx(doc, report, findings_by_id(
                session, [i for v in report["verdicts"] for i in v["findings"]]))
    if "md" in formats:
        rendered["md"] = as_markdown(doc)
    if "docx" in formats or "html" in formats:
        from reports.chart import FontMissing, rate_chart  # matplotlib and python-docx take a second to load

        try:
            chart = rate_chart(doc.rates)
        except FontMissing as exc:
            raise NoChineseFont(str(exc)) from exc
        if "html" in formats:
            rendered["html"] = as_html(doc, chart)
        if "docx" in formats:
            from reports.notice_docx import as_docx

            rendered["docx"] = as_docx(doc, chart)
    return {fmt: rendered[fmt] for fmt in formats}
