"""The notice as a Word document (python-docx) an inspector edits before sending it.

A4, Chinese fonts (仿宋 body, 黑体 headings: Word's names, which LibreOffice maps to an installed
Chinese font), real headings (Title, Heading 1/2), the chart after 一、总体情况, the attachment on a
page of its own as a bordered table whose header row repeats, and page numbers in the footer.
Untrusted text is `clean`ed (Word's XML refuses control characters).
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle

from reports.notice import ATTACHMENT_HEADERS
from reports.notice_doc import NoticeDocument
from reports.untrusted import clean

BODY_FONT, HEADING_FONT = "仿宋", "黑体"
BODY_PT, TABLE_PT = 14, 12
ATTACHMENT_WIDTHS_CM = (1.3, 4.6, 3.7, 3.0, 3.0)  # 15.6 cm: the text width


def as_docx(doc: NoticeDocument, chart_png: bytes) -> bytes:
    word = Document()
    _page_setup(word)
    word.core_properties.title = clean(doc.title)
    word.core_properties.author = clean(doc.issuer)
    word.add_heading(clean(doc.title), level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    word.add_paragraph(clean(doc.addressees))
    _indented(word, doc.intro)
    for number, section in enumerate(doc.sections):
        word.add_heading(clean(section.heading), level=1)
        for paragraph in section.paragraphs:
            _indented(word, paragraph)
        if number == 0:
            word.add_picture(io.BytesIO(chart_png), width=Cm(15.5))
            word.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            caption = word.add_paragraph("图 各地区、各平台合格率")
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _indented(word, f"附件：{doc.attachment_title}")
    for line in (doc.issuer, f"{doc.issued.year}年{doc.issued.month}月{doc.issued.day}日"):
        word.add_paragraph(clean(line)).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    word.add_page_break()
    word.add_paragraph("附件")
    word.add_heading(clean(doc.attachment_title), level=2).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _attachment(word, doc.attachment)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _page_setup(word: WordDocument) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _font(word.styles["Normal"], BODY_FONT, BODY_PT)
    for name, size in (("Title", 22), ("Heading 1", 16), ("Heading 2", 15)):
        _font(word.styles[name], HEADING_FONT, size)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)
    footer.add_run(" —")


def _font(style: ParagraphStyle, east_asian: str, size: int) -> None:
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    style.font.name = "Times New Roman"
    rpr = style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def _indented(word: WordDocument, text: str) -> None:
    word.add_paragraph(clean(text)).paragraph_format.first_line_indent = Pt(BODY_PT * 2)


def _attachment(word: WordDocument, rows: tuple[tuple[str, ...], ...]) -> None:
    table = word.add_table(rows=1, cols=len(ATTACHMENT_HEADERS))
    table.style = word.styles["Table Grid"]
    header = table.rows[0]
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    for cell, title in zip(header.cells, ATTACHMENT_HEADERS, strict=True):
        cell.text = title
        cell.paragraphs[0].runs[0].bold = True
        cell.paragraphs[0].runs[0].font.size = Pt(TABLE_PT)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = clean(value)
            cell.paragraphs[0].runs[0].font.size = Pt(TABLE_PT)
    table.autofit = False
    for column, width in zip(table.columns, ATTACHMENT_WIDTHS_CM, strict=True):
        column.width = Cm(width)  # the grid LibreOffice reads
        for cell in column.cells:
            cell.width = Cm(width)  # and each cell's, which Word reads
