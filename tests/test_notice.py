"""The quarterly notice and the exports, from a half year of daily patrols (tests/quarter_world.py):
figures against the stored verdicts, the Word file through LibreOffice, Excel, HTML and Markdown with
a hostile account name, and findings/ledger/inspect exported as CSV, XLSX and JSON."""

from __future__ import annotations

import contextlib
import csv
import html
import io
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import markdown
import pytest
from docx import Document
from openpyxl import load_workbook
from PIL import Image

from reports.findings import COLUMNS as FINDING_COLUMNS
from reports.labels import account_label
from reports.ledger import COLUMNS as LEDGER_COLUMNS
from reports.notice import ATTACHMENT_HEADERS, VERDICT_COLUMNS
from scheduler.cli import main
from tests.quarter_world import HOSTILE, SPAM_TITLE, Quarter

ISSUED = "2022-01-05"


@pytest.fixture(scope="module")
def quarter(tmp_path_factory: pytest.TempPathFactory) -> Quarter:
    return Quarter(tmp_path_factory.mktemp("quarter"))


def _verdicts(quarter: Quarter, period: str, kind: str = "full") -> list[dict[str, Any]]:
    """The stored verdicts of a jiangsu inspection, read with plain SQL."""
    with closing(sqlite3.connect(quarter.database)) as db:
        db.row_factory = sqlite3.Row
        rows = db.execute("select v.* from verdicts v join inspections i on i.id = v.inspection_id"
                          " where i.period = ? and i.kind = ? and i.profile = 'jiangsu'", (period, kind)).fetchall()
    return [dict(r) for r in rows]


def _rate(verdicts: list[dict[str, Any]]) -> tuple[int, int, float]:
    checked = [v for v in verdicts if v["outcome"] != "unverified"]
    failed = [v for v in checked if v["outcome"] == "fail"]
    return len(checked), len(failed), round((len(checked) - len(failed)) * 100 / len(checked), 1)


def _notice(quarter: Quarter, fmt: str, out: Path | None = None) -> str:
    args = ["report", "notice", "--quarter", "2021Q4", "--format", fmt, "--date", ISSUED]
    return quarter.cli(*args, *(["--out", str(out)] if out else []))


def _failed_labels(verdicts: list[dict[str, Any]]) -> list[str]:
    return [account_label(v["name"], v["platform"]) for v in verdicts if v["outcome"] == "fail"]


def test_notice_figures_are_the_stored_verdicts(quarter: Quarter) -> None:
    md = _notice(quarter, "md")
    q4, q3 = _verdicts(quarter, "2021Q4"), _verdicts(quarter, "2021Q3")
    checked, failed, rate = _rate(q4)
    before = _rate(q3)[2]
    assert (checked, failed, rate, before) == (10, 6, 40.0, 90.0)  # the scenario of quarter_world
    change = f"比上季度下降{before - rate:.1f}个百分点"
    assert f"共检查{checked}个，共有{failed}个不合格，总体合格率为{rate:.1f}%，{change}" in md
    specials = [_rate(_verdicts(quarter, month, "special"))[1] for month in ("2021-10", "2021-11")]
    assert specials == [2, 1] and f"10月有{specials[0]}个不合格，11月有{specials[1]}个不合格" in md
    district_failed = {v["district"] for v in q4 if v["outcome"] == "fail"}
    hundred = sorted({v["district"] for v in q4 if v["outcome"] == "pass"} - district_failed - {"市级"})
    city = sorted({v["owner_org"] for v in q4 if v["owner_level"] == "city"}
                  - {v["owner_org"] for v in q4 if v["outcome"] == "fail"})
    assert (hundred, len(city)) == (["惠山区"], 2)
    assert f"。{'、'.join(hundred)}合格率为100%；{'、'.join(city)}主办的政务新媒体合格率为100%。" in md
    year = [v for period, kind in (("2021Q3", "full"), ("2021-10", "special"), ("2021-11", "special"),
                                   ("2021Q4", "full")) for v in _verdicts(quarter, period, kind)]
    year_orgs = sorted({v["owner_org"] for v in year if v["owner_level"] == "city"}
                       - {v["owner_org"] for v in year if v["outcome"] == "fail"})
    assert year_orgs == ["无锡市人民政府新闻办公室", "无锡市应急管理局"]
    assert f"惠山区主管的政务新媒体，{'、'.join(year_orgs)}主办的政务新媒体在2021年度历次检查中合格率均为100%" in md
    second = [account_label(v["name"], v["platform"]) for v in q4 if v["failure_no"] == 2]
    assert len(second) == 4 and HOSTILE in second[-1]
    repeats = re.search(r"多次检查不合格。(.*)为年内第二次检查不合格", md)
    assert repeats is not None and repeats[1].count("“") == len(second)
    attachment = [line.split(" | ") for line in md.splitlines() if re.match(r"\| \d+ \|", line)]
    assert [row[0].strip("| ") for row in attachment] == [str(i) for i in range(1, failed + 1)]
    plain = [html.unescape(row[1]) for row in attachment]
    assert sorted(plain) == sorted(_failed_labels(q4))
    remarks = {html.unescape(row[1]): row[4] for row in attachment}
    assert all(remarks[label].startswith("年内第二次检查不合格") for label in second)
    assert "同时存在多个问题。如“新吴城管(微信公众号)”同时存在“发布商业广告、错别字”等问题，被扣14分" in md
    assert "有2个政务新媒体存在错别字问题，如“新吴城管(微信公众号)”“梁溪城管(微博)”等" in md
    assert "无锡市人民政府办公室\n\n2022年1月5日" in md


def test_untrusted_names_are_text_in_markdown_and_html(quarter: Quarter, tmp_path: Path) -> None:
    md = _notice(quarter, "md")
    assert "<" not in md and "&lt;img src=x onerror=alert(1)&gt;经开发布(头条号)" in md
    rendered = markdown.markdown(md, extensions=["tables"])
    assert "<img" not in rendered and "&lt;img src=x onerror=alert(1)&gt;经开发布(头条号)" in rendered
    assert rendered.count("<tr>") == 1 + len(_failed_labels(_verdicts(quarter, "2021Q4")))
    _notice(quarter, "html", tmp_path / "notice.html")
    page = (tmp_path / "notice.html").read_text("utf-8")
    assert page.count("<img ") == 1 and 'src="data:image/png;base64,' in page  # the chart only
    assert "&lt;img src=x onerror=alert(1)&gt;经开发布(头条号)" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def _pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    return text.split("\f")


def _table_lines(png: Path) -> tuple[int, int]:
    """Horizontal and vertical rules drawn across most of a table on the page image."""
    with Image.open(png) as page:
        image = page.convert("L")
    width, height = image.size
    pixels = image.load()
    assert pixels is not None

    def runs(count: int, dark: list[bool]) -> int:
        return sum(1 for i in range(count) if dark[i] and (i == 0 or not dark[i - 1]))

    rows = [sum(pixels[x, y] < 128 for x in range(width)) > 0.6 * width for y in range(height)]
    top = next(y for y in range(height) if rows[y])
    bottom = max(y for y in range(height) if rows[y])
    columns = [sum(pixels[x, y] < 128 for y in range(top, bottom + 1)) > 0.9 * (bottom - top) for x in range(width)]
    return runs(height, rows), runs(width, columns)


def test_word_notice_opens_in_libreoffice_with_its_table(quarter: Quarter, tmp_path: Path) -> None:
    docx = tmp_path / "notice.docx"
    _notice(quarter, "docx", docx)
    word = Document(str(docx))
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style is not None
                and p.style.name.startswith(("Title", "Heading"))]
    assert [h for h, _ in headings] == ["Title", "Heading 1", "Heading 1", "Heading 1", "Heading 2"]
    assert headings[0][1] == "无锡市人民政府办公室关于2021年第四季度政务新媒体检查情况的通报"
    [table] = word.tables
    q4 = _verdicts(quarter, "2021Q4")
    assert [c.text for c in table.rows[0].cells] == list(ATTACHMENT_HEADERS)
    assert sorted(r.cells[1].text for r in table.rows[1:]) == sorted(_failed_labels(q4))
    assert len(word.inline_shapes) == 1  # the chart
    assert 'w:instr="PAGE"' in word.sections[0].footer._element.xml
    profile = f"-env:UserInstallation={(tmp_path / 'libreoffice').as_uri()}"  # a profile of its own
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   capture_output=True, check=True, timeout=240, cwd=tmp_path)
    pages = [re.sub(r"\s+", "", p) for p in _pdf_pages(tmp_path / "notice.pdf") if p.strip()]
    assert len(pages) >= 3 and all(f"—{i}—" in page for i, page in enumerate(pages, 1))  # page numbers
    [number] = [i for i, page in enumerate(pages, 1) if "汇总表" in page and "序号" in page]
    attachment = pages[number - 1]
    assert all(h.replace("(类型)", "") in attachment for h in ATTACHMENT_HEADERS)
    assert all(re.sub(r"\s+", "", v["owner_org"]) in attachment for v in q4 if v["outcome"] == "fail")
    assert "onerror=alert(1)" in attachment and "年内第二次检查不合格" in attachment
    subprocess.run(["pdftoppm", "-f", str(number), "-l", str(number), "-r", "80", "-png",
                    str(tmp_path / "notice.pdf"), str(tmp_path / "page")], check=True, timeout=60)
    [png] = tmp_path.glob("page*.png")
    shutil.copy(png, quarter.directory / "notice-attachment-page.png")  # to look at
    horizontal, vertical = _table_lines(png)
    assert horizontal == len(table.rows) + 1  # a rule above each row and one under the last
    assert vertical == len(ATTACHMENT_HEADERS) + 1


def test_excel_notice_has_the_attachment_and_a_sheet_per_problem(quarter: Quarter, tmp_path: Path) -> None:
    path = tmp_path / "notice.xlsx"
    _notice(quarter, "xlsx", path)
    book = load_workbook(path)
    q4 = _verdicts(quarter, "2021Q4")
    problems = ["发布商业广告", "错别字", "无有效互动功能", "安全问题", "严重表述错误", "互动回应差", "内容更新不及时"]
    assert book.sheetnames == ["附件", *problems]
    attachment = [[c.value for c in row] for row in book["附件"].iter_rows(min_row=2)]
    assert sorted(r[1] for r in attachment) == sorted(_failed_labels(q4))
    hostile = next(c for row in book["附件"].iter_rows() for c in row if HOSTILE in str(c.value))
    assert hostile.data_type == "s" and str(hostile.value).startswith("=HYPERLINK(")
    typos = {r[1]: r for r in ([c.value for c in row] for row in book["错别字"].iter_rows(min_row=2))}
    assert {name: row[5] for name, row in typos.items()} == {"梁溪城管(微博)": 10, "新吴城管(微信公众号)": 2}
    assert typos["新吴城管(微信公众号)"][4] == "合格" and "警钟常鸣" in typos["新吴城管(微信公众号)"][7]
    [security] = [[c.value for c in row] for row in book["安全问题"].iter_rows(min_row=2)]
    assert SPAM_TITLE in security[7] and security[4] == "不合格"


def _run(quarter: Quarter, *args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--config", str(quarter.config), *args])
    return code, err.getvalue()


def test_a_notice_of_what_was_not_inspected_is_refused(quarter: Quarter) -> None:
    for args, said in ((("--quarter", "2021-12"), "is a month"), (("--quarter", "2022Q1"), "no stored full"),
                       (("--quarter", "2021Q4", "--date", "5 Jan"), "--date")):
        code, err = _run(quarter, "report", "notice", *args, "--format", "md")
        assert code == 2 and said in err and err.count("\n") == 1, (args, err)


def _csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def _sheet(path: Path) -> list[list[Any]]:
    return [[c.value for c in row] for row in load_workbook(path).worksheets[0].iter_rows()]


@pytest.fixture
def exports(quarter: Quarter, tmp_path: Path) -> Iterator[Path]:
    for name, args in (("findings", ("findings", "--status", "open", "--status", "resolved")),
                       ("ledger", ("ledger", "--as-of", "2022-01-05T09:00")),
                       ("inspect", ("inspect", "--period", "2021Q4", "--stored"))):
        quarter.cli(*args, "--format", "xlsx", "--out", str(tmp_path / f"{name}.xlsx"))
        quarter.cli(*args, "--format", "csv", "--out", str(tmp_path / f"{name}.csv"))
    yield tmp_path


def test_exports_have_chinese_headers_and_no_formulas(quarter: Quarter, exports: Path) -> None:
    for name, columns in (("findings", FINDING_COLUMNS), ("ledger", LEDGER_COLUMNS), ("inspect", VERDICT_COLUMNS)):
        headers = [h for _, h in columns]
        rows = _csv((exports / f"{name}.csv").read_text("utf-8"))
        sheet = _sheet(exports / f"{name}.xlsx")
        assert list(rows[0]) == headers and sheet[0] == headers, name
        assert len(sheet) == len(rows) + 1 and len(rows) > 5, name
        assert [str(r[0]) for r in sheet[1:]] == [r[headers[0]] for r in rows], name
    findings = _csv((exports / "findings.csv").read_text("utf-8"))
    hostile = [r for r in findings if HOSTILE in r["账号名称"]]
    assert hostile and all(r["账号名称"] == "'" + HOSTILE for r in hostile)  # a CSV formula, defused
    book = load_workbook(exports / "findings.xlsx").worksheets[0]
    cells = [row[1] for row in book.iter_rows(min_row=2) if HOSTILE in str(row[1].value)]
    assert cells and all(c.value == HOSTILE and c.data_type == "s" for c in cells)  # text, never a formula
    verdicts = _csv((exports / "inspect.csv").read_text("utf-8"))
    assert sorted(r["账号名称"] for r in verdicts if r["结论"] == "fail") == sorted(
        ("'" if v["name"].startswith("=") else "") + v["name"] for v in _verdicts(quarter, "2021Q4")
        if v["outcome"] == "fail")
    json_keys = set(quarter.json("findings")[0])
    assert json_keys == {key for key, _ in FINDING_COLUMNS}
