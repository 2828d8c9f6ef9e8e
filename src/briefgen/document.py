"""Model files: save and load the YAML document model, check it (every problem, with file:line), read any input."""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import schema
from .errors import InputError, ModelError
from .fsutil import write_text
from .model import SCHEMA_VERSION, Brief

YAML_SUFFIXES = {".yaml", ".yml"}


@lru_cache(maxsize=None)
def _dumper():
    """The YAML dumper: multi-line strings as literal blocks, so the normalised text stays readable and
    editable; libyaml's emitter when present (same text, 5× faster). PyYAML is imported here, on first
    use: reading a raw report does not need it."""
    import yaml

    class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
        pass

    def text(dumper, s: str):
        style = "|" if "\n" in s and not any(ln != ln.rstrip() for ln in s.split("\n")) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", s, style=style)

    Dumper.add_representer(str, text)
    return Dumper


HEADER = ("# briefgen document model (schema 1). Edit labels, kinds or delete wrong indicators, then\n"
          "# re-render with 'briefgen docx|pdf|slides THIS.yaml'. Check edits with 'briefgen validate'.\n")


def dumps(brief: Brief) -> str:
    import yaml

    return HEADER + yaml.dump(brief.to_dict(), Dumper=_dumper(), allow_unicode=True, sort_keys=False, width=100)


def save(brief: Brief, path: str | Path) -> Path:
    """Write the model as YAML, atomically."""
    return write_text(path, dumps(brief))


# -- the schema ----------------------------------------------------------------------------------------

def model_schema() -> dict[str, Any]:
    """The JSON Schema of the YAML document model, derived from :class:`briefgen.model.Brief`."""
    derived = schema.json_schema(Brief)
    defs = derived["$defs"]
    brief = defs.pop("Brief")
    return {
        "$schema": derived["$schema"],
        "$id": f"https://briefgen.invalid/schema/briefgen-{SCHEMA_VERSION}.json",
        "title": "briefgen document model",
        "description": "A Chinese work report normalised for briefing: metadata, section tree, keyword areas, "
                       "numeric indicators with provenance, and the audit of normalisation repairs.",
        "type": "object",
        "required": ["briefgen", *brief["required"]],
        "additionalProperties": False,
        "properties": {"briefgen": {"const": SCHEMA_VERSION, "description": "schema version"}, **brief["properties"]},
        "$defs": defs,
    }


def structural_problems(data: dict) -> list[tuple[tuple, str]]:
    """(key path, problem) for everything in *data* that does not match the model's types."""
    out: list[tuple[tuple, str]] = []
    if "briefgen" not in data:
        out.append(((), "'briefgen' is missing"))
    elif data["briefgen"] != SCHEMA_VERSION or isinstance(data["briefgen"], bool):
        out.append((("briefgen",), f"expected {SCHEMA_VERSION!r}"))
    return out + schema.check({k: v for k, v in data.items() if k != "briefgen"}, Brief)


def semantic_problems(d: dict) -> list[tuple[list, str]]:
    """Checks types cannot express: unique ids, references, provenance of every figure."""
    from .text.numerals import as_plain
    from .text.quantities import parse_quantity

    out: list[tuple[list, str]] = []
    text = d.get("text") or ""
    section_ids: set[str] = set()

    def walk(secs, path):
        for i, s in enumerate(secs):
            if s["id"] in section_ids:
                out.append((path + [i, "id"], f"duplicate section id {s['id']!r}"))
            section_ids.add(s["id"])
            walk(s.get("children") or [], path + [i, "children"])

    walk(d.get("sections") or [], ["sections"])
    seen: set[str] = set()
    for i, ind in enumerate(d.get("indicators") or []):
        p = ["indicators", i]
        if ind["id"] in seen:
            out.append((p + ["id"], f"duplicate indicator id {ind['id']!r}"))
        seen.add(ind["id"])
        sec = ind.get("section")
        if sec is not None and sec not in section_ids:
            out.append((p + ["section"], f"no section with id {sec!r}"))
        start, end = ind.get("start"), ind.get("end")
        if text and start is not None and end is not None and text[start:end] != ind["text"]:
            out.append((p + ["text"], f"{ind['text']!r} is not at text[{start}:{end}]; "
                                     "every figure must trace to the source (fix text or the offsets)"))
        q = parse_quantity(ind["text"])
        if q is not None and q.value is not None and abs(float(q.value) - float(ind["value"])) > 1e-6 * max(1, abs(float(q.value))):
            out.append((p + ["value"], f"{ind['value']} does not match text {ind['text']!r} "
                                      f"(which reads as {as_plain(q.value)}); correct the value or the text"))
    for i, a in enumerate(d.get("keyword_areas") or []):
        for j, sid in enumerate(a.get("sections") or []):
            if sid not in section_ids:
                out.append((["keyword_areas", i, "sections", j], f"no section with id {sid!r}"))
    out.extend(_appendix_problems(d.get("appendices") or [], text))
    return out


def _appendix_problems(appendices: list[dict], text: str) -> list[tuple[list, str]]:
    """Back matter must point into the text: its range, each item at its offsets, note references before it."""
    out: list[tuple[list, str]] = []
    ids: set[str] = set()
    for i, a in enumerate(appendices):
        p = ["appendices", i]
        if a["id"] in ids:
            out.append((p + ["id"], f"duplicate appendix id {a['id']!r}"))
        ids.add(a["id"])
        start, end = a["start"], a["end"]
        if not start <= end <= len(text):
            out.append((p + ["start"], f"range {start}..{end} is outside the text (0..{len(text)}); fix the offsets"))
            continue
        for j, it in enumerate(a.get("items") or []):
            q = p + ["items", j]
            if not start <= it["start"] <= it["end"] <= end:
                out.append((q + ["start"], f"item range {it['start']}..{it['end']} is outside its appendix ({start}..{end})"))
            elif text[it["start"]:it["end"]] != it["text"]:
                out.append((q + ["text"], f"{it['text'][:20]!r} is not at text[{it['start']}:{it['end']}]; fix text or the offsets"))
            for k, r in enumerate(it.get("refs") or []):
                if r >= start:
                    out.append((q + ["refs", k], f"reference at {r} is not in the body (before {start})"))
    return out


# -- checking a file, with lines -------------------------------------------------------------------------

def _line_index(node, path: tuple = (), out: dict | None = None) -> dict:
    """Map each key path to the 1-based line of its value in the YAML text (*node*: a yaml.Node)."""
    import yaml

    out = {} if out is None else out
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            _line_index(v, path + (k.value,), out)
            out[path + (k.value,)] = v.start_mark.line + 1 if not isinstance(v, (yaml.MappingNode, yaml.SequenceNode)) else k.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _line_index(v, path + (i,), out)
    return out


def validate(data: Any, name: str = "model", lines: dict | None = None) -> list[str]:
    """Every problem of a model given as plain data, each as 'name:line: key.path: message', in line order."""
    if not isinstance(data, dict):
        return [f"{name}:1: expected a briefgen document (a mapping with 'briefgen: 1' at the top)"]
    lines = lines or {}

    def line(path) -> int:
        path = tuple(path)
        while path and path not in lines:
            path = path[:-1]
        return lines.get(path, 1)

    found = structural_problems(data)
    if not found:  # the semantic checks need the structure they read
        found = [(tuple(p), m) for p, m in semantic_problems(data)]
    ordered = sorted(((line(p), p, m) for p, m in found), key=lambda x: x[0])
    return [f"{name}:{n}: {schema.path_text(p)}: {m}" for n, p, m in ordered]


def validate_text(yaml_text: str, name: str) -> tuple[dict | None, list[str]]:
    """Parse and validate a YAML model. Returns (data, problems); each problem is 'file:line: path: message'."""
    import yaml

    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        return None, [f"{name}{line}: not valid YAML ({problem}); fix the syntax at that line"]
    return data, validate(data, name, _line_index(node) if node is not None else {})


def check(path: str | Path) -> tuple[dict | None, list[str]]:
    """Validate a YAML model file; returns (data, all problems)."""
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


def read_report(path: str | Path, *, encoding: str | None = None, config=None) -> Brief:
    """A YAML model is loaded as it is (hand edits are kept); any other file is ingested, and its
    keyword areas filed under the config's taxonomy when it has one."""
    path = Path(path)
    if path.suffix.lower() in YAML_SUFFIXES:
        return load(path)
    from .ingest import ingest
    from .ingest.areas import apply_taxonomy

    brief = ingest(path, encoding=encoding)
    taxonomy = [dataclasses.asdict(a) for a in config.taxonomy] if config is not None else []
    apply_taxonomy(brief, taxonomy)
    return brief


def validate_model(model: str | Path | dict) -> list[str]:
    """Every problem of a model file (``file:line: key.path: message``) or of a model given as a dict
    (``model:1: key.path: message``); an empty list when it is valid."""
    if isinstance(model, dict):
        return validate(model, "model")
    return check(model)[1]
