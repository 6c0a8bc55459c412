"""docs/python.md's API reference is what tools/python-reference generates
from the package's signatures and docstrings, and every public member has a
docstring (the generator refuses otherwise)."""

import os
import subprocess
import sys

import window
from conftest import ROOT


def test_reference_matches_docstrings():
    tool = ROOT / "tools" / "python-reference"
    p = subprocess.run([sys.executable, str(tool), "--check", str(ROOT / "docs" / "python.md")],
                       capture_output=True, env=dict(os.environ), timeout=120)
    assert p.returncode == 0, p.stderr.decode() + " (run tools/python-reference)"


def test_reference_fails_when_stale(tmp_path):
    doc = tmp_path / "python.md"
    text = (ROOT / "docs" / "python.md").read_text(encoding="utf-8")
    doc.write_text(text.replace("Evaluate a batch", "Evaluate a bunch"), encoding="utf-8")
    p = subprocess.run([sys.executable, str(ROOT / "tools" / "python-reference"), "--check",
                        str(doc)], capture_output=True, env=dict(os.environ), timeout=120)
    assert p.returncode == 1 and b"stale" in p.stderr


def test_documented_entry_points_exist():
    """The hand-written sections name only what the package has."""
    text = (ROOT / "docs" / "python.md").read_text(encoding="utf-8")
    for name in ("evaluate_many", "deadline_times", "due_at", "close", "timezone"):
        assert name in text
    assert hasattr(window.Catalog, "evaluate_many") and hasattr(window.Result, "deadline_times")
    assert "window._expr" not in text
