"""Cue 7b's thresholds in the reference (``_within_spread``, ``_last_sentence`` of
src/wenben/rules/lines.py), each at its boundary: the same table core/src/rules/lines_cue7b_tests.rs
holds the core's ``within_spread`` and ``last_sentence`` to, so that both engines compare with
``>=``, count the final mark in display columns whatever the unit, strip the next line's spaces
and skip its closers alike. (Fixtures and the differential strategy for the cue are elsewhere.)"""

from __future__ import annotations

import pytest

from wenben.rules.lines import Evidence, _last_sentence, _within_spread

SPREAD = [
    ("columns", 10, False, 8, "\u3002", True),  # 8 + 2 == 10
    ("columns", 10, False, 7, "\u3002", False),
    ("columns", 10, False, 9, ".", True),  # 9 + 1 == 10
    ("columns", 10, False, 8, ".", False),
    ("chars", 10, False, 8, "\u3002", True),  # the mark in columns, not chars
    ("content", 10, False, 8, "\uff01", True),
    ("columns", 0, False, 30, "\u3002", False),  # no floor measured
    ("columns", 10, True, 30, "\u3002", False),  # an exact wrap
]

LAST = [
    ("columns", 11, "\u4e2d\u4e2d\u4e2d\u3002", 16, True),
    ("columns", 10, "\u4e2d\u4e2d\u4e2d\u3002", 16, False),  # 8 + 2 == 10: within
    ("columns", 11, "\u4e2d\u4e2d\u4e2d\u3002", 17, False),  # 2 * 8 < 17
    ("columns", 11, "\u4e2d\u4e2d\u4e2d\u3002 \u3000", 16, True),
    ("columns", 13, "\u4e2d\u4e2d\u4e2d\u3002\u300d", 20, True),  # 10 + 2 < 13
    ("columns", 12, "\u4e2d\u4e2d\u4e2d\u3002\u300d", 20, False),
    ("columns", 13, "\u4e2d\u4e2d\u4e2d\u3002\u300d", 21, False),
    ("columns", 30, "\u4e2d\u4e2d\u4e2d\uff0c", 2, False),
    ("columns", 30, "\u4e2d\u4e2d\u4e2d", 2, False),
    ("chars", 7, "\u4e2d\u4e2d\u4e2d\u3002", 8, True),
    ("chars", 6, "\u4e2d\u4e2d\u4e2d\u3002", 8, False),  # 4 + 2 == 6: within
    ("chars", 7, "\u4e2d\u4e2d\u4e2d\u3002", 9, False),
    ("columns", 6, "abcd.", 10, False),  # 5 + 1 == 6
    ("columns", 7, "abcd.", 10, True),
    ("columns", 0, "\u4e2d\u3002", 8, True),
    ("columns", 0, "\u4e2d\u3002", 9, False),
]


def _evidence(unit: str, floor: int, exact: bool) -> Evidence:
    return Evidence(width=20, unit=unit, exact=exact, floor=floor)


@pytest.mark.parametrize("unit, floor, exact, size, final, expected", SPREAD)
def test_within_spread_at_its_boundaries(unit: str, floor: int, exact: bool, size: int, final: str, expected: bool) -> None:
    assert _within_spread(size, final, _evidence(unit, floor, exact)) is expected


@pytest.mark.parametrize("unit, floor, next_line, size, expected", LAST)
def test_last_sentence_at_its_boundaries(unit: str, floor: int, next_line: str, size: int, expected: bool) -> None:
    assert _last_sentence(next_line, size, _evidence(unit, floor, False)) is expected


def test_the_tables_are_the_cores() -> None:
    # The Rust tests' tables, read from their source, are these (so neither drifts alone).
    from tests.core.differential import ROOT

    source = (ROOT / "core" / "src" / "rules" / "lines_cue7b_tests.rs").read_text(encoding="utf-8")
    units = {"columns": "Columns", "chars": "Chars", "content": "Content"}

    def rust(text: str) -> str:
        return "".join(c if c.isascii() else f"\\u{{{ord(c):x}}}" for c in text)

    for unit, floor, exact, size, final, expected in SPREAD:
        row = f"(Unit::{units[unit]}, {floor}, {str(exact).lower()}, {size}, '{rust(final)}', {str(expected).lower()})"
        assert row in source, row
    for unit, floor, next_line, size, expected in LAST:
        row = f'(Unit::{units[unit]}, {floor}, "{rust(next_line)}", {size}, {str(expected).lower()})'
        assert row in source, row
