"""Batch build: many reports -> OUTPUT/<report-id>/{report.yaml, summary.docx, briefing.pdf, slides.*} + manifest.

Each report is rendered into a staging folder and moved into place only when every format succeeded,
so a failure leaves the report's earlier outputs intact. Unchanged reports are skipped: the manifest
keeps, per report, a build key (input, templates, config, formats and briefgen version hashed).
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import __version__
from .config import Config
from .errors import BriefgenError, InputError
from .fsutil import write_text

#: format -> file name inside OUTPUT/<report-id>/
OUTPUT_NAMES = {"docx": "summary.docx", "pdf": "briefing.pdf", "slides": "slides.md", "pptx": "slides.pptx"}
FORMAT_ALIASES = {"docx": ["docx"], "pdf": ["pdf"], "slides": ["slides", "pptx"], "md": ["slides"], "pptx": ["pptx"]}
MANIFEST = "manifest.json"


def parse_formats(spec: str) -> list[str]:
    """'docx,pdf,slides' -> ['docx', 'pdf', 'slides', 'pptx'] (slides means Markdown and .pptx)."""
    out: list[str] = []
    for part in (p.strip() for p in spec.split(",") if p.strip()):
        if part not in FORMAT_ALIASES:
            raise BriefgenError(f"--formats: unknown format {part!r}; choose from docx, pdf, slides, md, pptx")
        out += [f for f in FORMAT_ALIASES[part] if f not in out]
    if not out:
        raise BriefgenError("--formats: give at least one of docx, pdf, slides")
    return out


def find_inputs(specs: list[str]) -> list[Path]:
    """Files, folders (their report files, sorted) and globs, in order, without duplicates."""
    from .document import YAML_SUFFIXES
    from .ingest import READABLE

    wanted = set(READABLE) | YAML_SUFFIXES
    found: list[Path] = []
    for spec in specs:
        p = Path(spec)
        if p.is_dir():
            found += sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in wanted
                            and not f.name.startswith("."))
        elif p.exists():
            found.append(p)
        else:
            hits = sorted(Path(h) for h in glob.glob(spec, recursive=True) if Path(h).is_file())
            if not hits:
                raise InputError(f"{spec}: no such file, folder or matching files")
            found += hits
    seen, out = set(), []
    for f in found:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def templates_digest(user_dir: str | None) -> str:
    """Hash of every template that may be used (user directory over defaults)."""
    from .templating import DEFAULT_DIR

    h = hashlib.sha256()
    for d in ([Path(user_dir)] if user_dir else []) + [DEFAULT_DIR]:
        for f in sorted(d.glob("*.j2")):
            h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


@dataclass
class Job:
    input: str
    out_root: str
    cfg: dict
    formats: list[str]
    key: str


@dataclass
class Outcome:
    input: str
    report_id: str | None
    status: str  # built | skipped | failed
    entry: dict = field(default_factory=dict)
    error: str | None = None


def _report_id_for(path: Path) -> str:
    from .document import YAML_SUFFIXES

    if path.suffix.lower() in YAML_SUFFIXES:
        from .document import load

        return load(path).report.id
    from .ingest import report_id

    return report_id(path)


def build_one(job: Job) -> Outcome:
    """Ingest (or load) one report and render every format into OUTPUT/<id>/ (atomic per report)."""
    from .config import Config
    from .context import build_context
    from .document import YAML_SUFFIXES, dumps, open_input
    from .render import render
    from .templating import make_env

    src = Path(job.input)
    try:
        cfg = Config(job.cfg)
        cfg.warnings = []
        brief = open_input(src, taxonomy=cfg.get("taxonomy"))
        rid = brief.report.id
        out_dir = Path(job.out_root) / rid
        out_dir.mkdir(parents=True, exist_ok=True)
        env = make_env(cfg.get("templates"))
        context = build_context(brief, cfg.template_settings())
        warnings: list[str] = [f"ingest: {r.detail}" for r in brief.repairs if r.kind == "warning"]
        stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
        try:
            yaml_target = out_dir / "report.yaml"
            if src.suffix.lower() in YAML_SUFFIXES:
                if src.resolve() != yaml_target.resolve():
                    shutil.copyfile(src, stage / "report.yaml")  # hand edits kept byte for byte
            else:
                (stage / "report.yaml").write_text(dumps(brief), encoding="utf-8")
            for fmt in job.formats:
                warnings += [f"{fmt}: {w}" for w in render(fmt, brief, stage / OUTPUT_NAMES[fmt], cfg, env, context)]
            for f in sorted(stage.iterdir()):
                os.replace(f, out_dir / f.name)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        outputs = {"yaml": _file_entry(job.out_root, yaml_target)}
        for fmt in job.formats:
            outputs[fmt] = _file_entry(job.out_root, out_dir / OUTPUT_NAMES[fmt])
        entry = {
            "input": str(src), "input_sha256": _sha(src.read_bytes()), "build_key": job.key,
            "title": brief.report.title, "organisation": brief.report.organisation, "tags": brief.report.tags,
            "status": "built", "error": None, "outputs": outputs,
            "areas": [{"id": a.id, "name": a.name} for a in brief.keyword_areas],
            "indicators": len(brief.indicators), "warnings": warnings,
        }
        return Outcome(str(src), rid, "built", entry)
    except BriefgenError as e:
        return Outcome(str(src), None, "failed", error=e.format_message())
    except Exception as e:  # noqa: BLE001 - one bad report must not stop the batch
        return Outcome(str(src), None, "failed", error=f"internal error ({e.__class__.__name__}: {e})")


def _file_entry(root: str, path: Path) -> dict:
    return {"path": path.relative_to(root).as_posix(), "sha256": _sha(path.read_bytes())}


@dataclass
class BuildResult:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    manifest: Path | None = None

    def summary(self) -> str:
        return (f"{len(self.built)} built, {len(self.skipped)} unchanged, {len(self.failed)} failed"
                f"; manifest: {self.manifest}")


def load_manifest(out_root: Path) -> dict:
    p = out_root / MANIFEST
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("reports"), dict):
            return data
    except (OSError, ValueError):
        pass
    return {"briefgen": __version__, "reports": {}}


def _up_to_date(entry: dict | None, key: str, out_root: Path) -> bool:
    if not entry or entry.get("status") != "built" or entry.get("build_key") != key:
        return False
    for o in entry.get("outputs", {}).values():
        f = out_root / o["path"]
        if not f.is_file() or _sha(f.read_bytes()) != o["sha256"]:
            return False
    return True


def build(inputs: list[str], out_root: Path, cfg: Config, formats: list[str] | None = None, jobs: int = 1,
          force: bool = False, progress: bool = False, echo: Callable[[str], None] = print) -> BuildResult:
    """Build every input; see the module docstring. Failures are reported, the others still build."""
    formats = formats or parse_formats("docx,pdf,slides")
    paths = find_inputs(inputs)
    if not paths:
        raise InputError(f"{', '.join(inputs)}: no report files found (.txt, .md, .docx, .pdf, .yaml)")
    out_root.mkdir(parents=True, exist_ok=True)
    manifest = load_manifest(out_root)
    base = hashlib.sha256(json.dumps([dict(cfg), formats, __version__, templates_digest(cfg.get("templates"))],
                                     sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()
    result = BuildResult()
    todo: list[Job] = []
    by_input = {e.get("input"): (rid, e) for rid, e in manifest["reports"].items()}
    clashes: list[Outcome] = []
    first_with_id: dict[str, str] = {}
    for p in paths:
        try:
            rid_planned = _report_id_for(p)
        except BriefgenError:
            rid_planned = None  # build_one reports the problem
        if rid_planned is not None:
            if rid_planned in first_with_id:
                # decided before rendering, so the second file never overwrites the first one's outputs
                clashes.append(Outcome(str(p), None, "failed", error=(
                    f"{p}: report id {rid_planned!r} also comes from {first_with_id[rid_planned]}; rename one of the files")))
                continue
            first_with_id[rid_planned] = str(p)
        key = hashlib.sha256((base + _sha(p.read_bytes())).encode()).hexdigest()
        rid, entry = by_input.get(str(p), (None, None))
        if not force and _up_to_date(entry, key, out_root):
            result.skipped.append(rid)
            entry["status_last_run"] = "skipped"
            continue
        todo.append(Job(str(p), str(out_root), dict(cfg), formats, key))

    outcomes: list[Outcome] = []
    if todo:
        if jobs > 1 and len(todo) > 1:
            with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
                it = pool.map(build_one, todo)
                outcomes = _with_progress(it, len(todo), progress)
        else:
            outcomes = _with_progress(map(build_one, todo), len(todo), progress)
    for o in outcomes + clashes:
        if o.status == "built":
            o.entry["status_last_run"] = "built"
            manifest["reports"][o.report_id] = o.entry
            result.built.append(o.report_id)
            for w in o.entry["warnings"]:
                echo(f"Warning: {o.report_id}: {w}")
            continue
        result.failed.append(o.input)
        echo(f"Error: {o.error}")
        rid, entry = by_input.get(o.input, (None, None))
        if entry is not None:
            entry["status_last_run"] = "failed"
            entry["last_error"] = o.error
    manifest["briefgen"] = __version__
    manifest["reports"] = dict(sorted(manifest["reports"].items()))
    result.manifest = write_text(out_root / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return result


def _with_progress(it, n: int, progress: bool) -> list[Outcome]:
    if not progress:
        return list(it)
    import click

    out = []
    with click.progressbar(length=n, label="building", file=None) as bar:
        for o in it:
            out.append(o)
            bar.update(1)
    return out
