"""A closing signature (the issuing body's name and the date at the end of the text): metadata, not a part."""

from __future__ import annotations

import re

from ..model import Repair
from .debris import ORG_LINE
from .timeref import FULL_DATE, parse_date

_YEAR_CN = "〇○零一二三四五六七八九"
_SMALL_CN = "一二三四五六七八九十"
#: A date alone on a line, to the day or to the month: 2026年1月20日, 2026年2月, 二〇二六年一月.
_DATE_ONLY = re.compile(rf"^[（(]?\s*(?:{FULL_DATE.pattern}|(?:(?:19|20)\d{{2}}|[{_YEAR_CN}]{{4}})\s*年\s*"
                        rf"(?:\d{{1,2}}|[{_SMALL_CN}]{{1,3}})\s*月)\s*[）)]?$")


def _ends_sentence(s: str) -> bool:
    return bool(re.search(r"[。！？!?；;：:]$", s.rstrip("”’」』）)")))


def split_off(lines: list, repairs: list[Repair], meta: dict) -> list:
    """Take a closing signature off the end of *lines* (an organisation line, a date line, or both, after a
    sentence); its parts go to ``meta`` (``signature_org``, ``signature_date``) and each line to ``repairs``."""
    n = len(lines)
    if n < 3:
        return lines
    k = n
    date = org = None
    if _DATE_ONLY.match(lines[k - 1].text):
        date = lines[k - 1]
        k -= 1
    if k > 1 and len(lines[k - 1].text) <= 30 and ORG_LINE.match(lines[k - 1].text):
        org = lines[k - 1]
        k -= 1
    if not (date or org) or k < 1 or not _ends_sentence(lines[k - 1].text):
        return lines
    if org:
        meta.setdefault("signature_org", org.text)
        repairs.append(Repair("debris", org.line, f"read closing signature (organisation): {org.text!r}"))
    if date:
        d = parse_date(date.text)
        if d:
            meta.setdefault("signature_date", d[0])
        repairs.append(Repair("debris", date.line, f"read closing signature (date): {date.text!r}"))
    return lines[:k]
