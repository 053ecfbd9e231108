"""Canonical documents hard-wrapped by a tool at a random width (textwrap by characters, or
the same algorithm by display columns; tests/wrap_factory.py) come back with every paragraph
whole: the same paragraphs as the canonical text, character for character except for spaces
between Latin words at a break (a line exactly full that ends a Latin word before another is
ambiguous: ``machine`` + ``learning`` vs ``Deb`` + ``ian``; ADR 0002). Addresses are left out:
a wrapper cuts them anywhere, and a cut URL is not told from two tokens."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

import wenben

from .strategies import gold_documents

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from wrap_factory import blank_line_document  # noqa: E402

_LATIN_SPACE = re.compile("(?<=[A-Za-z]) (?=[A-Za-z])")


@pytest.mark.xfail(
    reason="open: short documents (under 8 wrapped lines) have no exact wrap width, and a block's "
    "last line that does not end a sentence may stay apart (issue 12, ADR 0002 known limits)",
    strict=False,
)
# No shrinking: the test is an expected failure (see the reason), and shrinking the failing
# example took 220 of the default test run's 580 seconds.
@settings(max_examples=60, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(
    st.lists(gold_documents("default", urls=False), min_size=3, max_size=6),
    st.integers(16, 40),
    st.sampled_from(["chars", "columns"]),
)
def test_tool_wrapped_gold_keeps_its_paragraphs(documents: list[str], width: int, by: str) -> None:
    gold = "\n".join(documents)
    assume("://" not in gold and "@" not in gold)  # (none generated: urls=False)
    wrapped = blank_line_document(gold, width if by == "chars" else 2 * width, by)
    cleaned = wenben.clean(wrapped)
    assert [_LATIN_SPACE.sub("", p) for p in cleaned.split("\n\n")] == [
        _LATIN_SPACE.sub("", p) for p in gold.split("\n\n")
    ]
