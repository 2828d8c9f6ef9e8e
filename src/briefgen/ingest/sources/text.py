"""Bytes to text: BOMs, UTF-8, GB18030/GBK, UTF-16; refuse binaries with a clear message."""

from __future__ import annotations

import codecs

from ...errors import InputError
from ...text.recache import rx

#: Magic numbers of files people mistake for reports.
_MAGIC = [
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"BM", None), (b"PK\x03\x04", "a ZIP archive"), (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"), (b"Rar!", "a RAR archive"), (b"%PDF", "a PDF"),
    (b"\xd0\xcf\x11\xe0", "an old Office (.doc/.xls) file"), (b"\x7fELF", "a program"),
    (b"MZ", None), (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
]

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]

_CJK = rx(r"[\u4e00-\u9fff]")


def sniff_binary(data: bytes) -> str | None:
    """Name the kind of binary file *data* is, or None if it may be text."""
    for magic, what in _MAGIC:
        if data.startswith(magic) and what:
            return what
    head = data[:4096]
    if b"\x00" in head and not any(head.startswith(b) for b, _ in _BOMS):
        return "a binary file"
    return None


def _quality(text: str) -> float:
    """Share of characters that are plausible in a Chinese report (CJK, ASCII, common punctuation)."""
    if not text:
        return 0.0
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\n\r\t\f") or 0xE000 <= ord(c) <= 0xF8FF
              or c == "\ufffd" or 0x80 <= ord(c) < 0xA0)
    return 1 - bad / len(text)


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name). Raises InputError naming *name* when it cannot."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty; give a report with text in it")
    what = sniff_binary(data)
    if what:
        hint = " (reading .pdf and .docx reports needs the matching file extension)" if what in ("a PDF", "a ZIP archive") else ""
        raise InputError(f"{name}: this is {what}, not a report text; give a .txt, .md, .docx or .pdf report{hint}")
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as e:
            raise InputError(f"{name}: cannot decode as {encoding} ({e.__class__.__name__}); "
                             "try another --encoding or save the file as UTF-8") from None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), {"utf-8-sig": "utf-8-sig"}.get(enc, enc)
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        # GB18030 maps nearly every byte sequence: accept it only if the result reads as Chinese text.
        if _quality(text) > 0.99 and len(_CJK.findall(text)) >= max(1, len(text) // 20):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and _quality(str(best)) > 0.99:
            return str(best), best.encoding
    except ImportError:  # pragma: no cover - charset_normalizer is a dependency
        pass
    raise InputError(f"{name}: cannot tell the text encoding (not UTF-8, UTF-16 or GB18030/GBK); "
                     "save it as UTF-8 or pass --encoding")
