"""Report metadata from title, subtitle and lead: organisation, meeting, date, periods."""

from __future__ import annotations

import re

from ..model import Section

_CN = "一二三四五六七八九十百零〇两0-9"
_MEETING = re.compile(
    rf"(第[{_CN}]+届[\u4e00-\u9fff]{{0,14}}?第[{_CN}]+次(?:全体会议|全委会议|全会|会议|代表大会|执委会议)"
    rf"|第[{_CN}]+次[\u4e00-\u9fff]{{0,6}}?代表大会"
    rf"|[\u4e00-\u9fff]{{0,6}}?[{_CN}]+届[{_CN}]+次(?:全体会议|全会|执委会议|会议))"
)
_ORG_END = re.compile(r"(总工会|工会委员会|工会|人民政府|政府|委员会|党委|党组|妇联|团委|协会|联合会|办公厅|办公室|局|厅|部)$")
_FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
_PERIOD = re.compile(r"^(\d{4}年(?:上半年|下半年|前三季度)?|上半年|下半年|今年以来|今年|明年|去年|过去一年|过去五年|一年来|五年来|下一阶段|下一步|今后五年|今后一个时期)")


def find_meta(title: str, subtitle: str | None, lead: list[str], sections: list[Section], meta: dict) -> dict:
    """Best-effort metadata; every value is copied from the text, never invented."""
    head = [t for t in (subtitle, title) if t]
    out: dict = {}
    for t in head + lead[:1]:
        m = _MEETING.search(t)
        if m:
            out["meeting"] = m.group(1)
            before = re.split(r"[\s，,、——–\-]", t[: m.start()])[-1] if m.start() else ""
            before = re.sub(r"^(?:在|于|关于)", "", before)
            before = re.sub(r"(?:召开|举行|举办|隆重召开|胜利召开)$", "", before)
            if len(before) >= 2 and _ORG_END.search(before):
                out["organisation"] = before
            break
    if "organisation" not in out and meta.get("organisation"):
        out["organisation"] = meta["organisation"]
    if "organisation" not in out and meta.get("author"):
        out["organisation"] = meta["author"]
    date = meta.get("date")
    if date and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", str(date)):
        y, mo, d = map(int, str(date).split("-"))
        out["date"] = f"{y:04d}-{mo:02d}-{d:02d}"
        out["date_text"] = f"{y}年{mo}月{d}日"
    for t in head + lead[:2]:
        m = _FULL_DATE.search(t)
        if m and "date" not in out:
            y, mo, d = map(int, m.groups())
            out["date"] = f"{y:04d}-{mo:02d}-{d:02d}"
            out["date_text"] = m.group(0)
        if "date_text" not in out:
            m = _MONTH_DAY.search(t)
            if m:
                out["date_text"] = m.group(0)
    for s in sections:
        m = _PERIOD.match(s.title)
        if m and s.kind == "review":
            out.setdefault("period_reviewed", m.group(1))
        elif m and s.kind == "plan":
            out.setdefault("period_planned", m.group(1))
    for t in lead[:2]:
        m = re.search(r"总结(\d{4}年|今年以来|过去一年|过去五年)", t)
        if m:
            out.setdefault("period_reviewed", m.group(1))
        m = re.search(r"部署(\d{4}年|下一阶段|明年|今年)", t)
        if m:
            out.setdefault("period_planned", m.group(1))
    return out
