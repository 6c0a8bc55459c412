"""The expression test files tests/cel/*.test through window.expr (format:
tests/cel/README.md); the C suite runs the same files with cel-exprfile."""

import datetime as dt
import json
import math

import pytest

import window
from conftest import ROOT

FILES = sorted((ROOT / "tests" / "cel").glob("*.test"))
DEFAULT_NOW = "2026-11-20T10:00:00+08:00"


def parse(path):
    """Yield (id, case dict) for every case of one file."""
    case = None
    lines = path.read_text(encoding="utf-8").split("\n")
    for no, line in enumerate(lines + [""], 1):
        if not line:
            if case:
                yield f"{path.name}:{case['line']}", case
            case = None
        elif line.startswith("#"):
            continue
        elif case is None:
            case = {"line": no, "expr": line, "vars": {}, "now": None, "value": None,
                    "error": None, "bad": None}
        elif line.startswith(("=> ", "!! ")):
            key = "value" if line[0] == "=" else "error"
            if case["value"] is not None or case["error"] is not None:
                case["bad"] = "more than one expectation"
            case[key] = line[3:]
        elif line.startswith("now "):
            case["now"] = line[4:]
        elif line.startswith("let ") and " = " in line:
            name, _, text = line[4:].partition(" = ")
            case["vars"][name] = text
        else:
            case["bad"] = f"unknown line {no}: {line!r}"


CASES = [c for f in FILES for c in parse(f)]


def same(a, b):
    """Strict equality: same Python type all the way down; NaN equals NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def test_files_exist():
    assert len(FILES) >= 5 and len(CASES) >= 100


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_case(case):

    assert not case["bad"], case["bad"]
    assert (case["value"] is None) != (case["error"] is None), "one expectation"
    kwargs = {k: json.loads(v) for k, v in case["vars"].items()}
    kwargs["now"] = dt.datetime.fromisoformat(case["now"] or DEFAULT_NOW)
    if case["error"] is not None:
        with pytest.raises(window.ExprError) as ei:
            window.expr(case["expr"], **kwargs)
        e = ei.value
        assert f"{e.line}:{e.column}: {e.reason}" == case["error"]
    else:
        got = window.expr(case["expr"], **kwargs)
        want = window.expr(case["value"])
        assert same(got, want), f"{got!r} != {want!r}"
