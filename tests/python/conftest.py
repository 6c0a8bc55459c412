"""Shared fixtures of the Python binding tests.

meson runs them (suite 'python') with PYTHONPATH pointing at the built
package and these variables set:
  WINDOW_CLI          the `window` executable of the same build
  WINDOW_SOURCE_ROOT  the source tree (rules/, examples/)
Run by hand from a build directory:
  PYTHONPATH=build/bindings/python WINDOW_CLI=build/tools/window \
      /usr/bin/python3 -m pytest -p no:cacheprovider tests/python
"""

import json
import os
import pathlib
import subprocess

import pytest

import window

HERE = pathlib.Path(__file__).resolve().parent
ROOT = pathlib.Path(os.environ.get("WINDOW_SOURCE_ROOT", HERE.parent.parent))
RULES = ROOT / "rules"
SUBMISSIONS = ROOT / "examples" / "submissions"
CLI = os.environ.get("WINDOW_CLI")


def example_files():
    """The example submissions (not their golden results, *.expected.json)."""
    subs = sorted(SUBMISSIONS.glob("*.json")) + sorted(SUBMISSIONS.glob("*.yaml"))
    return [p for p in subs if not p.name.endswith(".expected.json")]


def golden_of(path):
    """The golden result text of an example (tools/update-golden writes it)."""
    return (path.parent / (path.stem + ".expected.json")).read_text(encoding="utf-8")


def canonical(result_json):
    """The golden files' formatting of a result JSON text (see tools/update-golden)."""
    return json.dumps(json.loads(result_json), ensure_ascii=False, indent=2) + "\n"


def item_of(path):
    """The item code (or bundle id) a submission file is for: its "item" key."""
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else None
    if data is None:
        import re
        m = re.search(r"^item:\s*\"?([^\"\n]+)\"?\s*$", text, re.M)
        assert m, f"{path.name}: no item key"
        return m.group(1).strip()
    assert "item" in data, f"{path.name}: no item key"
    return data["item"]


def run_cli(*args, check=True):
    if not CLI:
        pytest.skip("WINDOW_CLI is not set (run through meson test)")
    p = subprocess.run([CLI, *map(str, args)], capture_output=True)
    if check:
        assert p.returncode == 0, p.stderr.decode()
    return p


@pytest.fixture(scope="session")
def rules():
    return RULES


@pytest.fixture(scope="session")
def catalog():
    return window.Catalog.load(RULES)


# ---- a small catalog: tests/resources/host (shared with tests/host/hfix.c) ---

HOST_FIXTURE = HERE.parent / "resources" / "host"
BASE = {str(p.relative_to(HOST_FIXTURE)): p.read_text(encoding="utf-8")
        for p in sorted(HOST_FIXTURE.rglob("*.yaml"))}


OVERLAYS = HERE.parent / "resources" / "overlays"


def overlay(name):
    """The files of tests/resources/overlays/NAME (path -> text), to lay over
    the host fixture with make_catalog; the C tests use the same overlays."""
    d = OVERLAYS / name
    return {str(p.relative_to(d)): p.read_text(encoding="utf-8")
            for p in sorted(d.rglob("*.yaml"))}


def write_catalog(root, overrides=None):
    """Write the host fixture (with overrides: path -> text, or None to drop a file)."""
    files = dict(BASE)
    files.update(overrides or {})
    root = pathlib.Path(root)
    for rel, text in files.items():
        p = root / rel
        if text is None:
            if p.exists():
                p.unlink()
            continue
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def make_catalog(tmp_path):
    def make(overrides=None, name="cat"):
        return write_catalog(tmp_path / name, overrides)
    return make


# ---- a tiny YAML emitter (block style), so the YAML route is exercised ------

def to_yaml(value, indent=0):
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        lines = []
        for k, v in value.items():
            key = json.dumps(str(k), ensure_ascii=False)
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad}{key}:\n{to_yaml(v, indent + 1)}")
            else:
                lines.append(f"{pad}{key}: {to_yaml(v, indent + 1)}")
        return "\n".join(lines)
    if isinstance(value, list):
        if not value:
            return "[]"
        lines = []
        for v in value:
            if isinstance(v, (dict, list)) and v:
                inner = to_yaml(v, indent + 1).lstrip()
                lines.append(f"{pad}- {inner}")
            else:
                lines.append(f"{pad}- {to_yaml(v, indent + 1)}")
        return "\n".join(lines)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)
