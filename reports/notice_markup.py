"""The notice as Markdown and as one self-contained HTML page (the chart embedded as a data: URI).

Every paragraph and cell is escaped whole (`reports.untrusted`); the page allows no script, no
outside request and no form (Content-Security-Policy), so hijacked text shows as text.
"""

from __future__ import annotations

import base64

from reports.notice import ATTACHMENT_HEADERS
from reports.notice_doc import NoticeDocument
from reports.untrusted import html_text, md_text

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'"
STYLE = """body{font-family:"FangSong","仿宋","WenQuanYi Zen Hei",serif;max-width:52em;margin:2em auto;line-height:1.8}
h1{text-align:center;font-size:1.5em}h2{font-size:1.2em}p{text-indent:2em}p.flat{text-indent:0}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #333;padding:.3em .5em}
.sign{text-align:right}figure{text-align:center}img{max-width:100%}"""


def as_markdown(doc: NoticeDocument) -> str:
    lines = [f"# {md_text(doc.title)}", "", md_text(doc.addressees), "", md_text(doc.intro), ""]
    for section in doc.sections:
        lines += [f"## {md_text(section.heading)}", ""]
        for paragraph in section.paragraphs:
            lines += [md_text(paragraph), ""]
    lines += [f"附件：{md_text(doc.attachment_title)}", "", md_text(doc.issuer), "", _issued(doc), "",
              f"## 附件 {md_text(doc.attachment_title)}", "",
              "| " + " | ".join(ATTACHMENT_HEADERS) + " |", "|" + " --- |" * len(ATTACHMENT_HEADERS)]
    lines += ["| " + " | ".join(md_text(c) for c in row) + " |" for row in doc.attachment]
    return "\n".join(lines) + "\n"


def as_html(doc: NoticeDocument, chart_png: bytes) -> str:
    chart = base64.b64encode(chart_png).decode("ascii")
    parts = [
        "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        f"<title>{html_text(doc.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{html_text(doc.title)}</h1>", f'<p class="flat">{html_text(doc.addressees)}</p>',
        f"<p>{html_text(doc.intro)}</p>",
    ]
    for number, section in enumerate(doc.sections):
        parts.append(f"<h2>{html_text(section.heading)}</h2>")
        parts += [f"<p>{html_text(p)}</p>" for p in section.paragraphs]
        if number == 0:
            parts.append(f'<figure><img alt="合格率图" src="data:image/png;base64,{chart}">'
                         "<figcaption>各地区、各平台合格率</figcaption></figure>")
    parts += [f"<p>附件：{html_text(doc.attachment_title)}</p>",
              f'<p class="sign">{html_text(doc.issuer)}<br>{_issued(doc)}</p>',
              f"<h2>附件 {html_text(doc.attachment_title)}</h2>", "<table><thead><tr>",
              "".join(f"<th>{h}</th>" for h in ATTACHMENT_HEADERS), "</tr></thead><tbody>"]
    parts += ["<tr>" + "".join(f"<td>{html_text(c)}</td>" for c in row) + "</tr>" for row in doc.attachment]
    parts.append("</tbody></table></body></html>")
    return "\n".join(parts) + "\n"


def _issued(doc: NoticeDocument) -> str:
    return f"{doc.issued.year}年{doc.issued.month}月{doc.issued.day}日"
