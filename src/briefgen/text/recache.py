"""Regular expressions compiled once per machine: their compiled programs kept between runs.

CPython compiles a pattern in pure Python (``re._parser``, ``re._compiler``). briefgen's reading rules
are some 170 patterns, many of them long word lists: about 0.1 s of every start. :func:`rx` returns the
same ``re.Pattern`` as ``re.compile``; the first time a pattern is seen its program (a list of
integers, with its group names) is stored in the cache folder (see ``fsutil.cache_dir``) and later
starts give it straight to ``_sre.compile``, which checks every program it is given before use.
The file holds plain data only (``marshal`` of numbers, strings, lists and dicts), one file per exact
interpreter version. Only for briefgen's own patterns, written in its code: never a pattern made from a
report, a roster or a config (their text would end up in the cache file). On an interpreter whose ``re`` internals this was not checked against (CPython
3.11 to 3.13), or when anything about the cache fails, it is plain ``re.compile``.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
import tempfile

try:  # CPython's own modules behind re.compile (checked against 3.11, 3.12, 3.13)
    import _sre
    from re import _compiler, _parser

    _USABLE = sys.implementation.name == "cpython" and (3, 11) <= sys.version_info[:2] <= (3, 13)
except ImportError:  # pragma: no cover - another interpreter
    _USABLE = False

#: Entries kept in the file at most (patterns of older briefgen versions drop out first).
MAX_ENTRIES = 4000
#: Bump when the stored layout changes.
FORMAT = 1

_store: dict | None = None
_compiled: dict = {}  # this process's patterns, so a pattern written inline is compiled once
_used: set = set()
_dirty = False


def rx(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, its compiled program read from the cache when there."""
    key = (pattern, int(flags))
    try:
        return _compiled[key]
    except KeyError:
        compiled = _compiled[key] = _compile(*key)
        return compiled


def _compile(pattern: str, flags: int) -> re.Pattern:
    global _dirty
    if not _USABLE or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    store = _load()
    key = (pattern, flags)
    entry = store.get(key)
    if entry is not None:
        try:
            compiled = _sre.compile(pattern, *entry)
            _used.add(key)
            return compiled
        except Exception:  # noqa: BLE001 - a damaged entry: compiled anew below
            store.pop(key, None)
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
    store[key] = entry
    _used.add(key)
    _dirty = True
    return compiled


def _file():
    from ..fsutil import cache_dir

    v = sys.version_info
    return cache_dir() / f"re-{sys.implementation.cache_tag}-{v.major}.{v.minor}.{v.micro}-{_sre.MAGIC}-v{FORMAT}.marshal"


def _load() -> dict:
    global _store
    if _store is None:
        _store = {}
        try:
            data = marshal.loads(_file().read_bytes())
            if isinstance(data, dict):
                _store = data
        except (OSError, ValueError, EOFError, TypeError):
            pass
        atexit.register(save)
    return _store


def save() -> None:
    """Write the cache when this process compiled something new (run at exit; errors are ignored)."""
    global _dirty
    if not _dirty or _store is None:
        return
    _dirty = False
    keep = dict(_store)
    if len(keep) > MAX_ENTRIES:  # the patterns this process used first, then as many others as fit
        others = [k for k in keep if k not in _used][: max(0, MAX_ENTRIES - len(_used))]
        keep = {k: keep[k] for k in (*_used, *others)}
    try:
        path = _file()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".re-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                marshal.dump(keep, f)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        pass
