

def test_import_without_the_extension_says_why(tmp_path):
    """A package whose _capi was built for another Python (or is missing)
    says so, instead of Python's "partially initialized module" error."""
    import shutil
    pkg = tmp_path / "window"
    shutil.copytree(pathlib.Path(window.__file__).parent, pkg,
                    ignore=shutil.ignore_patterns("_capi*", "__pycache__", "*.p"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    p = subprocess.run([sys.executable, "-c", "import window"], cwd=tmp_path, env=env,
                       capture_output=True, timeout=60)
    err = p.stderr.decode()
    assert p.returncode == 1
    assert (f"window: the C extension window._capi cannot be loaded under Python "
            f"{sys.version_info[0]}.{sys.version_info[1]}") in err
    assert "Supported Pythons" in err
