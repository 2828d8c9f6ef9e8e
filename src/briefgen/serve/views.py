"""What the review page shows: source text cut into highlighted pieces, Chinese names for model values."""

from __future__ import annotations

KIND_CN = {"result": "完成", "target": "目标", "baseline": "基数"}
KIND_HELP = {"result": "已经做到的成绩", "target": "计划要做到的目标", "baseline": "用来比较的基础数"}
SECTION_KIND_CN = {"review": "回顾", "plan": "部署", "other": ""}
QUALIFIER_CN = {"exact": "", "approx_over": "余/多", "over": "超过", "at_least": "不少于", "at_most": "不超过",
                "about": "约", "range": "区间"}
REPAIR_CN = {
    "join": "拼接断行", "join_page": "拼接跨页断行", "join_soft_break": "合并软换行", "line_endings": "统一换行符",
    "strip": "去除缩进和行尾空格", "split_heading": "拆分标题与正文", "front_matter": "读取文首信息",
    "numbering": "写出自动编号", "table": "表格按行读取", "pdf_layout": "PDF 版面处理", "no_text_layer": "PDF 无文字层",
    "drop_debris": "删除网页杂项", "drop_page_number": "删除页码", "drop_empty_heading": "删除空标题",
    "drop_toc": "删除目录", "drop_text_box": "删除文本框", "drop_hidden": "删除隐藏文字",
    "drop_deleted": "略去修订删除的文字", "drop_unmapped": "删除无法识别的字形", "drop_rotated": "删除旋转文字（水印、印章）",
}


def number_text(v) -> str:
    """A model value for people: 10600 -> '10,600', 6.5 -> '6.5'."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}" if isinstance(v, int) else f"{v:,.10g}"


def section_names(brief) -> dict[str, str]:
    """Section id -> its heading as written (numbering + title)."""
    return {s.id: f"{s.number or ''}{s.title}" for s in brief.all_sections()}


def indicator_view(ind, sections: dict[str, str]) -> dict:
    """One indicator as the page's table and detail card show it."""
    value = number_text(ind.value)
    if ind.value_max is not None:
        value += " – " + number_text(ind.value_max)
    return {
        "id": ind.id, "text": ind.text, "label": ind.label, "kind": ind.kind, "kind_cn": KIND_CN.get(ind.kind, ind.kind),
        "value": value, "unit": ind.unit, "qualifier_cn": QUALIFIER_CN.get(ind.qualifier, ind.qualifier),
        "section": sections.get(ind.section or "", "（开头部分）"), "sentence": ind.sentence,
        "excluded": bool(getattr(ind, "excluded", False)), "start": ind.start, "end": ind.end,
    }


def text_lines(brief) -> list[dict]:
    """The normalised text as lines of pieces {"text", "ind"} (ind: indicator id or None), headings marked."""
    marks = sorted(((i.start, i.end, i.id) for i in brief.indicators if 0 <= i.start < i.end <= len(brief.text)))
    pieces: list[tuple[str, str | None]] = []
    pos = 0
    for start, end, iid in marks:
        if start < pos:  # overlapping provenance: show the first one only
            continue
        if start > pos:
            pieces.append((brief.text[pos:start], None))
        pieces.append((brief.text[start:end], iid))
        pos = end
    pieces.append((brief.text[pos:], None))
    headings = {_squash(f"{s.number or ''}{s.title}"): s.id for s in brief.all_sections()}
    lines: list[dict] = [{"pieces": []}]
    for text, iid in pieces:
        for n, part in enumerate(text.split("\n")):
            if n:
                lines.append({"pieces": []})
            if part:
                lines[-1]["pieces"].append({"text": part, "ind": iid})
    for line in lines:
        line["heading"] = headings.get(_squash("".join(p["text"] for p in line["pieces"])))
    return [ln for ln in lines if ln["pieces"]]


def _squash(s: str) -> str:
    return "".join(s.split())


def repairs_view(brief) -> dict[str, list[dict]]:
    """Repairs split into what was removed (debris, page numbers …) and what was mended."""
    out: dict[str, list[dict]] = {"removed": [], "mended": []}
    for r in brief.repairs:
        item = {"kind": REPAIR_CN.get(r.kind, r.kind), "line": r.line, "detail": r.detail}
        out["removed" if r.kind.startswith("drop_") else "mended"].append(item)
    return out


def metadata_view(report) -> list[dict]:
    """The editable metadata fields with Chinese names, in form order."""
    fields = [("title", "标题", report.title), ("subtitle", "副标题", report.subtitle),
              ("organisation", "单位", report.organisation), ("meeting", "会议", report.meeting),
              ("date_text", "日期（原文写法）", report.date_text), ("date", "日期（年-月-日）", report.date),
              ("period_reviewed", "回顾期", report.period_reviewed), ("period_planned", "部署期", report.period_planned),
              ("tags", "标签（分发名单按标签选报告，用逗号分隔）", "，".join(report.tags))]
    return [{"name": n, "label": label, "value": v or ""} for n, label, v in fields]
