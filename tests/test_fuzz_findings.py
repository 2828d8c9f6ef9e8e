"""What fuzzing found, kept fixed: control characters inside paragraphs, numbers of 309+ digits, a numbered
line with nothing after it, more than 25 top-level parts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import document
from briefgen.cli import cli
from briefgen.text.controls import scrubbed, without_controls

HEAD = "某市2024年工作总结\n一、工作回顾\n全年完成投资12亿元，增长5%。\n"


def _ingest(tmp_path: Path, body: str) -> Path:
    src = tmp_path / "r.txt"
    src.write_text(HEAD + body, encoding="utf-8")
    out = tmp_path / "r.yaml"
    r = CliRunner().invoke(cli, ["ingest", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert document.validate_model(out) == []  # what ingest writes, every command can load
    return out


@pytest.mark.parametrize("ch", ["\v", "\f", "\x1b", "\x7f", "\x85", "\x08"])
def test_control_characters_in_a_paragraph_render(tmp_path, ch):
    model = _ingest(tmp_path, f"二、任务\n新建学校{ch}10所，改造{ch}道路3公里。\n")
    r = CliRunner().invoke(cli, ["docx", str(model), "-o", str(tmp_path / "s.docx")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "s.docx").stat().st_size > 0


def test_scrubbing_keeps_offsets(briefs):
    assert without_controls("a\vb\fc\n\td") == "a b c\n\td"
    b = briefs["000"]
    assert scrubbed(b) is b  # nothing to do: no copy


@pytest.mark.parametrize("digits", [309, 400, 2000])
def test_a_huge_number_never_makes_an_unloadable_model(tmp_path, digits):
    model = _ingest(tmp_path, f"二、任务\n投入资金{'9' * digits}亿元，新建学校10所。\n")
    brief = document.load(model)
    assert all(abs(i.value) < document.MAX_VALUE for i in brief.indicators)


@pytest.mark.parametrize("line", ["十、。", "二、", "（三）；", "3.。后文"])
def test_a_numbered_line_with_nothing_after_it_is_no_empty_section(tmp_path, line):
    model = _ingest(tmp_path, f"{line}\n二、任务\n新建学校10所。\n")
    assert all(s.title.strip() for s in document.load(model).all_sections())


def test_more_than_25_top_level_parts_make_a_docx(tmp_path):
    digits = "一二三四五六七八九"

    def cn(n: int) -> str:
        t, o = divmod(n, 10)
        return (digits[t - 1] if t > 1 else "") + ("十" if t else "") + (digits[o - 1] if o else "")

    body = "".join(f"第{cn(i)}部分　第{i}方面\n一、第{i}项工作\n完成任务{i}项，增长{i}%。\n" for i in range(1, 31))
    model = _ingest(tmp_path, body)
    r = CliRunner().invoke(cli, ["docx", str(model), "-o", str(tmp_path / "s.docx")])
    assert r.exit_code == 0, r.output
