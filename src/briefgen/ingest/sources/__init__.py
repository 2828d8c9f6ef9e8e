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
    if not path.is_file():  # /dev/zero, a named pipe: endless or blocking, and no size to check
        raise InputError(f"{name}: is not a regular file (a device, pipe or socket); give a report file")
    try:
        check_file_size(path.stat().st_size, name)
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{name}: cannot read ({e.strerror})") from None
    sha = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    file = _shown_name(path.name)
    if suffix == ".doc":
        raise InputError(f"{name}: old Word .doc files are not read; save it as .docx in Word or WPS and try again")
    if suffix == ".docx":
        from .docx import read_docx

        text, pages, repairs = read_docx(data, name)
        check_text(len(text), name)
        return text, Source(file, sha, None, "docx", pages, len(text)), repairs
    if suffix == ".pdf":
        from .pdf import read_pdf

        try:
            text, pages, repairs = read_pdf(data, name)
        except InputError:
            raise
        except Exception as e:  # pypdf's own limits (LimitReachedError) and parse errors met while reading text
            if type(e).__module__.split(".")[0] != "pypdf":
                raise
            raise InputError(f"{name}: cannot read this PDF's text ({type(e).__name__}: "
                             f"{' '.join(str(e).split())[:100]}); save it again from a PDF viewer, or give the "
                             "report as text/.docx") from None
        check_text(len(text), name)
        return text, Source(file, sha, None, "pdf", pages, len(text)), repairs
    text, enc = decode(data, name, encoding)
    check_text(len(text), name)
    fmt = "markdown" if suffix in MARKDOWN_SUFFIXES else "text"
    return text, Source(file, sha, enc, fmt, None, len(text)), []


def _shown_name(name: str) -> str:
    """The file name as the model records it: bytes that are not UTF-8 (a name from another system's
    encoding) shown as U+FFFD, so the YAML and every output can still be written."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
