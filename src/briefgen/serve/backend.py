"""The web app's only bridge to briefgen: functions named like the public API, calling today's modules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from ..errors import BriefgenError, InputError  # noqa: F401 - re-exported for the web app
from ..model import INDICATOR_KINDS, Brief  # noqa: F401

#: Report files the web page accepts (the suffixes ingest reads).
READABLE_SUFFIXES: tuple[str, ...] = (".txt", ".text", ".md", ".markdown", ".docx", ".pdf")
MODEL_FILE = "report.yaml"
LEDGER_FILE = "delivery-ledger.jsonl"


def _output_files() -> dict[str, str]:
    import briefgen

    return {f.name: f.output for f in briefgen.formats()}


#: Output format -> file name inside WORKSPACE/<report-id>/ (the format registry's, as `briefgen build` writes).
OUTPUT_FILES: dict[str, str] = _output_files()


def load_config(path: str | Path | None = None, **overrides: Any):
    """Defaults, then *path* (None: the defaults only), then *overrides*."""
    import briefgen

    return briefgen.load_config(path, **overrides)


def read_report(path: str | Path, *, encoding: str | None = None, config=None) -> Brief:
    """Ingest a raw report (txt, md, docx, pdf) into a document model; a YAML model is loaded."""
    import briefgen

    return briefgen.read_report(path, encoding=encoding, config=config)


def load_model(path: str | Path) -> Brief:
    """Load and validate a YAML model (raises ModelError listing every problem)."""
    import briefgen

    return briefgen.load_model(path)


def dump_model(brief: Brief) -> str:
    """The YAML text `save_model` writes."""
    from ..document import dumps

    return dumps(brief)


def save_model(brief: Brief, path: str | Path) -> Path:
    """Write the model as YAML, atomically."""
    import briefgen

    return briefgen.save_model(brief, path)


def model_dict(brief: Brief) -> dict:
    """The model as plain data (what the YAML holds)."""
    return brief.to_dict()


def model_from_dict(data: dict) -> Brief:
    """A model from plain data that passed `validate_model`."""
    return Brief.from_dict(data)


def validate_model(path_or_dict: str | Path | dict) -> list[str]:
    """Every problem `briefgen validate` would report (schema, ids, provenance of every figure)."""
    import briefgen

    return briefgen.validate_model(path_or_dict)


_ENVS: dict = {}


def render(brief: Brief, fmt: str, out_path: str | Path, *, config=None, templates=None) -> list[str]:
    """Write one format (docx, pdf, slides, pptx); returns warnings. The Jinja2 environment is kept per
    template folder, so a warm process compiles each template once (it still reloads edited files)."""
    import dataclasses

    from ..renderers import render_output
    from ..templating import make_env

    cfg = config if config is not None else load_config()
    if templates is not None:
        cfg = dataclasses.replace(cfg, templates=str(templates))
    if cfg.templates not in _ENVS:
        _ENVS[cfg.templates] = make_env(cfg.templates)
    return render_output(brief, fmt, Path(out_path), cfg, env=_ENVS[cfg.templates]).warnings


def build(inputs: list[str | Path], out_dir: str | Path, *, formats: list[str] | None = None, config=None,
          jobs: int = 1, force: bool = False, echo: Callable[[str], None] | None = None):
    """Build every input into OUT_DIR/<report-id>/ plus manifest.json; unchanged reports are skipped."""
    import briefgen

    return briefgen.build([str(i) for i in inputs], out_dir, formats=formats, config=config, jobs=jobs,
                          force=force, progress=False, echo=echo or (lambda _m: None))


def distribute(out_dir: str | Path, roster: str | Path, *, mode: str = "dry-run", folders_dir=None, config=None,
               echo: Callable[[str], None] | None = None):
    """Deliver built briefings: a dry run writing .eml files (default), "send" by SMTP, or "folders"."""
    import briefgen

    return briefgen.distribute(out_dir, roster, mode=mode, folders_dir=folders_dir, config=config,
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
    d = config.distribute
    return {"host": d.smtp.host, "port": d.smtp.port, "security": d.smtp.security, "user": d.smtp.user,
            "from": d.sender, "password_env": d.smtp.password_env}
