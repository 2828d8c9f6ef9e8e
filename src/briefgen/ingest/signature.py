"""A closing signature (the issuing body's name and the date at the end of the text): metadata, not a part."""

from __future__ import annotations


from ..model import Repair
from ..text.recache import rx
from .debris import ORG_LINE
from ..text.width import fold_digits
from .timeref import FULL_DATE, parse_date

_YEAR_CN = "〇○零一二三四五六七八九"
_SMALL_CN = "一二三四五六七八九十"
#: A date alone on a line, to the day or to the month: 2026年1月20日, 2026年2月, 二〇二六年一月.
_DATE_ONLY = rx(rf"^[（(]?\s*(?:{FULL_DATE.pattern}|(?:(?:19|20)\d{{2}}|[{_YEAR_CN}]{{4}})\s*年\s*"
                rf"(?:\d{{1,2}}|[{_SMALL_CN}]{{1,3}})\s*月)\s*[）)]?$")


#: What an official document prints under its signature: a contact line, 抄送/抄报, the 印发 line.
_TAIL = rx(r"^[（(]?\s*(?:联系电话|联系人|联系方式|咨询电话|电话)\s*[:：].{0,40}$|^(?:抄送|抄报|主送)\s*[:：]"
           r"|^[\u4e00-\u9fff]{2,30}[\s\u3000]*(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)?\s*印发$")


def _ends_sentence(s: str) -> bool:
    return bool(rx(r"[。！？!?；;：:]$").search(s.rstrip("”’」』）)")))


def _set_apart(ln, lines: list) -> bool:
    """A line indented deeper than the text's lines mostly are: set to the right, as a signature is."""
    indents = sorted(x.indent for x in lines)
    return ln.indent >= 4 and ln.indent > indents[len(indents) // 2]


def split_off(lines: list, repairs: list[Repair], meta: dict) -> list:
    """Take a closing signature off the end of *lines* (an organisation line, a date line, or both, after a
    sentence); its parts go to ``meta`` (``signature_org``, ``signature_date``) and each line to ``repairs``."""
    n = len(lines)
    if n < 3:
        return lines
    k = n
    while k > 3 and n - k < 4 and len(lines[k - 1].text) <= 200 and _TAIL.match(fold_digits(lines[k - 1].text)):
        k -= 1
    tail = lines[k:]
    date = org = None
    if _DATE_ONLY.match(fold_digits(lines[k - 1].text)):
        date = lines[k - 1]
        k -= 1
    if k > 1 and len(lines[k - 1].text) <= 30 and ORG_LINE.match(lines[k - 1].text):
        org = lines[k - 1]
        k -= 1
    if not (date or org) or k < 1 or not (_ends_sentence(lines[k - 1].text) or date and org
                                          or _set_apart(org or date, lines)):
        return lines  # a signature closes the text; both its lines together may follow an attachment list
    for ln in tail:
        repairs.append(Repair("debris", ln.line, f"dropped the document's tail under its signature: {ln.text[:40]!r}"))
    if org:
        meta.setdefault("signature_org", org.text)
        repairs.append(Repair("debris", org.line, f"read closing signature (organisation): {org.text!r}"))
    if date:
        d = parse_date(date.text)
        if d:
            meta.setdefault("signature_date", d[0])
        repairs.append(Repair("debris", date.line, f"read closing signature (date): {date.text!r}"))
    return lines[:k]
