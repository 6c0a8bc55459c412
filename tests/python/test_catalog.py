"""Catalog.load: diagnostics, CatalogError, options, catalog facts, rule tests."""

import datetime as dt

import pytest

import window
from conftest import RULES, overlay, run_cli


def test_load_rules(catalog):
    assert catalog.id == "demo-county"
    assert catalog.name == "示范县政务服务中心"
    assert catalog.version == "2026.11.1"
    assert catalog.timezone == dt.timezone(dt.timedelta(hours=8))
    assert "3415220000-XK-0102-01" in catalog.items
    assert catalog.items["3415220000-XK-0102-01"] == "食品经营许可（新办）"
    assert "enterprise_startup" in catalog.bundles
    assert "enterprise_startup" in catalog and "NOPE" not in catalog
    assert all(d.severity != "error" for d in catalog.diagnostics)
    assert isinstance(catalog.env, window.Env)
    assert repr(catalog).startswith("<window.Catalog demo-county")


def test_load_pathlike_and_str():
    a = window.Catalog.load(RULES)
    b = window.Catalog.load(str(RULES) + "/")
    assert a.items == b.items


def test_catalog_error_diagnostics(make_catalog):
    d = make_catalog(overlay("host-unknown-key"))
    with pytest.raises(window.CatalogError) as ei:
        window.Catalog.load(d, env=host_env())
    e = ei.value
    assert isinstance(e, window.Error)
    assert e.status == window.capi.WND_EINVALID
    unknown = [x for x in e.diagnostics if x.code == "unknown-key"]
    assert len(unknown) == 1
    u = unknown[0]
    assert u.file.endswith("items/a.yaml")
    assert (u.line, u.column) == (7, 3)
    assert u.severity == "error"
    assert "colour" in u.message
    assert str(u) == f"{u.file}:7:3: error: {u.message} [unknown-key]"
    # Warnings travel too, and the message names every error.
    assert any(x.severity == "warning" for x in e.diagnostics)
    assert e.errors == [x for x in e.diagnostics if x.severity == "error"]
    assert "colour" in str(e)


def test_catalog_error_matches_window_check(make_catalog):
    d = make_catalog(overlay("host-unknown-key"))
    p = run_cli("check", d, "--format", "json", check=False)
    assert p.returncode == 1
    import json
    cli = json.loads(p.stdout.decode())
    # every diagnostic the CLI reports is in the exception
    with pytest.raises(window.CatalogError) as ei:
        window.Catalog.load(d)
    ours = {(x.code, x.line, x.column) for x in ei.value.diagnostics}
    flat = cli if isinstance(cli, list) else cli.get("diagnostics", [])
    theirs = {(x["code"], x["line"], x["column"]) for x in flat}
    assert theirs and theirs == ours


def test_unprovided_function_is_an_error(make_catalog):
    d = make_catalog()
    with pytest.raises(window.CatalogError) as ei:
        window.Catalog.load(d)          # credit.dishonest not registered
    codes = {x.code for x in ei.value.errors}
    assert "function-unprovided" in codes
    x = next(x for x in ei.value.errors if x.code == "function-unprovided")
    assert x.file.endswith("functions.yaml") and x.line == 2


def test_warnings_on_success_and_strict(make_catalog):
    d = make_catalog()
    cat = window.Catalog.load(d, env=host_env())
    assert cat.diagnostics, "items without tests/windows are warnings"
    assert all(x.severity == "warning" for x in cat.warnings)
    assert {x.code for x in cat.warnings} >= {"no-tests"}
    with pytest.raises(window.CatalogError) as ei:
        window.Catalog.load(d, env=host_env(), strict=True)
    assert {x.code for x in ei.value.diagnostics} >= {"no-tests"}


def test_missing_directory(tmp_path):
    with pytest.raises(window.CatalogError) as ei:
        window.Catalog.load(tmp_path / "nope")
    assert ei.value.status == window.capi.WND_EIO
    assert "nope" in str(ei.value)


def test_today_option(make_catalog):
    d = make_catalog()
    # Calendars cover 2026 and 2027: fine for a 2026 "today", a coverage
    # warning for 2030.
    ok = window.Catalog.load(d, env=host_env(), today=dt.date(2026, 11, 21))
    late = window.Catalog.load(d, env=host_env(), today=dt.date(2030, 1, 1))
    assert len(late.diagnostics) > len(ok.diagnostics)


def test_plugin_dirs_option(make_catalog, tmp_path):
    d = make_catalog()
    env = host_env()
    cat = window.Catalog.load(d, env=env, plugin_dirs=[tmp_path])
    assert cat.env is env
    with pytest.raises(window.Error):
        window.Catalog.load(d, env=host_env(), plugin_dirs=[tmp_path / "missing"])


def test_run_tests_matches_window_test(catalog):
    report = catalog.run_tests()
    assert isinstance(report, window.TestReport)
    p = run_cli("test", RULES, check=False)
    last = p.stdout.decode().strip().splitlines()[-1]
    assert last == f"{report.passed} passed, {report.failed} failed"
    assert report.passed + report.failed == len(report.outcomes)
    o = report.outcomes[0]
    assert o.target and o.name and o.file and o.line > 0


def test_catalog_cannot_be_constructed():
    with pytest.raises(TypeError):
        window.Catalog()


# ---- helpers ----------------------------------------------------------------

def host_env():
    env = window.Env()
    env.register("credit.dishonest", lambda code: False, params=["string"], returns="bool")
    return env
