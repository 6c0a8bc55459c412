"""Independent check of the decision record's digests (SPEC §4.5).

Usage: digest.py WINDOW CATALOG_DIR

Computes catalog_digest and submission_digest with Python's hashlib and
json, then asks `window eval` for the record of the same submission given
as JSON and as YAML; a copy of the catalog with one byte changed must give
another catalog_digest.  Prints TAP.
"""
import hashlib, json, os, shutil, subprocess, sys, tempfile

window, cat = sys.argv[1], sys.argv[2]
results = []


def ok(cond, what):
    results.append(("ok" if cond else "not ok") + " - " + what)


def rule_files(root):
    fixed = ["catalog.yaml", "departments.yaml", "windows.yaml", "materials.yaml",
             "functions.yaml"]
    out = [f for f in fixed if os.path.isfile(os.path.join(root, f))]
    for sub, deep in (("calendars", False), ("items", True), ("bundles", False)):
        base = os.path.join(root, sub)
        for dirpath, dirs, files in os.walk(base):
            if not deep:
                dirs[:] = []
            for f in files:
                if f.endswith(".yaml"):
                    out.append(os.path.relpath(os.path.join(dirpath, f), root))
    return sorted(out, key=lambda p: p.encode())


def catalog_digest(root):
    h = hashlib.sha256()
    for rel in rule_files(root):
        h.update(rel.encode() + b"\0")
        with open(os.path.join(root, rel), "rb") as f:
            h.update(f.read())
        h.update(b"\0")
    return "sha256:" + h.hexdigest()


def record(root, path):
    out = subprocess.run([window, "eval", root, "C-AUTH", path, "--now",
                          "2026-09-18T10:00:00+08:00"], capture_output=True, check=True)
    return json.loads(out.stdout)["record"]


sub = {"applicant": {"name": "张三", "kind": "person", "age": 30},
       "materials": {"application_form": {"form": "original", "copies": 2}},
       "data": {"tags": ["b", "a"], "note": "第一行\n\"引号\"\t", "none": None, "flag": True}}
canon = json.dumps(sub, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
want_sub = "sha256:" + hashlib.sha256(canon.encode()).hexdigest()

tmp = tempfile.mkdtemp()
try:
    jpath = os.path.join(tmp, "s.json")
    with open(jpath, "w", encoding="utf-8") as f:
        json.dump(sub, f, ensure_ascii=False, indent=3)
    ypath = os.path.join(tmp, "s.yaml")
    with open(ypath, "w", encoding="utf-8") as f:
        f.write("data:\n  flag: true\n  none: null\n  note: \"第一行\\n\\\"引号\\\"\\t\"\n"
                "  tags: [b, a]\nmaterials:\n  application_form: {copies: 2, form: original}\n"
                "applicant: {age: 30, kind: person, name: 张三}\n")
    rj, ry = record(cat, jpath), record(cat, ypath)
    ok(rj["catalog_digest"] == catalog_digest(cat),
       "catalog_digest is SHA-256 over the sorted rule files (path NUL content NUL)")
    ok(rj["submission_digest"] == want_sub, "submission_digest is SHA-256 of the canonical JSON")
    ok(ry["submission_digest"] == want_sub, "the same submission as YAML has the same digest")
    ok(rj["engine"].startswith("libwindow ") and rj["received_at"] == "2026-09-18T10:00:00+08:00",
       "record names the engine and the receipt instant")
    copy = os.path.join(tmp, "cat")
    shutil.copytree(cat, copy)
    p = os.path.join(copy, "items", "c_authorized.yaml")
    with open(p, "rb") as f:
        data = bytearray(f.read())
    i = data.index(b"10 workdays")
    data[i:i + 2] = b"11"  # one byte: the promised limit 10 -> 11
    with open(p, "wb") as f:
        f.write(data)
    rc = record(copy, jpath)
    ok(rc["catalog_digest"] != rj["catalog_digest"] and rc["catalog_digest"] == catalog_digest(copy),
       "one changed byte in one rule file changes catalog_digest")
finally:
    shutil.rmtree(tmp)

print("\n".join(results))
print("1..%d" % len(results))
sys.exit(0)
