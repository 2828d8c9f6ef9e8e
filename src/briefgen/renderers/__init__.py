"""The format registry: each renderer package declares its formats once; build, manifest, distribute and the CLI read them.

A format is one package under ``renderers/`` plus its template. The package's ``__init__`` calls
:func:`register` with a :class:`Format` (cheap: nothing heavy is imported until a file is rendered);
its ``renderer`` function is ``render(brief, env, context, out_path, config) -> list[str]`` (warnings)
and writes *out_path* atomically. Another package can register a format the same way.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable

from ..errors import BriefgenError

#: The built-in format packages, in the order their formats are listed and built.
BUILTIN = ("briefgen.renderers.docx", "briefgen.renderers.pdf", "briefgen.renderers.slides")


@dataclass(frozen=True)
class Format:
    """One output format."""

    #: the name in --formats, manifest.json and rosters: docx, pdf, slides, pptx
    name: str
    #: file suffix, with the dot
    suffix: str
    #: file name inside OUTPUT/<report-id>/
    output: str
    #: the template that decides the content (user template directory first, then the defaults)
    template: str
    #: MIME type of the file as a mail attachment
    mime: str
    #: display label: attachment names are <report title>-<label><suffix>
    label: str
    #: "module:function" that renders it (imported only when used)
    renderer: str
    #: what it is, one line (help texts)
    title: str = ""
    #: a --formats name that stands for several formats (slides = slides.md and slides.pptx)
    family: str = ""
    #: other names a roster may use (md, markdown)
    aliases: tuple[str, ...] = ()
    #: sent to a roster recipient who names no formats
    roster_default: bool = False
    #: "module:function" adding template variables for this format: fn(brief, context, config) -> dict
    select: str = ""
    #: "module:function" cutting a built file down to some keyword areas (area-limited mail):
    #: fn(data: bytes, parts: list[str], keep: set[str]) -> bytes
    excerpt: str = ""
    #: a directory holding the format's own template (searched after the user's and briefgen's)
    template_dir: str = ""
    #: relative time to import and render it (shares formats out among render workers)
    weight: float = 1.0

    @property
    def short(self) -> str:
        """The suffix without its dot (tables): md, docx."""
        return self.suffix.lstrip(".")


class UnknownFormat(BriefgenError):
    """A format name no renderer declares."""


_REGISTRY: dict[str, Format] = {}
_loaded = False


def register(fmt: Format) -> Format:
    """Add *fmt* to the registry; a name or alias already taken is an error."""
    taken = {n for f in _REGISTRY.values() for n in (f.name, *f.aliases)}
    clash = [n for n in (fmt.name, *fmt.aliases) if n in taken]
    if clash:
        raise ValueError(f"format name {clash[0]!r} is already registered")
    _REGISTRY[fmt.name] = fmt
    return fmt


def unregister(name: str) -> None:
    """Remove a format (tests that register a toy format clean up with it)."""
    _REGISTRY.pop(name, None)


def _ensure_builtins() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        for module in BUILTIN:
            importlib.import_module(module)


def _rank(f: Format) -> int:
    return next((i for i, m in enumerate(BUILTIN) if f.renderer.startswith(m + ".")), len(BUILTIN))


def formats() -> list[Format]:
    """Every registered format: the built-in ones in BUILTIN order, then others as registered."""
    _ensure_builtins()
    return sorted(_REGISTRY.values(), key=_rank)


def names() -> list[str]:
    return [f.name for f in formats()]


def get(name: str) -> Format:
    """The format called *name* (or with that alias); UnknownFormat names the choices."""
    fmt = lookup(name)
    if fmt is None:
        raise UnknownFormat(f"unknown format {name!r}; choose from {', '.join(names())}")
    return fmt


def lookup(name: str) -> Format | None:
    """The format called *name* or with that alias, or None."""
    for f in formats():
        if name == f.name or name in f.aliases:
            return f
    return None


def resolve(spec: str | list[str] | None) -> list[str]:
    """Format names from a --formats value: 'docx,pdf,slides' → docx, pdf, slides, pptx (a family name
    stands for all its formats; md is the Markdown slides alone). None: every format."""
    if spec is None:
        return names()
    parts = [p.strip() for p in (spec.split(",") if isinstance(spec, str) else spec) if p.strip()]
    out: list[str] = []
    for part in parts:
        family = [f.name for f in formats() if f.family == part]
        single = lookup(part)
        chosen = family if len(family) > 1 else [single.name] if single else []
        if not chosen:
            known = sorted({f.family for f in formats() if f.family} | {n for f in formats() for n in (f.name, *f.aliases)})
            raise UnknownFormat(f"--formats: unknown format {part!r}; choose from {', '.join(known)}")
        out += [f for f in chosen if f not in out]
    if not out:
        raise UnknownFormat("--formats: give at least one of " + ", ".join(names()))
    return out


def load(ref: str) -> Callable[..., Any]:
    """The function a "module:function" reference names (its module is imported now)."""
    module, _, attr = ref.partition(":")
    return getattr(importlib.import_module(module), attr)


@dataclass
class Rendered:
    """What rendering one file gave: warnings, and for slide decks the keyword area of each slide."""

    warnings: list[str]
    #: per slide, the id of the keyword area it shows ("" for the cover and other common slides)
    parts: list[str] | None = None


def render_output(brief, fmt: str, out_path, config, env=None, context: dict | None = None) -> Rendered:
    """Render *brief* as *fmt* into *out_path* (atomically); *env* and *context* may be shared by a caller
    rendering several files (defaults: ``make_env(config.templates)`` and ``select(brief, fmt, config)``)."""
    from pathlib import Path

    from ..selection import select
    from ..templating import make_env
    from ..text.controls import scrubbed

    f = get(fmt)
    brief = scrubbed(brief)  # \v, \f … from pasted text: spaces (no XML or PDF can hold them)
    env = env if env is not None else make_env(config.templates)
    context = context if context is not None else select(brief, f.name, config)
    result = load(f.renderer)(brief, env, context, Path(out_path), config)
    return result if isinstance(result, Rendered) else Rendered(list(result or []))


def render(brief, fmt: str, out_path, *, config=None, templates=None) -> list[str]:
    """Write *brief* as format *fmt* to *out_path*; returns warnings (e.g. what the one-page PDF left out).

    *templates*: a directory of templates over the defaults (overrides ``config.templates``)."""
    import dataclasses

    from ..config import load_config

    config = config if config is not None else load_config()
    if templates is not None:
        config = dataclasses.replace(config, templates=str(templates))
    return render_output(brief, fmt, out_path, config).warnings
