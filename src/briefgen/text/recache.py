"""Regular expressions compiled once per machine: their compiled programs kept between runs.

CPython compiles a pattern in pure Python (``re._parser``, ``re._compiler``). briefgen's reading rules
are some 170 patterns, many of them long word lists: about 0.1 s of every start. :func:`rx` returns the
same ``re.Pattern`` as ``re.compile``; the first time a pattern is seen its program (a list of
integers, with its group names) is stored in the cache folder (see ``fsutil.cache_dir``) and later
starts give it straight to ``_sre.compile``, which checks every program it is given before use.
The files hold plain data only (``marshal`` of numbers, strings, lists and dicts), one per exact
interpreter version.

:func:`rx` is only for briefgen's own patterns, written in its code: never a pattern made from a
report, a roster or a config (their text would end up in the cache file). :func:`for_library_imports`
does the same for the slow patterns a library compiles when a render worker imports it (reportlab:
~0.04 s), kept in a second, small file. On an interpreter whose ``re`` internals this was not checked
against (CPython 3.11 to 3.13), or when anything about the cache fails, it is plain ``re.compile``.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import re
import sys
import time

try:  # CPython's own modules behind re.compile (checked against 3.11, 3.12, 3.13)
    import _sre
    from re import _compiler, _parser

    _USABLE = sys.implementation.name == "cpython" and (3, 11) <= sys.version_info[:2] <= (3, 13)
except ImportError:  # pragma: no cover - another interpreter
    _USABLE = False

#: Bump when the stored layout changes.
FORMAT = 1
#: Flags whose patterns are left to re itself (DEBUG prints; TEMPLATE is gone in 3.13).
_UNCACHED_FLAGS = re.DEBUG | getattr(re, "TEMPLATE", 0)
#: A library's pattern is stored only when compiling it took this long (s): the few slow ones, not
#: the many cheap ones (some of which a library builds anew, in another order, at every start).
LIBRARY_SLOW = 0.002


class _Store:
    """One cache file: (pattern, flags) -> the arguments ``_sre.compile`` takes after the pattern."""

    def __init__(self, name: str, limit: int) -> None:
        self.name, self.limit = name, limit
        self.entries: dict | None = None
        self.used: list = []
        self.dirty = False

    def file(self):
        from ..fsutil import cache_dir

        v = sys.version_info
        return cache_dir() / f"{self.name}-{sys.implementation.cache_tag}-{v.major}.{v.minor}.{v.micro}-{_sre.MAGIC}-v{FORMAT}.marshal"

    def load(self) -> dict:
        if self.entries is None:
            self.entries = {}
            try:
                data = marshal.loads(self.file().read_bytes())
                if isinstance(data, dict):
                    self.entries = data
            except (OSError, ValueError, EOFError, TypeError):
                pass
        return self.entries

    def save(self) -> None:
        """Write the file when this process compiled something new (errors are ignored). The patterns
        used in this process come first; older ones fill up to the limit."""
        if not self.dirty or self.entries is None:
            return
        self.dirty = False
        import tempfile  # (not at import: a render worker's parent imports this module before it forks)

        keys = list(dict.fromkeys([*reversed(self.used), *self.entries]))[: self.limit]
        keep = {k: self.entries[k] for k in keys if k in self.entries}
        try:
            path = self.file()
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{self.name}-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as f:
                    marshal.dump(keep, f)
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except (OSError, ValueError):
            pass


_own = _Store("re", 4000)  # briefgen's patterns (rx)
_library = _Store("re-lib", 16)  # slow patterns of the libraries a render worker imports
_compiled: dict = {}  # this process's patterns, so a pattern written inline is compiled once
_library_compiled: dict = {}
_saving = False


def rx(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, its compiled program read from the cache when there."""
    key = (pattern, int(flags))
    try:
        return _compiled[key]
    except KeyError:
        compiled = _compiled[key] = _compile(pattern, key[1], _own)
        return compiled


def _compile(pattern: str, flags: int, store: _Store, slow: float = 0.0) -> re.Pattern:
    global _saving
    if not _USABLE or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    entries = store.load()
    if not _saving:
        _saving = True
        atexit.register(save)
    key = (pattern, flags)
    entry = entries.get(key)
    if entry is not None:
        try:
            compiled = _sre.compile(pattern, *entry)
            store.used.append(key)
            return compiled
        except Exception:  # noqa: BLE001 - a damaged entry: compiled anew below
            entries.pop(key, None)
    started = time.perf_counter()
    try:
        parsed = _parser.parse(pattern, flags)
        code = [int(c) for c in _compiler._code(parsed, flags)]  # its opcodes are int subclasses
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        entry = (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        compiled = _sre.compile(pattern, *entry)
    except Exception:  # noqa: BLE001 - a bad pattern raises re.error from here, as always
        return re.compile(pattern, flags)
    if time.perf_counter() - started >= slow:
        entries[key] = entry
        store.used.append(key)
        store.dirty = True
    return compiled


@contextlib.contextmanager
def for_library_imports():
    """While a render worker imports its libraries, their slow constant patterns come from the cache
    too. Only around imports (a library's module-level patterns, never a report's text); the worker
    saves at the end (it exits without running atexit)."""
    if not _USABLE:
        yield
        return
    original = re._compile

    def _via_cache(pattern, flags):
        if type(pattern) is str and not int(flags) & _UNCACHED_FLAGS:
            key = (pattern, int(flags))
            found = _library_compiled.get(key)
            if found is None:
                found = _library_compiled[key] = _compile(pattern, key[1], _library, LIBRARY_SLOW)
            return found
        return original(pattern, flags)

    re._compile = _via_cache
    try:
        yield
    finally:
        re._compile = original
        save()


def save() -> None:
    """Write the cache files this process added to (run at exit)."""
    _own.save()
    _library.save()
