"""Vendored CJK fonts: registration, embedding, Bold vs Regular, fallback."""

from __future__ import annotations

import io
import re
import shutil
import warnings
from importlib.resources import files

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from briefgen.renderers.pdf import fonts as pdffonts
from briefgen.renderers.pdf.fonts import FontError, FontSet, covers, markup_with_fallback, register_fonts

pypdf = pytest.importorskip("pypdf")

EXT_A = "\u4dae"  # 䶮: in GB 18030 (Ext-A) but not GBK, so not in the subset; STSong-Light has it
EXT_B = "\U00020000"  # 𠀀: outside the BMP, no font here can draw it


@pytest.fixture(scope="module")
def fs() -> FontSet:
    return register_fonts()


def build_pdf(fs: FontSet, story_markup: list[str]) -> bytes:
    style = ParagraphStyle("body", fontName=fs.regular, fontSize=12, leading=20, wordWrap="CJK", bulletFontName=fs.regular)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, invariant=1, initialFontName=fs.regular)
    story = [Paragraph(m, style) for m in story_markup]
    # tables set a cell font of their own (Helvetica unless told otherwise)
    story.append(Table([[Paragraph("表格单元", style), "纯文本单元"]], style=[("FONTNAME", (0, 0), (-1, -1), fs.regular)]))
    doc.build(story)
    return buf.getvalue()


def pdf_fonts(data: bytes) -> dict[str, dict]:
    """BaseFont name -> font dictionary, over all pages."""
    out = {}
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            out[str(font["/BaseFont"])] = font
    return out


def font_file(font: dict):
    if font["/Subtype"] == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    desc = font.get("/FontDescriptor")
    if desc is None:
        return None
    desc = desc.get_object()
    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
        if key in desc:
            return desc[key].get_object()
    return None


# --------------------------------------------------------------------------


def test_vendored_files_are_package_resources():
    root = files("briefgen") / "fonts"
    for name in ("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf", "OFL.txt", "README.md"):
        assert (root / name).is_file(), name
    ofl = (root / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in ofl and "Reserved Font Name 'Source'" in ofl
    for name in ("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf"):
        assert len((root / name).read_bytes()) < 8_500_000


def test_register_fonts_registers_and_caches(fs):
    assert fs.regular == pdffonts.REGULAR_FONT and fs.bold == pdffonts.BOLD_FONT
    assert fs.fallback == "STSong-Light"
    names = set(pdfmetrics.getRegisteredFontNames())
    assert {fs.regular, fs.bold, fs.fallback} <= names
    assert register_fonts() is fs
    # <b> maps to the bold face
    from reportlab.lib.fonts import tt2ps

    assert tt2ps(fs.regular, 1, 0) == fs.bold
    assert tt2ps(fs.regular, 0, 0) == fs.regular


def test_vendored_fonts_are_static_distinct_weights(fs):
    reg, bold = pdfmetrics.getFont(fs.regular), pdfmetrics.getFont(fs.bold)
    assert reg.face.name != bold.face.name  # distinct PostScript names, else reportlab merges them
    assert reg.face.name == b"NotoSansSC-Regular" and bold.face.name == b"NotoSansSC-Bold"
    for f in (reg, bold):
        assert "fvar" not in f.face.table  # static, not the Thin default instance of the VF
    # stemV is derived from OS/2 usWeightClass: 400 -> 87, 700 -> 165 (Thin 100 would be 52)
    assert 80 <= reg.face.stemV <= 95
    assert bold.face.stemV >= 150
    # bold glyphs are wider for Latin
    assert pdfmetrics.stringWidth("Regular", fs.bold, 10) > pdfmetrics.stringWidth("Regular", fs.regular, 10)


def test_gbk_coverage(fs):
    cmap = pdffonts._cmap(fs.regular)
    gbk_hanzi = []
    for cp in list(range(0x4E00, 0xA000)) + list(range(0xF900, 0xFB00)):
        try:
            chr(cp).encode("gbk")
        except UnicodeEncodeError:
            continue
        gbk_hanzi.append(cp)
    assert len(gbk_hanzi) == 20923
    missing = [chr(cp) for cp in gbk_hanzi if cp not in cmap]
    assert not missing, "".join(missing[:50])
    must = "〇①②③⑩⑳⑴㈠ⅠⅫ—…“”‘’·％℃‰№×÷±≤≥→★☆■□▲●○◆√、。，；：？！（）《》「」『』【】〔〕〖〗〈〉～￥¥ａＡ０"
    assert covers(must, fs.regular), [c for c in must if ord(c) not in cmap]
    assert covers("ABCxyz 0123 ,.;:!?()[]{}%&@#", fs.regular)
    assert covers("ABC", fs.bold)
    assert pdffonts._cmap(fs.regular) == pdffonts._cmap(fs.bold)
    assert not covers(EXT_A, fs.regular)
    assert not covers(EXT_B, fs.regular)
    assert covers(EXT_A, fs.fallback)  # CID font: assumed to cover everything


def test_pdf_embeds_every_font_and_bold_differs(fs):
    data = build_pdf(
        fs,
        [
            "常规文字 Regular text 0123456789，。",
            "<b>加粗文字 Bold text</b>与常规混排",
            markup_with_fallback("生僻字" + EXT_A + "在后备字体中", fs),
        ],
    )
    fonts = pdf_fonts(data)
    regular = [n for n in fonts if n.endswith("+NotoSansSC-Regular")]
    bold = [n for n in fonts if n.endswith("+NotoSansSC-Bold")]
    assert regular and bold
    for name, font in fonts.items():
        if name == "/" + fs.fallback:
            continue  # the CID fallback is by design not embedded
        ff = font_file(font)
        assert ff is not None, f"{name} is not embedded"
        assert re.match(r"^/[A-Z]{6}\+", name), f"{name} is not a subset"
        assert "/ToUnicode" in font, f"{name} has no ToUnicode (text not extractable)"
    assert "/Helvetica" not in fonts
    # Regular and Bold are two embedded programs with different outlines
    assert font_file(fonts[regular[0]]).get_data() != font_file(fonts[bold[0]]).get_data()
    # the descriptor is FontFile2 (TrueType/glyf)
    for n in regular + bold:
        desc = fonts[n]["/FontDescriptor"].get_object()
        assert "/FontFile2" in desc
    # the fallback was used for the Ext-A char only
    assert "/" + fs.fallback in fonts
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "加粗文字" in text and "常规文字" in text and "表格单元" in text


def test_invariant_pdf_is_reproducible(fs):
    story = ["<b>标题</b>正文，测试可重复输出。", "第二段 1.06万件 36.9%"]
    assert build_pdf(fs, story) == build_pdf(fs, story)


def test_markup_with_fallback(fs):
    # covered text comes back unchanged (same object, fast path)
    s = "全部覆盖的文字 <b>abc</b> 1.06万件"
    assert markup_with_fallback(s, fs) is s
    out = markup_with_fallback("前" + EXT_A * 2 + "后 <b>" + EXT_A + "</b> &amp; &#x4DAE; &lt;", fs)
    assert out == (
        '前<font name="STSong-Light">' + EXT_A * 2 + '</font>后 <b><font name="STSong-Light">' + EXT_A
        + '</font></b> &amp; <font name="STSong-Light">&#x4DAE;</font> &lt;'
    )
    # tags and their attributes are never touched
    tag = '<font name="x' + EXT_A + '">y</font>'
    assert markup_with_fallback(tag, fs) == tag
    # escape=True for plain text
    assert markup_with_fallback("a<b & c", fs, escape=True) == "a&lt;b &amp; c"


def test_astral_chars_get_placeholder_and_warning(fs):
    with pytest.warns(UnicodeWarning, match="U\\+20000"):
        out = markup_with_fallback("甲" + EXT_B + EXT_A + "乙", fs)
    assert out == '甲〓<font name="STSong-Light">' + EXT_A + "</font>乙"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kept = markup_with_fallback("甲" + EXT_B, fs, placeholder=None)
    assert kept == '甲<font name="STSong-Light">' + EXT_B + "</font>"


def test_rare_chars_render_without_error(fs):
    with pytest.warns(UnicodeWarning):
        markup = markup_with_fallback("罕见字：" + EXT_A + EXT_B + "，<b>加粗" + EXT_A + "</b>", fs)
    data = build_pdf(fs, [markup])
    assert data.startswith(b"%PDF")
    assert "/STSong-Light" in pdf_fonts(data)


def test_user_supplied_paths(tmp_path, fs):
    src = files("briefgen") / "fonts" / "NotoSansSC-Bold.ttf"
    p = tmp_path / "MyFont.ttf"
    with src.open("rb") as fin, p.open("wb") as fout:
        shutil.copyfileobj(fin, fout)
    custom = register_fonts(regular=str(p))
    assert custom.regular == custom.bold == "briefgen-MyFont"
    assert register_fonts(regular=str(p)) is custom
    assert covers("汉字", custom.regular)

    with pytest.raises(FontError, match="not found"):
        register_fonts(regular=str(tmp_path / "nope.ttf"))
    otf = tmp_path / "cff.otf"
    otf.write_bytes(b"OTTO" + b"\0" * 200)
    with pytest.raises(FontError, match="TrueType"):
        register_fonts(regular=str(otf))
