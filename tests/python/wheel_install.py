#!/usr/bin/env python3
"""The wheel, installed as a vendor's user would (issue 19): build it from
the source tree with meson-python (pyproject.toml), install it into a fresh
virtual environment without network, and run examples/python/desk.py and
`python -m window` from a directory outside the source tree.

    /usr/bin/python3 tests/python/wheel_install.py [SOURCE_ROOT]

meson runs it as the test `wheel` (suite python).  It needs python3-venv,
python3-build and python3-mesonpy from apt (tools/install-deps --tests).
Building the wheel compiles libwindow once more (release build, no tests).
"""

import os
import pathlib
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else
                    pathlib.Path(__file__).resolve().parent.parent.parent).resolve()


def run(cmd, cwd, env=None, expect=0):
    p = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True,
                       timeout=1800)
    out = p.stdout.decode(errors="replace")
    if p.returncode != expect:
        sys.stderr.write(out + p.stderr.decode(errors="replace"))
        sys.exit(f"FAIL: {' '.join(map(str, cmd))}: exit {p.returncode}, expected {expect}")
    return out


def check(cond, what):
    if not cond:
        sys.exit(f"FAIL: {what}")
    print(f"ok: {what}")


def main():
    with tempfile.TemporaryDirectory(prefix="window-wheel-") as tmp:
        tmp = pathlib.Path(tmp)
        dist = tmp / "dist"
        # The documented build: no isolation, no index (the build
        # dependencies come from apt).
        run([sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir", dist, ROOT],
            cwd=tmp)
        wheels = sorted(dist.glob("*.whl"))
        check(len(wheels) == 1, f"one wheel built ({[w.name for w in wheels]})")
        names = zipfile.ZipFile(wheels[0]).namelist()
        # meson-python puts the pure files under <dist>.data/purelib/window/
        check(any(n.endswith("window/__init__.py") for n in names), "the wheel has window/")
        check(any(n.startswith("window/_capi.") for n in names), "the wheel has window/_capi")
        check(any(n.endswith("window/py.typed") for n in names), "the wheel has window/py.typed")
        check(not any("_expr." in n for n in names), "no second copy of libwindow (window._expr)")

        venv = tmp / "venv"
        run([sys.executable, "-m", "venv", "--system-site-packages", venv], cwd=tmp)
        py = venv / "bin" / "python"
        run([py, "-m", "pip", "install", "--no-index", "--no-deps", wheels[0]], cwd=tmp)

        # Outside the source tree, with nothing of the build on the path.
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "WINDOW_CLI", "LD_LIBRARY_PATH")}
        where = run([py, "-c", "import window, sys; print(window.__file__); "
                     "print(window.version())"], cwd=tmp, env=env).split()
        check(where[0].startswith(str(venv)), f"window imports from the venv ({where[0]})")
        subs = ROOT / "examples" / "submissions"
        out = run([py, ROOT / "examples" / "python" / "desk.py", "--rules", ROOT / "rules",
                   subs / "02-food-license-fast-track.json"], cwd=tmp, env=env)
        check("容缺受理" in out and "请于 2026-11-27 前补齐" in out,
              "desk.py decides a submission with the installed wheel")
        out = run([py, ROOT / "examples" / "python" / "desk.py", "--rules", ROOT / "rules",
                   subs / "03-food-license-too-many-gaps.json"], cwd=tmp, env=env, expect=1)
        check("一次性告知" in out, "desk.py prints the one-time notice (exit 1)")
        out = run([py, "-m", "window", "eval", ROOT / "rules",
                   subs / "01-food-license-complete.json"], cwd=tmp, env=env)
        golden = (subs / "01-food-license-complete.expected.json").read_text(encoding="utf-8")
        import json
        check(json.loads(out) == json.loads(golden), "python -m window eval matches the golden")


if __name__ == "__main__":
    main()
