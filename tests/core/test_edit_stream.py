"""Edges of the core's compact edit stream (core/src/compact.rs) seen from Python: a step's
edits cross as rows, are packed, sorted, applied and composed; the text, the composed edits and
the offset map must be the reference's bookkeeping (``wenben.edits``) on the same rows, offsets
in code points (astral characters are one each, as ``str`` counts them)."""

from __future__ import annotations

import pytest

import wenben._core as core
from wenben.edits import Edit, EditTracker, apply_edits, composed_from_columns, sorted_disjoint

Row = tuple[str, int, int, str]

ASTRAL = "\U00020000\U0001f600\U0010ffff"
LONG = "".join(chr(0x4E00 + i % 0x5000) for i in range(70_000))


def _expected(text: str, steps: list[list[Row]]) -> tuple[str, list[Edit], list[int]]:
    """The reference's bookkeeping on the rows of each step (no protected spans)."""
    tracker = EditTracker(text)
    for rows in steps:
        edits = sorted_disjoint([Edit(*row) for row in rows])
        text = apply_edits(text, edits)
        tracker.apply(edits)
    offsets = tracker.offset_map()
    return text, tracker.edits(), [offsets(i) for i in range(len(text) + 1)]


def _run(text: str, steps: list[list[Row]]) -> tuple[str, list[Edit], list[int]]:
    """The core's run of host steps returning ``steps``' rows, explained."""

    def step(rows: list[Row]):  # type: ignore[no-untyped-def]
        return lambda text, protected, document, named: list(rows)

    plan = core.Plan([([f"made-up-{i}"], "", False, step(rows)) for i, rows in enumerate(steps)])
    result, applied = core.run(text, plan, "compact", None, True)
    edits, offsets = composed_from_columns(*applied, len(text))
    return result, list(edits), [offsets(i) for i in range(len(result) + 1)]


def _rows(rows: list[tuple[int, int, str]], rule: str = "made-up-0") -> list[Row]:
    return [(rule, start, end, replacement) for start, end, replacement in rows]


CASES = {
    "no edit": ("abc", [[]]),
    "empty text": ("", [_rows([(0, 0, "x")])]),
    "empty text, no edit": ("", [[]]),
    "at 0 and at the end": ("abc", [_rows([(0, 0, "<"), (0, 1, ""), (3, 3, ">")])]),
    "delete all": ("abc", [_rows([(0, 3, "")])]),
    "astral text": (ASTRAL + "a" + ASTRAL, [_rows([(1, 2, ""), (3, 4, "x"), (4, 4, ASTRAL), (7, 7, "!")])]),
    "astral replacements": ("abc", [_rows([(0, 1, ASTRAL), (2, 3, "\U00020001")]), _rows([(0, 1, ""), (5, 5, ASTRAL)], "made-up-1")]),
    "long replacement": ("ab", [_rows([(1, 1, LONG)]), _rows([(1, 70_001, ""), (0, 1, LONG)], "made-up-1")]),
    "empty replacements": ("a" * 40, [_rows([(i, i + 1, "") for i in range(0, 40, 2)])]),
    "unsorted and overlapping": ("abcdefgh", [_rows([(5, 6, "x"), (0, 2, ""), (1, 3, "y"), (6, 6, "z"), (6, 6, "w"), (7, 8, "")])]),
    "insertions at one point": ("ab", [_rows([(1, 1, "x"), (1, 1, "y"), (1, 1, "")])]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_edges_as_the_reference(name: str) -> None:
    text, steps = CASES[name]
    assert _run(text, steps) == _expected(text, steps)


def test_many_edits_across_the_stream_chunks() -> None:
    # More edits than a chunk of Edits::take_over (2^14), unsorted at a chunk boundary, and
    # dense: an edit every other character, with astral characters among them.
    text = ("\u4e2d" + ASTRAL[0]) * 20_000
    rows = _rows([(i, i + 1, "" if i % 3 else "x") for i in range(0, len(text), 2)])
    rows.append(("made-up-0", 0, 0, ASTRAL))
    rows[-16_384], rows[-16_385] = rows[-16_385], rows[-16_384]  # the first of the last chunk
    assert _run(text, [rows]) == _expected(text, [rows])


def test_bad_rows_are_refused_without_a_panic() -> None:
    # Beyond the text, beyond the stream's u32 offsets, beyond a machine integer: a one-line
    # error naming the step (or Python's own for a number no usize holds), never a panic.
    for row in [("made-up", 0, 4, ""), ("made-up", 0, 2**32 + 1, ""), ("made-up", 2**32, 2**32, "")]:
        plan = core.Plan([(["made-up"], "", False, lambda text, protected, document, named, row=row: [row])])
        with pytest.raises(core.CoreError, match=r"^rule made-up: edit \d+\.\.\d+ outside the text \(3 characters\)$"):
            core.run("abc", plan, "compact", None, False)
    plan = core.Plan([(["made-up"], "", False, lambda text, protected, document, named: [("made-up", 0, 2**64, "")])])
    with pytest.raises(OverflowError):
        core.run("abc", plan, "compact", None, False)


def test_a_lone_surrogate_in_a_replacement_cannot_cross() -> None:
    # (It raises UnicodeEncodeError, on which Cleaner._run falls back to the reference.)
    plan = core.Plan([(["made-up"], "", False, lambda text, protected, document, named: [("made-up", 0, 1, "\ud800")])])
    with pytest.raises(UnicodeEncodeError):
        core.run("abc", plan, "compact", None, False)


def test_protected_spans_reach_the_host_in_code_points() -> None:
    # A URL after astral characters: the host is given its span in code points, and an edit
    # inside it is dropped while one before it is applied.
    text = ASTRAL + " https://example.com/a"
    seen = []

    def step(text: str, protected: list[tuple[int, int]], document: str | None, named: bool) -> list[Row]:
        seen.append(protected)
        return [("made-up", 3, 4, ""), ("made-up", 10, 11, "")]

    result, _ = core.run(text, core.Plan([(["made-up"], "", False, step)]), "compact", None, False)
    assert seen == [[(4, len(text))]]
    assert result == ASTRAL + "https://example.com/a"
