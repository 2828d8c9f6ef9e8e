"""Parsed TrueType tables kept between runs, so a process does not re-parse the 7.6 MB font subsets each start.

reportlab reads a whole TrueType file into Python tables (glyph map, widths, metrics, glyph offsets)
every time a font is registered: about 0.1 s per GBK subset. The tables are stored once per font
file, keyed by the font (the sha256 of a user's font; briefgen's version and the file for the fonts it
ships) and the reportlab version, in ``$BRIEFGEN_CACHE_DIR`` (default
``$XDG_CACHE_HOME/briefgen`` or ``~/.cache/briefgen``). The file holds plain data only (``marshal``
of numbers, strings, lists and dicts; no pickle, so no code runs when it is read). A cache that
cannot be read or written is ignored: the font is parsed as before.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import marshal
import os
import tempfile
from pathlib import Path

from reportlab import Version as RL_VERSION
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFont

from ... import __version__
from ...fsutil import cache_dir

#: Bump when the stored layout changes.
FORMAT = 1
_INT_DICTS = ("charToGlyph", "charWidths")
_SKIP = ("_ttf_data", "_pdfScale")


def load_ttfont(name: str, path: str | Path, subfont: int = 0, *, shipped: bool = False) -> TTFont:
    """``TTFont(name, path, subfontIndex=subfont)``, with the parsed tables from the cache when there.

    A user's font is known by the sha256 of its bytes; a font *shipped* inside briefgen by briefgen's
    version and the file's name, size and time (it changes only with the package: no hashing needed)."""
    data = Path(path).read_bytes()
    if shipped:
        st = Path(path).stat()
        key = hashlib.sha256(f"{__version__}|{Path(path).name}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:32]
    else:
        key = hashlib.sha256(data).hexdigest()[:32]
    file = cache_dir() / f"ttf-{key}-{subfont}-rl{RL_VERSION}-v{FORMAT}.marshal"
    face = _read(file, data, str(path))
    if face is not None:
        return _ttfont(name, face)
    font = TTFont(name, str(path), subfontIndex=subfont)
    _write(file, font.face)
    return font


def _ttfont(name: str, face) -> TTFont:
    """A TTFont around an already built face: reportlab's own constructor, its face factory stubbed."""
    make = ttfonts.TTFontFace
    ttfonts.TTFontFace = lambda *a, **k: face  # type: ignore[assignment]
    try:
        return TTFont(name, face.filename)
    finally:
        ttfonts.TTFontFace = make  # type: ignore[assignment]


def _encode(face) -> bytes:
    state = {}
    for k, v in vars(face).items():
        if k in _SKIP:
            continue
        if isinstance(v, TTFNameBytes):
            v = ("ttfname", v.ustr)
        elif k in _INT_DICTS:
            v = ("ints", array.array("I", v.keys()).tobytes(), array.array("i", v.values()).tobytes())
        elif k == "glyphPos":
            v = ("uints", array.array("I", v).tobytes())
        elif k == "hmetrics":
            v = ("pairs", array.array("i", (a for a, _ in v)).tobytes(), array.array("i", (b for _, b in v)).tobytes())
        elif k == "glyphToChar":  # only text shaping reads it: rebuilt when first used
            v = ("g2c", array.array("I", v.keys()).tobytes(), array.array("I", map(len, v.values())).tobytes(),
                 array.array("I", (c for chars in v.values() for c in chars)).tobytes())
        state[k] = v
    return marshal.dumps(state)


def _decode(raw: bytes) -> dict:
    state = marshal.loads(raw)
    state["_g2c"] = state.pop("glyphToChar", None)
    for k, v in state.items():
        if isinstance(v, tuple) and v and v[0] == "ttfname":
            state[k] = TTFNameBytes(v[1].encode("utf-8"))
        elif k in _INT_DICTS:
            state[k] = dict(zip(_array("I", v[1]), _array("i", v[2])))
        elif k == "glyphPos":  # only the subsetter reads these two, one glyph at a time
            state[k] = _array("I", v[1])
        elif k == "hmetrics":
            state[k] = _Pairs(_array("i", v[1]), _array("i", v[2]))
    return state


def _array(code: str, raw: bytes) -> array.array:
    a = array.array(code)
    a.frombytes(raw)
    return a


def _read(file: Path, data: bytes, path: str):
    try:
        state = _decode(file.read_bytes())
    except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError):
        return None
    face = _CachedFace.__new__(_CachedFace)
    face.__dict__.update(state)
    face._ttf_data = data
    face.filename = path
    upm = face.unitsPerEm
    face._pdfScale = (lambda x: x) if upm == 1000 else (lambda x, m=1000 / upm: x * m)
    if len(face.hmetrics) != face.numGlyphs or not face.charToGlyph:
        return None
    return face


class _Pairs:
    """``hmetrics`` without building its 23,000 tuples: (advance width, left side bearing) by glyph index."""

    def __init__(self, first: array.array, second: array.array):
        self.first, self.second = first, second

    def __getitem__(self, i: int) -> tuple[int, int]:
        return self.first[i], self.second[i]

    def __len__(self) -> int:
        return len(self.first)


class _GlyphTable:
    """The glyf table as a view into the font data: the subsetter slices single glyphs out of it, so the
    whole table (most of the file) need not be copied for every subset of every PDF."""

    def __init__(self, data: bytes, start: int, end: int):
        self.view = memoryview(data)[start:end]

    def __getitem__(self, k):
        return self.view[k].tobytes() if isinstance(k, slice) else self.view[k]

    def __len__(self) -> int:
        return len(self.view)


class _CachedFace(ttfonts.TTFontFace):
    """A face restored from the cache; ``glyphToChar`` is rebuilt from its packed form when first read."""

    def get_table(self, tag):
        if tag != "glyf":
            return super().get_table(tag)
        pos, length = self.get_table_pos(tag)
        return _GlyphTable(self._ttf_data, pos, pos + length)

    def __getattr__(self, name: str):
        packed = self.__dict__.get("_g2c")
        if name != "glyphToChar" or packed is None:
            raise AttributeError(name)
        glyphs, counts, flat = (_array("I", b) for b in packed[1:])
        out, i = {}, 0
        for g, n in zip(glyphs, counts):
            out[g] = list(flat[i:i + n])
            i += n
        self.glyphToChar = out
        return out


def _write(file: Path, face) -> None:
    with contextlib.suppress(OSError, ValueError):
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".ttf-", dir=file.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(_encode(face))
            os.replace(tmp, file)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
