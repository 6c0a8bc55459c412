"""window.expr(): the expression language from Python, as `window expr`."""

import datetime as dt

import pytest

import window
from conftest import run_cli

UTC = dt.timezone.utc
CST = dt.timezone(dt.timedelta(hours=8))


# Values of every kind, operators, macros and cn.* are the expression test
# files tests/cel/*.test (test_expr_files.py); here: the Python side of binding.


def test_vars():
    assert window.expr("x + 1", x=41) == 42
    assert window.expr("a.b[1]", a={"b": [1, "two"]}) == "two"
    assert window.expr("m[1] + m['k']", m={1: "a", "k": "b"}) == "ab"
    assert window.expr("m[true]", m={True: 1}) == 1
    assert window.expr("big", big=(1 << 64) - 1) == (1 << 64) - 1
    assert window.expr("x", x=None) is None
    assert window.expr("x * 2.5", x=2.0) == 5.0
    assert window.expr("size(xs)", xs=(1, 2, 3)) == 3
    assert window.expr("s", s="示范县") == "示范县"
    assert window.expr("data.area_m2 >= 100.0", data={"area_m2": 120.5}) is True


def test_time_values():
    t = dt.datetime(2026, 11, 20, 10, 0, tzinfo=CST)
    assert window.expr("t", t=t) == t
    assert window.expr("t", t=t).tzinfo == UTC
    assert window.expr("t + duration('1h')", t=t) == t + dt.timedelta(hours=1)
    # naive datetimes and dates are in +08:00
    assert window.expr("t", t=dt.datetime(2026, 11, 20, 10, 0)) == t
    assert window.expr("t", t=dt.date(2026, 11, 20)) == dt.datetime(2026, 11, 20, tzinfo=CST)
    assert window.expr("t.getHours('+08:00')", t=t) == 10
    assert window.expr("duration('1h30m')") == dt.timedelta(minutes=90)
    assert window.expr("d", d=dt.timedelta(seconds=-1.5)) == dt.timedelta(seconds=-1.5)
    assert window.expr("d > duration('1s')", d=dt.timedelta(minutes=1)) is True
    assert window.expr("timestamp('2026-01-01T00:00:00Z')") == dt.datetime(2026, 1, 1, tzinfo=UTC)


def test_now():
    before = dt.datetime.now(UTC).replace(microsecond=0)
    now = window.expr("now")
    assert before <= now <= dt.datetime.now(UTC)
    fixed = dt.datetime(2030, 5, 6, 7, 8, 9, tzinfo=UTC)
    assert window.expr("now", now=fixed) == fixed
    # cn.age uses the instant given
    assert window.expr("cn.age('341522197912010399', now)", now=fixed) == 50


def test_errors_match_cli():
    for text in ("1 +", "1 / 0", "nosuchvar + 1", "'a' + 1", "x.missing"):
        p = run_cli("expr", text, "--var", "x={}", check=False)
        assert p.returncode == 1
        with pytest.raises(window.ExprError) as ei:
            window.expr(text, x={})
        e = ei.value
        assert isinstance(e, window.Error) and isinstance(e, ValueError)
        assert e.line == 1 and e.column >= 1
        first = p.stderr.decode().splitlines()[0]
        assert first.startswith(f"window expr: {e.line}:{e.column}: ")
        assert e.reason in first


def test_error_details():
    with pytest.raises(window.ExprError) as ei:
        window.expr("1 +\n  ")
    assert ei.value.code == "expr-syntax"
    assert ei.value.problems[0][2] == "error"
    with pytest.raises(window.ExprError) as ei:
        window.expr("1 / 0")
    assert ei.value.code == "division-by-zero"


def test_bad_vars():
    with pytest.raises(TypeError):
        window.expr("x", x=object())
    with pytest.raises(TypeError):
        window.expr("x", x={1.5: 1})
    with pytest.raises(OverflowError):
        window.expr("x", x=1 << 80)
    cyc = []
    cyc.append(cyc)
    with pytest.raises(ValueError):
        window.expr("x", x=cyc)
    with pytest.raises(ValueError):
        window.expr("x", x="nul\0byte")
    with pytest.raises(TypeError):
        window.expr(b"1 + 1")
