"""Load, save and validate the YAML document model; open any input (YAML model or raw report)."""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import InputError, ModelError
from .fsutil import write_text
from .model import Brief

YAML_SUFFIXES = {".yaml", ".yml"}


class _Dumper(yaml.SafeDumper):
    """Multi-line strings as literal blocks, so the normalised text stays readable and editable."""


def _str(dumper, s: str):
    style = "|" if "\n" in s and not any(ln != ln.rstrip() for ln in s.split("\n")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", s, style=style)


_Dumper.add_representer(str, _str)

HEADER = ("# briefgen document model (schema 1). Edit labels, kinds or delete wrong indicators, then\n"
          "# re-render with 'briefgen docx|pdf|slides THIS.yaml'. Check edits with 'briefgen validate'.\n")


def dumps(brief: Brief) -> str:
    return HEADER + yaml.dump(brief.to_dict(), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def save(brief: Brief, path: str | Path) -> Path:
    """Write the model as YAML, atomically."""
    return write_text(path, dumps(brief))


def check(path: str | Path) -> tuple[dict | None, list[str]]:
    """Validate a YAML model file; returns (data, all problems)."""
    from .schema import validate_text

    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [f"{path}:1: not UTF-8 text; save the YAML as UTF-8"]
    return validate_text(text, str(path))


def load(path: str | Path) -> Brief:
    """Load and validate a YAML model; raises ModelError listing every problem."""
    data, problems = check(path)
    if problems:
        raise ModelError(str(path), problems)
    return Brief.from_dict(data)


def open_input(path: str | Path, encoding: str | None = None, taxonomy: list[dict] | None = None) -> Brief:
    """A YAML model is loaded as it is (hand edits are kept); any other file is ingested, and its
    keyword areas filed under the config's *taxonomy* when one is given."""
    path = Path(path)
    if path.suffix.lower() in YAML_SUFFIXES:
        return load(path)
    from .ingest import ingest
    from .ingest.areas import apply_taxonomy

    brief = ingest(path, encoding=encoding)
    apply_taxonomy(brief, taxonomy or [])
    return brief
