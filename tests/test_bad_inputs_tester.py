"""Bad inputs found by a tester's run (385 cases): each is now exit 2 with one line naming the file, or
plain data where it was a crash."""

from __future__ import annotations

import os

import pytest
import yaml
from click.testing import CliRunner

from badinput import assert_bad
from briefgen.cli import cli

SEED = sorted((__import__("pathlib").Path(__file__).parent.parent / "seeds").glob("*.txt"))[0]


@pytest.fixture
def model(tmp_path, briefs):
    return briefs["000"].to_dict()


def _write(path, data):
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_an_impossible_date_in_a_model_is_text_not_a_crash(tmp_path, model):
    model["report"]["date_text"] = "2020-02-30"
    p = tmp_path / "m.yaml"
    p.write_text(yaml.safe_dump(model, allow_unicode=True, sort_keys=False).replace("'2020-02-30'", "2020-02-30"),
                 encoding="utf-8")
    assert "date_text: 2020-02-30\n" in p.read_text(encoding="utf-8")
    r = CliRunner().invoke(cli, ["docx", str(p), "-o", str(tmp_path / "m.docx")])
    assert r.exit_code == 0, r.output


def test_an_impossible_date_in_a_config_is_text(tmp_path):
    conf = tmp_path / "briefgen.yaml"
    conf.write_text("organisation: 2020-02-30\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["pdf", str(SEED), "-o", str(tmp_path / "b.pdf"), "--config", str(conf)])
    assert r.exit_code == 0, r.output


def test_a_title_longer_than_office_properties_hold_still_renders(tmp_path, model):
    model["report"]["title"] = "很长的标题" * 100
    p = _write(tmp_path / "m.yaml", model)
    for cmd, out in (("docx", "m.docx"), ("slides", "m.pptx")):
        args = [cmd, str(p), "-o", str(tmp_path / out)] + (["--pptx"] if cmd == "slides" else [])
        r = CliRunner().invoke(cli, args)
        assert r.exit_code == 0, r.output
    from docx import Document

    assert len(Document(tmp_path / "m.docx").core_properties.title) == 255


@pytest.mark.parametrize("rid", ["a\x00b", "a" * 500])
def test_a_report_id_no_folder_can_take_is_refused(tmp_path, model, rid):
    model["report"]["id"] = rid
    p = _write(tmp_path / "m.yaml", model)
    assert_bad(["docx", p], "m.yaml", watch=tmp_path)


def test_a_template_that_is_not_utf8_is_named(tmp_path):
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "slides.md.j2").write_bytes(bytes(range(128, 256)) * 3)
    r = CliRunner().invoke(cli, ["templates", "check", str(folder)])
    assert r.exit_code == 2 and "slides.md.j2" in r.output and "UTF-8" in r.output and "Traceback" not in r.output


def test_a_file_name_in_another_encoding_still_builds(tmp_path):
    src = tmp_path / os.fsdecode(b"report\xfe.txt")
    src.write_bytes(SEED.read_bytes())
    r = CliRunner().invoke(cli, ["ingest", str(src), "-o", str(tmp_path / "m.yaml")])
    assert r.exit_code == 0, r.output
    assert "\ufffd" in (tmp_path / "m.yaml").read_text(encoding="utf-8")


def test_ingest_never_writes_the_model_over_the_report(tmp_path):
    src = tmp_path / "r.txt"
    src.write_bytes(SEED.read_bytes())
    assert_bad(["ingest", src, "-o", src], "r.txt", watch=tmp_path)
    assert src.read_bytes() == SEED.read_bytes()
    assert_bad(["ingest", src, "-o", tmp_path / "x.docx"], "x.docx", watch=tmp_path)


def test_special_files_are_neither_read_nor_replaced(tmp_path):
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)
    assert_bad(["ingest", fifo, "-o", tmp_path / "m.yaml"], "f.txt")
    assert_bad(["ingest", "/dev/zero", "-o", tmp_path / "z.yaml"], "/dev/zero")
    out = tmp_path / "o.docx"
    os.mkfifo(out)
    assert_bad(["docx", SEED, "-o", out], "o.docx")
    assert out.is_fifo()
