"""Core properties on a dense alphabet: text made only of what the rules react to.

Where ``test_properties.py`` generates realistic documents, this packs Chinese and ASCII
punctuation, digits, spaces and quotes close together, which is where one rule's conversion
changes another rule's context. Its idempotence property found the bugs in the last section
of ``test_regressions.py`` (in runs with more examples than CI's).
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wenben
from wenben.edits import apply_edits

# Text built from what the rules react to: common Han, Chinese and ASCII punctuation, digits,
# Latin letters, every kind of space, line breaks, invisible characters, full-width forms.
ALPHABET = (
    "\u7684\u4e00\u662f\u5728\u4e0d\u4e86\u6709\u548c\u4eba\u8fd9\u4e2d\u5927\u4e3a\u4e0a\u4e2a\u56fd\u6211\u4ee5\u8981\u4ed6"
    "\uff0c\u3002\u3001\uff1b\uff1a\uff1f\uff01\u201c\u201d\u2018\u2019\uff08\uff09\u300a\u300b\u2026\u2014"
    "\u300c\u300d\uff0e\uff0d\uff0f\u00b7"
    ",.:;?!()\"'-%/@"
    "0123456789abcXYZ"
    " \u00a0\u3000\t\n\n\r"
    "\u200b\ufeff\uff10\uff11\uff21\uff41"
)
texts = st.text(alphabet=ALPHABET, max_size=120)
PROFILES = sorted(wenben.PROFILES)


def _content(text: str, profile: str) -> list[str]:
    """Han characters, digits and Latin letters in order, full-width forms folded."""
    folded = unicodedata.normalize("NFKC", text)
    keep = [c for c in folded if c.isalnum() and c not in "\u3007"]
    if profile == "ocr":  # documented exception: O/o/l/I read for digits
        keep = [{"O": "0", "o": "0", "l": "1", "I": "1"}.get(c, c) for c in keep]
    return keep


@pytest.mark.parametrize("profile", PROFILES)
@settings(max_examples=150, deadline=None)
@given(text=texts)
def test_idempotent(profile, text):
    once = wenben.clean(text, profile=profile)
    assert wenben.clean(once, profile=profile) == once


@pytest.mark.parametrize("profile", PROFILES)
@settings(max_examples=150, deadline=None)
@given(text=texts)
def test_han_digits_and_letters_preserved(profile, text):
    assert _content(wenben.clean(text, profile=profile), profile) == _content(text, profile)


@settings(max_examples=150, deadline=None)
@given(text=texts, cuts=st.lists(st.integers(min_value=0, max_value=120), max_size=6))
def test_stream_equals_whole(text, cuts):
    points = sorted({min(c, len(text)) for c in cuts})
    pieces = [text[a:b] for a, b in zip([0, *points], [*points, len(text)])]
    assert "".join(wenben.clean_stream(pieces, part_size=0)) == wenben.clean(text)


@settings(max_examples=150, deadline=None)
@given(text=texts)
def test_explain_is_consistent(text):
    result = wenben.explain(text)
    assert result.text == wenben.clean(text)
    assert apply_edits(text, list(result.edits)) == result.text
    offsets = [result.source_offset(i) for i in range(len(result.text) + 1)]
    assert offsets == sorted(offsets)
    covered = set()
    for edit in result.edits:
        covered.update(range(edit.start, edit.end))
    for index, char in enumerate(result.text):
        source_index = offsets[index]
        if "\u4e00" <= char <= "\u9fff" and source_index not in covered and source_index < len(text):
            if text[source_index] != char:
                # inside text a rule wrote, the map points at the start of what it replaced
                assert any(e.start == source_index for e in result.edits)
