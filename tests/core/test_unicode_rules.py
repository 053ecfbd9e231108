"""The core's line-endings, invisible-characters and fullwidth-alphanumerics are the
reference's, edit for edit."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from tests.core.differential import assert_same_step, fixture_texts
from wenben.rules import RULES

PORTED = ("line-endings", "invisible-characters", "fullwidth-alphanumerics")

# The characters these rules look at, and their neighbours.
_SPECIAL = (
    "\r\n\x0b\x0c\x85\u2028\u2029"  # line breaks
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2064\ufeff\u00ad\u180e\u202a\u202e\u2066\u2069"  # invisible (ZWJ kept)
    "\x00\x01\x08\x0e\x1f\x7f\x80\x84\x86\x9f\t"  # controls, TAB kept
    "\u00a0\u00e9\u00ff\u0100\u0080"  # before a soft hyphen
    "\uff10\uff19\uff21\uff3a\uff41\uff5a\uff0c\uff20\uff3b\uff5b\uff5e"  # full-width, and punctuation beside
    "\u4e2d\u6587 a1"
)
texts = st.one_of(
    st.text(alphabet=st.sampled_from(_SPECIAL), max_size=40),
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x3000), max_size=40),
)


@pytest.mark.parametrize("rule_id", PORTED)
def test_the_rule_is_in_the_core(rule_id: str) -> None:
    import wenben._core as core

    assert rule_id in core.implemented()


@pytest.mark.parametrize("rule_id", PORTED)
def test_examples(rule_id: str) -> None:
    for before, _after in RULES[rule_id].examples:
        assert assert_same_step([rule_id], before)


@pytest.mark.parametrize("rule_id", PORTED)
@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_random_text(rule_id: str, text: str) -> None:
    assert_same_step([rule_id], text)


def test_fixtures() -> None:
    found = fixture_texts()
    assert len(found) > 20
    for text in found:
        for rule_id in PORTED:
            assert_same_step([rule_id], text)
