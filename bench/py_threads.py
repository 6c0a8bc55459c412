#!/usr/bin/env python3
"""bench/py_threads.py — evaluations per second from Python with 1, 2 and 4
threads (issue 19), for the numbers in docs/python.md.

    PYTHONPATH=build/bindings/python /usr/bin/python3 bench/py_threads.py \\
        [--seconds S] [--batch N] [--threads 1,2,4] [--json]

Workloads (examples/submissions/01-food-license-complete.json, rules/):
  single/submission  cat.evaluate(code, sub) with a pre-parsed Submission
  single/dict        cat.evaluate(code, dict)
  batch/submission   cat.evaluate_many([(code, sub)] * N)
  batch/text         cat.evaluate_many([(code, json_text)] * N)  (parse + evaluate)
  batch/dict         cat.evaluate_many([(code, dict)] * N)       (json.dumps holds the GIL)
  processes          single/submission in N processes (the baseline
                     without a GIL)
Every thread runs the workload for S seconds; the figure is the total of
evaluations per second.  The machine's load changes the numbers: report it.
"""

import argparse
import json
import multiprocessing
import os
import pathlib
import sys
import threading
import time

import window

ROOT = pathlib.Path(__file__).resolve().parent.parent
SUB = ROOT / "examples" / "submissions" / "01-food-license-complete.json"
CODE = "3415220000-XK-0102-01"


def workloads(cat, batch):
    text = SUB.read_text(encoding="utf-8")
    data = json.loads(text)
    sub = window.Submission.parse(text, env=cat.env)
    return {
        "single/submission": (lambda: cat.evaluate(CODE, sub), 1),
        "single/dict": (lambda: cat.evaluate(CODE, data), 1),
        "batch/submission": (lambda: cat.evaluate_many([(CODE, sub)] * batch), batch),
        "batch/text": (lambda: cat.evaluate_many([(CODE, text)] * batch), batch),
        "batch/dict": (lambda: cat.evaluate_many([(CODE, data)] * batch), batch),
    }


def run_threads(fn, per_call, nthreads, seconds):
    counts = [0] * nthreads
    start = threading.Barrier(nthreads + 1)

    def worker(i):
        start.wait()
        end = time.perf_counter() + seconds
        n = 0
        while time.perf_counter() < end:
            fn()
            n += per_call
        counts[i] = n

    ts = [threading.Thread(target=worker, args=(i,)) for i in range(nthreads)]
    for t in ts:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in ts:
        t.join()
    return sum(counts) / (time.perf_counter() - t0)


def _process_worker(seconds, q):
    cat = window.Catalog.load(ROOT / "rules")
    fn, per = workloads(cat, 1)["single/submission"]
    n = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        fn()
        n += per
    q.put(n / seconds)


def run_processes(nproc, seconds):
    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()
    ps = [ctx.Process(target=_process_worker, args=(seconds, q)) for _ in range(nproc)]
    for p in ps:
        p.start()
    rates = [q.get() for _ in ps]
    for p in ps:
        p.join()
    return sum(rates)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--threads", default="1,2,4")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    counts = [int(x) for x in a.threads.split(",")]
    cat = window.Catalog.load(ROOT / "rules")
    table = {}
    for name, (fn, per) in workloads(cat, a.batch).items():
        fn()  # warm up
        table[name] = {n: run_threads(fn, per, n, a.seconds) for n in counts}
    table["processes"] = {n: run_processes(n, a.seconds) for n in counts}
    load = os.getloadavg()[0]
    if a.json:
        print(json.dumps({"cpus": os.cpu_count(), "load": load, "batch": a.batch,
                          "seconds": a.seconds, "evals_per_second": table}, indent=2))
        return
    print(f"# {os.cpu_count()} CPUs, load average {load:.1f}, batch {a.batch}, "
          f"{a.seconds:g} s per run, Python {sys.version.split()[0]}")
    print("| workload | " + " | ".join(f"{n} thread{'s' if n > 1 else ''}" for n in counts)
          + " | " + ", ".join(f"{n}/{counts[0]}" for n in counts[1:]) + " |")
    print("|---|" + "---|" * (len(counts) + 1))
    for name, row in table.items():
        base = row[counts[0]]
        cells = " | ".join(f"{row[n] / 1000:.1f}k" for n in counts)
        ratios = ", ".join(f"{row[n] / base:.2f}×" for n in counts[1:])
        print(f"| {name} | {cells} | {ratios} |")


if __name__ == "__main__":
    main()
