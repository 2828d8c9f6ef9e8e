"""Report sources: a file (text, Markdown, .docx, .pdf) read into raw text, its Source record and repairs."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ...errors import InputError
from ...model import Source
from ...limits import check_file_size, check_text
from .text import decode

TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
READABLE = sorted(TEXT_SUFFIXES - {""} | MARKDOWN_SUFFIXES | {".docx", ".pdf"})


def read_source(path: Path, encoding: str | None = None) -> tuple[str, Source, list]:
    """Read *path* into raw text plus its Source record and extraction repairs."""
    name = str(path)
    if not path.exists():
        raise InputError(f"{name}: no such file; check the path")
    if path.is_dir():
        raise InputError(f"{name}: is a folder; give a report file (or use 'briefgen build {name}')")
    try:
        check_file_size(path.stat().st_size, name)
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{name}: cannot read ({e.strerror})") from None
    sha = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise InputError(f"{name}: old Word .doc files are not read; save it as .docx in Word or WPS and try again")
    if suffix == ".docx":
        from .docx import read_docx

        text, pages, repairs = read_docx(data, name)
        check_text(len(text), name)
        return text, Source(path.name, sha, None, "docx", pages, len(text)), repairs
    if suffix == ".pdf":
        from .pdf import read_pdf

        text, pages, repairs = read_pdf(data, name)
        check_text(len(text), name)
        return text, Source(path.name, sha, None, "pdf", pages, len(text)), repairs
    text, enc = decode(data, name, encoding)
    check_text(len(text), name)
    fmt = "markdown" if suffix in MARKDOWN_SUFFIXES else "text"
    return text, Source(path.name, sha, enc, fmt, None, len(text)), []
