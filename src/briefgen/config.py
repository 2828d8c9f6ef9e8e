"""Configuration: briefgen.yaml (or --config) merged over defaults; every bad value reported at once."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError

#: key -> (default, allowed type(s) or tuple of choices, help). Nested keys use dots.
SPEC: dict[str, tuple[Any, Any, str]] = {
    "organisation": (None, str, "organisation name shown on outputs (overrides the one found in the report)"),
    "author": (None, str, "author written into document properties"),
    "marking": (None, str, "marking such as 内部资料 shown on the PDF and docx"),
    "templates": (None, str, "directory of templates overriding the defaults"),
    "docx.preset": ("official", ("official", "brief"), "docx style preset"),
    "docx.fonts.title": (None, str, "title font (official: 方正小标宋简体)"),
    "docx.fonts.body": (None, str, "body font (official: 仿宋_GB2312)"),
    "docx.fonts.heading1": (None, str, "一、 heading font (official: 黑体)"),
    "docx.fonts.heading2": (None, str, "（一） heading font (official: 楷体_GB2312)"),
    "docx.fonts.heading3": (None, str, "1. heading font (official: 仿宋_GB2312)"),
    "docx.fonts.page_number": (None, str, "page number font (official: 宋体)"),
    "docx.fonts.latin": (None, str, "font for Latin letters and digits (Times New Roman)"),
    "docx.bold_level3": (False, bool, "bold 1. headings (a common house rule; GB/T 9704 does not ask for it)"),
    "pdf.font_regular": (None, str, "TrueType (.ttf) file for PDF text instead of the bundled Noto Sans SC"),
    "pdf.font_bold": (None, str, "TrueType (.ttf) file for PDF bold text"),
    "pdf.min_font_size": (8.0, (int, float), "smallest body size the one-page fit may use (pt, ≥ 8)"),
    "pdf.max_font_size": (11.0, (int, float), "body size the one-page fit starts from (pt)"),
    "pdf.key_figures": (6, int, "number of figures in the 数字速览 panel (4-6)"),
    "slides.pptx_template": (None, str, "a .pptx whose layouts and theme the slides use"),
    "slides.max_bullets": (6, int, "bullets per slide before the area continues on a new slide"),
    "slides.max_chars": (30, int, "character budget of one bullet"),
    "slides.font": ("微软雅黑", str, "East Asian font of the slides"),
    "taxonomy": ([], list, "keyword areas shared across reports: list of {name, keywords}"),
    "distribute.from": (None, str, "sender address"),
    "distribute.smtp.host": (None, str, "SMTP server"),
    "distribute.smtp.port": (None, int, "SMTP port (587 for STARTTLS, 465 for TLS)"),
    "distribute.smtp.security": ("starttls", ("starttls", "tls", "none"), "SMTP transport security"),
    "distribute.smtp.user": (None, str, "SMTP user name"),
    "distribute.smtp.password_env": ("BRIEFGEN_SMTP_PASSWORD", str, "environment variable holding the SMTP password"),
    "distribute.smtp.verify": (True, bool, "verify the server certificate"),
    "distribute.smtp.timeout": (30, (int, float), "SMTP timeout in seconds"),
    "distribute.max_attachment_mb": (20, (int, float), "refuse attachments larger than this"),
    "distribute.retries": (3, int, "attempts for temporary failures (4xx, connection reset)"),
    "distribute.backoff": (1.0, (int, float), "seconds before the first retry of a temporary failure (doubles each retry)"),
    "serve.max_upload_mb": (50, (int, float), "briefgen serve: largest report file a browser may upload (MB)"),
    "serve.token": (None, str, "briefgen serve: access token required when serving on a non-loopback host "
                               "(default: a new random one, printed at start)"),
}

CONFIG_NAME = "briefgen.yaml"


def _set(d: dict, dotted: str, value: Any) -> None:
    keys = dotted.split(".")
    for k in keys[:-1]:
        d = d.setdefault(k, {})
    d[keys[-1]] = value


def defaults() -> dict:
    d: dict = {}
    for k, (default, _, _) in SPEC.items():
        _set(d, k, copy.deepcopy(default))
    return d


def _flatten(d: dict, prefix: str = "") -> dict[str, Any]:
    out = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and any(s.startswith(key + ".") for s in SPEC):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


class Config(dict):
    """Nested settings; ``cfg.get_path('docx.preset')``."""

    warnings: list[str]
    path: Path | None = None

    def get_path(self, dotted: str) -> Any:
        d: Any = self
        for k in dotted.split("."):
            d = d.get(k) if isinstance(d, dict) else None
        return d

    def template_settings(self) -> dict:
        return {"organisation": self.get("organisation"), "author": self.get("author"),
                "marking": self.get("marking"), "key_figures": self.get_path("pdf.key_figures")}


def load_config(path: str | Path | None = None, **overrides: Any) -> Config:
    """Defaults, then the config file (briefgen.yaml in the working directory when *path* is None),
    then command-line *overrides* (dotted keys; None values are ignored)."""
    cfg = Config(defaults())
    cfg.warnings = []
    problems: list[str] = []
    file = Path(path) if path else (Path(CONFIG_NAME) if Path(CONFIG_NAME).is_file() else None)
    if path and not Path(path).is_file():
        raise ConfigError(f"{path}: config file not found")
    data: dict = {}
    if file is not None:
        cfg.path = file
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8-sig")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as e:
            mark = getattr(e, "problem_mark", None)
            raise ConfigError(f"{file}{':' + str(mark.line + 1) if mark else ''}: not valid YAML; fix the syntax") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{file}: expected a mapping of settings")
    flat = _flatten(data)
    flat.update({k: v for k, v in overrides.items() if v is not None})
    for key, value in flat.items():
        if key not in SPEC:
            cfg.warnings.append(f"{file or 'config'}: unknown key {key!r} (ignored)")
            continue
        default, allowed, _ = SPEC[key]
        if value is None:
            continue
        if isinstance(allowed, tuple) and all(isinstance(a, str) for a in allowed):
            if value not in allowed:
                problems.append(f"{key}: {value!r} is not one of {', '.join(allowed)}")
                continue
        elif allowed is bool and not isinstance(value, bool):
            problems.append(f"{key}: expected true or false, got {value!r}")
            continue
        elif not isinstance(value, allowed) or (isinstance(value, bool) and allowed is not bool):
            want = allowed.__name__ if isinstance(allowed, type) else "a number"
            problems.append(f"{key}: expected {want}, got {value!r}")
            continue
        _set(cfg, key, value)
    if cfg.get_path("pdf.min_font_size") < 8:
        problems.append("pdf.min_font_size: must be at least 8 (pt)")
    kf = cfg.get_path("pdf.key_figures")
    if not 4 <= kf <= 6:
        problems.append("pdf.key_figures: must be between 4 and 6")
    for n, area in enumerate(cfg.get("taxonomy") or []):
        if not isinstance(area, dict) or not isinstance(area.get("name"), str) or not isinstance(area.get("keywords", []), list):
            problems.append(f"taxonomy[{n}]: expected {{name: …, keywords: [...]}}")
    if problems:
        where = f"{file}: " if file else ""
        unknown = [w.split(": ", 1)[1] for w in cfg.warnings]
        raise ConfigError(where + "; ".join(problems + unknown))
    return cfg
