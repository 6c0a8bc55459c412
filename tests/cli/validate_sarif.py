#!/usr/bin/python3
"""Structural check of a SARIF 2.1.0 log (the schema itself is not
available offline): the properties GitHub code scanning and other SARIF
consumers require, with their types and value ranges."""
import json
import sys

def fail(msg):
    print(f"invalid SARIF: {msg}")
    sys.exit(1)

log = json.load(open(sys.argv[1], encoding="utf-8"))
if log.get("version") != "2.1.0":
    fail("version must be 2.1.0")
if "sarif-2.1.0" not in log.get("$schema", ""):
    fail("$schema must name the 2.1.0 schema")
runs = log.get("runs")
if not isinstance(runs, list) or not runs:
    fail("runs must be a non-empty array")
for run in runs:
    driver = run.get("tool", {}).get("driver")
    if not isinstance(driver, dict) or not isinstance(driver.get("name"), str):
        fail("tool.driver.name is required")
    rules = driver.get("rules", [])
    ids = [r.get("id") for r in rules]
    if any(not isinstance(i, str) for i in ids) or len(set(ids)) != len(ids):
        fail("rules need unique string ids")
    for r in rules:
        if "shortDescription" in r and not isinstance(r["shortDescription"].get("text"), str):
            fail("shortDescription.text must be a string")
    results = run.get("results")
    if not isinstance(results, list):
        fail("results must be an array")
    for res in results:
        if res.get("level") not in ("none", "note", "warning", "error"):
            fail(f"bad level {res.get('level')!r}")
        if not isinstance(res.get("message", {}).get("text"), str):
            fail("message.text is required")
        rid, idx = res.get("ruleId"), res.get("ruleIndex")
        if idx is not None and (not isinstance(idx, int) or idx < 0 or idx >= len(ids) or ids[idx] != rid):
            fail(f"ruleIndex {idx} does not point at rule {rid}")
        for loc in res.get("locations", []):
            pl = loc.get("physicalLocation", {})
            if not isinstance(pl.get("artifactLocation", {}).get("uri"), str):
                fail("physicalLocation.artifactLocation.uri is required")
            reg = pl.get("region")
            if reg is not None:
                for k in ("startLine", "startColumn"):
                    if k in reg and (not isinstance(reg[k], int) or reg[k] < 1):
                        fail(f"region.{k} must be an integer >= 1")
print(f"ok: {sum(len(r['results']) for r in runs)} results")
