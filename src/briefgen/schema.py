"""Dataclasses as the one declaration: JSON Schema, structural checks and plain-data conversion derived from them.

A field's type says what a value may be (``str``, ``int``, ``float`` = any number, ``bool``, ``X | None``,
``list[X]``, ``Literal[...]``, another dataclass); its ``metadata`` adds what the type cannot say, in JSON
Schema words: ``description``, ``enum``, ``pattern``, ``minLength``, ``maxLength``, ``minimum``, ``maximum``; plus
``key`` (the YAML key, when it is not the field name) and ``check`` (a function returning a problem
or None: a per-field validator). The model (``briefgen.model``) and the configuration (``briefgen.config``)
are both declared this way.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from functools import lru_cache
from typing import Any, Literal, Union

Path = tuple  # a key path: ("indicators", 3, "value")
_WORDS = {"number": "a number", "string": "a string", "integer": "a whole number", "boolean": "true or false",
          "array": "a list", "object": "a mapping", "null": "empty"}


@lru_cache(maxsize=None)
def fields(cls) -> tuple[tuple[str, str, Any, dataclasses.Field], ...]:
    """(attribute, key, type, field) of each data field of dataclass *cls* (``metadata={"internal": True}``
    fields are not data)."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, f.metadata.get("key", f.name), hints[f.name], f)
                 for f in dataclasses.fields(cls) if not f.metadata.get("internal"))


def _required(f: dataclasses.Field) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _args(tp) -> tuple[Any, tuple]:
    origin = typing.get_origin(tp)
    if origin is types.UnionType:
        origin = Union
    return origin, typing.get_args(tp)


def path_text(path: Path) -> str:
    """('indicators', 3, 'value') -> 'indicators[3].value'."""
    s = ""
    for p in path:
        s += f"[{p}]" if isinstance(p, int) else (f".{p}" if s else str(p))
    return s or "(top level)"


# -- JSON Schema ------------------------------------------------------------------------------------

def json_schema(cls) -> dict:
    """The JSON Schema (draft 2020-12) of dataclass *cls*: every dataclass it uses goes into ``$defs``."""
    defs: dict[str, dict] = {}
    root = _type_schema(cls, defs)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **root, "$defs": defs}


def _type_schema(tp, defs: dict) -> dict:
    origin, args = _args(tp)
    if dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder: recursive types refer to themselves
            props = {}
            for _, key, ftp, f in fields(tp):
                props[key] = {**_type_schema(ftp, defs), **_keywords(f)}
            doc = (tp.__doc__ or "").strip().split("\n")[0]
            defs[name] = {"type": "object", **({"description": doc} if doc else {}),
                          "required": [k for _, k, _, f in fields(tp) if _required(f)],
                          "additionalProperties": False, "properties": props}
        return {"$ref": f"#/$defs/{name}"}
    if origin is Union:
        simple = [_type_schema(a, defs) for a in args]
        if all(set(s) == {"type"} for s in simple):
            kinds: list[str] = []
            for s in simple:
                kinds += [t for t in ([s["type"]] if isinstance(s["type"], str) else s["type"]) if t not in kinds]
            if "number" in kinds and "integer" in kinds:
                kinds.remove("integer")  # an integer is a number
            return {"type": kinds if len(kinds) > 1 else kinds[0]}
        return {"anyOf": simple}
    if origin is list:
        return {"type": "array", "items": _type_schema(args[0], defs)}
    if origin is Literal:
        return {"enum": list(args)}
    return {"type": {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null",
                     dict: "object"}.get(tp, "string")}


def _keywords(f: dataclasses.Field) -> dict:
    return {k: (list(v) if k == "enum" else v) for k, v in f.metadata.items()
            if k in ("description", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum")}


# -- checking -----------------------------------------------------------------------------------------

def check(value: Any, tp, path: Path = ()) -> list[tuple[Path, str]]:
    """Every structural problem of plain *value* (from YAML or JSON) against type *tp*, with its key path.

    Unknown keys of a mapping are reported as ``unknown key(s): 'x', 'y'`` at the mapping's path."""
    out: list[tuple[Path, str]] = []
    _check(value, tp, path, out, {})
    return out


def _type_ok(value, tp) -> bool:
    if tp is bool:
        return isinstance(value, bool)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if tp is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if tp is type(None):
        return value is None
    return isinstance(value, tp)


def type_words(tp) -> str:
    """What a value of type *tp* may be, in words: 'a whole number or empty', 'one of official, brief'."""
    s = _type_schema(tp, {})
    if "enum" in s:
        return "one of " + ", ".join(map(str, s["enum"]))
    kinds = s.get("type", "object")
    return " or ".join(_WORDS.get(k, k) for k in ([kinds] if isinstance(kinds, str) else kinds))


def _expected(tp) -> str:
    return "expected " + type_words(tp)


def _check(value, tp, path: Path, out: list, meta: dict) -> None:
    origin, args = _args(tp)
    if origin is Union:
        alts = [a for a in args if _matches(value, a)]
        if not alts:
            out.append((path, _expected(tp)))
            return
        if value is not None:
            _check(value, alts[0], path, out, meta)
        return
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            out.append((path, "expected a mapping"))
            return
        known = set()
        for _, key, ftp, f in fields(tp):
            known.add(key)
            if key in value:
                _check(value[key], ftp, path + (key,), out, dict(f.metadata))
            elif _required(f):
                out.append((path, f"'{key}' is missing"))
        extra = [k for k in value if k not in known]
        if extra:
            out.append((path, "unknown key(s): " + ", ".join(repr(k) for k in extra)))
        return
    if origin is list:
        if not isinstance(value, list):
            out.append((path, "expected a list"))
            return
        for i, item in enumerate(value):
            _check(item, args[0], path + (i,), out, {})
        return
    if origin is Literal:
        if value not in args or isinstance(value, bool) != any(isinstance(a, bool) for a in args):
            out.append((path, f"{value!r} is not one of " + ", ".join(map(str, args))))
        return
    if not _type_ok(value, tp):
        out.append((path, _expected(tp)))
        return
    problem = _keyword_problem(value, meta)
    if problem:
        out.append((path, problem))


def _matches(value, tp) -> bool:
    origin, _ = _args(tp)
    if dataclasses.is_dataclass(tp):
        return isinstance(value, dict)
    if origin is list:
        return isinstance(value, list)
    if origin is Literal:
        return True
    return _type_ok(value, tp)


def _keyword_problem(value, meta: dict) -> str | None:
    if "enum" in meta and value not in meta["enum"]:
        return f"{value!r} is not one of " + ", ".join(map(str, meta["enum"]))
    if "pattern" in meta and isinstance(value, str) and not re.search(meta["pattern"], value):
        shown = value if len(value) <= 40 else value[:40] + "…"
        return f"{shown!r} does not have the expected form"
    if "maxLength" in meta and isinstance(value, str) and len(value) > meta["maxLength"]:
        return f"must have at most {meta['maxLength']} characters"
    if "minLength" in meta and isinstance(value, str) and len(value) < meta["minLength"]:
        return "must not be empty" if meta["minLength"] == 1 else f"must have at least {meta['minLength']} characters"
    if "minimum" in meta and value < meta["minimum"]:
        return f"{value} is less than the minimum of {meta['minimum']}"
    if "maximum" in meta and value > meta["maximum"]:
        return f"{value} is greater than the maximum of {meta['maximum']}"
    if "check" in meta:
        return meta["check"](value)
    return None


# -- plain data ---------------------------------------------------------------------------------------

def from_plain(tp, value: Any) -> Any:
    """Build *tp* (a dataclass, a list of them …) from plain data that passed :func:`check`; keys the
    type does not know are ignored and missing ones take the field's default."""
    origin, args = _args(tp)
    if value is None:
        return None
    if dataclasses.is_dataclass(tp):
        kwargs = {name: from_plain(ftp, value[key]) for name, key, ftp, _ in fields(tp) if key in value}
        return tp(**kwargs)
    if origin is list:
        return [from_plain(args[0], v) for v in value]
    if origin is Union:
        alt = next((a for a in args if a is not type(None) and _matches(value, a)), None)
        return from_plain(alt, value) if alt is not None else value
    return value


def to_plain(obj: Any) -> Any:
    """Plain data (dicts keyed by YAML key, lists, scalars) from a dataclass instance, in field order."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {key: to_plain(getattr(obj, name)) for name, key, _, f in fields(type(obj))
                if not (f.metadata.get("omit_empty") and not getattr(obj, name))}
    if isinstance(obj, (list, tuple)):
        return [to_plain(x) for x in obj]
    return obj
