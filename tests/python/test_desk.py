"""examples/python/desk.py prints the decision and the one-time notice."""

import os
import subprocess
import sys

from conftest import ROOT, SUBMISSIONS

DESK = ROOT / "examples" / "python" / "desk.py"


def desk(*args):
    return subprocess.run([sys.executable, str(DESK), *map(str, args)], capture_output=True,
                          env=dict(os.environ), timeout=60)


def test_incomplete_notice():
    p = desk(SUBMISSIONS / "03-food-license-too-many-gaps.json")
    out = p.stdout.decode()
    assert p.returncode == 1, p.stderr.decode()
    assert "一次性告知" in out
    assert "缺少：与食品经营相适应的主要设备设施清单" in out
    assert "需打印：一次性告知书" in out


def test_gaps_with_due_dates():
    p = desk(SUBMISSIONS / "02-food-license-fast-track.json")
    out = p.stdout.decode()
    assert p.returncode == 0, p.stderr.decode()
    assert "容缺受理" in out
    assert "请于 2026-11-27 前补齐" in out and "请于 2026-12-01 前补齐" in out


def test_bundle_and_errors(tmp_path):
    p = desk(SUBMISSIONS / "12-enterprise-startup-bundle.json")
    assert p.returncode == 0 and "企业开办一件事" in p.stdout.decode()
    bad = tmp_path / "bad.json"
    bad.write_text('{"item": "x",', encoding="utf-8")
    p = desk(bad)
    assert p.returncode == 2 and "line 1, column" in p.stderr.decode()
    p = desk(SUBMISSIONS / "01-food-license-complete.json", "--item", "NOPE")
    assert p.returncode == 2 and "NOPE" in p.stderr.decode()
