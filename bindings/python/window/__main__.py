"""``python -m window check|eval|test|expr``: the `window` command's core
subcommands on the Python package (SPEC §6), for hosts that install the
wheel and not the C tools.  Output and exit codes follow the CLI:

    check [--strict] [--plugin-dir DIR]... [--today YYYY-MM-DD] DIR...
          file:line:col: severity: message [code] lines, then "N error(s),
          N warning(s)"; exit 0 without errors, 1 with errors, 2 on usage/I/O.
    eval  DIR [ITEM|BUNDLE] SUBMISSION [--now T] [--explain] [--elicense FILE]
          the result JSON; exit 0 whatever the decision, 1 when the
          evaluation fails (unknown item, invalid submission), 2 on I/O.
          Without ITEM the submission's "item" key names it.
    test  [--verbose] [--item CODE] [--plugin-dir DIR]... DIR
          one line per failure (all with --verbose), then "N passed, N failed";
          exit 1 on any failure.
    expr  'EXPR' [--var name=JSON]... [--now T]
          the value as JSON; exit 1 on a parse, type or evaluation error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import sys
from typing import List, Optional, Sequence

import window


def _check(a: argparse.Namespace) -> int:
    today = dt.date.fromisoformat(a.today) if a.today else None
    errors = warnings = 0
    status = 0
    for d in a.dirs:
        try:
            cat = window.Catalog.load(d, strict=a.strict, plugin_dirs=a.plugin_dir, today=today)
            diags = cat.diagnostics
        except window.CatalogError as e:
            diags = e.diagnostics
            io = not diags or any(x.code == "io-error" for x in diags)
            status = max(status, 2 if io else 1)
            if not diags:
                print(f"window check: {d}: {e.message}", file=sys.stderr)
                errors += 1
        for x in diags:
            print(x)
            errors += x.severity == "error"
            warnings += x.severity == "warning"
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    if a.strict and warnings:
        status = max(status, 1)
    return status


def _eval(a: argparse.Namespace) -> int:
    if len(a.args) == 2:
        code, sub_path = None, a.args[1]
    elif len(a.args) == 3:
        code, sub_path = a.args[1], a.args[2]
    else:
        print("usage: python -m window eval DIR [ITEM|BUNDLE] SUBMISSION", file=sys.stderr)
        return 2
    try:
        cat = window.Catalog.load(a.args[0], plugin_dirs=a.plugin_dir)
        raw = sys.stdin.buffer.read() if sub_path == "-" else pathlib.Path(sub_path).read_bytes()
        el = pathlib.Path(a.elicense).read_bytes() if a.elicense else None
    except (OSError, window.CatalogError) as e:
        print(f"window eval: {e}", file=sys.stderr)
        return 2
    try:
        sub = window.Submission.parse(raw, env=cat.env)
        if code is None:
            code = sub.get("item")
            if code is None:
                print("window eval: no ITEM given and the submission has no \"item\" key",
                      file=sys.stderr)
                return 2
        res = cat.evaluate(code, sub, now=a.now, explain=a.explain, elicenses=el)
    except (window.Error, ValueError, TypeError) as e:
        print(f"window eval: {e}", file=sys.stderr)
        return 1
    print(res.to_json())
    return 0


def _test(a: argparse.Namespace) -> int:
    try:
        cat = window.Catalog.load(a.dir, plugin_dirs=a.plugin_dir)
    except window.CatalogError as e:
        print(f"window test: {e}", file=sys.stderr)
        return 2
    rep = cat.run_tests()
    for o in rep.outcomes:
        if a.item and o.target != a.item:
            continue
        if not o.passed:
            print(f"FAIL {o.target}: {o.name} ({o.file}:{o.line}:{o.column}): {o.message}")
        elif a.verbose:
            print(f"ok   {o.target}: {o.name}")
    print(f"{rep.passed} passed, {rep.failed} failed")
    return 0 if rep.ok else 1


def _expr(a: argparse.Namespace) -> int:
    kw = {}
    for v in a.var:
        name, sep, text = v.partition("=")
        if not sep or not name:
            print("window expr: --var needs name=JSON", file=sys.stderr)
            return 2
        try:
            kw[name] = json.loads(text)
        except ValueError as e:
            print(f"window expr: --var {name}: {e}", file=sys.stderr)
            return 2
    if a.now:
        kw["now"] = dt.datetime.fromisoformat(a.now.replace("Z", "+00:00"))
    try:
        value = window.expr(a.expression, **kw)
    except window.ExprError as e:
        print(f"window expr: {e}", file=sys.stderr)
        return 1
    print(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m window",
                                 description="libwindow from Python (SPEC §6)")
    ap.add_argument("--version", action="version", version=f"window {window.version()}")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="load and lint catalogs")
    p.add_argument("--strict", action="store_true")
    p.add_argument("--plugin-dir", action="append", default=[])
    p.add_argument("--today")
    p.add_argument("dirs", nargs="+")
    p.set_defaults(run=_check)
    p = sub.add_parser("eval", help="evaluate one submission")
    p.add_argument("args", nargs="+", metavar="DIR [ITEM] SUBMISSION")
    p.add_argument("--now")
    p.add_argument("--explain", action="store_true")
    p.add_argument("--elicense")
    p.add_argument("--plugin-dir", action="append", default=[])
    p.set_defaults(run=_eval)
    p = sub.add_parser("test", help="run the catalog's rule tests")
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--item")
    p.add_argument("--plugin-dir", action="append", default=[])
    p.add_argument("dir")
    p.set_defaults(run=_test)
    p = sub.add_parser("expr", help="evaluate one expression")
    p.add_argument("expression")
    p.add_argument("--var", action="append", default=[])
    p.add_argument("--now")
    p.set_defaults(run=_expr)
    a = ap.parse_args(argv)
    status: int = a.run(a)
    return status


if __name__ == "__main__":
    sys.exit(main())
