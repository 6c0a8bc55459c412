"""window.expr(): the expression language from Python, as `window expr`."""

import datetime as dt
import json

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
    assert window.expr("m['k']", m={"k": "b"}) == "b"
    assert window.expr("x", x=None) is None
    assert window.expr("x * 2.5", x=2.0) == 5.0
    assert window.expr("size(xs)", xs=(1, 2, 3)) == 3
    assert window.expr("s", s="示范县") == "示范县"
    assert window.expr("data.area_m2 >= 100.0", data={"area_m2": 120.5}) is True
    # variables travel as JSON: a map's keys are strings
    assert window.expr("m['1']", m={1: "a"}) == "a"


def test_values_come_back_as_json():
    # the library's JSON (wnd_expr_eval_json), decoded: what `window expr` prints
    got = window.expr("[1u, 2.0, {1: 'x'}, timestamp('2026-01-01T00:00:00+08:00'),"
                      " duration('90m'), duration('-1.5s'), 1.0/0.0]")
    assert got == [1, 2.0, {"1": "x"}, "2025-12-31T16:00:00Z", "5400s", "-1.500s", None]
    assert type(got[1]) is float
    out = run_cli("expr", "[1u, 2.0, {1: 'x'}, timestamp('2026-01-01T00:00:00+08:00'),"
                  " duration('90m'), duration('-1.5s'), 1.0/0.0]").stdout
    assert got == json.loads(out)


def test_time_values():
    t = dt.datetime(2026, 11, 20, 10, 0, tzinfo=CST)
    # datetimes go in as RFC 3339 text, read with timestamp(); UTC comes out
    assert window.expr("timestamp(t)", t=t) == "2026-11-20T02:00:00Z"
    assert dt.datetime.fromisoformat(window.expr("timestamp(t)", t=t)) == t
    assert window.expr("timestamp(t) + duration('1h')", t=t) == "2026-11-20T03:00:00Z"
    # naive datetimes are in +08:00; dates are their text
    assert window.expr("timestamp(t)", t=dt.datetime(2026, 11, 20, 10, 0)) == "2026-11-20T02:00:00Z"
    assert window.expr("d", d=dt.date(2026, 11, 20)) == "2026-11-20"
    assert window.expr("timestamp(t).getHours('+08:00')", t=t) == 10
    assert window.expr("duration('1h30m')") == "5400s"
    assert window.expr("duration(d) == duration('-1.5s')", d=dt.timedelta(seconds=-1.5)) is True
    assert window.expr("duration(d) > duration('1s')", d=dt.timedelta(minutes=1)) is True
    assert window.expr("duration(d)", d=dt.timedelta(microseconds=250)) == window.expr(
        "duration('0.000250s')")


def test_now():
    before = dt.datetime.now(UTC).replace(microsecond=0)
    now = dt.datetime.fromisoformat(window.expr("now"))
    assert before <= now <= dt.datetime.now(UTC)
    fixed = dt.datetime(2030, 5, 6, 7, 8, 9, tzinfo=UTC)
    assert window.expr("now", now=fixed) == "2030-05-06T07:08:09Z"
    # a naive now is in +08:00
    assert window.expr("now", now=dt.datetime(2030, 5, 6, 15, 8, 9)) == "2030-05-06T07:08:09Z"
    # cn.age uses the instant given
    assert window.expr("cn.age('341522197912010399', now)", now=fixed) == 50
    # now given as another value is an ordinary variable
    assert window.expr("now + 1", now=41) == 42


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
    assert ei.value.status == window.capi.WND_EINVALID
    assert ei.value.problems[0][2] == "error"
    with pytest.raises(window.ExprError) as ei:
        window.expr("1 / 0")
    # an evaluation failure has no stable code in the public API, only its text
    assert ei.value.code is None and ei.value.status == window.capi.WND_EEVAL
    assert (ei.value.line, ei.value.column, ei.value.reason) == (1, 3, "division by zero")


def test_bad_vars():
    with pytest.raises(TypeError):
        window.expr("x", x=object())
    with pytest.raises(TypeError):
        window.expr("x", x={(1, 2): 1})
    cyc = []
    cyc.append(cyc)
    with pytest.raises(ValueError):
        window.expr("x", x=cyc)
    with pytest.raises(ValueError):
        window.expr("x", x=float("nan"))
    with pytest.raises(TypeError):
        window.expr(b"1 + 1")
    # what JSON carries but the library refuses is an ExprError naming the place
    with pytest.raises(window.ExprError, match=r"line 1, column 7: integer out of range"):
        window.expr("x", x=1 << 80)
    with pytest.raises(window.ExprError, match=r"not allowed in strings") as ei:
        window.expr("x", x="nul\0byte")
    assert ei.value.status == window.capi.WND_EINVALID


def test_capi_expression_value_api():
    """The C expression value API, one to one through window.capi: a
    variable set parsed once, typed values, a string held until cleared."""
    from window import capi as c
    st, env = c.wnd_env_new(None)
    assert st == c.WND_OK
    st, x, diags = c.wnd_expr_compile(env, None, '"窗口" + string(now.getFullYear())', None)
    assert st == c.WND_OK and diags is None
    st, vs = c.wnd_expr_vars_new(env, '{"unused": 1}')
    assert st == c.WND_OK
    opts = c.wnd_expr_eval_options()
    opts.version = c.WND_EXPR_EVAL_OPTIONS_VERSION
    opts.now_set = True
    opts.now_sec = 1795154400  # 2026-11-20
    val = c.wnd_expr_value()
    assert c.wnd_expr_eval(x, vs, opts, val) == c.WND_OK
    assert (val.kind, val.str, val.len) == (c.WND_EXPR_STRING, "窗口2026", len("窗口2026".encode()))
    c.wnd_expr_value_clear(val)
    assert val.kind == c.WND_EXPR_NULL and val.str is None
    st, y, _ = c.wnd_expr_compile(env, None, "1 / 0", None)
    assert c.wnd_expr_eval(y, None, None, val) == c.WND_EEVAL
    assert "division by zero" in c.wnd_error_last().message
    c.wnd_env_free(env)  # the expressions and the variable set keep it alive
    c.wnd_expr_vars_free(vs)
    c.wnd_expr_free(x)
    c.wnd_expr_free(y)
