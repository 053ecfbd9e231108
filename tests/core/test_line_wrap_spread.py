"""The compiled core against the reference on what decides a sentence-final line in a document
that marks no paragraphs (``Evidence.floor``, ``_within_spread``, a paragraph's first line, the
two-line block ending with a colon clause) and on note marks cut onto a line of their own
(``_starts_with_note_mark``): typeset-like documents whose wrapped lines vary in width, with
sentences that end at the margin, one-line paragraphs, colon lead-ins and lines starting
with digits."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wenben._core as core
from wenben.edits import Edit, apply_edits

sys.path.insert(0, str(Path(__file__).resolve().parent))

from differential import reference_step  # noqa: E402

SUBSETS = (["line-wrap"], ["paragraph-breaks"], ["line-wrap", "paragraph-breaks"])
_HAN = "\u6570\u636e\u8d44\u6e90\u4e3a\u5173\u952e\u8981\u7d20\u7ecf\u6d4e\u5f62\u6001\u8f6f\u4ef6\u5305\u7ef4\u62a4\u8005"
_INNER = ["\uff0c", "\u3001", "\uff1a", " Debian ", " tlmgr ", "1993", " "]
_FINAL = ["\u3002", "\uff01", "\uff1f", "\u3002\u201d", "\uff1a", ":", "."]


def check(text: str, document: str | None) -> None:
    for ids in SUBSETS:
        expected = reference_step(ids, text, [], "compact", document)
        got = [tuple(row) for row in core.step_edits(ids, text, [], "compact", document)]
        assert got == expected, (ids, ascii(text))
        ordered = [Edit(*row) for row in sorted(got, key=lambda e: (e[1], e[2]))]
        assert apply_edits(text, ordered) == apply_edits(text, [Edit(*row) for row in sorted(expected, key=lambda e: (e[1], e[2]))])


@st.composite
def _line(draw: st.DrawFn, size: int, final: str | None) -> str:
    """About ``size`` Han characters with punctuation and Latin words between them."""
    parts = []
    count = 0
    while count < size:
        run = draw(st.integers(1, max(1, size - count)))
        parts.append("".join(draw(st.lists(st.sampled_from(_HAN), min_size=run, max_size=run))))
        count += run
        if count < size and draw(st.booleans()):
            parts.append(draw(st.sampled_from(_INNER)))
    if final:
        parts.append(final)
    return "".join(parts)


@st.composite
def typeset_documents(draw: st.DrawFn) -> str:
    """Paragraphs without marks: wrapped lines within a few characters of the measure, some
    ending a sentence at the margin; last lines of any length; one-line paragraphs."""
    measure = draw(st.integers(12, 30))
    lines: list[str] = []
    for _ in range(draw(st.integers(2, 7))):
        count = draw(st.integers(1, 4))
        for index in range(count):
            last = index == count - 1
            if last:
                size = draw(st.integers(1, measure))
                final = draw(st.sampled_from(_FINAL))
            else:
                size = measure - draw(st.integers(0, 3))
                final = draw(st.sampled_from([None, None, None, "\u3002", "\uff0c"]))
            start = draw(st.sampled_from(["", "", "", "", "2\u3002", "12\uff0c", "1\u3001", "1,000 ", "1234\u3002", "3"]))
            lines.append(start + draw(_line(size, final)))
    if draw(st.booleans()):  # a two-line block after a blank line
        lines.append("")
        lines.append(draw(_line(measure - 1, "\u3002")))
        lines.append(draw(_line(draw(st.integers(1, measure)), draw(st.sampled_from(["\uff1a", ":", "\u3002"])))))
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(typeset_documents(), st.booleans())
def test_typeset_documents(text: str, with_document: bool) -> None:
    check(text, text if with_document else None)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(typeset_documents(), typeset_documents())
def test_part_with_another_documents_evidence(part: str, document: str) -> None:
    # A part of a stream judged with the evidence of its document's start.
    check(part, document)


def test_spread_examples() -> None:
    test_file = Path(__file__).resolve().parents[1] / "test_sentence_wrap_spread.py"
    namespace: dict[str, object] = {"__name__": "spread_examples"}
    exec(compile(test_file.read_text(encoding="utf-8"), str(test_file), "exec"), namespace)  # noqa: S102
    document = namespace["_document"]
    texts = [
        document(first, second)  # type: ignore[operator]
        for first in (namespace["_FULL"], namespace["_SHORT"], namespace["_RUNS_ON"])
        for second in (namespace["_RUNS_ON"], namespace["_ENDS"])
    ]
    assert len(texts) == 6
    for text in texts:
        check(text, None)
        check(text, text)
        colon = text + "\n" + str(namespace["_FULL"]) + "\n\u4f8b\u5982\uff1a\n"
        check(colon, None)
