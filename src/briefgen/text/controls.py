"""Control characters (\\v, \\f, \\x00 … pasted from Word or PDF) made harmless for outputs, keeping every offset."""

from __future__ import annotations

import dataclasses
from typing import Any
from .recache import rx

#: C0 controls except tab and line feed, DEL, and the C1 block: none may appear in XML or on a page.
CONTROLS = rx(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def without_controls(s: str) -> str:
    """*s* with each control character replaced by one space (same length, so offsets stay true)."""
    return CONTROLS.sub(" ", s)


def _has(obj: Any) -> bool:
    if isinstance(obj, str):
        return CONTROLS.search(obj) is not None
    if isinstance(obj, (list, tuple)):
        return any(_has(x) for x in obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return any(_has(getattr(obj, f.name)) for f in dataclasses.fields(obj))
    return False


def _clean(obj: Any) -> Any:
    if isinstance(obj, str):
        return without_controls(obj)
    if isinstance(obj, list):
        return [_clean(x) for x in obj]
    if isinstance(obj, tuple):
        return tuple(_clean(x) for x in obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.replace(obj, **{f.name: _clean(getattr(obj, f.name))
                                           for f in dataclasses.fields(obj) if f.init})
    return obj


def scrubbed(model: Any) -> Any:
    """*model* (a dataclass tree such as a Brief) itself when no string in it holds a control character,
    else a copy with each one replaced by a space: what a renderer gets."""
    return _clean(model) if _has(model) else model


#: The longest text Office's document properties (title, subject, keywords …) hold.
PROPERTY_CHARS = 255


def property_text(s: str | None) -> str:
    """*s* fit for a document property: one line, at most PROPERTY_CHARS characters (… when cut)."""
    t = " ".join(without_controls(s or "").split())
    return t if len(t) <= PROPERTY_CHARS else t[:PROPERTY_CHARS - 1] + "…"
