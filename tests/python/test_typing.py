"""mypy --strict on the package (its inline annotations, py.typed) and on
examples/python, as an editor or a host's CI would check them.  mypy comes
from apt (Debian's `mypy`, tools/install-deps --tests)."""

import os
import pathlib
import shutil
import subprocess
import sys

import window
from conftest import ROOT

PACKAGE_DIR = pathlib.Path(window.__file__).resolve().parent


def mypy(*targets):
    assert shutil.which("mypy") or _has_module(), \
        "mypy is not installed: tools/install-deps --tests installs Debian's mypy"
    env = dict(os.environ, MYPYPATH=str(PACKAGE_DIR.parent))
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--config-file", str(ROOT / "pyproject.toml"),
         "--cache-dir", os.devnull, "--no-error-summary", *map(str, targets)],
        capture_output=True, env=env, cwd=PACKAGE_DIR.parent, timeout=600)


def _has_module():
    return subprocess.run([sys.executable, "-c", "import mypy"], capture_output=True).returncode == 0


def test_package_is_typed():
    assert (PACKAGE_DIR / "py.typed").is_file()
    p = mypy("-p", "window")
    assert p.returncode == 0, p.stdout.decode() + p.stderr.decode()


def test_examples_type_check():
    p = mypy(*sorted((ROOT / "examples" / "python").glob("*.py")))
    assert p.returncode == 0, p.stdout.decode() + p.stderr.decode()


def test_mypy_catches_a_misuse(tmp_path):
    """The annotations say something: a wrong use is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("import window\n"
                   "cat = window.Catalog.load('rules')\n"
                   "n: int = cat.evaluate('X', {}).decision\n", encoding="utf-8")
    p = mypy(bad)
    assert p.returncode == 1 and "Incompatible types in assignment" in p.stdout.decode()
