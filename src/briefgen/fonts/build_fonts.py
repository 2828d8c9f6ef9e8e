#!/usr/bin/env python3
"""Build briefgen's vendored Simplified Chinese fonts (dev-time only).

What it does
------------
Takes the *variable* Noto Sans SC (``NotoSansSC[wght].ttf``, TrueType/glyf
outlines, SIL OFL 1.1) shipped in the PyPI package ``justmytype-intl-cjk`` and
writes two small *static* fonts that reportlab can embed:

    src/briefgen/fonts/NotoSansSC-Regular.ttf   (wght 400)
    src/briefgen/fonts/NotoSansSC-Bold.ttf      (wght 700)

Steps:

1. subset the variable font to GBK coverage: every character Python's ``gbk``
   codec can encode (20,902 URO hanzi + 21 compatibility ideographs + 〇 and
   the GBK symbols, kana, Greek, Cyrillic, box drawing...), plus ASCII,
   Latin-1, Latin Extended-A / pinyin, general punctuation, CJK symbols and
   punctuation, full-width forms, enclosed numbers (①-⑳, ⑴, ⒈, ㈠), arrows,
   number forms (Ⅰ-Ⅻ), etc.  Hinting, glyph names and OpenType layout
   tables are dropped (reportlab does no shaping and ignores hinting);
2. instantiate the ``wght`` axis at 400 and at 700.  The variable font's
   default instance is wght=100 (Thin), which is what reportlab would embed
   if you used the variable font directly;
3. rewrite the name table (IDs 1/2/3/4/6) per weight so the two files have
   *different* PostScript names.  reportlab merges TTFs with the same
   PostScript name into one embedded font, which silently turns Bold into
   Regular.  The Noto names are kept: Noto's only Reserved Font Name is
   "Source" (OFL 1.1, condition 3);
4. fix ``head.created``/``head.modified`` and save without recalculating the
   timestamp, so the output is byte-for-byte reproducible.

Usage
-----
    pip install justmytype-intl-cjk fonttools   # dev time only, ~30 MB wheel
    python src/briefgen/fonts/build_fonts.py                 # ~20-40 s, ~300 MB RAM
    python src/briefgen/fonts/build_fonts.py --src path/to/NotoSansSC[wght].ttf --out DIR

The licence (src/briefgen/fonts/OFL.txt) and README.md next to the fonts are
maintained by hand; re-run this script only when the source font or the
character set changes.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import time
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

ROOT = Path(__file__).resolve().parents[3]  # the repository (this file: src/briefgen/fonts/)
DEFAULT_OUT = ROOT / "src" / "briefgen" / "fonts"

# 2021-01-01T00:00:00Z in the OpenType epoch (seconds since 1904-01-01).
FIXED_TIMESTAMP = 3692217600

FAMILY = "Noto Sans SC"
PS_FAMILY = "NotoSansSC"
WEIGHTS = {  # style name -> (wght, file name)
    "Regular": (400, "NotoSansSC-Regular.ttf"),
    "Bold": (700, "NotoSansSC-Bold.ttf"),
}

# Extra ranges beyond what the gbk codec yields (the font only keeps what it has).
EXTRA_RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement (·, °, ×, ÷, ±, §, ©, ®, ...)
    (0x0100, 0x017F),  # Latin Extended-A (pinyin ā ē ī ō ū ...)
    (0x01CD, 0x01DC),  # pinyin ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ
    (0x02C6, 0x02DD),  # spacing modifiers (ˇ ˉ ˊ ˋ ˙)
    (0x2000, 0x206F),  # general punctuation (— – … ‘ ’ “ ” ‰ ′ ″ ※ ‖)
    (0x20A0, 0x20BF),  # currency (€ ...)
    (0x2100, 0x214F),  # letterlike (℃ ℉ № ™ ...)
    (0x2150, 0x218F),  # number forms (Ⅰ-Ⅻ, ⅰ-ⅻ)
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # math operators (≤ ≥ ≈ ≠ ∞ ...)
    (0x2460, 0x24FF),  # enclosed alphanumerics (①-⑳, ⑴-⒇, ⒈-⒛)
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes (■ □ ▲ △ ◆ ◇ ○ ● ...)
    (0x2600, 0x26FF),  # misc symbols (★ ☆ ☐ ☑ ...)
    (0x2700, 0x27BF),  # dingbats (✓ ✔ ✕ ...)
    (0x3000, 0x303F),  # CJK symbols and punctuation (、 。 〇 《 》 「 」 【 】 ...)
    (0x3200, 0x32FF),  # enclosed CJK (㈠-㈩, ㊀ ...)
    (0x3300, 0x33FF),  # CJK compatibility (㎡ ㎏ ㎞ ...)
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms (，％（） ...)
]


def gbk_codepoints() -> set[int]:
    """Every BMP character the 'gbk' codec (CP936) can encode, minus PUA."""
    cps = set()
    for cp in range(0x80, 0x10000):
        if 0xD800 <= cp < 0xF900:  # surrogates + private use area
            continue
        try:
            chr(cp).encode("gbk")
        except UnicodeEncodeError:
            continue
        cps.add(cp)
    return cps


def is_hanzi(cp: int) -> bool:
    return 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or cp == 0x3007


def wanted_codepoints() -> set[int]:
    cps = gbk_codepoints()
    for lo, hi in EXTRA_RANGES:
        cps.update(range(lo, hi + 1))
    return cps


def find_source() -> Path:
    try:
        from importlib.resources import files

        p = files("justmytype_intl_cjk") / "fonts" / "ofl" / "notosanssc" / "NotoSansSC[wght].ttf"
    except ModuleNotFoundError:
        sys.exit("justmytype-intl-cjk is not installed: pip install justmytype-intl-cjk (or pass --src)")
    return Path(str(p))


def subset_variable_font(src: Path, unicodes: set[int]) -> bytes:
    opts = subset.Options()
    opts.hinting = False  # drop fpgm/prep/cvt and glyph instructions
    opts.glyph_names = False  # post table format 3
    opts.name_IDs = ["*"]  # we rewrite the name table ourselves later
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.recalc_timestamp = False
    # reportlab uses none of these; dropping them saves space.
    opts.layout_features = []
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VVAR", "gasp", "DSIG", "meta"]
    font = TTFont(str(src), recalcTimestamp=False)
    sub = subset.Subsetter(options=opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def set_names(font: TTFont, style: str, version_note: str) -> None:
    """Rewrite name IDs so each weight is its own RIBBI family member."""
    name = font["name"]
    old = {r.nameID: r.toUnicode() for r in name.names if r.platformID == 3 and r.langID == 0x409}
    copyright_ = old.get(0, "(c) 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'.")
    version = old.get(5, "Version 2.004").split(";")[0]
    ps = f"{PS_FAMILY}-{style}"
    keep = {
        0: copyright_,
        1: FAMILY,
        2: style,
        3: f"{version.replace('Version ', '')};ADBO;{ps};briefgen-gbk",
        4: f"{FAMILY} {style}",
        5: f"{version}; {version_note}",
        6: ps,
    }
    for nid in (7, 8, 9, 10, 11, 13, 14):  # trademark, vendor, designer, ..., licence
        if nid in old:
            keep[nid] = old[nid]
    name.names = []
    for nid, text in sorted(keep.items()):
        name.setName(text, nid, 3, 1, 0x409)


def make_static(var_bytes: bytes, style: str, wght: int) -> TTFont:
    font = TTFont(io.BytesIO(var_bytes), recalcTimestamp=False)
    font = instancer.instantiateVariableFont(font, {"wght": wght}, inplace=False, updateFontNames=False)
    for tag in ("STAT", "fvar", "avar", "gvar", "HVAR", "MVAR", "cvar"):
        if tag in font:
            del font[tag]
    set_names(font, style, "briefgen GBK subset, static wght=%d" % wght)
    os2 = font["OS/2"]
    os2.usWeightClass = wght
    bold = style == "Bold"
    # fsSelection: bit 0 italic, bit 5 bold, bit 6 regular
    os2.fsSelection = (os2.fsSelection & ~((1 << 0) | (1 << 5) | (1 << 6))) | ((1 << 5) if bold else (1 << 6))
    font["head"].macStyle = 1 if bold else 0
    font["head"].created = FIXED_TIMESTAMP
    font["head"].modified = FIXED_TIMESTAMP
    font.recalcTimestamp = False
    return font


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", type=Path, help="NotoSansSC[wght].ttf (default: from justmytype-intl-cjk)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)

    src = args.src or find_source()
    t0 = time.time()
    unicodes = wanted_codepoints()
    gbk_hanzi = {cp for cp in gbk_codepoints() if is_hanzi(cp)}
    var_bytes = subset_variable_font(src, unicodes)
    print(f"subset variable font: {len(var_bytes) / 1e6:.2f} MB ({time.time() - t0:.1f} s)")

    args.out.mkdir(parents=True, exist_ok=True)
    for style, (wght, fname) in WEIGHTS.items():
        font = make_static(var_bytes, style, wght)
        cmap = font.getBestCmap()
        missing_hanzi = sorted(gbk_hanzi - set(cmap))
        out = args.out / fname
        font.save(str(out))
        data = out.read_bytes()
        print(
            f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: {len(data) / 1e6:.2f} MB, "
            f"{font['maxp'].numGlyphs} glyphs, {len(cmap)} chars, "
            f"GBK hanzi {len(gbk_hanzi) - len(missing_hanzi)}/{len(gbk_hanzi)}"
            + (f" (missing {''.join(map(chr, missing_hanzi[:20]))})" if missing_hanzi else "")
            + f", sha256 {hashlib.sha256(data).hexdigest()[:16]} ({time.time() - t0:.1f} s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
