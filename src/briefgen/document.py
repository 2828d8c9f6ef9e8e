"""Model files: save and load the YAML document model, check it (every problem, with file:line), read any input."""

from __future__ import annotations

import dataclasses
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import schema
from .errors import InputError, ModelError
from .fsutil import write_text
from .model import SCHEMA_VERSION, Brief, Repair

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


#: The largest figure a model may hold (in its unit); anything bigger is a typo or an attack, not a report's number.
MAX_VALUE = 1e15


def _int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _number_problem(v) -> str | None:
    """Why *v* cannot be an indicator's value: not finite (NaN, infinity) or beyond :data:`MAX_VALUE`."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None  # the structural check names the type
    if isinstance(v, float) and not math.isfinite(v):
        return f"{v} is not a finite number; give the figure the text states"
    if abs(v) > MAX_VALUE:
        return f"{str(v)[:20]}… is larger than {MAX_VALUE:.0e}; give the figure the text states"
    return None


def _indicator_problems(ind: dict, p: list, text: str) -> list[tuple[list, str]]:
    """Provenance that cannot be forged: offsets present and inside the text, the text found there, and
    the value what that text says. Tolerates a malformed entry (the structural check names its types)."""
    from .text.numerals import as_plain
    from .text.quantities import parse_quantity

    out: list[tuple[list, str]] = []
    for key in ("value", "value_max"):
        problem = _number_problem(ind.get(key))
        if problem:
            out.append((p + [key], problem))
    itext, start, end = ind.get("text"), ind.get("start"), ind.get("end")
    for key in ("start", "end"):
        if key not in ind:
            out.append((p, f"'{key}' is missing; every figure needs its offsets (text[start:end] is the figure)"))
    if not isinstance(itext, str) or not itext or not _int(start) or not _int(end):
        return out
    if not text:
        out.append((p + ["text"], "the model has no text for this figure to trace to; "
                                  "keep the 'text' the report was ingested with"))
    elif not 0 <= start < end <= len(text):
        out.append((p + ["start"], f"offsets {start}..{end} are outside the text (0..{len(text)}); fix the offsets"))
    elif text[start:end] != itext:
        out.append((p + ["text"], f"{itext!r} is not at text[{start}:{end}]; "
                                  "every figure must trace to the source (fix text or the offsets)"))
    q = parse_quantity(itext)
    value = ind.get("value")
    if q is None or q.value is None:
        out.append((p + ["text"], f"{itext[:30]!r} does not read as a quantity; an indicator's text is the "
                                  "figure as the report writes it (3.5亿元, 12%)"))
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and not _number_problem(value):
        try:
            qv = float(q.value)
        except OverflowError:
            qv = math.inf
        if not math.isfinite(qv) or abs(qv - float(value)) > 1e-6 * max(1, abs(qv)):
            out.append((p + ["value"], f"{value} does not match text {itext!r} "
                                       f"(which reads as {as_plain(q.value) if math.isfinite(qv) else 'too large'}); "
                                       "correct the value or the text"))
    return out


def _one_line_problems(d: dict) -> list[tuple[list, str]]:
    """Titles, names and labels are one line each: a line break would become an extra heading."""
    out: list[tuple[list, str]] = []

    def check(value, path):
        if isinstance(value, str) and any(c in value for c in "\r\n\u2028\u2029\x85"):
            out.append((path, "contains a line break; a title, name or label is one line (join it)"))

    report = d.get("report") if isinstance(d.get("report"), dict) else {}
    for key in ("title", "subtitle", "speaker", "organisation", "meeting"):
        check(report.get(key), ["report", key])

    def walk(secs, path):
        for i, s in enumerate(secs if isinstance(secs, list) else []):
            if isinstance(s, dict):
                check(s.get("title"), path + [i, "title"])
                walk(s.get("children"), path + [i, "children"])

    walk(d.get("sections"), ["sections"])
    for key, field in (("keyword_areas", "name"), ("indicators", "label")):
        for i, x in enumerate(d.get(key) if isinstance(d.get(key), list) else []):
            if isinstance(x, dict):
                check(x.get(field), [key, i, field])
    return out


def semantic_problems(d: dict) -> list[tuple[list, str]]:
    """Checks types cannot express: unique ids, references, provenance of every figure. Runs on a model
    that also has structural problems (every entry that is not a mapping is skipped), so one
    'validate' lists both kinds."""
    out: list[tuple[list, str]] = []
    text = d.get("text") if isinstance(d.get("text"), str) else ""
    section_ids: set[str] = set()

    def walk(secs, path):
        for i, s in enumerate(secs if isinstance(secs, list) else []):
            if not isinstance(s, dict):
                continue
            if s.get("id") in section_ids:
                out.append((path + [i, "id"], f"duplicate section id {s['id']!r}"))
            if isinstance(s.get("id"), str):
                section_ids.add(s["id"])
            walk(s.get("children") or [], path + [i, "children"])

    walk(d.get("sections") or [], ["sections"])
    out.extend(_one_line_problems(d))
    seen: set[str] = set()
    indicators = d.get("indicators") if isinstance(d.get("indicators"), list) else []
    for i, ind in enumerate(indicators):
        if not isinstance(ind, dict):
            continue
        p = ["indicators", i]
        iid = ind.get("id")
        if isinstance(iid, str):
            if iid in seen:
                out.append((p + ["id"], f"duplicate indicator id {iid!r}"))
            seen.add(iid)
        sec = ind.get("section")
        if isinstance(sec, str) and sec not in section_ids:
            out.append((p + ["section"], f"no section with id {sec!r}"))
        out.extend(_indicator_problems(ind, p, text))
    areas = d.get("keyword_areas") if isinstance(d.get("keyword_areas"), list) else []
    for i, a in enumerate(areas):
        for j, sid in enumerate((a.get("sections") or []) if isinstance(a, dict) else []):
            if isinstance(sid, str) and sid not in section_ids:
                out.append((["keyword_areas", i, "sections", j], f"no section with id {sid!r}"))
    appendices = d.get("appendices") if isinstance(d.get("appendices"), list) else []
    out.extend(_appendix_problems([a for a in appendices if isinstance(a, dict)], text))
    return out


def _appendix_problems(appendices: list[dict], text: str) -> list[tuple[list, str]]:
    """Back matter must point into the text: its range, each item at its offsets, note references before it."""
    out: list[tuple[list, str]] = []
    ids: set[str] = set()
    for i, a in enumerate(appendices):
        try:
            _one_appendix(a, ["appendices", i], text, ids, out)
        except (KeyError, TypeError, AttributeError):
            continue  # malformed: the structural check names it
    return out


def _one_appendix(a: dict, p: list, text: str, ids: set, out: list) -> None:
    """One appendix: a unique id, its range inside the text, each item at its offsets."""
    if a["id"] in ids:
        out.append((p + ["id"], f"duplicate appendix id {a['id']!r}"))
    ids.add(a["id"])
    start, end = a["start"], a["end"]
    if not start <= end <= len(text):
        out.append((p + ["start"], f"range {start}..{end} is outside the text (0..{len(text)}); fix the offsets"))
        return
    for j, it in enumerate(a.get("items") or []):
        q = p + ["items", j]
        if not start <= it["start"] <= it["end"] <= end:
            out.append((q + ["start"], f"item range {it['start']}..{it['end']} is outside its appendix ({start}..{end})"))
        elif text[it["start"]:it["end"]] != it["text"]:
            out.append((q + ["text"], f"{it['text'][:20]!r} is not at text[{it['start']}:{it['end']}]; fix text or the offsets"))
        for k, r in enumerate(it.get("refs") or []):
            if r >= start:
                out.append((q + ["refs", k], f"reference at {r} is not in the body (before {start})"))


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
    found += [(tuple(p), m) for p, m in semantic_problems(data)]  # every problem at once
    ordered = sorted(((line(p), p, m) for p, m in found), key=lambda x: x[0])
    return [f"{name}:{n}: {schema.path_text(p)}: {m}" for n, p, m in ordered]


def validate_text(yaml_text: str, name: str) -> tuple[dict | None, list[str]]:
    """Parse and validate a YAML model. Returns (data, problems); each problem is 'file:line: path: message'."""
    import yaml

    from .limits import check_yaml, safe_load

    try:
        check_yaml(yaml_text, name, aliases=False)
    except InputError as e:
        return None, [str(e.message)]
    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        data = safe_load(yaml_text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        return None, [f"{name}{line}: not valid YAML ({problem}); fix the syntax at that line"]
    return data, validate(data, name, _line_index(node) if node is not None else {})


def check(path: str | Path) -> tuple[dict | None, list[str]]:
    """Validate a YAML model file; returns (data, all problems)."""
    from .limits import check_file_size

    path = Path(path)
    try:
        check_file_size(path.stat().st_size, str(path))
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
    from . import limits

    path = Path(path)
    with limits.using(config.limits if config is not None else None):
        if path.suffix.lower() in YAML_SUFFIXES:
            return load(path)
        from .ingest import ingest

        try:
            brief = loadable(ingest(path, encoding=encoding), path)
        except InputError as e:  # ingest names the file by its name; the user gave a path
            if str(e.message).startswith(f"{path.name}:") and str(path) != path.name:
                e.message = f"{path}{str(e.message)[len(path.name):]}"
            raise
    from .ingest.areas import apply_taxonomy

    taxonomy = [dataclasses.asdict(a) for a in config.taxonomy] if config is not None else []
    apply_taxonomy(brief, taxonomy)
    return brief


def loadable(brief: Brief, path: str | Path) -> Brief:
    """*brief* as ingest made it, checked as every load checks it: an indicator that fails (a value too
    large or not finite, a text that does not trace) is dropped with a warning repair; any other problem is
    an error, so no command ever writes a model that no command can load."""
    problems = semantic_problems(brief.to_dict())
    bad = {p[1] for p, _ in problems if p[:1] == ["indicators"] and len(p) > 1}
    if bad:
        for i in sorted(bad):
            ind = brief.indicators[i]
            brief.repairs.append(Repair("warning", None, f"figure {ind.text[:30]!r} left out: "
                                        + next(m for p, m in problems if p[:2] == ["indicators", i])))
        brief.indicators = [ind for i, ind in enumerate(brief.indicators) if i not in bad]
    rest = validate(brief.to_dict(), str(path))
    if rest:
        raise InputError(f"{path}: cannot be read into a valid model ({rest[0].split(': ', 1)[1]}); "
                         "check the file, or run with --debug and report it")
    return brief


def validate_model(model: str | Path | dict) -> list[str]:
    """Every problem of a model file (``file:line: key.path: message``) or of a model given as a dict
    (``model:1: key.path: message``); an empty list when it is valid."""
    if isinstance(model, dict):
        return validate(model, "model")
    return check(model)[1]
