"""Host functions written in Python (functions.yaml, SPEC §2.9)."""

import gc
import json
import threading

import pytest

import window
from conftest import RULES, canonical, overlay

NOW = "2026-12-01T09:00:00+08:00"  # fixed: a result compared with another must not straddle a clock second

SUB = {"applicant": {"credit_code": "91341500MA2N0X1234"},
       "materials": {"form": {"form": "original"}}}


def test_host_function_called(make_catalog):
    calls = []
    env = window.Env()

    @env.function("credit.dishonest", params=["string"], returns="bool")
    def dishonest(code):
        calls.append(code)
        return code == "BLACKLISTED"

    cat = window.Catalog.load(make_catalog(), env=env)
    assert env.functions == {"credit.dishonest": (("string",), "bool")}
    r = cat.evaluate("A-1", SUB)
    assert r.decision == "accepted"
    assert calls == ["91341500MA2N0X1234"]
    bad = dict(SUB, applicant={"credit_code": "BLACKLISTED"})
    r = cat.evaluate("A-1", bad)
    assert any(f.code.startswith("condition_") and f.subject == "honest" for f in r.findings)
    assert r.decision != "accepted"


def test_host_function_exception_is_an_evaluation_error(make_catalog):
    env = window.Env()

    def boom(code):
        raise RuntimeError(f"credit service unreachable for {code}")

    env.register("credit.dishonest", boom, params=[str], returns=bool)
    cat = window.Catalog.load(make_catalog(), env=env)
    for _ in range(3):   # and again: the failure does not stick
        r = cat.evaluate("A-1", SUB)
        f = [f for f in r.findings if f.subject == "honest"]
        assert len(f) == 1 and f[0].code == "condition_undetermined", r.to_json()
        assert r.decision == "incomplete"
        trace = cat.evaluate("A-1", SUB, explain=True).trace
        text = json.dumps(trace, ensure_ascii=False)
        assert "RuntimeError: credit service unreachable for 91341500MA2N0X1234" in text


def test_host_function_wrong_return_type(make_catalog):
    env = window.Env()
    env.register("credit.dishonest", lambda code: "no", params=["string"], returns="bool")
    cat = window.Catalog.load(make_catalog(), env=env)
    r = cat.evaluate("A-1", SUB, explain=True)
    assert [f.code for f in r.findings if f.subject == "honest"] == ["condition_undetermined"]
    assert "returned str, declared bool" in json.dumps(r.trace, ensure_ascii=False)


def test_int_and_double_functions(make_catalog):
    env = window.Env()
    env.register("credit.dishonest", lambda c: False, ["string"], "bool")
    env.register("credit.score", lambda c, k: len(c) * k // 3, ["string", "int"], "int")
    env.register("geo.distance_km", lambda a, b: abs(a - b), ["double", "double"], "double")
    cat = window.Catalog.load(make_catalog(overlay("host-int-double")), env=env)
    sub = dict(SUB, data={"x": 3.0})
    assert cat.evaluate("A-1", sub).decision == "accepted"
    far = dict(SUB, data={"x": 30.0})
    assert [f.subject for f in cat.evaluate("A-1", far).problems] == ["near"]
    low = dict(sub, applicant={"credit_code": "AB"})
    assert cat.evaluate("A-1", low).decision == "rejected"


def test_registration_errors():
    env = window.Env()
    env.register("credit.dishonest", lambda c: False, ["string"], "bool")
    with pytest.raises(ValueError, match="already registered"):
        env.register("credit.dishonest", lambda c: False, ["string"], "bool")
    with pytest.raises(ValueError):
        env.register("x.y", lambda: 1, [], "string")        # string return
    with pytest.raises(ValueError):
        env.register("x.y", lambda: 1, ["bytes"], "int")
    with pytest.raises(ValueError):
        env.register("Bad Name!", lambda: 1, [], "int")
    with pytest.raises(ValueError, match="elicense.available"):
        env.register("elicense.available", lambda a: True, ["string"], "bool")
    with pytest.raises(TypeError):
        env.register("x.z", 42, [], "int")


def test_declared_signature_must_match(make_catalog):
    env = window.Env()
    env.register("credit.dishonest", lambda c: 0, ["string"], "int")
    with pytest.raises(window.CatalogError) as ei:
        window.Catalog.load(make_catalog(), env=env)
    assert any("credit.dishonest" in d.message for d in ei.value.errors)


def test_elicense_available_from_python(catalog, tmp_path):
    from test_evaluate import WASTE, WASTE_ELICENSES
    asked = []
    env = window.Env()

    @env.function("elicense.available", params=["string", "string"], returns="bool")
    def available(holder, license_type):
        asked.append((holder, license_type))
        return license_type in WASTE_ELICENSES.get(holder, [])

    cat = window.Catalog.load(RULES, env=env)
    res = cat.evaluate(WASTE["item"], WASTE)
    assert ("91341522MA2TE6N49H", "建筑工程施工许可证") in asked
    # The same result as the --elicense stand-in: the golden file.
    from test_evaluate import WASTE_GOLDEN
    assert canonical(res.to_json()) == WASTE_GOLDEN


def test_host_functions_from_threads(make_catalog):
    counts = {}
    lock = threading.Lock()
    env = window.Env()

    def dishonest(code):
        name = threading.current_thread().name
        with lock:
            counts[name] = counts.get(name, 0) + 1
        if code.endswith("X"):
            raise KeyError(code)
        return code.startswith("B")

    env.register("credit.dishonest", dishonest, ["string"], "bool")
    cat = window.Catalog.load(make_catalog(), env=env)
    expected = {c: cat.evaluate("A-1", dict(SUB, applicant={"credit_code": c}), now=NOW).to_json()
                for c in ("A1", "B1", "C1X")}
    errors = []

    def worker():
        try:
            for i in range(300):
                c = ("A1", "B1", "C1X")[i % 3]
                r = cat.evaluate("A-1", dict(SUB, applicant={"credit_code": c}), now=NOW)
                assert r.to_json() == expected[c]
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=worker, name=f"w{k}") for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]
    assert all(counts.get(f"w{k}") == 300 for k in range(4)), counts


def test_callbacks_live_as_long_as_the_env(make_catalog):
    env = window.Env()
    env.register("credit.dishonest", lambda c: c == "B", ["string"], "bool")
    cat = window.Catalog.load(make_catalog(), env=env)
    del env
    gc.collect()
    assert cat.evaluate("A-1", dict(SUB, applicant={"credit_code": "A"})).decision == "accepted"
