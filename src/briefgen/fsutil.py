"""Files: atomic output (a failed run never leaves a partial file or destroys an earlier one), folders swapped in whole, the user cache folder."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from .errors import OutputError


#: Errors of the disk rather than of briefgen: a clear one-line error, never 'internal error'.
WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO, errno.EFBIG,
                errno.EISDIR, errno.ENOTDIR, errno.ENAMETOOLONG}


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path next to *target*; on success rename it over *target*.

    On any exception the temporary file is removed and *target* is left untouched.
    """
    target = Path(target)
    parent = target.parent if str(target.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        raise OutputError(f"{target}: {parent} is not a directory; choose another output path")
    if target.exists() and not target.is_file() and not target.is_dir():  # a device or pipe: never replaced
        raise OutputError(f"{target}: is not a regular file (a device or pipe); choose another output path")
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
    except OSError as e:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        if e.errno in WRITE_ERRORS:
            raise OutputError(f"{target}: cannot write ({e.strerror}); free some space or choose another "
                              "output path — the earlier file is unchanged") from None
        raise
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


STAGING = ".staging-"  #: a folder being filled; never in use, removed by the next build
OLD = ".old-"  #: a folder being replaced (the non-Linux fallback); put back if its replacement never arrived


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    import ctypes

    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(stage: Path, target: Path) -> None:
    """Make folder *stage* be *target*, replacing the old *target* as a unit: a reader (or a kill) sees
    all of the old folder or all of the new one. Files of the old folder that *stage* lacks are carried
    over first (hard links), so only what was rebuilt changes."""
    if target.is_dir():
        for f in target.iterdir():
            if f.name.startswith(STAGING) or (stage / f.name).exists():
                continue
            if f.is_dir():
                shutil.copytree(f, stage / f.name, copy_function=_link_or_copy)
            else:
                _link_or_copy(f, stage / f.name)
    if not target.exists():
        os.rename(stage, target)
    elif _exchange(stage, target):
        shutil.rmtree(stage, ignore_errors=True)  # now the old folder
    else:
        old = target.with_name(f"{OLD}{target.name}-{os.getpid()}")
        os.rename(target, old)
        os.rename(stage, target)
        shutil.rmtree(old, ignore_errors=True)


def _link_or_copy(src, dst) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def clean_leftovers(root: Path) -> list[str]:
    """What a killed build left in *root*: staging folders removed, a replaced folder whose replacement
    never arrived put back. Returns one line per folder handled."""
    done: list[str] = []
    if not root.is_dir():
        return done
    for d in sorted(root.iterdir()):
        if not d.is_dir():
            continue
        if d.name.startswith(STAGING):
            shutil.rmtree(d, ignore_errors=True)
            done.append(f"removed {d.name} (left by an interrupted build)")
        elif d.name.startswith(OLD):
            name = d.name[len(OLD):].rsplit("-", 1)[0]
            if not (root / name).exists():
                os.rename(d, root / name)
                done.append(f"restored {name} (its rebuild was interrupted)")
            else:
                shutil.rmtree(d, ignore_errors=True)
        else:
            for inner in d.glob(STAGING + "*"):  # staging folders of older briefgen versions
                shutil.rmtree(inner, ignore_errors=True)
                done.append(f"removed {d.name}/{inner.name} (left by an interrupted build)")
    return done


#: The lock file a build holds in its output folder (see :func:`build_lock`).
LOCK = ".briefgen-build.lock"


@contextlib.contextmanager
def build_lock(root: Path):
    """Hold the output folder *root* for one build: a second build into the same folder at the same time
    would remove the first one's staging folders as leftovers. Raises OutputError when another build
    holds it. (POSIX ``flock``: released when the process ends, even when killed; elsewhere no lock.)"""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"{root}: another briefgen build is writing into this folder; wait for it to "
                              "finish, or build into another output folder") from None
        yield
    finally:
        os.close(fd)


def cache_dir() -> Path:
    """Where briefgen keeps what it can recompute (parsed fonts, compiled templates and patterns):
    $BRIEFGEN_CACHE_DIR, else $XDG_CACHE_HOME/briefgen or ~/.cache/briefgen (with no home folder, as for
    a container user with no passwd entry: a folder in the temporary directory named for the user id)."""
    explicit = os.environ.get("BRIEFGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):
            mine = Path(tempfile.gettempdir()) / f"briefgen-cache-{os.getuid()}"
            try:
                mine.mkdir(mode=0o700, exist_ok=True)
                if mine.stat().st_uid == os.getuid():
                    return mine
            except OSError:
                pass
            return Path(tempfile.mkdtemp(prefix="briefgen-cache-"))  # another user's: one for this run
    return Path(base) / "briefgen"
