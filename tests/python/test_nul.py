"""Strings with an embedded NUL are refused, not cut short (issue 15).

C strings end at the first NUL: "CODE\\0x" used to evaluate CODE and
"rules\\0/x" used to load rules/.  Every str or bytes passed where the C
API takes a NUL-terminated string raises ValueError instead.
"""

import pytest

import window
from conftest import RULES

FOOD = "3415220000-XK-0102-01"


def test_item_code_with_nul_is_refused(catalog):
    with pytest.raises(ValueError, match="NUL"):
        catalog.evaluate(FOOD + "\0x", {"materials": {}})
    # the code without the tail still works
    assert catalog.evaluate(FOOD, {"materials": {}}).decision


def test_catalog_path_with_nul_is_refused():
    with pytest.raises(ValueError, match="NUL"):
        window.Catalog.load(str(RULES) + "\0/x")


def test_submission_text_may_hold_nul_as_data(catalog):
    # (text, len) pairs carry their length: a NUL there reaches the parser,
    # which reports it, rather than being refused by the binding
    with pytest.raises(window.Error):
        catalog.evaluate(FOOD, '{"data": {"a": "x\0y"}}')
