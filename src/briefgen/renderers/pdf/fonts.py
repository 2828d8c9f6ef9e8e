"""Register the CJK fonts briefgen uses with reportlab, in one place.

* ``register_fonts()`` registers the vendored Noto Sans SC Regular/Bold (GBK
  subsets, see ``briefgen/fonts/README.md``) or user-supplied TrueType files,
  once per process (their parsed tables cached between runs, :mod:`.fontcache`),
  plus reportlab's built-in CID font ``STSong-Light`` as the fallback for
  characters the main font lacks.
* ``markup_with_fallback()`` wraps such characters in
  ``<font name="STSong-Light">`` so reportlab never prints a .notdef box.

The fallback font is not embedded (the viewer supplies the glyphs), so it is a
safety net for rare characters only; every character of GBK is in the vendored
fonts.
"""

from __future__ import annotations

import html
import re
import threading
import warnings
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import as_file, files
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ...text.recache import rx
from .fontcache import load_ttfont

__all__ = [
    "FALLBACK_FONT",
    "REGULAR_FONT",
    "BOLD_FONT",
    "FontSet",
    "FontError",
    "register_fonts",
    "covers",
    "missing_chars",
    "markup_with_fallback",
    "PLACEHOLDER",
]

#: reportlab names of the vendored fonts (= their PostScript names)
REGULAR_FONT = "NotoSansSC-Regular"
BOLD_FONT = "NotoSansSC-Bold"
#: reportlab's built-in (non-embedded) Simplified Chinese CID font
FALLBACK_FONT = "STSong-Light"

_VENDORED = {REGULAR_FONT: "NotoSansSC-Regular.ttf", BOLD_FONT: "NotoSansSC-Bold.ttf"}


class FontError(ValueError):
    """A font file cannot be used by reportlab (missing, CFF outlines, ...)."""


@dataclass(frozen=True)
class FontSet:
    """reportlab font names to use in styles.

    ``regular`` is also the family name, so a style with ``fontName=fs.regular``
    turns ``<b>`` into ``fs.bold``.  Use ``fs.regular`` for ``bulletFontName`` too
    (reportlab's default, Helvetica, is not embedded).
    """

    regular: str
    bold: str
    fallback: str = FALLBACK_FONT


_lock = threading.Lock()
_by_path: dict[str, str] = {}  # resolved path (+ "#index") -> registered name
_fontsets: dict[tuple[str | None, str | None], FontSet] = {}
_fallback_done = False


def _register_fallback() -> None:
    global _fallback_done
    if not _fallback_done:
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
        # map <b>/<i> inside a fallback run to the same face instead of failing
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(FALLBACK_FONT, bold, italic, FALLBACK_FONT)
        _fallback_done = True


def _register_vendored(name: str) -> str:
    if "<vendored>" + name in _by_path:
        return name
    resource = files("briefgen") / "fonts" / _VENDORED[name]
    with as_file(resource) as path:  # reportlab reads the whole file at once
        pdfmetrics.registerFont(load_ttfont(name, path, shipped=True))
    _by_path["<vendored>" + name] = name
    return name


def _register_path(spec: str | Path) -> str:
    """Register a user TTF/TTC (``"file.ttc#2"`` picks a subfont); return its reportlab name."""
    spec = str(spec)
    path, _, index = spec.partition("#") if spec.lower().split("#")[0].endswith((".ttc", ".otc")) else (spec, "", "")
    p = Path(path).expanduser()
    if not p.is_file():
        raise FontError(f"font file not found: {p}")
    key = f"{p.resolve()}#{index or 0}"
    if key in _by_path:
        return _by_path[key]
    name = base = f"briefgen-{p.stem}" + (f"-{index}" if index else "")
    n = 2
    registered = set(pdfmetrics.getRegisteredFontNames())
    while name in registered:
        name = f"{base}-{n}"
        n += 1
    try:
        font = load_ttfont(name, p, int(index or 0))
    except TTFError as e:  # e.g. "postscript outlines are not supported" for .otf / CFF .ttc
        raise FontError(f"{p}: reportlab cannot embed this font ({e}); use a TrueType (glyf) font") from e
    if "fvar" in getattr(font.face, "table", {}):
        warnings.warn(
            f"{p} is a variable font; reportlab embeds only its default instance "
            "(Thin for Noto/Source fonts). Instantiate a static weight first.",
            stacklevel=3,
        )
    pdfmetrics.registerFont(font)
    _by_path[key] = name
    return name


def register_fonts(regular: str | Path | None = None, bold: str | Path | None = None) -> FontSet:
    """Register fonts with reportlab (cached per process) and return their names.

    With no arguments the vendored Noto Sans SC Regular/Bold are used.  ``regular``
    and ``bold`` may be paths to TrueType fonts (``.ttf``, or ``.ttc#index``).  If
    only ``regular`` is given, it is used for bold as well (no faux bold); if only
    ``bold`` is given, the vendored Regular is used for regular text.

    ``registerFontFamily`` is called so ``<b>`` works, and ``STSong-Light`` is
    registered as ``FontSet.fallback``.  Raises ``FontError`` for unusable files.
    """
    key = (str(regular) if regular is not None else None, str(bold) if bold is not None else None)
    with _lock:
        fs = _fontsets.get(key)
        if fs is not None:
            return fs
        _register_fallback()
        reg = _register_path(regular) if regular is not None else _register_vendored(REGULAR_FONT)
        if bold is not None:
            bld = _register_path(bold)
        elif regular is not None:
            bld = reg
        else:
            bld = _register_vendored(BOLD_FONT)
        # family name = regular name; italic has no CJK meaning, map it to upright
        pdfmetrics.registerFontFamily(reg, normal=reg, bold=bld, italic=reg, boldItalic=bld)
        fs = _fontsets[key] = FontSet(regular=reg, bold=bld)
        return fs


# --------------------------------------------------------------------------
# coverage and fallback markup
# --------------------------------------------------------------------------

# never considered missing: whitespace that reportlab collapses / handles itself
_ALWAYS = frozenset(map(ord, "\t\n\r\x0b\x0c "))


@lru_cache(maxsize=None)
def _cmap(font_name: str) -> frozenset[int] | None:
    """Code points the font has a glyph for; None means "assume everything"."""
    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    c2g = getattr(face, "charToGlyph", None)
    if isinstance(font, TTFont) and c2g:
        return frozenset(c2g) | _ALWAYS
    if isinstance(font, UnicodeCIDFont) or getattr(font, "_multiByte", False):
        return None  # CID font: cannot tell, the viewer draws it
    return frozenset(range(0x20, 0x100)) | _ALWAYS  # standard Type 1 fonts: Latin-1 only


def missing_chars(text: str, font_name: str) -> set[str]:
    """The distinct characters of ``text`` that ``font_name`` has no glyph for."""
    cmap = _cmap(font_name)
    if cmap is None:
        return set()
    return {c for c in set(text) if ord(c) not in cmap}


def covers(text: str, font_name: str) -> bool:
    """True if ``font_name`` (a registered reportlab font) has a glyph for every character."""
    return not missing_chars(text, font_name)


# a tag, an entity, or a run of plain text
_TOKEN = rx(r"(<[^<>]*>)|(&#?[0-9A-Za-z]+;)|([^<&]+|[<&])")

#: what replaces characters no font can draw (U+3013 GETA MARK, the customary
#: CJK "missing character" mark; it is in the vendored fonts)
PLACEHOLDER = "\u3013"


def markup_with_fallback(
    text: str, fontset: FontSet, *, escape: bool = False, placeholder: str | None = PLACEHOLDER
) -> str:
    """Wrap runs of characters ``fontset.regular`` lacks in ``<font name=fallback>``.

    ``text`` is reportlab paragraph markup (tags and ``&...;`` entities are left
    alone; numeric entities are checked like characters).  Pass ``escape=True``
    for plain text: ``& < >`` are escaped first.  Regular and Bold are built from
    the same character set, so checking the regular face covers ``<b>`` runs too.

    Characters outside the BMP (CJK Ext-B and later, emoji) cannot go to the
    fallback: ``STSong-Light`` uses the UCS-2 CMap ``UniGB-UCS2-H``, which turns
    a surrogate pair into two unrelated glyphs (U+20000 printed as a box plus
    "磐").  They are replaced by ``placeholder`` (default ``〓``) and a
    ``UnicodeWarning`` names them; ``placeholder=None`` keeps them as they are.
    """
    if escape:
        text = html.escape(text, quote=False)
    cmap = _cmap(fontset.regular)
    if cmap is None:
        return text
    missing = {c for c in set(text) if ord(c) not in cmap}
    if not missing and "&" not in text:
        return text  # fast path: nothing to do

    open_, close = f'<font name="{fontset.fallback}">', "</font>"
    lost: set[str] = set()

    def wrap(run: str) -> str:
        if placeholder is not None and max(run) > "\uffff":
            lost.update(c for c in run if c > "\uffff")
            parts = rx("([\U00010000-\U0010ffff])").split(run)  # odd items are astral chars
            return "".join(
                (placeholder if i % 2 else open_ + p + close) if p else "" for i, p in enumerate(parts)
            )
        return open_ + run + close

    run_re = rx("[" + "".join(re.escape(c) for c in sorted(missing)) + "]+") if missing else None
    out = []
    for m in _TOKEN.finditer(text):
        tag, entity, plain = m.groups()
        if tag is not None:
            out.append(tag)
        elif entity is not None:
            decoded = html.unescape(entity)
            if len(decoded) == 1 and ord(decoded) not in cmap:
                out.append(placeholder if placeholder is not None and decoded > "\uffff" else open_ + entity + close)
                if placeholder is not None and decoded > "\uffff":
                    lost.add(decoded)
            else:
                out.append(entity)
        elif run_re is not None:
            out.append(run_re.sub(lambda r: wrap(r.group()), plain))
        else:
            out.append(plain)
    if lost:
        warnings.warn(
            "no font can draw %s (U+%s); replaced by %r"
            % ("".join(sorted(lost)), ", U+".join("%04X" % ord(c) for c in sorted(lost)), placeholder),
            UnicodeWarning,
            stacklevel=2,
        )
    return "".join(out)
