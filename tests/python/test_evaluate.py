"""Catalog.evaluate: results, equality with `window eval`, input forms, errors."""

import datetime as dt
import json
import pathlib

import pytest

import window
from conftest import (ROOT, RULES, SUBMISSIONS, canonical, example_files, golden_of, item_of, run_cli,
                      to_yaml)

NOW = "2026-12-01T09:00:00+08:00"  # fixed: a result compared with another must not straddle a clock second

EXAMPLES = example_files()


def test_examples_exist():
    assert len(EXAMPLES) >= 10, "examples/submissions/ should hold the example submissions"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_equals_golden(catalog, path):
    """For every example submission the Python result is the golden result
    examples/submissions/*.expected.json (receipt instant: its submitted_at,
    as tools/update-golden passes it to `window eval --now`)."""
    code = item_of(path)
    expected = golden_of(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    now = data["submitted_at"]
    res = catalog.evaluate(code, path.read_text(encoding="utf-8"), now=now)
    assert canonical(res.to_json()) == expected
    # The same from a dict, from bytes and from a path, and without `now`
    # (the submission's submitted_at is the receipt instant then).
    assert canonical(catalog.evaluate(code, data, now=now).to_json()) == expected
    assert canonical(catalog.evaluate(code, path.read_bytes()).to_json()) == expected
    assert canonical(catalog.evaluate(code, pathlib.Path(path)).to_json()) == expected
    # code=None takes the dict's "item" key.
    assert canonical(catalog.evaluate(None, data).to_json()) == expected


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_attributes_match_json(catalog, path):
    code = item_of(path)
    res = catalog.evaluate(code, path.read_text(encoding="utf-8"))
    d = res.to_dict()
    assert d == json.loads(res.to_json())
    assert res.decision == d["decision"]
    if isinstance(res, window.BundleResult):
        assert res.bundle == d["bundle"]
        assert res.to_supply == d["to_supply"]
        assert len(res.items) == len(d["items"])
        items = list(zip(res.items, d["items"]))
    else:
        items = [(res, d)]
    for r, j in items:
        assert r.item == j["item"]
        assert r.flow == j["flow"]
        assert r.route == j["route"]
        assert [f.to_dict() for f in r.findings] == j["findings"]
        assert r.deadlines == j["deadlines"]
        assert r.documents == j["documents"]
        assert r.catalog == j["catalog"] == {"id": catalog.id, "version": catalog.version}
        assert r.to_dict() == j


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_dict_json_yaml_builder_equivalent(catalog, path):
    data = json.loads(path.read_text(encoding="utf-8"))
    code = data["item"]
    ref = catalog.evaluate(code, data, now=NOW).to_json()
    assert catalog.evaluate(code, json.dumps(data), now=NOW).to_json() == ref            # ASCII escapes
    assert catalog.evaluate(code, json.dumps(data, indent=4), now=NOW).to_json() == ref
    yaml_text = to_yaml(data) + "\n"
    assert not yaml_text.startswith("{")
    assert catalog.evaluate(code, yaml_text, now=NOW).to_json() == ref
    assert catalog.evaluate(code, window.Submission.parse(yaml_text, format="yaml"), now=NOW).to_json() == ref
    # Built with the setters instead of parsed.
    sub = window.Submission()
    for k, v in data.items():
        if k == "materials":
            for mid, m in v.items():
                if set(m) == {"form", "copies"}:   # what add_material builds
                    sub.add_material(mid, m.get("form"), m.get("copies", 1))
                else:
                    sub.set(f"materials.{mid}", m)
        else:
            sub.set(k, v)
    assert catalog.evaluate(code, sub, now=NOW).to_json() == ref


def test_submission_reused(catalog):
    path = SUBMISSIONS / "02-food-license-fast-track.json"
    sub = window.Submission.load(path)
    a = catalog.evaluate(item_of(path), sub, now=NOW)
    b = catalog.evaluate(item_of(path), sub, now=NOW)
    assert a.to_json() == b.to_json()


def test_result_attributes(catalog):
    path = SUBMISSIONS / "02-food-license-fast-track.json"
    res = catalog.evaluate(item_of(path), path.read_text(encoding="utf-8"))
    assert isinstance(res, window.Result)
    assert res.decision == window.ACCEPTED_WITH_GAPS and res.accepted
    assert res.flow == "on_spot_acceptance"
    assert res.route["department"] == "market"
    assert res.route["escalated_from"] is None
    assert res.documents == ["gap_notice", "gap_commitment"]
    assert {f.subject for f in res.gaps} == {"layout_plan", "health_certificate"}
    f = res.findings[0]
    assert f.code == "material_missing" and f.severity == "error" and f.tolerated
    assert f.due == "2026-11-27"
    assert f.rule == f"{f.rule_file}:{f.rule_line}:{f.rule_column}"
    assert f.message.startswith("缺少")
    assert res.deadlines["supplement"] == "2026-11-27"
    assert "transfer" in res.deadlines and "notify" not in res.deadlines
    assert str(res) == res.to_json()
    assert res.to_dict() is not res.to_dict()   # a fresh dict each time


def test_now_forms(catalog):
    path = SUBMISSIONS / "01-food-license-complete.json"
    code, text = item_of(path), path.read_text(encoding="utf-8")
    # Every form of the same instant gives the same result, and `now` wins
    # over the file's submitted_at (the golden result is at submitted_at).
    ref = catalog.evaluate(code, text, now="2026-12-01T09:30:00+08:00").to_json()
    assert canonical(ref) != golden_of(path)
    forms = [
        "2026-12-01T09:30:00+08:00",
        "2026-12-01T01:30:00Z",
        "2026-12-01T09:30:00",                                # offset-less: catalog zone
        dt.datetime(2026, 12, 1, 9, 30),                      # naive: catalog zone
        dt.datetime(2026, 12, 1, 1, 30, tzinfo=dt.timezone.utc),
        dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        int(dt.datetime(2026, 12, 1, 1, 30, tzinfo=dt.timezone.utc).timestamp()),
    ]
    for now in forms:
        assert catalog.evaluate(code, text, now=now).to_json() == ref, now
    with pytest.raises(ValueError):
        catalog.evaluate(code, text, now="next tuesday")
    with pytest.raises(TypeError):
        catalog.evaluate(code, text, now=[2026])


def test_explain_equals_golden(catalog):
    """The --explain result is tests/golden/NAME.explain.expected.json
    (written by tools/update-golden)."""
    path = SUBMISSIONS / "03-food-license-too-many-gaps.json"
    code = item_of(path)
    golden = ROOT / "tests" / "golden" / "03-food-license-too-many-gaps.explain.expected.json"
    res = catalog.evaluate(code, path.read_text(encoding="utf-8"), explain=True)
    assert canonical(res.to_json()) == golden.read_text(encoding="utf-8")
    assert isinstance(res.trace, list) and res.trace
    assert catalog.evaluate(code, path.read_text(encoding="utf-8")).trace is None


GOLDEN = pathlib.Path(__file__).resolve().parent / "golden"
WASTE = json.loads((GOLDEN / "waste-elicense.json").read_text(encoding="utf-8"))
WASTE_ELICENSES = json.loads((GOLDEN / "waste-elicense.elicenses.json").read_text(encoding="utf-8"))
WASTE_GOLDEN = (GOLDEN / "waste-elicense.expected.json").read_text(encoding="utf-8")


def test_elicenses_equal_golden(catalog, tmp_path):
    """Every e-license form gives tests/python/golden/waste-elicense.expected.json
    (what `window eval --elicense` prints; see golden/README.md)."""
    el = tmp_path / "el.yaml"
    el.write_text(to_yaml(WASTE_ELICENSES) + "\n", encoding="utf-8")
    for form in (WASTE_ELICENSES, json.dumps(WASTE_ELICENSES), el.read_text(encoding="utf-8"),
                 el, window.Elicenses.parse(WASTE_ELICENSES)):
        res = catalog.evaluate(WASTE["item"], WASTE, elicenses=form)
        assert canonical(res.to_json()) == WASTE_GOLDEN
    codes = [f.code for f in res.findings]
    assert "material_substituted" in codes
    # Without them the permit is missing.
    res = catalog.evaluate(WASTE["item"], WASTE)
    assert any(f.code == "material_missing" and f.subject == "project_permit"
               for f in res.findings)


def test_bundle(catalog):
    path = SUBMISSIONS / "12-enterprise-startup-bundle.json"
    text = path.read_text(encoding="utf-8")
    b = catalog.evaluate_bundle("enterprise_startup", text)
    assert isinstance(b, window.BundleResult)
    assert b.id == "enterprise_startup" and b.name
    assert len(b.items) == 4
    assert all(isinstance(r, window.Result) for r in b.items)
    assert b.to_dict()["items"][0] == b.items[0].to_dict()
    assert b.to_supply == []
    # Item results outlive the list they came from (they keep the bundle alive).
    first = b.items[0]
    del b
    assert first.decision == "accepted"
    # An item code is not a bundle.
    with pytest.raises(window.NotFound):
        catalog.evaluate_bundle("3415220000-XK-0102-01", text)


def test_bundle_to_supply(catalog):
    path = SUBMISSIONS / "12-enterprise-startup-bundle.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["materials"] = {}
    b = catalog.evaluate_bundle("enterprise_startup", data)
    assert b.decision == "incomplete"
    assert b.to_supply and b.to_supply == b.to_dict()["to_supply"]
    assert len(b.to_supply) == len(set(b.to_supply))


def test_not_found(catalog):
    with pytest.raises(window.NotFound) as ei:
        catalog.evaluate("NO-SUCH-ITEM", {})
    assert isinstance(ei.value, window.Error)
    assert isinstance(ei.value, LookupError)
    assert ei.value.code == "NO-SUCH-ITEM"
    assert ei.value.status == window.capi.WND_ENOTFOUND


@pytest.mark.parametrize("text,line,column", [
    ('{"applicant": {"name": "x",}}', 1, 27),
    ('{\n  "data": {\n    "area": 1e999\n  }\n}', 3, 13),
    ("applicant:\n  name: [unclosed\n", None, None),
    ("", 1, 1),
])
def test_submission_error(catalog, text, line, column):
    with pytest.raises(window.SubmissionError) as ei:
        catalog.evaluate("3415220000-XK-0102-01", text)
    e = ei.value
    assert isinstance(e, window.Error) and isinstance(e, ValueError)
    assert e.message
    if line is not None:
        assert (e.line, e.column) == (line, column), e.message
        assert e.message.startswith(f"line {line}, column {column}: ")
    else:
        assert e.line is not None and e.column is not None, e.message


def test_submission_error_matches_cli(catalog, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"fast_track": tru}', encoding="utf-8")
    p = run_cli("eval", RULES, "3415220000-XK-0102-01", bad, check=False)
    assert p.returncode == 1
    with pytest.raises(window.SubmissionError) as ei:
        catalog.evaluate("3415220000-XK-0102-01", bad.read_text())
    assert ei.value.message in p.stderr.decode()


def test_dict_not_serialisable(catalog):
    with pytest.raises(window.SubmissionError):
        catalog.evaluate("3415220000-XK-0102-01", {"data": {"x": object()}})
    with pytest.raises(window.SubmissionError):
        catalog.evaluate("3415220000-XK-0102-01", {"data": {"x": float("nan")}})
    with pytest.raises(TypeError):
        catalog.evaluate("3415220000-XK-0102-01", 42)


def test_dict_with_datetimes(catalog):
    base = json.loads((SUBMISSIONS / "02-food-license-fast-track.json").read_text("utf-8"))
    as_text = catalog.evaluate(None, base).to_json()
    d = dict(base)
    d["submitted_at"] = dt.datetime.fromisoformat(base["submitted_at"])
    assert catalog.evaluate(None, d).to_json() == as_text
    naive = dict(base)
    naive["submitted_at"] = dt.datetime.fromisoformat(base["submitted_at"]).replace(tzinfo=None)
    # naive = catalog zone: the same decision and receipt instant; the
    # submission itself is other text, so its digest differs
    got, want = catalog.evaluate(None, naive).to_dict(), json.loads(as_text)
    assert got["record"].pop("submission_digest") != want["record"].pop("submission_digest")
    assert got == want


def test_submission_setters_errors():
    sub = window.Submission()
    with pytest.raises(window.SubmissionError):
        sub.set("data..x", 1)
    with pytest.raises(window.SubmissionError):
        sub.set("data.big", 1 << 70)
    sub.set("data.when", dt.date(2026, 1, 2)).set("data.list", [1, 2]).set("data.none", None)


def test_decision_model_attributes():
    """SPEC §4.5 through the Python attributes, named as in the JSON."""
    cat = window.Catalog.load(RULES.parent / "tests" / "model")
    now = "2026-09-18T10:00:00+08:00"
    r = cat.evaluate("B-SPOT", {"data": {"age": 30}, "materials": {"application_form": {}}},
                     now=now)
    assert r.decided_by == "back_office"
    assert r.deadlines["reply"] == "2026-09-18T10:20:00+08:00"
    assert "transfer" not in r.deadlines
    assert r.record == r.to_dict()["record"]
    assert r.record["received_at"] == now and r.record["engine"].startswith("libwindow ")
    g = cat.evaluate("G-EXT", {"materials": {"application_form": {}}}, now=now)
    assert g.decided_by == "window"
    assert g.deadlines["statutory_extended"] == "2026-10-22"
    b = cat.evaluate("steps", {"materials": {"application_form": {}}}, now=now)
    assert b.record["catalog_digest"] == r.record["catalog_digest"]
    assert [i.record for i in b.items] == [None, None]
    assert b.deadlines == {"promised": "2026-09-22"}
    assert [(f.code, f.subject) for f in b.findings] == [("bundle_late", "P-FIRST"),
                                                         ("bundle_late", "Q-NEXT")]
    assert [i.decided_by for i in b.items] == ["back_office", "window"]
