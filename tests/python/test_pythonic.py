"""The Pythonic layer of issue 19: aware datetimes out, exceptions carrying
the diagnostics, context managers, and `python -m window` checked against
the golden files (examples/submissions/*.expected.json,
tests/model/defects.expected)."""

import datetime as dt
import json
import os
import pathlib
import subprocess
import sys

import pytest

import window
from conftest import ROOT, RULES, canonical, example_files, golden_of, item_of

EXAMPLES = example_files()
CST = dt.timezone(dt.timedelta(hours=8))


def want_time(text):
    """A golden deadline as docs/python.md defines its datetime."""
    if text is None:
        return None
    if len(text) == 10:
        return dt.datetime.combine(dt.date.fromisoformat(text),
                                   dt.time(23, 59, 59, 999999), tzinfo=CST)
    return dt.datetime.fromisoformat(text)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_deadline_and_due_times_follow_golden(catalog, path):
    golden = json.loads(golden_of(path))
    res = catalog.evaluate(item_of(path), path.read_bytes())
    results = res.items if isinstance(res, window.BundleResult) else [res]
    goldens = golden["items"] if isinstance(res, window.BundleResult) else [golden]
    for r, g in zip(results, goldens):
        times = r.deadline_times
        assert times == {k: want_time(v) for k, v in g["deadlines"].items()}
        for t in times.values():
            assert t is None or t.utcoffset() is not None
        assert [f.due_at for f in r.findings] == [want_time(f["due"]) for f in g["findings"]]


def test_end_of_day_is_in_the_catalog_zone(catalog):
    path = [p for p in EXAMPLES if p.name.startswith("02-")][0]
    res = catalog.evaluate(None, path.read_bytes())   # code from the "item" key
    assert res.timezone == catalog.timezone == CST
    sup = res.deadline_times["supplement"]
    assert sup == dt.datetime(2026, 11, 27, 23, 59, 59, 999999, tzinfo=CST)
    assert sup.astimezone(dt.timezone.utc).hour == 15


def test_catalog_error_carries_the_first_error(tmp_path):
    (tmp_path / "catalog.yaml").write_text("id: x\nname: y\nversion: 1\ncolour: blue\n",
                                           encoding="utf-8")
    with pytest.raises(window.CatalogError) as ei:
        window.Catalog.load(tmp_path)
    e = ei.value
    first = e.errors[0]
    assert (e.file, e.line, e.column, e.code) == (first.file, first.line, first.column,
                                                  first.code)
    assert e.file.endswith(".yaml") and e.code


def test_defects_golden_through_the_exception(monkeypatch):
    """Every line of tests/model/defects.expected is a diagnostic of the
    exception, formatted by Diagnostic.__str__ exactly as `window check`."""
    monkeypatch.chdir(ROOT)
    with pytest.raises(window.CatalogError) as ei:
        window.Catalog.load("tests/model/defects")
    want = (ROOT / "tests" / "model" / "defects.expected").read_text(encoding="utf-8")
    assert [str(d) for d in ei.value.diagnostics] == want.splitlines()


def test_context_managers():
    with window.Catalog.load(RULES) as cat:
        r = cat.evaluate(None, EXAMPLES[0].read_bytes())
    assert r.decision == json.loads(golden_of(EXAMPLES[0]))["decision"]  # outlives the catalog
    with pytest.raises(window.Error, match="closed"):
        cat.evaluate(None, EXAMPLES[0].read_bytes())
    with pytest.raises(window.Error, match="closed"):
        cat.evaluate_many([EXAMPLES[0].read_bytes()])
    cat.close()  # twice is fine
    with window.Engine(RULES) as eng:
        with eng.snapshot() as snap:
            assert snap.evaluate(None, EXAMPLES[0].read_bytes()).decision == r.decision
            with snap:      # closes this handle; the snapshot releases the catalog
                pass
            with pytest.raises(window.Error, match="closed"):
                snap.evaluate(None, EXAMPLES[0].read_bytes())
        assert eng.evaluate(None, EXAMPLES[0].read_bytes()).decision == r.decision
        g = eng.generation
    assert g == 0
    with pytest.raises(window.Error, match="closed"):
        eng.evaluate(None, EXAMPLES[0].read_bytes())
    with pytest.raises(window.Error, match="closed"):
        eng.reload()


# ---- python -m window ----------------------------------------------------

def pym(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "window", *map(str, args)],
                          capture_output=True, cwd=cwd, env=dict(os.environ), timeout=120)


def test_module_eval_equals_golden():
    for path in EXAMPLES:
        # without ITEM the submission's "item" key names it, as for evaluate()
        p = pym("eval", RULES, path)
        assert p.returncode == 0, (path.name, p.stderr.decode())
        assert canonical(p.stdout.decode()) == golden_of(path), path.name
    p = pym("eval", RULES, item_of(EXAMPLES[0]), EXAMPLES[0])
    assert p.returncode == 0 and canonical(p.stdout.decode()) == golden_of(EXAMPLES[0])


def test_module_eval_errors(tmp_path):
    p = pym("eval", RULES, "NO-SUCH-ITEM", EXAMPLES[0])
    assert p.returncode == 1 and "NO-SUCH-ITEM" in p.stderr.decode()
    bad = tmp_path / "bad.json"
    bad.write_text('{"applicant": {"name": "x",}}', encoding="utf-8")
    p = pym("eval", RULES, "3415220000-XK-0102-01", bad)
    assert p.returncode == 1 and "line 1, column 27: " in p.stderr.decode()
    p = pym("eval", RULES, tmp_path / "missing.json")
    assert p.returncode == 2


def test_module_check_equals_defects_golden():
    p = pym("check", "tests/model/defects", cwd=ROOT)
    assert p.returncode == 1
    want = (ROOT / "tests" / "model" / "defects.expected").read_text(encoding="utf-8")
    assert p.stdout.decode() == want
    p = pym("check", RULES)
    assert p.returncode == 0 and p.stderr.decode().startswith("0 error(s)")
    p = pym("check", ROOT / "no-such-dir")
    assert p.returncode == 2


def test_module_test(catalog):
    report = catalog.run_tests()
    p = pym("test", RULES)
    assert p.returncode == 0
    assert p.stdout.decode().splitlines()[-1] == f"{report.passed} passed, 0 failed"
    assert report.passed > 100


def test_module_expr():
    p = pym("expr", "[1 + 2, duration('90m')]")
    assert p.returncode == 0 and json.loads(p.stdout) == [3, "5400s"]
    p = pym("expr", "x.y", "--var", "x={}")
    assert p.returncode == 1 and "1:3: no such key: 'y'" in p.stderr.decode()


def test_import_without_the_extension_says_why(tmp_path):
    """A package whose _capi was built for another Python (or is missing)
    says so, instead of Python's "partially initialized module" error."""
    import shutil
    pkg = tmp_path / "window"
    shutil.copytree(pathlib.Path(window.__file__).parent, pkg,
                    ignore=shutil.ignore_patterns("_capi*", "__pycache__", "*.p"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    p = subprocess.run([sys.executable, "-c", "import window"], cwd=tmp_path, env=env,
                       capture_output=True, timeout=60)
    err = p.stderr.decode()
    assert p.returncode == 1
    assert (f"window: the C extension window._capi cannot be loaded under Python "
            f"{sys.version_info[0]}.{sys.version_info[1]}") in err
    assert "Supported Pythons" in err
