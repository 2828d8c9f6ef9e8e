"""The web app's only bridge to briefgen: functions named like the public API, calling today's modules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from ..errors import BriefgenError, InputError  # noqa: F401 - re-exported for the web app
from ..model import INDICATOR_KINDS, Brief  # noqa: F401

#: Report files the web page accepts (the suffixes ingest reads).
READABLE_SUFFIXES: tuple[str, ...] = (".txt", ".text", ".md", ".markdown", ".docx", ".pdf")
#: Output format -> file name inside WORKSPACE/<report-id>/ (as `briefgen build` writes them).
OUTPUT_FILES: dict[str, str] = {"docx": "summary.docx", "pdf": "briefing.pdf", "slides": "slides.md",
                                "pptx": "slides.pptx"}
MODEL_FILE = "report.yaml"
LEDGER_FILE = "delivery-ledger.jsonl"


def load_config(path: str | Path | None = None, **overrides: Any):
    """Defaults, then briefgen.yaml (or *path*), then *overrides*."""
    from ..config import load_config as _load

    return _load(path, **overrides)


def read_report(path: str | Path, *, encoding: str | None = None, config=None) -> Brief:
    """Ingest a raw report (txt, md, docx, pdf) into a document model."""
    from ..document import open_input

    taxonomy = config.get("taxonomy") if config is not None else None
    return open_input(Path(path), encoding=encoding, taxonomy=taxonomy)


def load_model(path: str | Path) -> Brief:
    """Load and validate a YAML model (raises ModelError listing every problem)."""
    from ..document import load

    return load(path)


def dump_model(brief: Brief) -> str:
    """The YAML text `save_model` writes."""
    from ..document import dumps

    return dumps(brief)


def save_model(brief: Brief, path: str | Path) -> Path:
    """Write the model as YAML, atomically."""
    from ..document import save

    return save(brief, path)


def model_dict(brief: Brief) -> dict:
    """The model as plain data (what the YAML holds)."""
    return brief.to_dict()


def model_from_dict(data: dict) -> Brief:
    """A model from plain data that passed `validate_model`."""
    return Brief.from_dict(data)


def validate_model(path_or_dict: str | Path | dict) -> list[str]:
    """Every problem `briefgen validate` would report (schema, ids, provenance of every figure)."""
    if isinstance(path_or_dict, dict):
        import jsonschema

        from ..schema import SCHEMA, _describe, _fmt_path, _semantic_problems

        errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(path_or_dict))
        if errors:
            return [f"{_fmt_path(list(e.absolute_path))}: {_describe(e)}" for e in errors]
        return [f"{_fmt_path(p)}: {m}" for p, m in _semantic_problems(path_or_dict)]
    from ..document import check

    return check(path_or_dict)[1]


_ENVS: dict = {}


def render(brief: Brief, fmt: str, out_path: str | Path, *, config=None, templates=None) -> list[str]:
    """Write one format (docx, pdf, slides, pptx); returns warnings. The Jinja2 environment is kept per
    template folder, so a warm process compiles each template once (it still reloads edited files)."""
    from ..render import render as _render
    from ..templating import make_env

    cfg = config if config is not None else load_config()
    folder = str(templates) if templates is not None else cfg.get("templates")
    if folder not in _ENVS:
        _ENVS[folder] = make_env(folder)
    return _render(fmt, brief, Path(out_path), cfg, env=_ENVS[folder])


def build(inputs: list[str | Path], out_dir: str | Path, *, formats: list[str] | None = None, config=None,
          jobs: int = 1, force: bool = False, echo: Callable[[str], None] | None = None):
    """Build every input into OUT_DIR/<report-id>/ plus manifest.json; unchanged reports are skipped."""
    from ..build import build as _build

    cfg = config if config is not None else load_config()
    return _build([str(i) for i in inputs], Path(out_dir), cfg, formats=formats, jobs=jobs, force=force,
                  progress=False, echo=echo or (lambda _m: None))


def distribute(out_dir: str | Path, roster: str | Path, *, mode: str = "dry-run", folders_dir=None, config=None,
               echo: Callable[[str], None] | None = None):
    """Deliver built briefings: a dry run writing .eml files (default), "send" by SMTP, or "folders"."""
    from ..distribute import distribute as _distribute

    cfg = config if config is not None else load_config()
    return _distribute(Path(out_dir), Path(roster), cfg, send=mode == "send",
                       to_folders=Path(folders_dir) if mode == "folders" else None,
                       echo=echo or (lambda _m: None))


def delivery_events(out_dir: str | Path) -> list[dict]:
    """Every complete event of the delivery ledger, oldest first (a torn last line is skipped)."""
    path = Path(out_dir) / LEDGER_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    events = []
    for line in raw.split(b"\n"):
        try:
            ev = json.loads(line.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        if isinstance(ev, dict) and {"channel", "recipient", "content", "status"} <= ev.keys():
            events.append(ev)
    return events


def smtp_summary(config) -> dict:
    """Where --send would deliver: server, port, sender, user — never the password."""
    get = config.get_path
    return {"host": get("distribute.smtp.host"), "port": get("distribute.smtp.port"),
            "security": get("distribute.smtp.security"), "user": get("distribute.smtp.user"),
            "from": get("distribute.from"), "password_env": get("distribute.smtp.password_env")}
