"""Catalog.evaluate_many: one GIL release per batch, same results as
evaluate (the golden files), errors per entry."""

import json
import pathlib

import pytest

import window
from conftest import canonical, example_files, golden_of, item_of

NOW = "2026-12-01T09:00:00+08:00"  # fixed: a result compared with another must not straddle a clock second

EXAMPLES = example_files()
FOOD = "3415220000-XK-0102-01"


def test_batch_equals_goldens(catalog):
    """Every example, given in every input form, in one batch: each result is
    its golden file (the receipt instant is the submission's submitted_at)."""
    entries, want = [], []
    for path in EXAMPLES:
        code = item_of(path)
        text = path.read_text(encoding="utf-8")
        forms = [text, path.read_bytes(), pathlib.Path(path),
                 window.Submission.parse(text, env=catalog.env)]
        if path.suffix == ".json":
            forms.append(json.loads(text))
        for f in forms:
            entries.append((code, f))
            want.append(golden_of(path))
    got = catalog.evaluate_many(entries)
    assert len(got) == len(want) > 3 * len(EXAMPLES)
    assert [canonical(r.to_json()) for r in got] == want


def test_item_key_and_empty(catalog):
    data = json.loads((EXAMPLES[0]).read_text(encoding="utf-8"))
    got = catalog.evaluate_many([data, data])
    assert [canonical(r.to_json()) for r in got] == [golden_of(EXAMPLES[0])] * 2
    assert catalog.evaluate_many([]) == []
    assert catalog.evaluate_many(iter(())) == []
    with pytest.raises(TypeError):
        catalog.evaluate_many([{"applicant": {}}])   # no "item" key, no code


def test_errors_raise_after_the_batch(catalog):
    good = EXAMPLES[0].read_text(encoding="utf-8")
    with pytest.raises(window.NotFound) as ei:
        catalog.evaluate_many([(FOOD, good), ("NO-SUCH-ITEM", good)])
    assert ei.value.code == "NO-SUCH-ITEM"
    with pytest.raises(window.SubmissionError) as ei:
        catalog.evaluate_many([(FOOD, '{"applicant": {"name": "x",}}')])
    # the same message and place as evaluate() gives
    assert (ei.value.line, ei.value.column) == (1, 27), ei.value.message
    assert ei.value.message.startswith("line 1, column 27: ")


def test_return_exceptions(catalog):
    good = EXAMPLES[0].read_text(encoding="utf-8")
    got = catalog.evaluate_many([(FOOD, good), ("NOPE", good), (FOOD, "{"), (FOOD, good)],
                                now=NOW, return_exceptions=True)
    assert isinstance(got[0], window.Result) and isinstance(got[3], window.Result)
    assert got[0].to_json() == got[3].to_json()
    assert isinstance(got[1], window.NotFound)
    assert isinstance(got[2], window.SubmissionError) and got[2].line == 1


def test_options_apply_to_every_entry(catalog):
    good = EXAMPLES[0].read_text(encoding="utf-8")
    one = catalog.evaluate(FOOD, good, now="2026-12-01T09:00:00+08:00", explain=True)
    many = catalog.evaluate_many([(FOOD, good)] * 3, now="2026-12-01T09:00:00+08:00",
                                 explain=True)
    assert [r.to_json() for r in many] == [one.to_json()] * 3
    assert many[0].trace


def test_bundle_entries(catalog):
    bundle = [p for p in EXAMPLES if "bundle" in p.name][0]
    (r,) = catalog.evaluate_many([(item_of(bundle), bundle.read_bytes())])
    assert isinstance(r, window.BundleResult)
    assert canonical(r.to_json()) == golden_of(bundle)


def test_bad_entries(catalog):
    with pytest.raises(TypeError):
        catalog.evaluate_many([(FOOD, 42)])
    with pytest.raises(ValueError):
        catalog.evaluate_many([("CODE\0x", "{}")])
    with pytest.raises(window.SubmissionError):
        catalog.evaluate_many([(FOOD, {"data": {"x": object()}})])


def test_results_outlive_everything(catalog):
    sub = window.Submission.parse(EXAMPLES[0].read_text(encoding="utf-8"), env=catalog.env)
    got = catalog.evaluate_many([(FOOD, sub)] * 2, now=NOW)
    del sub
    import gc
    gc.collect()
    assert got[0].decision == got[1].decision and got[0].to_dict() == got[1].to_dict()


def test_engine_batch_is_one_snapshot(rules):
    eng = window.Engine(rules)
    entries = [(item_of(p), p.read_bytes()) for p in EXAMPLES]
    got = eng.evaluate_many(entries)
    assert [canonical(r.to_json()) for r in got] == [golden_of(p) for p in EXAMPLES]
    eng.reload()
    assert eng.generation == 1
    assert canonical(got[0].to_json()) == golden_of(EXAMPLES[0])   # outlives its snapshot
    with pytest.raises(window.NotFound):
        eng.evaluate_many([("NOPE", "{}")])
