"""Batch build: many reports -> OUTPUT/<report-id>/{report.yaml, one file per format} + OUTPUT/manifest.json.

Each report is rendered into a staging folder (OUTPUT/.staging-<id>-…) and swapped in with one rename
only when every format succeeded, so a failure or a kill leaves the report's earlier outputs intact and
never a mix of old and new; the manifest is rewritten atomically after each report, and leftovers of
a killed build are cleaned at the start of the next. Unchanged reports are skipped: the manifest
keeps, per report, a build key (input, templates, config, formats and briefgen version hashed).

Most imports are made inside the functions: :func:`build` forks its render workers first, so
everything loaded before that delays them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import __version__
from .config import Config
from .errors import BriefgenError, InputError


def find_inputs(specs: list[str]) -> list[Path]:
    """Files, folders (their report files, sorted) and globs, in order, without duplicates."""
    import glob

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


def templates_digest(user_dir: str | None) -> str:
    """Hash of every template that may be used (user directory over defaults)."""
    import hashlib

    from .templating import search_path

    h = hashlib.sha256()
    for d in search_path(user_dir or None):
        for f in sorted(d.glob("*.j2")):
            h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


@dataclass
class Job:
    input: str
    out_root: str
    cfg: Config
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
    from .document import YAML_SUFFIXES, load
    from .ingest import report_id

    return load(path).report.id if path.suffix.lower() in YAML_SUFFIXES else report_id(path)


def build_one(job: Job, workers=None) -> Outcome:
    """Ingest (or load) one report and render every format into OUTPUT/<id>/ (atomic per report);
    *workers* (:class:`briefgen.renderers.workers.Workers`) render the formats side by side."""
    import shutil
    import tempfile

    from . import manifest
    from .fsutil import STAGING, swap_in
    from .document import YAML_SUFFIXES, dumps, read_report
    from .renderers import get, render_output
    from .selection import mail_summary
    from .templating import make_env

    src = Path(job.input)
    try:
        cfg = job.cfg
        brief = read_report(src, config=cfg)
        root = Path(job.out_root)
        out_dir = root / brief.report.id
        warnings: list[str] = [f"ingest: {r.detail}" for r in brief.repairs if r.kind == "warning"]
        parts: dict[str, list[str]] = {}
        # Everything is written into one staging folder beside the report's folder, then swapped in
        # with one rename: a kill at any moment leaves the old outputs or the new ones, never a mix.
        stage = Path(tempfile.mkdtemp(prefix=f"{STAGING}{brief.report.id}-", dir=root))
        try:
            if workers is not None:
                workers.start(brief, stage, cfg)
            try:
                yaml_target = out_dir / "report.yaml"
                if src.suffix.lower() in YAML_SUFFIXES:
                    if src.resolve() != yaml_target.resolve():
                        shutil.copyfile(src, stage / "report.yaml")  # hand edits kept byte for byte
                else:
                    (stage / "report.yaml").write_text(dumps(brief), encoding="utf-8")
                mail = mail_summary(brief, cfg)  # while the workers render
            finally:
                rendered = workers.finish() if workers is not None else None
            if rendered is None:
                env = make_env(cfg.templates)
                rendered = {fmt: render_output(brief, fmt, stage / get(fmt).output, cfg, env) for fmt in job.formats}
            for fmt, out in rendered.items():
                warnings += [f"{fmt}: {w}" for w in out.warnings]
                if out.parts is not None:
                    parts[fmt] = out.parts
            for f in stage.iterdir():
                if f.name.startswith(".") and f.is_file():
                    f.unlink()  # a renderer's own temporary file
            swap_in(stage, out_dir)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        outputs = {"yaml": manifest.file_entry(job.out_root, yaml_target)}
        for fmt in job.formats:
            extra = {"parts": parts[fmt]} if fmt in parts else {}
            outputs[fmt] = manifest.file_entry(job.out_root, out_dir / get(fmt).output, **extra)
        entry = manifest.report_entry(src=src, brief=brief, build_key=job.key, outputs=outputs, warnings=warnings,
                                      mail=mail)
        return Outcome(str(src), brief.report.id, "built", entry)
    except BriefgenError as e:
        return Outcome(str(src), None, "failed", error=e.format_message())
    except OSError as e:  # the disk, not the report: full, read-only, no permission
        where = e.filename or job.out_root
        return Outcome(str(src), None, "failed", error=f"{src}: cannot write {where} ({e.strerror}); free some "
                                                      "space or choose another output folder")
    except Exception as e:  # noqa: BLE001 - one bad report must not stop the batch
        return Outcome(str(src), None, "failed", error=f"internal error ({e.__class__.__name__}: {e})")


@dataclass
class BuildResult:
    """What a build did: report ids built and unchanged, inputs that failed, the manifest written."""

    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    manifest: Path | None = None

    def summary(self) -> str:
        return (f"{len(self.built)} built, {len(self.skipped)} unchanged, {len(self.failed)} failed"
                f"; manifest: {self.manifest}")


def build(inputs: str | list[str], out_dir: str | Path, *, formats: str | list[str] | None = None,
          config: Config | None = None, jobs: int = 1, force: bool = False, progress: bool = False,
          echo: Callable[[str], None] = print) -> BuildResult:
    """Build every input (files, folders, globs) into *out_dir*; see the module docstring.

    *formats*: names or a --formats string (default: every registered format). Failures are echoed and
    listed in the result; the other reports still build."""
    from .config import load_config
    from .renderers import resolve, workers

    inputs = [inputs] if isinstance(inputs, (str, Path)) else [str(i) for i in inputs]
    config = config if config is not None else load_config()
    formats = resolve(formats)
    # render workers start now, so their imports overlap reading the reports (see renderers/workers.py)
    pool = workers.Workers(formats, config) if jobs == 1 and len(formats) > 1 and workers.usable() else None
    try:
        return _build(inputs, Path(out_dir), formats, config, jobs, force, progress, echo, pool)
    finally:
        if pool is not None:
            pool.close()


def _build(inputs: list[str], out_root: Path, formats: list[str], config: Config, jobs: int, force: bool,
           progress: bool, echo: Callable[[str], None], pool) -> BuildResult:
    from .fsutil import build_lock

    paths = find_inputs(inputs)
    if not paths:
        raise InputError(f"{', '.join(inputs)}: no report files found (.txt, .md, .docx, .pdf, .yaml)")
    out_root.mkdir(parents=True, exist_ok=True)
    with build_lock(out_root):
        return _build_locked(paths, out_root, formats, config, jobs, force, progress, echo, pool)


def _build_locked(paths: list[Path], out_root: Path, formats: list[str], config: Config, jobs: int, force: bool,
                  progress: bool, echo: Callable[[str], None], pool) -> BuildResult:
    import hashlib
    import json

    from . import manifest
    from .fsutil import clean_leftovers

    for line in clean_leftovers(out_root):
        echo(f"Note: {line}")
    state = manifest.load(out_root)
    base = hashlib.sha256(json.dumps([config.to_dict(), formats, __version__, templates_digest(config.templates)],
                                     sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()
    result = BuildResult()
    todo: list[Job] = []
    by_input = {e.get("input"): (rid, e) for rid, e in state["reports"].items()}
    clashes: list[Outcome] = []
    first_with_id: dict[str, str] = {}
    for p in paths:
        try:
            rid_planned: str | None = _report_id_for(p)
        except BriefgenError:
            rid_planned = None  # build_one reports the problem
        if rid_planned is not None:
            if rid_planned in first_with_id:
                # decided before rendering, so the second file never overwrites the first one's outputs
                clashes.append(Outcome(str(p), None, "failed", error=(
                    f"{p}: report id {rid_planned!r} also comes from {first_with_id[rid_planned]}; rename one of the files")))
                continue
            first_with_id[rid_planned] = str(p)
        key = hashlib.sha256((base + manifest.sha256_file(p)).encode()).hexdigest()
        rid, entry = by_input.get(str(p), (None, None))
        if not force and manifest.up_to_date(entry, key, out_root):
            result.skipped.append(rid)
            entry["status_last_run"] = "skipped"
            continue
        todo.append(Job(str(p), str(out_root), config, formats, key))

    def record(o: Outcome) -> None:
        if o.status == "built":
            o.entry["status_last_run"] = "built"
            state["reports"][o.report_id] = o.entry
            result.built.append(o.report_id)
            for w in o.entry["warnings"]:
                echo(f"Warning: {o.report_id}: {w}")
        else:
            result.failed.append(o.input)
            echo(f"Error: {o.error}")
            rid, entry = by_input.get(o.input, (None, None))
            if entry is not None:
                entry["status_last_run"] = "failed"
                entry["last_error"] = o.error
        # after each report, atomically: a killed build leaves a manifest true for every finished report
        result.manifest = manifest.save(out_root, state)

    if todo:
        if jobs > 1 and len(todo) > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
                for o in _with_progress(pool.map(build_one, todo), len(todo), progress):
                    record(o)
        else:
            for o in _with_progress((build_one(job, pool) for job in todo), len(todo), progress):
                record(o)
    for o in clashes:
        record(o)
    result.manifest = manifest.save(out_root, state)
    return result


def _with_progress(it, n: int, progress: bool):
    """*it*'s outcomes as they come, with a progress bar when asked."""
    if not progress:
        yield from it
        return
    import click

    with click.progressbar(length=n, label="building", file=None) as bar:
        for o in it:
            yield o
            bar.update(1)
