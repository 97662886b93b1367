"""Spans that read as personal names, where the statistical typo detector stays silent.

Names are not in the segmentation dictionary, so their characters look like broken words
(郑静晨 -> 清晨?). Two patterns mark a name without a name list:

- a common surname and one or two characters before 同志, 先生, 女士, 等 and a count, or before
  a 、 and another surname (李贻衡等68名同志, 毛汉斌、费跃同志);
- two to four characters right before a head-of-state or envoy title (武契奇总统).
"""

from __future__ import annotations

import re

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_HAN = "\u4e00-\u9fff"
_NAME = re.compile(
    rf"[{SURNAMES}][{_HAN}]{{1,2}}(?=同志|先生|女士|等\d|等同志|、[{SURNAMES}])"
    rf"|[{_HAN}]{{2,4}}(?=总统|首相|国王|总理|大使|外长|议长)"
)


def name_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of every probable personal name in `text`."""
    return [match.span() for match in _NAME.finditer(text)]
