"""Helpers for tests that ingest short synthetic report snippets."""

from __future__ import annotations

from briefgen.ingest import ingest


def read(tmp_path, text: str, name: str = "report.txt"):
    """Ingest *text* written to a file named *name* in *tmp_path*."""
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return ingest(f)


def debris(b) -> dict[int, str]:
    """Line → what was dropped as page debris."""
    return {r.line: r.detail for r in b.repairs if r.kind == "debris"}


def level1(b) -> list[tuple[str, str]]:
    """The top-level parts as (title, kind)."""
    return [(s.title, s.kind) for s in b.sections]
