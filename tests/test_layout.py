"""The shape of the code: stages as folders, few top-level modules, small modules, each with a docstring."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "briefgen"
STAGES = {"text", "ingest", "selection", "templating", "renderers", "distribution"}


def test_stages_are_folders_and_the_top_level_is_small():
    assert STAGES <= {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    top = sorted(p.name for p in SRC.glob("*.py"))
    assert len(top) <= 12, top


def test_every_module_is_small_and_says_what_it_is():
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(SRC)
        assert len(text.splitlines()) <= 400, f"{rel}: {len(text.splitlines())} lines"
        doc = ast.get_docstring(ast.parse(text))
        assert doc and doc.strip().splitlines()[0].strip(), f"{rel}: no docstring"


def test_help_and_import_load_no_rendering_library():
    code = ("import sys, briefgen, briefgen.cli, briefgen.renderers; briefgen.renderers.formats(); "
            "print([m for m in ('docx', 'pptx', 'reportlab', 'jinja2', 'lxml', 'pypdf') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
