"""Golden tests: the seeds' outputs, dumped as text, compared with tests/golden/<seed-id>/.

Regenerate after an intended change with ``python -m pytest tests/test_golden.py --update-golden`` and read
the diff (``git diff tests/golden``) before committing it: every changed line is a change users will see.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from click.testing import CliRunner

from golden_dump import dump

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
#: output file -> golden file name
FILES = {"report.yaml": "report.yaml", "summary.docx": "summary.docx.txt", "briefing.pdf": "briefing.pdf.txt",
         "slides.md": "slides.md", "slides.pptx": "slides.pptx.txt"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import os

    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    from briefgen.cli import cli

    out = tmp_path_factory.mktemp("golden")
    res = CliRunner().invoke(cli, ["build", *map(str, SEEDS), "-o", str(out), "--quiet"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return out


@pytest.mark.parametrize("seed", [s.stem for s in SEEDS])
@pytest.mark.parametrize("name", list(FILES))
def test_golden(built, seed, name, request):
    produced = built / seed / name
    assert produced.exists(), f"{produced} was not built"
    text = dump(produced)
    golden = GOLDEN / seed / FILES[name]
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
        return
    assert golden.exists(), f"no golden file {golden}; run pytest tests/test_golden.py --update-golden"
    expected = golden.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            f"golden/{seed}/{FILES[name]}", "built", n=1))
        pytest.fail(f"{seed}/{name} differs from its golden dump "
                    f"(if intended: pytest tests/test_golden.py --update-golden):\n{diff[:6000]}")
