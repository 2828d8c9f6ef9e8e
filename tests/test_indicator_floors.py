"""Floors for what numbers count on real reports: the corpus full indicator gold, the key figures of every
corpus report, and the share of labels that say nothing (a bare unit, a verb, one character)."""

from __future__ import annotations

import importlib.util
import re
import statistics
from pathlib import Path

import pytest
import yaml

from briefgen.ingest import ingest
from briefgen.ingest.labels import is_weak
from conftest import DATA, SEEDS

HERE = Path(__file__).parent
CORPUS = DATA / "corpus"


def _scorer(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


score_indicators = _scorer("score_indicators")
score_structure = _scorer("score_structure")


@pytest.fixture(scope="module")
def corpus_models() -> dict[str, dict]:
    """Every corpus report ingested once, as the dict the scorers read (report.yaml's content)."""
    return {p.stem: ingest(p).to_dict() for p in sorted(CORPUS.glob("*.txt"))}


def test_corpus_full_indicator_gold_floors(corpus_models):
    results = {}
    for gold_file in sorted(CORPUS.glob("indicators-*.yaml")):
        name = gold_file.stem.removeprefix("indicators-")
        gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
        results[name] = score_indicators.score(gold, corpus_models[name])
    assert len(results) == 3
    mean = {k: statistics.mean(r[k] for r in results.values())
            for k in ("recall", "precision", "label_accuracy", "kind_accuracy")}
    detail = {n: (r["misses"], r["false_positives"]) for n, r in results.items()}
    assert mean["recall"] >= 0.95, detail
    assert mean["precision"] >= 0.95, detail
    assert mean["kind_accuracy"] >= 0.95, mean
    assert mean["label_accuracy"] >= 0.90, mean


def test_corpus_key_figure_floors(corpus_models):
    n = found = kind = label = 0
    problems = []
    for gold_file in sorted(CORPUS.glob("*.gold.yaml")):
        name = gold_file.name.removesuffix(".gold.yaml")
        r = score_structure.score(yaml.safe_load(gold_file.read_text(encoding="utf-8")), corpus_models[name])
        n += r["figures"]
        found += r["figures_found"]
        kind += r["figures_kind"]
        label += r["figures_label"]
        problems += [f"{name}: {p}" for p in r["figure_problems"]]
    assert n >= 80
    assert found / n >= 0.95, problems
    assert kind / n >= 0.95, problems
    assert label / n >= 0.90, problems


def _weak(label: str) -> bool:
    """The scorer's idea of a label that says nothing, plus a bare unit or verb (labels.is_weak)."""
    m = score_structure.norm(label)
    return len(m) < 2 or m in score_structure.WEAK_LABELS or is_weak(label)


def test_at_most_two_percent_of_labels_are_weak(corpus_models):
    labels = [i["label"] for m in corpus_models.values() for i in m.get("indicators") or []]
    for p in list(SEEDS) + sorted((DATA / "synthetic").iterdir()):
        labels += [i.label for i in ingest(p).indicators]
    assert len(labels) > 1000
    weak = [x for x in labels if _weak(x)]
    assert len(weak) / len(labels) <= 0.02, weak


def test_every_corpus_figure_traces_to_the_text_and_reads_back(corpus_models):
    from briefgen.text.quantities import parse_quantity

    for name, m in corpus_models.items():
        for i in m["indicators"]:
            assert m["text"][i["start"]:i["end"]] == i["text"], (name, i)
            q = parse_quantity(i["text"])
            assert q is not None and abs(float(q.value) - float(i["value"])) < 1e-6 * max(1, abs(i["value"])), (name, i)
            assert i["label"] and not re.search(r"^[、，和及]", i["label"]), (name, i)
