"""Bounded resources: input size, decoded text, decompressed .docx/.pdf, YAML aliases and nesting — each a
one-line exit-2 error naming the file, raised by a `limits` key in briefgen.yaml."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from badinput import assert_bad
from briefgen import document
from briefgen.cli import cli  # noqa: F401
from briefgen.config import load_config
from briefgen.errors import ConfigError, InputError
from briefgen import limits

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "seeds").glob("000_*.txt"))[0]
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))


def _conf(tmp_path: Path, **keys) -> Path:
    p = tmp_path / "briefgen.yaml"
    p.write_text("limits:\n" + "".join(f"  {k}: {v}\n" for k, v in keys.items()), encoding="utf-8")
    return p


@pytest.fixture
def model(tmp_path, briefs) -> Path:
    return document.save(briefs["000"], tmp_path / "model.yaml")


# -- YAML -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cmd", ["validate", "docx", "pdf", "slides", "build"])
def test_a_model_alias_bomb_is_refused_at_once(tmp_path, model, cmd):
    p = tmp_path / "bomb.yaml"
    p.write_text(model.read_text("utf-8") + BOMB.replace("a:", "extra:", 1), encoding="utf-8")
    args = [cmd, p] + (["-o", tmp_path / "out"] if cmd == "build" else [] if cmd == "validate" else ["-o", tmp_path / "out" / "x"])
    if cmd in ("validate", "build"):
        from click.testing import CliRunner
        from briefgen.cli import cli as c

        r = CliRunner().invoke(c, [str(a) for a in args] + (["--quiet"] if cmd == "build" else []))
        assert r.exit_code == 2 and "Traceback" not in r.output
        assert f"{p}:" in r.output and ("alias" in r.output or "anchor" in r.output)
    else:
        line = assert_bad(args, p, watch=tmp_path / "out")
        assert "anchor" in line or "alias" in line


def test_a_single_anchor_in_a_model_is_refused(tmp_path, model):
    p = tmp_path / "m.yaml"
    p.write_text(model.read_text("utf-8").replace("report:\n", "report: &r\n", 1), encoding="utf-8")
    assert any("anchor &r" in x for x in document.validate_model(p))


@pytest.mark.parametrize("depth", [41, 5000, 100_000])
def test_deep_nesting_is_refused_without_recursion_error(tmp_path, depth):
    p = tmp_path / "deep.yaml"
    p.write_text("briefgen: 1\nreport: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    line = assert_bad(["docx", p, "-o", tmp_path / "out" / "x.docx"], p, watch=tmp_path / "out")
    assert "nest" in line  # ours (41) or libyaml's own limit, both before any recursion


def test_roster_alias_bomb_is_refused(tmp_path):
    from briefgen.distribution.roster import load_roster

    p = tmp_path / "roster.yaml"
    p.write_text(BOMB, encoding="utf-8")
    with pytest.raises(InputError, match="expands to more than"):
        load_roster(p, {}, lambda r: [])


def test_config_alias_bomb_and_depth_are_refused(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text(BOMB, encoding="utf-8")
    with pytest.raises(ConfigError, match="expands to more than"):
        load_config(p)
    p.write_text("a: " + "[" * 200 + "]" * 200 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="nested more than"):
        load_config(p)
    assert_bad(["build", SEED, "-o", tmp_path / "out", "--config", p], p, watch=tmp_path / "out")


def test_a_roster_may_still_use_a_merge_key(tmp_path):
    limits.check_yaml("base: &b {formats: [pdf]}\nr:\n  <<: *b\n  name: x\n", "roster.yaml", aliases=True)


# -- sizes ----------------------------------------------------------------------------------------------

def test_input_file_size_limit_and_raising_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    conf = _conf(tmp_path, max_input_mb=0.001)
    line = assert_bad(["ingest", SEED, "-o", tmp_path / "out" / "m.yaml"], SEED, watch=tmp_path / "out")
    assert "limits.max_input_mb" in line
    conf.write_text("limits: {max_input_mb: 5}\n", encoding="utf-8")
    from click.testing import CliRunner
    from briefgen.cli import cli as c

    assert CliRunner().invoke(c, ["ingest", str(SEED), "-o", str(tmp_path / "out" / "m.yaml")]).exit_code == 0


def test_a_model_file_larger_than_the_limit_is_refused(tmp_path, model, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _conf(tmp_path, max_input_mb=0.001)
    assert_bad(["docx", model, "-o", tmp_path / "out" / "x.docx"], model, watch=tmp_path / "out")


def test_text_length_limit(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _conf(tmp_path, max_text_chars=1000)
    line = assert_bad(["pdf", SEED, "-o", tmp_path / "out" / "b.pdf"], SEED, watch=tmp_path / "out")
    assert "limits.max_text_chars" in line


def _docx(tmp_path: Path, paragraphs: int) -> Path:
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    body = "".join(f"<w:p><w:r><w:t>第{i}段：全年完成投资12亿元，同比增长5%。</w:t></w:r></w:p>" for i in range(paragraphs))
    out = tmp_path / "big.docx"
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + body.encode())
            dst.writestr(item, data)
    return out


def test_a_docx_that_unpacks_beyond_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    big = _docx(tmp_path, 20_000)  # about 2 MB of XML in a small zip
    assert big.stat().st_size < 300_000
    _conf(tmp_path, max_unpacked_mb=1)
    line = assert_bad(["ingest", big, "-o", tmp_path / "out" / "m.yaml"], big, watch=tmp_path / "out")
    assert "limits.max_unpacked_mb" in line


def test_a_docx_with_too_much_text_stops_reading_early(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    big = _docx(tmp_path, 2_000)
    _conf(tmp_path, max_text_chars=5000)
    line = assert_bad(["ingest", big, "-o", tmp_path / "out" / "m.yaml"], big, watch=tmp_path / "out")
    assert "limits.max_text_chars" in line


def test_a_pdf_whose_contents_unpack_beyond_the_limit_is_refused(tmp_path, monkeypatch):
    from reportlab.pdfgen import canvas

    monkeypatch.chdir(tmp_path)
    pdf = tmp_path / "big.pdf"
    c = canvas.Canvas(str(pdf), pageCompression=1)
    for i in range(60_000):
        c.drawString(-500, -500, "0123456789 0123456789")  # off the page: contents without visible text
    c.drawString(72, 720, "report")
    c.save()
    _conf(tmp_path, max_unpacked_mb=1)
    line = assert_bad(["ingest", pdf, "-o", tmp_path / "out" / "m.yaml"], pdf, watch=tmp_path / "out")
    assert "limits.max_unpacked_mb" in line


def test_limits_are_in_force_only_inside_using():
    before = limits.current()
    with limits.using(load_config(None, **{"limits.max_text_chars": 5000}).limits) as lim:
        assert lim.max_text_chars == 5000
    assert limits.current() == before


def test_front_matter_with_an_alias_bomb_is_ignored_quickly(tmp_path):
    src = tmp_path / "r.md"
    src.write_text("---\n" + BOMB + "---\n# 某市工作报告\n## 一、回顾\n" + "全年完成投资12亿元，增长5%，新建学校和医院。\n" * 10, encoding="utf-8")
    brief = document.read_report(src)
    assert brief.report.title and not any(r.kind == "front_matter" for r in brief.repairs)


def test_a_roster_upload_with_an_alias_bomb_is_refused(tmp_path):
    from briefgen.serve.distribution import Dispatcher
    from briefgen.serve.workspace import UploadError

    obj = Dispatcher.__new__(Dispatcher)  # only its roster folder is needed
    obj.dir = tmp_path
    with pytest.raises(UploadError, match="expands to more than"):
        obj.save_roster("roster.yaml", BOMB.encode())
