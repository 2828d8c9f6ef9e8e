"""Chinese line-breaking rules (避头尾) for reportlab wordWrap="CJK" paragraphs.

The harness wraps punctuation-dense paragraphs at many frame widths, so that
every mark lands on a line boundary at some width, and inspects the line
splits reportlab computed (``Paragraph.blPara``).  ``test_harness_detects_
reportlab_defaults`` checks that the same harness finds violations when the
rules are *not* installed, i.e. the other tests can fail.
"""

from __future__ import annotations

import re

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from briefgen.renderers.pdf import linebreak as cjkwrap
from briefgen.renderers.pdf.linebreak import CANNOT_END, CANNOT_START, break_allowed
from briefgen.renderers.pdf.fonts import register_fonts

FS = register_fonts()

# ASCII quotes are ambiguous (opening or closing) and therefore in neither set
CLOSING = "，。、；：？！）》」』】〕〗〉…”’%％·" ",.;:?!)]}"
OPENING = "（《「『【〔〖〈“‘" "([{"
GLUED = ["1.06万件", "36.9%", "2019年", "3.5亿元", "12.5%", "2024年", "——", "……", "COVID-19"]

TEXTS = [
    # realistic brief text
    "一、总体情况。2019年以来，全市共受理各类案件1.06万件，同比增长36.9%；其中“重点领域”案件（含《条例》"
    "规定的情形）占比达到12.5%，较上年提高3.2个百分点。各区要切实加强组织领导——做到“早发现、早报告、"
    "早处置”……确保各项工作落到实处！主要措施：①完善机制；②强化督导；③严格考核。2024年投入3.5亿元，"
    "服务群众（次）达到【待定】。英文缩写如COVID-19（新冠）、GDP（国内生产总值）等。",
    # every closing mark after a hanzi, every opening mark before one, doubled marks
    "".join(f"字{c}" for c in CLOSING) + "".join(f"{o}字" for o in OPENING)
    + "甲。”乙！）丙”，丁）。戊——己……庚」，辛』。壬“《癸》”子（“丑”）寅《「卯」》",
    # dense alternation: closing+opening pairs everywhere
    "文字，“引号”（括号）《书名》【方括号】；文字。“引号”、（括号）！" * 3,
]

# 60 pt .. 400 pt at 12 pt: 5 to 33 hanzi per line.  Below ~5 hanzi a cluster such as
# "置”……" (4 chars, no legal break inside) cannot fit any more and the splitter has to
# cut it somewhere (see test_very_narrow_columns).
WIDTHS = [w / 2 for w in range(120, 801, 7)]


def style(**kw) -> ParagraphStyle:
    return ParagraphStyle("t", fontName=FS.regular, fontSize=12, leading=18, wordWrap="CJK", **kw)


def line_texts(p: Paragraph) -> list[str]:
    bl = p.blPara
    if bl.kind == 0:  # single-fragment paragraph: lines are (extraSpace, [text])
        return ["".join(words) for _, words in bl.lines]
    return ["".join(w.text for w in line.words) for line in bl.lines]


def wrap_lines(markup: str, width: float, **kw) -> list[str]:
    p = Paragraph(markup, style(**kw))
    p.wrap(width, 1e6)
    return line_texts(p)


def violations(lines: list[str], glued: list[str] = ()) -> list[str]:
    bad = []
    for n, line in enumerate(lines):
        if not line:
            continue
        if n > 0 and line[0] in CLOSING:
            bad.append(f"line {n} starts with {line[0]!r}: {line!r}")
        if n < len(lines) - 1 and line[-1] in OPENING:
            bad.append(f"line {n} ends with {line[-1]!r}: {line!r}")
    joined, bounds, pos = "".join(lines), set(), 0
    for line in lines[:-1]:
        pos += len(line)
        bounds.add(pos)
    for token in glued:
        for m in re.finditer(re.escape(token), joined):
            if any(m.start() < b < m.end() for b in bounds):
                bad.append(f"{token!r} split across lines")
    return bad


def variants(text: str) -> dict[str, str]:
    """Plain text goes through wordSplit, markup with <b> through cjkFragSplit."""
    return {"one-frag": text, "multi-frag": "<b>" + text[:3] + "</b>" + text[3:]}


@pytest.fixture(autouse=True)
def _installed():
    cjkwrap.install()
    yield
    cjkwrap.install()


# --------------------------------------------------------------------------


def test_install_is_idempotent_and_reversible():
    from reportlab.platypus import paragraph

    cjkwrap.install()
    cjkwrap.install()
    assert cjkwrap.installed()
    assert paragraph.cjkFragSplit is cjkwrap.cjk_frag_split
    cjkwrap.uninstall()
    assert not cjkwrap.installed()
    assert paragraph.cjkFragSplit.__module__ == "reportlab.platypus.paragraph"
    cjkwrap.install()
    assert cjkwrap.installed()


def test_rule_sets_cover_required_marks():
    assert set(CLOSING) <= CANNOT_START
    assert set(OPENING) <= CANNOT_END


@pytest.mark.parametrize("kind", ["one-frag", "multi-frag"])
@pytest.mark.parametrize("text_no", range(len(TEXTS)))
def test_no_forbidden_line_start_or_end(kind, text_no):
    markup = variants(TEXTS[text_no])[kind]
    plain = TEXTS[text_no]
    problems = []
    for width in WIDTHS:
        lines = wrap_lines(markup, width)
        assert "".join(lines).replace(" ", "") == plain.replace(" ", ""), f"text lost/duplicated at {width}"
        problems += [f"w={width}: {v}" for v in violations(lines)]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("kind", ["one-frag", "multi-frag"])
def test_numbers_with_units_stay_together(kind):
    markup = variants(TEXTS[0])[kind]
    problems = []
    for width in [w for w in WIDTHS if w >= 100]:  # glue is relaxed only on very narrow lines
        problems += [f"w={width}: {v}" for v in violations(wrap_lines(markup, width), GLUED)]
    assert not problems, "\n".join(problems[:20])


def test_every_mark_tried_at_every_boundary():
    """Put each mark right at the end of the first line for an exact frame width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    problems = []
    for c in CLOSING:
        for prefix_len in range(3, 9):
            text = "汉" * prefix_len + c + "字" * 10
            width = stringWidth("汉" * prefix_len, FS.regular, 12) + 0.5  # mark just overflows
            for markup in variants(text).values():
                problems += violations(wrap_lines(markup, width))
    for o in OPENING:
        for prefix_len in range(3, 9):
            text = "汉" * prefix_len + o + "字" * 10
            width = stringWidth("汉" * prefix_len + o, FS.regular, 12) + 0.5  # mark is last that fits
            for markup in variants(text).values():
                problems += violations(wrap_lines(markup, width))
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("hang", [True, False])
def test_hanging_punctuation(hang):
    """hang=True: at most one mark sticks out; hang=False: nothing crosses the edge."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    cjkwrap.install(hang=hang)
    allowed = stringWidth("。", FS.regular, 12) if hang else 0.01
    hung = 0
    for text in TEXTS:
        for markup in variants(text).values():
            for width in WIDTHS[::5]:
                lines = wrap_lines(markup, width)
                assert not violations(lines)
                for line in lines:
                    overflow = stringWidth(line, FS.regular, 12) - width
                    assert overflow <= allowed, (width, line)
                    hung += overflow > 0.01
    assert (hung > 0) == hang


def test_line_break_markup_and_spaces():
    lines = wrap_lines("第一行，<br/>第二行 words and more words here。", 80)
    assert lines[0] == "第一行，"
    assert not violations(lines)
    assert all(not line.startswith(" ") for line in lines[1:])


def test_very_narrow_columns():
    """Down to less than one character per line: no crash, no text lost, always progress."""
    for text in TEXTS:
        for markup in variants(text).values():
            for width in (5, 11, 13, 20, 26, 35, 38.5, 45.5, 50):
                lines = wrap_lines(markup, width)
                assert "".join(lines).replace(" ", "") == text.replace(" ", "")
                assert all(lines)


def test_break_allowed_unit():
    s = "增长36.9%，共1.06万件（含2019年）"
    assert not break_allowed(s, s.index("%"))  # % cannot start
    assert not break_allowed(s, s.index("，"))
    assert not break_allowed(s, s.index("含"))  # （ cannot end
    assert not break_allowed(s, s.index("万"))
    assert not break_allowed(s, s.index("件"))
    assert not break_allowed(s, s.index(".06") + 1)
    assert not break_allowed(s, s.index("年"))
    assert break_allowed(s, s.index("增") + 1)
    assert break_allowed(s, s.index("3"))
    assert break_allowed(s, s.index("万"), glue=False)


def test_harness_detects_reportlab_defaults():
    """Without install() reportlab's own splitters break the rules, and the harness sees it."""
    cjkwrap.uninstall()
    try:
        found = 0
        for text in TEXTS:
            for markup in variants(text).values():
                for width in WIDTHS:
                    found += len(violations(wrap_lines(markup, width), GLUED))
        assert found > 0
    finally:
        cjkwrap.install()


def test_pdf_text_lines(tmp_path):
    """End to end: the lines drawn in the PDF obey the rules too."""
    pdfplumber = pytest.importorskip("pdfplumber")
    from reportlab.platypus import SimpleDocTemplate

    out = tmp_path / "wrap.pdf"
    widths = (150, 173, 201, 233, 260)
    story = []
    for w in widths:
        story.append(Paragraph(TEXTS[0], style(rightIndent=400 - w)))
        story.append(Paragraph("<b>加粗</b>" + TEXTS[2], style(rightIndent=400 - w)))
    doc = SimpleDocTemplate(str(out), pagesize=(400 + 72, 4000), invariant=1, initialFontName=FS.regular,
                            leftMargin=36, rightMargin=36)
    doc.build(story)
    with pdfplumber.open(str(out)) as pdf:
        lines = [line for page in pdf.pages for line in page.extract_text().splitlines()]
    assert len(lines) > 40
    problems = []
    for n, line in enumerate(lines):
        line = line.replace(" ", "")
        if not line:
            continue
        if line[0] in CLOSING:
            problems.append(f"starts with {line[0]!r}: {line}")
        if line[-1] in OPENING:
            problems.append(f"ends with {line[-1]!r}: {line}")
    assert not problems, "\n".join(problems)
