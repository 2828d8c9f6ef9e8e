"""Model text made safe for the line markup (``|`` and ``*`` kept literal) and restored after parsing."""

from __future__ import annotations

#: Private-use stand-ins for the markup's active characters while a line is parsed.
_MAP = {"|": "\ue000", "*": "\ue001"}
_BACK = {v: k for k, v in _MAP.items()}


def esc(text) -> str:
    """*text* from the model as one markup line: white space collapsed, ``|`` and ``*`` inert."""
    s = " ".join(str(text if text is not None else "").split())
    for k, v in _MAP.items():
        s = s.replace(k, v)
    return s


def unesc(text: str) -> str:
    """The literal text of an escaped string."""
    for k, v in _BACK.items():
        text = text.replace(k, v)
    return text


def unescape_blocks(blocks: list) -> list:
    """Parsed blocks with every run, table cell and directive argument restored to literal text."""
    for b in blocks:
        b.runs = [(unesc(t), bold) for t, bold in b.runs]
        b.rows = [[unesc(c) for c in row] for row in b.rows]
        b.args = [unesc(a) for a in b.args]
    return blocks
