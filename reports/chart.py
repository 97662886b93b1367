"""The notice's chart: 合格率 by district and by platform, as a PNG (matplotlib, a Chinese font).

`rate_chart` raises `FontMissing` when no Chinese font is installed (the labels would print as
boxes): Debian's fonts-wqy-zenhei or fonts-noto-cjk provide one.
"""

from __future__ import annotations

import io
from typing import Any

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from storage.accounts import PLATFORM_LABELS

CHINESE_FONTS = ("WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "Microsoft YaHei")


class FontMissing(RuntimeError):
    """No Chinese font is installed for the chart."""


def chinese_font() -> font_manager.FontProperties:
    """An installed Chinese font (at a weight it has, so matplotlib does not warn)."""
    installed = {f.name: f.weight for f in font_manager.fontManager.ttflist}
    for family in CHINESE_FONTS:
        if family in installed:
            return font_manager.FontProperties(family=family, weight=installed[family])
    raise FontMissing(f"no Chinese font for the chart (install one of: {', '.join(CHINESE_FONTS)}; "
                      "Debian: apt-get install fonts-wqy-zenhei)")


def rate_chart(rates: dict[str, dict[str, dict[str, Any]]]) -> bytes:
    """Two horizontal bar charts of 合格率 (percent), by district and by platform; PNG bytes.
    Group names are drawn as text: their dollar signs are escaped, so no mathtext is read from them."""
    panels = [("各地区合格率", rates["district"]),
              ("各平台合格率", {PLATFORM_LABELS.get(g, g): r for g, r in rates["platform"].items()})]
    tallest = max(len(groups) for _, groups in panels)
    figure = Figure(figsize=(8, max(2.5, 0.4 * tallest + 1.2)), dpi=150, layout="constrained")
    FigureCanvasAgg(figure)
    font = chinese_font()
    for index, (title, groups) in enumerate(panels, 1):
        axes = figure.add_subplot(1, 2, index)
        names = list(groups)[::-1]
        values = [groups[n]["rate"] or 0.0 for n in names]
        bars = axes.barh(range(len(names)), values, color=["#c0392b" if v < 100 else "#2e7d32" for v in values])
        axes.set_yticks(range(len(names)), [n.replace("$", "\\$") for n in names], fontproperties=font)
        axes.set_xlim(0, 115)
        axes.set_title(title, fontproperties=font)
        axes.set_xlabel("合格率（%）", fontproperties=font)
        for bar, value, name in zip(bars, values, names, strict=True):
            label = "—" if groups[name]["rate"] is None else f"{value:.1f}"
            axes.text(bar.get_width() + 1, bar.get_y() + bar.get_height() / 2, label, va="center", fontsize=8)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
