"""Configuration: every key declared once below (type, default, docstring); briefgen.yaml merged over the defaults.

Each format's options sit under its own prefix (``docx.*``, ``pdf.*``, ``slides.*``); ``distribute.*``
is for mail. :func:`load_config` reports every bad value at once and warns about unknown keys;
:func:`reference` writes the table of keys the README shows.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Literal

from . import schema
from .errors import ConfigError

#: The config file a command reads from the working directory when no --config is given.
CONFIG_NAME = "briefgen.yaml"


def opt(default: Any, doc: str, *, key: str | None = None, check: Callable[[Any], str | None] | None = None,
        **keywords: Any):
    """A config key: its default, its docstring, optionally its YAML key, a validator and JSON Schema words."""
    meta: dict[str, Any] = {"description": doc, **keywords}
    if key:
        meta["key"] = key
    if check:
        meta["check"] = check
    if isinstance(default, (list, dict)) or dataclasses.is_dataclass(default):
        factory = default if callable(default) and not isinstance(default, list) else (lambda d=default: type(d)(d))
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class DocxFonts:
    """Word fonts per role; unset roles take the preset's."""

    title: str | None = opt(None, "title font (official: 方正小标宋简体)")
    body: str | None = opt(None, "body font (official: 仿宋_GB2312)")
    heading1: str | None = opt(None, "一、 heading font (official: 黑体)")
    heading2: str | None = opt(None, "（一） heading font (official: 楷体_GB2312)")
    heading3: str | None = opt(None, "1. heading font (official: 仿宋_GB2312)")
    page_number: str | None = opt(None, "page number font (official: 宋体)")
    latin: str | None = opt(None, "font for Latin letters and digits (Times New Roman)")


@dataclass
class DocxConfig:
    """The Word summary."""

    preset: Literal["official", "brief"] = opt("official", "style preset: official (GB/T 9704) or brief (compact)")
    fonts: DocxFonts = opt(DocxFonts, "fonts per role")
    bold_level3: bool = opt(False, "bold 1. headings (a common house rule; GB/T 9704 does not ask for it)")
    length: Literal["summary", "full"] = opt("summary", "summary (1–2 pages, at most 4) or full (every section and figure)")


@dataclass
class PdfConfig:
    """The one-page PDF briefing."""

    font_regular: str | None = opt(None, "TrueType (.ttf) file for PDF text instead of the bundled Noto Sans SC")
    font_bold: str | None = opt(None, "TrueType (.ttf) file for PDF bold text")
    min_font_size: float = opt(8.0, "smallest body size the one-page fit may use (pt)", minimum=8, maximum=16)
    max_font_size: float = opt(11.0, "body size the one-page fit starts from (pt; not below min_font_size)",
                               minimum=8, maximum=24)
    key_figures: int = opt(6, "number of figures in the 数字速览 panel", minimum=4, maximum=6)


@dataclass
class SlidesConfig:
    """The slides (Markdown and .pptx)."""

    pptx_template: str | None = opt(None, "a .pptx whose layouts and theme the slides use")
    max_bullets: int = opt(6, "bullets per slide before the area continues on a new slide", minimum=1, maximum=20)
    max_chars: int = opt(30, "character budget of one bullet", minimum=10, maximum=200)
    font: str = opt("微软雅黑", "East Asian font of the slides")


@dataclass
class TaxonomyArea:
    """One keyword area shared across reports."""

    name: str = field(metadata={"description": "the area's name", "minLength": 1})
    keywords: list[str] = opt([], "words that file a report's area under this one (default: the name)")


def _env_name(value: str) -> str | None:
    """An environment variable's name; the value itself is never echoed (it may be a pasted password)."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,127}", value):
        return None
    return ("must be the name of an environment variable (letters, digits, _), not the password itself; "
            "put the password in that variable")


@dataclass
class SmtpConfig:
    """The mail server."""

    host: str | None = opt(None, "SMTP server")
    port: int | None = opt(None, "SMTP port (default: 587 for starttls, 465 for tls, 25 for none)",
                           minimum=1, maximum=65535)
    security: Literal["starttls", "tls", "none"] = opt("starttls", "SMTP transport security")
    user: str | None = opt(None, "SMTP user name")
    password_env: str = opt("BRIEFGEN_SMTP_PASSWORD", "environment variable holding the SMTP password "
                            "(its name, never the password)", check=_env_name)
    verify: bool = opt(True, "verify the server certificate")
    timeout: float = opt(30, "SMTP timeout in seconds", minimum=1, maximum=600)


@dataclass
class DistributeConfig:
    """Delivery to staff."""

    sender: str | None = opt(None, "sender address: office@example.org or '办公室 <office@example.org>'", key="from")
    smtp: SmtpConfig = opt(SmtpConfig, "the mail server")
    max_attachment_mb: float = opt(20, "refuse attachments larger than this (MB)", minimum=0.01, maximum=1024)
    retries: int = opt(3, "attempts for temporary failures (4xx, connection reset)", minimum=1, maximum=20)
    backoff: float = opt(1.0, "seconds before the first retry of a temporary failure (doubles each retry)",
                         minimum=0, maximum=300)


@dataclass
class ServeConfig:
    """The local web page (briefgen serve)."""

    max_upload_mb: float = opt(50, "largest report file a browser may upload (MB)", minimum=0.01)
    token: str | None = opt(None, "access token required when serving on a non-loopback host "
                                  "(default: a new random one, printed at start)")


@dataclass
class LimitsConfig:
    """Bounds on what one input may cost (raise them for a genuinely larger report)."""

    max_input_mb: float = opt(20, "largest report or model file read (MB)", minimum=0.001, maximum=4096)
    max_text_chars: int = opt(1_000_000, "most characters of report text (about 30× the longest real report)",
                              minimum=1000)
    max_unpacked_mb: float = opt(50, "most a .docx's parts or a .pdf's page contents may decompress to (MB)",
                                 minimum=1, maximum=65536)
    max_yaml_depth: int = opt(40, "deepest nesting of a YAML model, roster or config", minimum=8, maximum=1000)
    max_yaml_nodes: int = opt(1_000_000, "most values a roster or config may expand to through YAML aliases",
                              minimum=1000)


@dataclass
class Config:
    """All settings; ``load_config()`` gives the defaults."""

    organisation: str | None = opt(None, "organisation name shown on outputs (overrides the one found in the report)")
    author: str | None = opt(None, "author written into document properties")
    marking: str | None = opt(None, "marking such as 内部资料 shown on the PDF, the docx and mail")
    templates: str | None = opt(None, "directory of templates overriding the defaults")
    docx: DocxConfig = opt(DocxConfig, "the Word summary")
    pdf: PdfConfig = opt(PdfConfig, "the one-page PDF")
    slides: SlidesConfig = opt(SlidesConfig, "the slides")
    taxonomy: list[TaxonomyArea] = opt([], "keyword areas shared across reports: a list of {name, keywords}")
    distribute: DistributeConfig = opt(DistributeConfig, "delivery to staff")
    serve: ServeConfig = opt(ServeConfig, "the local web page (briefgen serve)")
    limits: LimitsConfig = opt(LimitsConfig, "bounds on input size and YAML")
    #: the file the settings came from (None: defaults and overrides only)
    path: Path | None = field(default=None, compare=False, metadata={"internal": True})
    #: unknown keys, one line each (the CLI prints them)
    warnings: list[str] = field(default_factory=list, compare=False, metadata={"internal": True})

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain data keyed like briefgen.yaml (what a build's cache key hashes)."""
        return schema.to_plain(self)


def _set(d: dict, dotted: str, value: Any) -> None:
    keys = dotted.split(".")
    for k in keys[:-1]:
        if not isinstance(d.get(k), dict):
            d[k] = {}
        d = d[k]
    d[keys[-1]] = value


def _drop_unknown(value: Any, tp, path: tuple, unknown: list[str]) -> Any:
    """*value* without the keys *tp* does not declare (each one named in *unknown*) and without empty
    values (``marking:`` with nothing after it leaves the default)."""
    if dataclasses.is_dataclass(tp) and isinstance(value, dict):
        declared = {key: ftp for _, key, ftp, _ in schema.fields(tp)}
        out = {}
        for k, v in value.items():
            if v is None:
                continue
            if k in declared:
                out[k] = _drop_unknown(v, declared[k], path + (k,), unknown)
            else:
                unknown.append(schema.path_text(path + (k,)))
        return out
    return value


def find_config(explicit: str | Path | None = None) -> Path | None:
    """The config file a command uses: *explicit* (--config), else ./briefgen.yaml when it exists."""
    if explicit:
        return Path(explicit)
    return Path(CONFIG_NAME) if Path(CONFIG_NAME).is_file() else None


def load_config(path: str | Path | None = None, **overrides: Any) -> Config:
    """The defaults, then the YAML file *path* (None: no file), then *overrides* — dotted keys such as
    ``**{"docx.preset": "brief"}``; None values are ignored, so unset command-line options change nothing.

    Every bad value is reported in one ConfigError; unknown keys end up in ``Config.warnings``."""
    data: dict = {}
    file = Path(path) if path else None
    if file is not None:
        import yaml  # only with a file: a build without one starts faster

        if not file.is_file():
            raise ConfigError(f"{file}: config file not found")
        from .errors import InputError
        from .limits import check_yaml, safe_load

        try:
            text = file.read_text(encoding="utf-8-sig")
            check_yaml(text, str(file), aliases=True)
            data = safe_load(text) or {}
        except InputError as e:
            raise ConfigError(str(e.message)) from None
        except (yaml.YAMLError, UnicodeDecodeError) as e:
            mark = getattr(e, "problem_mark", None)
            raise ConfigError(f"{file}{':' + str(mark.line + 1) if mark else ''}: not valid YAML; fix the syntax") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{file}: expected a mapping of settings")
    for key, value in overrides.items():
        if value is not None:
            _set(data, key, value)
    unknown: list[str] = []
    data = _drop_unknown(data, Config, (), unknown)
    problems = [f"{schema.path_text(p)}: {m}" for p, m in schema.check(data, Config)]
    pdf = data.get("pdf") if isinstance(data.get("pdf"), dict) else {}
    lo, hi = pdf.get("min_font_size", PdfConfig.min_font_size), pdf.get("max_font_size", PdfConfig.max_font_size)
    if not problems and lo > hi:
        problems.append(f"pdf.min_font_size: {lo} is larger than pdf.max_font_size ({hi}); lower it")
    warnings = [f"{file or 'config'}: unknown key {k!r} (ignored)" for k in unknown]
    if problems:
        where = f"{file}: " if file else ""
        raise ConfigError(where + "; ".join(problems + [w.split(": ", 1)[1] for w in warnings]))
    cfg = schema.from_plain(Config, data)
    cfg.path, cfg.warnings = file, warnings
    return cfg


def reference() -> str:
    """The Markdown table of every key (README: Configuration): key, type, default, what it does."""
    rows = ["| key | type | default | what |", "|---|---|---|---|"]
    words = {"a string": "text", "a string or empty": "text", "a number": "number", "a whole number": "whole number",
             "a whole number or empty": "whole number", "true or false": "true/false", "a list": "list"}

    def walk(cls, prefix: str) -> None:
        for name, key, tp, f in schema.fields(cls):
            dotted = prefix + key
            if dataclasses.is_dataclass(tp):
                walk(tp, dotted + ".")
                continue
            kind = words.get(schema.type_words(tp), schema.type_words(tp))
            lo, hi = f.metadata.get("minimum"), f.metadata.get("maximum")
            kind += f" {lo}–{hi}" if lo is not None and hi is not None else f" ≥ {lo}" if lo is not None else ""
            value = f.default if f.default is not dataclasses.MISSING else None
            shown = "" if value is None else f"`{str(value).lower() if isinstance(value, bool) else value}`"
            rows.append(f"| `{dotted}` | {kind} | {shown} | {f.metadata.get('description', '')} |")

    walk(Config, "")
    walk(TaxonomyArea, "taxonomy[].")
    return "\n".join(rows) + "\n"
