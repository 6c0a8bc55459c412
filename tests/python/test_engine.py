"""window.Engine: evaluate, reload (good and bad), generation, snapshots."""

import threading

import pytest

import window
from conftest import RULES, SUBMISSIONS, item_of, overlay

NOW = "2026-12-01T09:00:00+08:00"  # fixed: a result compared with another must not straddle a clock second


def host_env(answer=False):
    env = window.Env()
    env.register("credit.dishonest", lambda code: answer, params=["string"], returns="bool")
    return env


SUB = {"applicant": {"credit_code": "91341500MA2N0X1234"},
       "materials": {"form": {"form": "original"}}}


def test_engine_on_rules(catalog):
    eng = window.Engine(RULES)
    assert eng.generation in (0, 1)   # libwindow.h: how many reloads succeeded
    path = SUBMISSIONS / "05-senior-allowance-elderly-window.json"
    text = path.read_text(encoding="utf-8")
    assert eng.evaluate(item_of(path), text, now=NOW).to_json() == \
        catalog.evaluate(item_of(path), text, now=NOW).to_json()
    with pytest.raises(window.NotFound):
        eng.evaluate("NO-SUCH", text)
    b = eng.evaluate_bundle("enterprise_startup",
                            (SUBMISSIONS / "12-enterprise-startup-bundle.json").read_text("utf-8"))
    assert isinstance(b, window.BundleResult)
    with eng.snapshot() as cat:
        assert cat.id == "demo-county"
        assert "enterprise_startup" in cat.bundles


def test_engine_reload(make_catalog):
    d = make_catalog()
    eng = window.Engine(d, env=host_env())
    g0 = eng.generation
    assert eng.evaluate("A-1", SUB).decision == "accepted"
    with eng.snapshot() as cat:
        assert cat.items["A-1"] == "测试事项"

    # A good change: the item is renamed; reload makes it live.
    item = (d / "items/a.yaml").read_text(encoding="utf-8")
    (d / "items/a.yaml").write_text(item.replace("测试事项", "改名事项"), encoding="utf-8")
    warnings = eng.reload()
    assert eng.generation == g0 + 1
    assert all(w.severity != "error" for w in warnings)
    assert eng.evaluate("A-1", SUB).name == "改名事项"

    # A bad change: CatalogError with diagnostics, and the old catalog stays.
    (d / "items/a.yaml").write_text(item.replace("handling: instant", "handling: [x"),
                                    encoding="utf-8")
    with pytest.raises(window.CatalogError) as ei:
        eng.reload()
    assert ei.value.errors
    assert all(x.file.endswith("items/a.yaml") for x in ei.value.errors)
    assert ei.value.errors[0].line > 0
    assert eng.generation == g0 + 1
    assert eng.evaluate("A-1", SUB).name == "改名事项"


def test_engine_new_fails(make_catalog):
    d = make_catalog(overlay("broken-item"))
    with pytest.raises(window.CatalogError) as ei:
        window.Engine(d, env=host_env())
    assert ei.value.errors


def test_reload_while_evaluating(make_catalog):
    """Evaluations on other threads keep working across reloads."""
    d = make_catalog()
    eng = window.Engine(d, env=host_env())
    g0 = eng.generation
    stop = threading.Event()
    errors = []
    seen = set()

    def worker():
        try:
            while not stop.is_set():
                r = eng.evaluate("A-1", SUB)
                seen.add(r.decision)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for _ in range(10):
            eng.reload()
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors
    assert seen == {"accepted"}
    assert eng.generation == g0 + 10
