"""Files: atomic output (a failed run never leaves a partial file or destroys an earlier one), the user cache folder."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from .errors import OutputError


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path next to *target*; on success rename it over *target*.

    On any exception the temporary file is removed and *target* is left untouched.
    """
    target = Path(target)
    parent = target.parent if str(target.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        raise OutputError(f"{target}: {parent} is not a directory; choose another output path")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
        os.close(fd)
    except OSError as e:
        raise OutputError(f"{target}: cannot write here ({e.strerror}); choose another output path") from None
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        raise


def write_bytes(target: str | os.PathLike, data: bytes) -> Path:
    """Write *data* to *target* atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_text(target: str | os.PathLike, text: str) -> Path:
    """Write UTF-8 *text* to *target* atomically."""
    return write_bytes(target, text.encode("utf-8"))


def write_with(target: str | os.PathLike, writer: Callable[[Path], None]) -> Path:
    """Call ``writer(tmp_path)`` and move the result to *target* atomically."""
    with atomic_path(target) as tmp:
        writer(tmp)
    return Path(target)


def cache_dir() -> Path:
    """Where briefgen keeps what it can recompute (parsed fonts, compiled templates): $BRIEFGEN_CACHE_DIR,
    else $XDG_CACHE_HOME/briefgen or ~/.cache/briefgen."""
    explicit = os.environ.get("BRIEFGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefgen"
