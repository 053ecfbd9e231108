"""Every case in fixtures/cases/*.json (ftfy's layout): raw -> expected through wenben.clean.

``negative.json`` holds text that must not change; ``known-failures.json`` documents what wenben
does not fix yet (``expect: fail``), so a fix shows up as an unexpected pass.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import wenben

CASES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "cases"


def load_cases(mark_failures: bool = True) -> list:
    """Every case as a pytest.param (a list: parametrize takes collections, not generators)."""
    params = []
    for path in sorted(CASES_DIR.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            failing = case["expect"] == "fail" and mark_failures
            marks = [pytest.mark.xfail(strict=True, reason=case.get("comment", ""))] if failing else []
            params.append(pytest.param(case, id=f"{path.stem}: {case['label']}", marks=marks))
    return params


@pytest.mark.parametrize("case", load_cases())
def test_case(case):
    profile = case.get("profile", "default")
    assert wenben.clean(case["original"], profile=profile) == case["expected"]


@pytest.mark.parametrize("case", load_cases(mark_failures=False))
def test_case_is_idempotent(case):
    profile = case.get("profile", "default")
    once = wenben.clean(case["original"], profile=profile)
    assert wenben.clean(once, profile=profile) == once
