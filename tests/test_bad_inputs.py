"""Bad inputs through the CLI, one class each: exit 2, one `Error:` line naming the file, no traceback, the
output folder exactly as before (an earlier output included)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from badinput import assert_bad

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "seeds").glob("000_*.txt"))[0]


def _text(p: Path, data) -> Path:
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


REPORTS = {
    "empty.txt": b"",
    "blank.txt": b"   \n\n  \n",
    "binary.txt": bytes(range(256)) * 8,
    "english.txt": b"Annual report of the city government. Revenue grew 5% to 12 billion.\n" * 20,
    "old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
    "random.docx": bytes(range(7, 250)) * 9,
    "not-a.pdf": b"this is not a pdf at all",
    "zip-named.txt": b"PK\x03\x04" + b"\0" * 100,
    "pdf-named.txt": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
    "bad-utf16.txt": b"\xff\xfe" + "某市工作报告".encode("utf-16-le")[:-1],
}


@pytest.fixture
def out(tmp_path) -> Path:
    o = tmp_path / "out"
    o.mkdir()
    (o / "earlier.docx").write_bytes(b"an earlier output")
    return o


@pytest.mark.parametrize("name", sorted(REPORTS))
@pytest.mark.parametrize("cmd", ["ingest", "docx"])
def test_an_unusable_report_file(tmp_path, out, name, cmd):
    src = _text(tmp_path / name, REPORTS[name])
    target = out / ("m.yaml" if cmd == "ingest" else "earlier.docx")
    assert_bad([cmd, src, "-o", target], src, watch=out)


def test_a_missing_file_and_a_folder(tmp_path, out):
    assert_bad(["pdf", tmp_path / "nope.txt", "-o", out / "b.pdf"], tmp_path / "nope.txt", watch=out)
    assert_bad(["ingest", tmp_path, "-o", out / "m.yaml"], tmp_path, watch=out)


def test_a_docx_without_a_document(tmp_path, out):
    from make_inputs import make_corrupt_docx

    p = make_corrupt_docx(tmp_path / "empty.docx", kind="zip")
    assert_bad(["ingest", p, "-o", out / "m.yaml"], p, watch=out)


def test_a_wrong_encoding_option(tmp_path, out):
    src = _text(tmp_path / "r.txt", "某市工作报告\n一、回顾\n全年完成投资12亿元。\n".encode("utf-8"))
    assert_bad(["ingest", src, "--encoding", "ascii", "-o", out / "m.yaml"], src, watch=out)
    assert_bad(["ingest", src, "--encoding", "no-such-codec", "-o", out / "m.yaml"], src, watch=out)


def _model(briefs) -> dict:
    return yaml.safe_load(yaml.safe_dump(briefs["000"].to_dict(), allow_unicode=True))


MODELS = {
    "not yaml": lambda d: "briefgen: 1\nreport: [\n",
    "a list": lambda d: "- 1\n- 2\n",
    "a scalar": lambda d: "hello\n",
    "wrong version": lambda d: {**d, "briefgen": 2},
    "unknown key": lambda d: {**d, "extra": 1},
    "no report": lambda d: {k: v for k, v in d.items() if k != "report"},
    "duplicate section id": lambda d: {**d, "sections": d["sections"] + d["sections"][:1]},
    "dangling area section": lambda d: {**d, "keyword_areas": [{**d["keyword_areas"][0], "sections": ["s999"]}]},
    "bad report id": lambda d: {**d, "report": {**d["report"], "id": "a/b"}},
    "not utf-8": lambda d: "briefgen: 1\ntitle: ".encode() + "标题".encode("gbk") + b"\n",
    "python tag": lambda d: "briefgen: 1\nreport: !!python/object/apply:os.system ['true']\n",
}


@pytest.mark.parametrize("case", sorted(MODELS))
def test_a_broken_model(tmp_path, out, briefs, case):
    made = MODELS[case](_model(briefs))
    p = tmp_path / "m.yaml"
    if isinstance(made, dict):
        p.write_text(yaml.safe_dump(made, allow_unicode=True), encoding="utf-8")
    elif isinstance(made, bytes):
        p.write_bytes(made)
    else:
        p.write_text(made, encoding="utf-8")
    assert_bad(["docx", p, "-o", out / "earlier.docx"], p, watch=out)


@pytest.fixture(scope="module")
def built(tmp_path_factory, briefs) -> Path:
    from briefgen.config import load_config
    from test_distribute import build_fixture

    out = tmp_path_factory.mktemp("built") / "output"
    build_fixture(out, briefs, load_config(None))
    return out


@pytest.mark.parametrize("field", ["name", "department", "subject", "email"])
def test_distribute_refuses_an_encoded_header_in_the_roster(tmp_path, built, field):
    import shutil

    out = tmp_path / "output"
    shutil.copytree(built, out)
    person = {"name": "张三", "email": "a@example.org", "department": "办公室", "subject": "请审阅", "reports": ["*"]}
    person[field] = "=?utf-8?q?=0D=0ABcc:_x@evil.example?=" + ("@example.org" if field == "email" else "")
    roster = tmp_path / "roster.yaml"
    roster.write_text(json.dumps({"recipients": [person]}, ensure_ascii=False), encoding="utf-8")
    line = assert_bad(["distribute", out, "--roster", roster], roster, watch=out)
    assert "nothing was sent" in line
