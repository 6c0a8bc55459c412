#!/usr/bin/python3
"""The JSON Schemas of schema/ against the loader, with a real validator.

  validate.py WINDOW_EXE SOURCE_ROOT

1. Every catalog directory of the repository that `window check` loads
   without errors validates against the schemas (the loader is the
   authority: the schema must never reject what the loader accepts).
2. Every schema-level defect of the CLI tests' defects catalog (unknown
   key, missing key, wrong type, bad id, bad enum value, bad duration, bad
   date) is also reported by the schema, at the same file and line.
3. The schema errors of the defects catalog match a golden file
   (tests/schema/expected/defects.txt): file, line, JSON path, keyword.
Speaks TAP.  YAML is read as the editor's language server reads it
(YAML 1.2 core: dates stay strings, only true/false are booleans).
"""
import json
import os
import re
import subprocess
import sys

import jsonschema
import yaml

W, ROOT = sys.argv[1], sys.argv[2]
SCHEMA_DIR = os.path.join(ROOT, "schema")
DEFECTS = "tests/catalog/defects"
SCHEMA_CODES = {"unknown-key", "missing-key", "bad-type", "bad-id", "bad-value",
                "bad-duration", "bad-date"}
n = bad = 0


def ok(cond, name, detail=""):
    global n, bad
    n += 1
    if not cond:
        bad += 1
    print(f"{'ok' if cond else 'not ok'} {n} - {name}")
    for line in detail.splitlines()[:30] if not cond else []:
        print(f"# {line}")


class CoreLoader(yaml.SafeLoader):
    """YAML 1.2 core-ish scalars: no timestamps, no yes/no/on/off booleans."""


CoreLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()}
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def schema_for(rel):
    parts = rel.split("/")
    if rel in ("catalog.yaml", "departments.yaml", "windows.yaml", "materials.yaml",
               "functions.yaml"):
        return rel[:-5]
    if parts[0] == "calendars":
        return "calendar"
    if parts[0] == "items":
        return "item"
    if parts[0] == "bundles":
        return "bundle"
    return None


def validator(name, cache={}):
    if name not in cache:
        path = os.path.join(SCHEMA_DIR, name + ".json")
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        resolver = jsonschema.RefResolver("file://" + os.path.abspath(path), schema)
        cache[name] = jsonschema.Draft202012Validator(
            schema, resolver=resolver, format_checker=jsonschema.FormatChecker())
    return cache[name]


def node_at(node, path):
    """The YAML node at a JSON path (None when it is not there)."""
    for key in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key or
                         (isinstance(key, bool) and k.value == str(key).lower())), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            return None
        if node is None:
            return None
    return node


def leaf_errors(err):
    """An error and the errors inside its oneOf/anyOf alternatives."""
    yield err
    for sub in err.context or ():
        yield from leaf_errors(sub)


def error_lines(err, tree):
    """1-based lines an error points at: its node, and for a mapping the keys it names."""
    lines = set()
    for e in leaf_errors(err):
        node = node_at(tree, list(e.absolute_path))
        if node is None:
            continue
        lines.add(node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode) and e.validator in ("additionalProperties", "propertyNames"):
            allowed = set(e.schema.get("properties", {}))
            lines.update(k.start_mark.line + 1 for k, _ in node.value if k.value not in allowed)
    return lines


def check_file(catdir, rel):
    """(errors, tree) for one rule file; errors None when YAML cannot be read."""
    path = os.path.join(catdir, rel)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        tree = yaml.compose(text, Loader=CoreLoader)
        data = yaml.load(text, Loader=CoreLoader)
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return None, None
    errs = sorted(validator(schema_for(rel)).iter_errors(data),
                  key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    return errs, tree


def rule_files(catdir):
    for dirpath, _, files in os.walk(catdir):
        for name in sorted(files):
            if name.endswith(".yaml"):
                rel = os.path.relpath(os.path.join(dirpath, name), catdir).replace(os.sep, "/")
                if schema_for(rel):
                    yield rel


def check_diags(catdir):
    out = subprocess.run([W, "check", "--format", "json", catdir], capture_output=True,
                         text=True, cwd=ROOT)
    return out.returncode, json.loads(out.stdout or "[]")


os.chdir(ROOT)
for name in ("common", "catalog", "departments", "windows", "calendar", "materials",
             "functions", "item", "bundle"):
    try:
        validator(name)
        ok(True, f"schema/{name}.json is a valid 2020-12 schema")
    except (jsonschema.SchemaError, OSError, ValueError) as e:
        ok(False, f"schema/{name}.json is a valid 2020-12 schema", str(e))

# 1. the schema accepts every catalog the loader accepts
catalogs = sorted(os.path.relpath(d) for d, _, fs in os.walk(".")
                  if "catalog.yaml" in fs and not d.startswith(("./build", "./.git")))
valid = []
for cat in catalogs:
    rc, diags = check_diags(cat)
    # a host function only the host can provide is not a defect of the files
    if all(d["severity"] != "error" or d["code"] == "function-unprovided" for d in diags):
        valid.append(cat)
ok("rules" in valid and len(valid) >= 3, f"the loader accepts rules/ and others: {valid}")
for cat in valid:
    problems = []
    for rel in rule_files(cat):
        errs, _ = check_file(cat, rel)
        if errs is None:
            problems.append(f"{rel}: not readable as YAML by the validator")
        for e in errs or ():
            problems.append(f"{rel}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
    ok(not problems, f"the schema accepts every file of {cat} (loaded without errors)",
       "\n".join(problems))

# 2. schema-level defects found by the loader are found by the schema
_, diags = check_diags(DEFECTS)
found = {}
golden = []
for rel in rule_files(DEFECTS):
    errs, tree = check_file(DEFECTS, rel)
    if errs is None:
        golden.append(f"{rel}: (not YAML the validator reads)")
        continue
    for e in errs:
        lines = error_lines(e, tree)
        node = node_at(tree, list(e.absolute_path))
        line = node.start_mark.line + 1 if node is not None else 0
        what = e.message if e.validator in ("required", "additionalProperties") else repr(e.instance)[:60]
        golden.append(f"{rel}:{line}: /{'/'.join(map(str, e.absolute_path))}: {e.validator}: {what}")
        for ln in lines:
            found.setdefault(rel, set()).add(ln)
schema_level = [d for d in diags if d["code"] in SCHEMA_CODES]
ok(len(schema_level) >= 8, f"the defects catalog has schema-level defects ({len(schema_level)})")
for d in schema_level:
    rel = os.path.relpath(d["file"], DEFECTS)
    ok(d["line"] in found.get(rel, set()),
       f"schema also reports {rel}:{d['line']} [{d['code']}]",
       f"loader: {d['message']}\nschema lines in {rel}: {sorted(found.get(rel, set()))}")

# 3. golden schema errors of the defects catalog
exp_path = "tests/schema/expected/defects.txt"
if os.environ.get("UPDATE_GOLDEN"):  # after a deliberate schema change; review the diff
    with open(exp_path, "w", encoding="utf-8") as f:
        f.write("".join(x + "\n" for x in golden))
with open(exp_path, encoding="utf-8") as f:
    expected = f.read().splitlines()
ok(golden == expected, f"schema errors of {DEFECTS} match {exp_path}",
   "\n".join(f"- {x}" for x in expected if x not in golden) + "\n" +
   "\n".join(f"+ {x}" for x in golden if x not in expected))

# 4. rule files name their schema for the editor
heads = []
for cat in ("rules", "examples/host-credit/catalog"):
    for rel in rule_files(cat):
        if schema_for(rel) != "item" and rel != "catalog.yaml":
            continue
        with open(os.path.join(cat, rel), encoding="utf-8") as f:
            first = f.readline().rstrip("\n")
        want = "# yaml-language-server: $schema=" + os.path.relpath(
            os.path.join(SCHEMA_DIR, schema_for(rel) + ".json"),
            os.path.dirname(os.path.abspath(os.path.join(cat, rel))))
        if first != want:
            heads.append(f"{cat}/{rel}: first line is {first!r}, expected {want!r}")
ok(not heads, "items and catalog.yaml of rules/ and the example start with their $schema line",
   "\n".join(heads))

print(f"1..{n}")
sys.exit(1 if bad else 0)
