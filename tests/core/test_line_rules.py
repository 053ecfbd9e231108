"""The compiled core's line rules (core/src/rules/lines.rs) against the reference
(src/wenben/rules/lines.py): the same edits, in the same order, and the same text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wenben._core as core
from wenben.chars import content_width
from wenben.edits import apply_edits
from wenben.engine import Step
from wenben.rules import RULES
from wenben.rules.base import Context, Options

ROOT = Path(__file__).resolve().parents[2]
PORTED = [rule_id for rule_id in ("blank-lines", "line-edge-whitespace", "paragraph-breaks") if rule_id in core.implemented()]
SPACINGS = ("compact", "spaced")

PIECES = st.sampled_from([
    "\n", "\n", "\n\n", "\n\n\n", "\r", "\r\n", " ", "  ", "\t", "\u3000", "\u3000\u3000", "\u00a0", "\u2003",
    "\u4e2d\u6587", "\u6b63\u6587\u3002", "\uff0c", "\u3002", "abc", "Hello world.", "def f():", "return 1;",
    "  if x:", "{", "}", "| a |", "|", "- item", "1. ", "\u4e00\u3001", "# Title", "\x1c", "\x85", "\u2028",
    "\u7b2c\u4e09\u7ae0", "x" * 30, "\u6c49" * 20, "\uff1a", "https://example.com/", "\u201c", "\u300d",
])
TEXTS = st.one_of(
    st.lists(PIECES, max_size=30).map("".join),
    st.text(alphabet=st.sampled_from("\n \t\u3000\r\u00a0a\u4e2d|;{}\u3002"), max_size=40),
    st.text(max_size=40),
)


def protected_spans(draw_text: str, data: st.DataObject) -> list[tuple[int, int]]:
    n = len(draw_text)
    if not n:
        return []
    cuts = sorted(set(data.draw(st.lists(st.integers(0, n), max_size=6))))
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2) if cuts[i] < cuts[i + 1]]


def reference(ids: list[str], text: str, protected: list[tuple[int, int]], spacing: str, document: str | None) -> list[tuple[str, int, int, str]]:
    context = Context(Options(spacing=spacing), tuple(protected), document)
    return [tuple(edit) for edit in Step([RULES[i] for i in ids]).edits(text, context, named=True)]


def check(ids: list[str], text: str, protected: list[tuple[int, int]] = (), document: str | None = None) -> None:
    for spacing in SPACINGS:
        expected = reference(ids, text, list(protected), spacing, document)
        got = [tuple(row) for row in core.step_edits(ids, text, list(protected), spacing, document)]
        assert got == expected, (ids, ascii(text))
        ordered = sorted(expected, key=lambda e: (e[1], e[2]))
        assert apply_edits(text, _edits(ordered)) == apply_edits(text, _edits(sorted(got, key=lambda e: (e[1], e[2]))))


def _edits(rows):
    from wenben.edits import Edit

    return [Edit(*row) for row in rows]


def test_the_three_rules_are_registered() -> None:
    assert PORTED == ["blank-lines", "line-edge-whitespace", "paragraph-breaks"]
    # line-wrap, in the same joint pass as paragraph-breaks: tests/core/test_line_wrap.py.
    assert "line-wrap" in core.implemented()


@pytest.mark.parametrize("rule_id", ["blank-lines", "line-edge-whitespace", "paragraph-breaks"])
def test_examples(rule_id: str) -> None:
    for raw, _ in RULES[rule_id].examples:
        check([rule_id], raw)
        check([rule_id], raw, document=raw)


def _fixture_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if path.suffix in {".txt", ".md"}:
            texts.append(path.read_text(encoding="utf-8"))
        elif path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, list):
                texts += [case["original"] for case in data if isinstance(case, dict) and isinstance(case.get("original"), str)]
    return texts


def _wrapped_texts() -> list[str]:
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    sys.path.insert(0, str(ROOT / "tests"))
    from measure_wrapped import cases

    return [wrapped for _, wrapped, _ in cases()]


def test_fixtures_and_wrapped_documents() -> None:
    texts = _fixture_texts() + _wrapped_texts()
    assert len(texts) > 50
    for text in texts:
        for rule_id in PORTED:
            check([rule_id], text)
            check([rule_id], text, document=text)
            check([rule_id], text.replace("\n", "\r\n"))


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.data())
def test_differential(text: str, data: st.DataObject) -> None:
    protected = protected_spans(text, data)
    document = data.draw(st.one_of(st.none(), st.just(text), TEXTS))
    for rule_id in PORTED:
        check([rule_id], text, protected, document)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_content_width_of_the_reference(line: str) -> None:
    # The core's content_width is checked through the crate's own tests; here the reference's
    # single-line and many-line forms agree (the line rules rely on both).
    from wenben.chars import content_widths

    lines = line.split("\n")
    assert content_widths(lines) == [content_width(part) for part in lines]
