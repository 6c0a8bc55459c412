"""Ownership: no leaks across 100,000 evaluations (resident set size)."""

import gc
import json
import os

import pytest

import window
from conftest import SUBMISSIONS, item_of

PAGE = os.sysconf("SC_PAGE_SIZE")
N = int(os.environ.get("WINDOW_PY_LEAK_EVALS", "100000"))


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def test_rss_bounded_over_100000_evaluations(rules):
    cat = window.Catalog.load(rules)
    paths = [SUBMISSIONS / n for n in (
        "02-food-license-fast-track.json",     # gaps, findings, deadlines
        "03-food-license-too-many-gaps.json",  # incomplete
        "04-food-license-out-of-county.json",  # rejected
        "12-enterprise-startup-bundle.json",   # a bundle: four item results
    )]
    cases = [(item_of(p), p.read_text(encoding="utf-8")) for p in paths]
    subs = [(code, window.Submission.parse(text, cat.env)) for code, text in cases]

    def one(i):
        code, text = cases[i % len(cases)]
        if i % 2:
            r = cat.evaluate(code, text)                 # parse + evaluate
        else:
            r = cat.evaluate(code, subs[i % len(subs)][1])  # prebuilt
        if i % 10 == 0:
            r.to_json()
            r.findings
            if isinstance(r, window.BundleResult):
                [x.to_json() for x in r.items]
        if i % 100 == 0:
            window.Submission().set("data.x", "值" * 50).add_material("m", "copy", 2)
            window.expr("size(s) + x", s="字" * 20, x=1)
        if i % 1000 == 0:
            try:
                cat.evaluate(code, "{bad")
            except window.SubmissionError:
                pass
            try:
                window.expr("x +")
            except window.ExprError:
                pass

    for i in range(5000):   # warm-up: allocator pools, caches
        one(i)
    gc.collect()
    before = rss_bytes()
    for i in range(N):
        one(i)
    gc.collect()
    grown = rss_bytes() - before
    assert grown < 5 * 1024 * 1024, f"RSS grew by {grown / 1048576:.1f} MiB over {N} evaluations"


def test_objects_freed_in_any_order(rules):
    """Dropping the catalog and env before results and submissions is safe."""
    env = window.Env()
    cat = window.Catalog.load(rules, env=env)
    p = SUBMISSIONS / "01-food-license-complete.json"
    sub = window.Submission.load(p, env)
    res = cat.evaluate(item_of(p), sub)
    text = res.to_json()
    del cat, env
    gc.collect()
    assert res.to_json() == text
    assert res.decision == "accepted"
    del sub
    gc.collect()
    # the findings read after every parent is gone are the ones in the JSON
    assert [f.to_dict() for f in res.findings] == json.loads(text)["findings"]


def test_cyclic_garbage_any_finalizer_order(rules, make_catalog):
    """Objects caught in a reference cycle are finalized in no particular
    order; the env must outlive every catalog, engine and submission."""
    for _ in range(20):
        env = window.Env()
        env.register("credit.dishonest", lambda c: False, ["string"], "bool")
        box = {"env": env}
        box["cat"] = window.Catalog.load(make_catalog(), env=env)
        box["engine"] = window.Engine(make_catalog(name="e"), env=env)
        box["sub"] = window.Submission.parse('{"applicant": {"credit_code": "X"}}', env)
        box["res"] = box["cat"].evaluate("A-1", box["sub"])
        box["el"] = window.Elicenses.parse({"X": ["营业执照"]}, env)
        box["self"] = box            # the cycle
        try:
            raise RuntimeError("traceback cycles too")
        except RuntimeError as e:
            box["exc"] = e
        del env, box
        gc.collect()


def test_objects_work_after_their_env_is_finalized(make_catalog):
    """In a garbage cycle the Env's finalizer may run first: it drops only
    the Env's reference on the C env, which every catalog, engine,
    submission and e-license map made with it still holds (no box, no
    second env).  They keep working, host functions included; only the
    finalized Env itself refuses new work."""
    env = window.Env()
    env.register("credit.dishonest", lambda c: c == "X", ["string"], "bool")
    cat = window.Catalog.load(make_catalog(), env=env)
    eng = window.Engine(make_catalog(name="e"), env=env)
    sub = window.Submission.parse('{"applicant": {"credit_code": "X"}}', env)
    el = window.Elicenses.parse({"X": ["营业执照"]}, env)
    before = cat.evaluate("A-1", sub).to_json()
    env.__del__()  # what the collector does first in a cycle
    env.__del__()  # twice is harmless
    assert cat.evaluate("A-1", sub, elicenses=el).to_json() == before
    sub.set("applicant.credit_code", "Y")
    gen = eng.generation
    eng.reload()  # loads through the C env the engine holds
    assert eng.generation == gen + 1
    assert eng.evaluate("A-1", sub).decision == cat.evaluate("A-1", sub).decision
    with pytest.raises(window.Error):
        window.Submission(env)
    del cat, eng, sub, el, env
    gc.collect()


def test_snapshot_catalog_closed_after_with(rules):
    eng = window.Engine(rules)
    with eng.snapshot() as cat:
        n = len(cat.items)
    assert n > 0
    with __import__("pytest").raises(window.Error):
        cat.evaluate("3415220000-XK-0102-01", {})
