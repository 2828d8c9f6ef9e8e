"""Templates: the sandboxed Jinja2 environment (user directory over the defaults, strict variables) and rendering with file:line errors."""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import BriefgenError, TemplateError
from ..fsutil import cache_dir
from .filters import FILTERS

DEFAULT_DIR = Path(__file__).parent.parent / "templates"

#: The longest string or list one template expression may build ('x' * n), and the largest power (a ** b).
MAX_SEQUENCE = 1_000_000
MAX_EXPONENT = 1_000


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, plus bounds on ``*`` and ``**`` so one expression cannot take gigabytes."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and (
                abs(right) > MAX_EXPONENT or isinstance(left, int) and left.bit_length() * abs(right) > 64 * MAX_EXPONENT):
            raise jinja2.exceptions.SecurityError(f"a power (** {right}) with more than {64 * MAX_EXPONENT} bits")
        if operator == "*":
            seq, n = (left, right) if isinstance(left, (str, list, tuple)) else (right, left)
            if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_SEQUENCE:
                raise jinja2.exceptions.SecurityError(f"repeating a sequence {n} times builds more than "
                                                      f"{MAX_SEQUENCE:,} items")
        return super().call_binop(context, operator, left, right)


def search_path(user_dir: str | Path | None = None) -> list[Path]:
    """Where templates are looked up, in order: the user's directory, briefgen's defaults, then the
    directories of registered formats that bring their own template."""
    from ..renderers import formats

    extra = [Path(f.template_dir) for f in formats() if f.template_dir]
    return ([Path(user_dir)] if user_dir is not None else []) + [DEFAULT_DIR] + extra


def make_env(user_dir: str | Path | None = None) -> jinja2.Environment:
    """One environment over :func:`search_path`; undefined names fail. It is Jinja's immutable sandbox:
    a template (perhaps from someone else) cannot reach Python internals (``__class__``, ``__globals__``,
    ``os``), call methods that change data (``list.append``) or run code; trying is a template error."""
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        user_dir = Path(user_dir)
        if not user_dir.is_dir():
            raise TemplateError(f"{user_dir}: template directory not found; "
                                "create it with 'briefgen templates init DIR'")
    loaders += [jinja2.FileSystemLoader(str(d)) for d in search_path(user_dir)]
    env = Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the user cache folder (keyed by each template's source), so a new
    process does not parse and compile them again; None when the folder cannot be made."""
    folder = cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def _where(exc: BaseException, fallback: str) -> str:
    """'template.j2:12' from a Jinja error (syntax errors carry it; runtime errors are in the traceback)."""
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if name and line:
        return f"{name}:{line}"
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2") or "/templates/" in frame.filename:
            return f"{frame.filename}:{frame.lineno}"
    return fallback


def _template_path(env: jinja2.Environment, name: str) -> str:
    """Where template *name* would be read from (the first folder holding it), for a message."""
    from pathlib import Path

    for ld in getattr(env.loader, "loaders", [env.loader]):
        for folder in getattr(ld, "searchpath", []):
            if (Path(folder) / name).is_file():
                return str(Path(folder) / name)
    return name


def render(env: jinja2.Environment, name: str, context: dict) -> str:
    """Render template *name*; any template problem becomes a one-line TemplateError with file:line."""
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound:
        dirs = [str(p) for ld in env.loader.loaders for p in getattr(ld, "searchpath", [])]  # type: ignore[attr-defined]
        raise TemplateError(f"template {name!r} not found in {', '.join(dirs)}") from None
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(f"{e.filename or name}:{e.lineno}: template syntax error: {e.message}") from None
    except UnicodeDecodeError:
        raise TemplateError(f"{_template_path(env, name)}: not a UTF-8 text file; save the template as UTF-8") from None
    try:
        return template.render(**context)
    except BriefgenError:
        raise
    except jinja2.UndefinedError as e:
        raise TemplateError(f"{_where(e, template.filename or name)}: unknown variable: {e.message}") from None
    except jinja2.exceptions.SecurityError as e:
        raise TemplateError(f"{_where(e, template.filename or name)}: not allowed in a template ({e}); "
                            "templates may only read the variables they are given") from None
    except jinja2.TemplateError as e:
        raise TemplateError(f"{_where(e, template.filename or name)}: template error: {e}") from None
    except (RecursionError, MemoryError) as e:
        raise TemplateError(f"{_where(e, template.filename or name)}: template too deep or too large "
                            f"({e.__class__.__name__}); simplify the template") from None
    except Exception as e:  # noqa: BLE001 - any other runtime error of the template's own expressions
        raise TemplateError(f"{_where(e, template.filename or name)}: template error "
                            f"({e.__class__.__name__}: {e}); fix the expression at that line") from None
