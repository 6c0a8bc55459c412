"""Threads: one catalog shared by many Python threads; the GIL is released."""

import json
import threading
import time

import window
from conftest import SUBMISSIONS, example_files, item_of


def test_four_threads_same_results(catalog):
    cases = []
    for p in example_files():
        text = p.read_text(encoding="utf-8")
        cases.append((item_of(p), text, json.loads(text) if p.suffix == ".json" else text))
    expected = [catalog.evaluate(code, text).to_json() for code, text, _ in cases]
    errors = []
    done = []

    def worker(k):
        try:
            n = 0
            for rnd in range(40):
                for i, (code, text, data) in enumerate(cases):
                    src = data if (rnd + k) % 2 else text
                    r = catalog.evaluate(code, src)
                    if r.to_json() != expected[i]:
                        raise AssertionError(f"{code}: result differs in thread {k}")
                    n += 1
            done.append(n)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]
    assert done == [40 * len(cases)] * 4


def test_shared_result_to_json_from_threads(catalog):
    path = SUBMISSIONS / "03-food-license-too-many-gaps.json"
    res = catalog.evaluate(item_of(path), path.read_text(encoding="utf-8"))
    out = []
    threads = [threading.Thread(target=lambda: out.append(res.to_json())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(out)) == 1


def test_gil_released_during_load(rules):
    """While one thread loads catalogs (in C), another Python thread runs.

    With a long switch interval a thread holding the GIL keeps it; the
    spinning thread can only progress when the C library released it."""
    import sys
    ticks = 0
    stop = threading.Event()
    started = threading.Event()

    def spin():
        nonlocal ticks
        started.set()
        while not stop.is_set():
            ticks += 1
            time.sleep(0)   # lets the main thread take the GIL back

    old = sys.getswitchinterval()
    sys.setswitchinterval(30.0)
    try:
        t = threading.Thread(target=spin)
        t.start()
        started.wait()
        before = ticks
        for _ in range(3):
            window.Catalog.load(rules)
        progressed = ticks - before
        stop.set()
        t.join()
    finally:
        sys.setswitchinterval(old)
    assert progressed > 0


def test_parallel_submission_errors(catalog):
    """Parse errors in many threads each get their own message."""
    bad = {k: '{"applicant": {"name": "x"}' + " " * k + "]" for k in range(4)}
    errors = []

    def worker(k):
        for _ in range(200):
            try:
                catalog.evaluate("3415220000-XK-0102-01", bad[k])
            except window.SubmissionError as e:
                if e.column != 28 + k:
                    errors.append((k, e.message))
            else:
                errors.append((k, "no error"))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
