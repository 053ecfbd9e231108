"""The compiled core's tracker (core/src/tracker.rs: ``EditTracker`` of src/wenben/edits.py,
composing every step's edits for ``explain``) against the reference's, on texts where later
rules rewrite what earlier ones wrote: full-width digits and letters next to spaces, runs of
spaces and punctuation, quotes, dashes and line breaks, packed densely."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.test_engine import _PAIRS, VARIANTS, assert_same

PIECES = [
    "\u6570", "\u5b57", " ", "  ", "\u3000", "\uff11", "\uff21", "1", "a", ",", ".", ":", ";", "(", ")",
    "\"", "'", "--", "...", "\r\n", "\n", "\n\n", "\u201c", "\u2014", "\uff0c", "\u00a0", "\u200b",
    "e\u0301", "http://a.b/c d", "\u300c",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=60), st.integers(0, len(VARIANTS) - 1))
def test_composed_edits_and_offsets_are_the_reference_s(pieces: list[str], variant: int) -> None:
    assert_same(*_PAIRS[variant], "".join(pieces))


def test_one_dense_line_composes_as_the_reference() -> None:
    line = " ".join("\u6570\u5b57\uff11\u7ecf,\u6d4e\u2014\u2014a") * 300
    for variant in range(len(VARIANTS)):
        assert_same(*_PAIRS[variant], line)
