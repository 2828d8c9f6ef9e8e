"""The build manifest (OUTPUT/manifest.json): what build wrote for each report; distribute reads only this.

Per report id::

    input, input_sha256, build_key        the source file and the cache key of its build
    title, organisation, tags, areas      what rosters select by ({id, name} per keyword area)
    mail: {meta_line, key_figures}        what the mail says about it ({label, display, kind} per figure)
    outputs: {yaml|<format>: {path, sha256[, parts]}}   parts: a slide deck's keyword area per slide
    status, error, status_last_run, last_error, indicators, warnings
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from . import __version__
from .errors import InputError
from .fsutil import write_text

NAME = "manifest.json"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def empty() -> dict[str, Any]:
    return {"briefgen": __version__, "reports": {}}


def load(out_dir: str | Path, *, strict: bool = False) -> dict[str, Any]:
    """The manifest of *out_dir*. Lenient (a build): a missing or broken manifest is a fresh one.
    *strict* (distribute): each of those is an InputError saying how to fix it."""
    out_dir = Path(out_dir)
    path = out_dir / NAME
    if strict and not out_dir.is_dir():
        raise InputError(f"{out_dir}: no such output directory; build it first with 'briefgen build SEEDS -o {out_dir}'")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if strict:
            raise InputError(f"{path}: not found; build the briefings first with 'briefgen build SEEDS -o {out_dir}'") from None
        return empty()
    except (OSError, ValueError, UnicodeDecodeError) as e:
        if strict:
            raise InputError(f"{path}: not valid JSON ({e}); rebuild with 'briefgen build'") from None
        return empty()
    reports = data.get("reports") if isinstance(data, dict) else None
    if not isinstance(reports, dict) or not all(isinstance(r, dict) for r in reports.values()):
        if strict:
            raise InputError(f"{path}: no 'reports' mapping; rebuild with 'briefgen build'")
        return empty()
    return data


def save(out_dir: str | Path, manifest: dict[str, Any]) -> Path:
    """Write the manifest atomically, reports sorted by id."""
    manifest = dict(manifest, briefgen=__version__, reports=dict(sorted(manifest["reports"].items())))
    return write_text(Path(out_dir) / NAME, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")


def file_entry(root: str | Path, path: Path, **extra: Any) -> dict[str, Any]:
    """{path (relative to the output root), sha256, …extra} for one written file."""
    return {"path": Path(path).relative_to(root).as_posix(), "sha256": sha256_file(path), **extra}


def report_entry(*, src: Path, brief, build_key: str, outputs: dict, warnings: list[str], mail: dict) -> dict:
    """The manifest entry of a report that was built."""
    return {
        "input": str(src), "input_sha256": sha256_file(src), "build_key": build_key,
        "title": brief.report.title, "organisation": brief.report.organisation, "tags": brief.report.tags,
        "status": "built", "error": None, "outputs": outputs,
        "areas": [{"id": a.id, "name": a.name} for a in brief.keyword_areas],
        "mail": mail, "indicators": len(brief.indicators), "warnings": warnings,
    }


def up_to_date(entry: dict | None, key: str, root: Path) -> bool:
    """The entry was built with *key* and every output it lists is still there, unchanged."""
    if not entry or entry.get("status") != "built" or entry.get("build_key") != key:
        return False
    for o in entry.get("outputs", {}).values():
        f = root / o["path"]
        if not f.is_file() or sha256_file(f) != o["sha256"]:
            return False
    return True
