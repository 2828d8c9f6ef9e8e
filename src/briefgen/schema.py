"""JSON Schema of the document model, and validation that names the key path and YAML line."""

from __future__ import annotations

from typing import Any

import yaml

from .model import INDICATOR_KINDS, KINDS, QUALIFIERS, SCHEMA_VERSION

_STR = {"type": "string"}
_OPT_STR = {"type": ["string", "null"]}
_NUM = {"type": "number"}
_STR_LIST = {"type": "array", "items": _STR}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://briefgen.invalid/schema/briefgen-1.json",
    "title": "briefgen document model",
    "description": "A Chinese work report normalised for briefing: metadata, section tree, keyword areas, "
                   "numeric indicators with provenance, and the audit of normalisation repairs.",
    "type": "object",
    "required": ["briefgen", "report", "sections", "indicators"],
    "additionalProperties": False,
    "properties": {
        "briefgen": {"const": SCHEMA_VERSION, "description": "schema version"},
        "report": {
            "type": "object",
            "required": ["id", "title", "source"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string", "pattern": r"^[^/\\\s]+$", "description": "file-safe report id"},
                "title": {"type": "string", "minLength": 1},
                "subtitle": _OPT_STR,
                "organisation": _OPT_STR,
                "meeting": _OPT_STR,
                "date": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                "date_text": _OPT_STR,
                "period_reviewed": _OPT_STR,
                "period_planned": _OPT_STR,
                "lead": _STR_LIST,
                "tags": _STR_LIST,
                "source": {
                    "type": "object",
                    "required": ["file", "sha256"],
                    "additionalProperties": False,
                    "properties": {
                        "file": _STR,
                        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                        "encoding": _OPT_STR,
                        "format": {"enum": ["text", "markdown", "docx", "pdf"]},
                        "pages": {"type": ["integer", "null"], "minimum": 1},
                        "chars": {"type": "integer", "minimum": 0},
                    },
                },
            },
        },
        "sections": {"type": "array", "items": {"$ref": "#/$defs/section"}},
        "keyword_areas": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name"],
                "additionalProperties": False,
                "properties": {
                    "id": _STR, "name": {"type": "string", "minLength": 1}, "summary": _STR,
                    "points": _STR_LIST, "sections": _STR_LIST, "marker": _OPT_STR,
                },
            },
        },
        "indicators": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "text", "value", "unit", "label"],
                "additionalProperties": False,
                "properties": {
                    "id": _STR,
                    "text": {"type": "string", "minLength": 1},
                    "value": _NUM,
                    "value_max": {"type": ["number", "null"]},
                    "unit": _STR,
                    "qualifier": {"enum": list(QUALIFIERS)},
                    "label": {"type": "string", "minLength": 1},
                    "kind": {"enum": list(INDICATOR_KINDS)},
                    "section": _OPT_STR,
                    "sentence": _STR,
                    "start": {"type": "integer", "minimum": 0},
                    "end": {"type": "integer", "minimum": 0},
                    "excluded": {"type": "boolean",
                                 "description": "true: left out of every output by a reviewer (kept for provenance)"},
                },
            },
        },
        "repairs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind"],
                "additionalProperties": False,
                "properties": {"kind": _STR, "line": {"type": ["integer", "null"]}, "detail": _STR},
            },
        },
        "text": {"type": "string", "description": "normalised text; indicator offsets point into it"},
    },
    "$defs": {
        "section": {
            "type": "object",
            "required": ["id", "title", "level"],
            "additionalProperties": False,
            "properties": {
                "id": _STR,
                "title": {"type": "string", "minLength": 1},
                "level": {"type": "integer", "minimum": 1, "maximum": 6},
                "kind": {"enum": list(KINDS)},
                "number": _OPT_STR,
                "paragraphs": _STR_LIST,
                "children": {"type": "array", "items": {"$ref": "#/$defs/section"}},
            },
        }
    },
}

_TYPE_WORDS = {"number": "a number", "string": "a string", "integer": "a whole number",
               "array": "a list", "object": "a mapping", "null": "empty"}


def _line_index(node: yaml.Node, path: tuple = (), out: dict | None = None) -> dict:
    """Map each key path to the 1-based line of its value in the YAML text."""
    out = {} if out is None else out
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            out[path + (k.value,)] = k.start_mark.line + 1
            _line_index(v, path + (k.value,), out)
            out[path + (k.value,)] = v.start_mark.line + 1 if not isinstance(v, (yaml.MappingNode, yaml.SequenceNode)) else k.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _line_index(v, path + (i,), out)
    return out


def _fmt_path(path) -> str:
    s = ""
    for p in path:
        s += f"[{p}]" if isinstance(p, int) else (f".{p}" if s else str(p))
    return s or "(top level)"


def _describe(err) -> str:
    v = err.validator
    if v == "type":
        want = err.validator_value
        want = [want] if isinstance(want, str) else want
        return "expected " + " or ".join(_TYPE_WORDS.get(w, w) for w in want)
    if v == "required":
        return err.message.replace(" is a required property", " is missing")
    if v == "enum":
        return f"{err.instance!r} is not one of " + ", ".join(map(str, err.validator_value))
    if v == "additionalProperties":
        return "unknown key(s): " + err.message.split("(")[-1].rstrip(")").replace(" were unexpected", "").replace(" was unexpected", "")
    if v == "const":
        return f"expected {err.validator_value!r}"
    if v == "pattern":
        return f"{err.instance!r} does not have the expected form"
    if v == "minLength":
        return "must not be empty"
    return err.message


def validate_text(yaml_text: str, name: str) -> tuple[dict | None, list[str]]:
    """Parse and validate a YAML model. Returns (data, problems); each problem is 'file:line: path: message'."""
    import jsonschema  # imported here: only validation needs it

    try:
        node = yaml.compose(yaml_text)
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        return None, [f"{name}{line}: not valid YAML ({problem}); fix the syntax at that line"]
    if not isinstance(data, dict):
        return None, [f"{name}:1: expected a briefgen document (a mapping with 'briefgen: 1' at the top)"]
    lines = _line_index(node) if node is not None else {}

    def at(path) -> str:
        path = tuple(path)
        while path and path not in lines:
            path = path[:-1]
        return f"{name}:{lines.get(path, 1)}"

    problems: list[tuple[int, str]] = []
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for err in validator.iter_errors(data):
        path = list(err.absolute_path)
        loc = at(path)
        problems.append((int(loc.rsplit(":", 1)[1]), f"{loc}: {_fmt_path(path)}: {_describe(err)}"))
    if not problems:
        problems.extend((int(at(p).rsplit(":", 1)[1]), f"{at(p)}: {_fmt_path(p)}: {m}") for p, m in _semantic_problems(data))
    problems.sort(key=lambda x: x[0])
    return data, [p for _, p in problems]


def _semantic_problems(d: dict) -> list[tuple[list, str]]:
    """Checks JSON Schema cannot express: unique ids, references, provenance of every figure."""
    from .numbers import as_plain
    from .ingest.quantities import parse_quantity

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
    return out
