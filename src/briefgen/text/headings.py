"""Heading styles of Chinese reports: 第一部分, 第一张答卷：, 一、, （一）, 1., （1）, ①, 【关键词一】, Markdown #."""

from __future__ import annotations

import re
from dataclasses import dataclass
from .recache import rx

_CN = "一二三四五六七八九十百零〇两"

#: (style, pattern). The pattern's group 'num' is the numbering, the rest of the line follows it.
STYLES: list[tuple[str, re.Pattern]] = [
    ("md", rx(r"^(?P<num>#{1,6})\s+")),
    # 第一部分 / 第二章 / 第一张答卷：… (a counted name before a colon)
    ("part", rx(rf"^(?P<num>第[{_CN}0-9]+(?:部分|章|篇|编)|第[{_CN}0-9]{{1,3}}[张个项条]?[\u4e00-\u9fff]{{1,3}}?[：:])"
                r"[\s、：:.．]*")),
    ("marker", rx(r"^(?P<num>【[^】]{1,12}】)\s*$")),
    ("cn", rx(rf"^(?P<num>[{_CN}]{{1,3}}、)\s*")),
    ("paren_cn", rx(rf"^(?P<num>[（(][{_CN}]{{1,3}}[）)])\s*")),
    # 1、 1. — not 1.5亿 or 1、2、3; a year may follow 、 (1、2025年工作完成情况)
    ("arabic", rx(r"^(?P<num>[0-9０-９]{1,2}(?:[.．、](?![0-9０-９])|、(?=(?:19|20)[0-9]{2}年)))\s*")),
    ("paren_arabic", rx(r"^(?P<num>[（(][0-9０-９]{1,2}[）)])\s*")),
    ("circled", rx(r"^(?P<num>[①-⑳])\s*")),
    ("section_cn", rx(rf"^(?P<num>第[{_CN}0-9]+节)[\s、：:.．]*")),
]


@dataclass
class Heading:
    style: str
    number: str | None
    title: str
    rest: str = ""  #: body text that followed the heading sentence on the same line


def match_style(s: str) -> tuple[str, re.Match] | None:
    for style, pat in STYLES:
        m = pat.match(s)
        if m and (style == "marker" or m.end() < len(s)):
            return style, m
    return None


def is_strong_heading(s: str) -> bool:
    """A line that starts with explicit heading numbering or a marker."""
    return match_style(s) is not None


def parse_heading(s: str) -> Heading | None:
    """Parse a numbered heading line; a long one is split into heading sentence + body text.

    Government reports often run '（一）大力推进现代化产业体系建设。加快发展…' on one line.
    """
    hit = match_style(s)
    if not hit:
        return None
    style, m = hit
    num = m.group("num")
    body = s[m.end():].strip()
    if style == "md":
        title = body.strip("# ").strip()
        inner = match_style(title)  # '## （一）服务职工': keep the numbering apart from the title
        if inner and inner[0] not in ("md", "marker"):
            return Heading(f"md{len(num)}", inner[1].group("num"), title[inner[1].end():].strip())
        return Heading(f"md{len(num)}", None, title)
    if style == "marker":
        return Heading("marker", num.strip("【】"), "")
    first = rx(r"[。！？!?；;]").search(body)
    if first and first.end() < len(body):
        head, rest = body[:first.start()], body[first.end():].strip()
        if len(head) <= 40:
            return Heading(style, num, head, rest) if head.strip() else None  # '十、。…': no title, a paragraph
        return None  # a numbered paragraph (一是…, 1. long text), not a heading
    if len(body) > 60:
        return None
    title = body.rstrip("。；;").strip()
    return Heading(style, num, title) if title else None  # '十、。' alone names nothing: a paragraph
