"""The core's line-endings, invisible-characters, unicode-normalization and
fullwidth-alphanumerics are the reference's, edit for edit (unicode-normalization for every code
point of the reference's Unicode version)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from tests.core.differential import ROOT, assert_same_step, fixture_texts
from wenben.rules import RULES

PORTED = ("line-endings", "invisible-characters", "unicode-normalization", "fullwidth-alphanumerics")

# The characters these rules look at, and their neighbours.
_SPECIAL = (
    "\r\n\x0b\x0c\x85\u2028\u2029"  # line breaks
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2064\ufeff\u00ad\u180e\u202a\u202e\u2066\u2069"  # invisible (ZWJ kept)
    "\x00\x01\x08\x0e\x1f\x7f\x80\x84\x86\x9f\t"  # controls, TAB kept
    "\u00a0\u00e9\u00ff\u0100\u0080"  # before a soft hyphen
    "\uff10\uff19\uff21\uff3a\uff41\uff5a\uff0c\uff20\uff3b\uff5b\uff5e"  # full-width, and punctuation beside
    "\u4e2d\u6587 a1"
    # NFC: bases, combining marks of several classes, exclusions, compatibility ideographs, Hangul
    "aeoAEOu\u00e9\u00c7\u0301\u0300\u0302\u0308\u0323\u0327\u0328\u031b\u0344\u0345\u0958\u093c\u0915"
    "\u304b\u3099\u309a\u30cf\u0f71\u0f72\u0f73\u05b0\u05b8\u0591\u1dce\u2126\u212b\u1e0b\u1e9b"
    "\uf900\uf901\ufa0e\ufa10\ufa6d\U0002f800\U0002fa1d\u8c48"
    "\u1100\u1112\u1113\u1161\u1175\u1176\u11a7\u11a8\u11c2\u11c3\uac00\uac01\ud7a3"
)
texts = st.one_of(
    st.text(alphabet=st.sampled_from(_SPECIAL), max_size=40),
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x3000), max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF), max_size=20),
    st.lists(st.one_of(st.sampled_from(_SPECIAL), st.characters(exclude_categories=("Cs",))), max_size=40).map("".join),
)
spacings = st.sampled_from(["compact", "spaced"])


@st.composite
def protected_texts(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A text and sorted, disjoint protected spans over it (the rules of this module ignore
    them, as the reference's do; the test holds the core to that)."""
    text = draw(texts)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6, unique=True)))
    spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2) if cuts[i] < cuts[i + 1]]
    return text, spans


@pytest.mark.parametrize("rule_id", PORTED)
def test_the_rule_is_in_the_core(rule_id: str) -> None:
    import wenben._core as core

    assert rule_id in core.implemented()


@pytest.mark.parametrize("rule_id", PORTED)
def test_examples(rule_id: str) -> None:
    for before, _after in RULES[rule_id].examples:
        assert assert_same_step([rule_id], before)


@pytest.mark.parametrize("rule_id", PORTED)
@settings(max_examples=1500, deadline=None)
@given(case=protected_texts(), spacing=spacings)
def test_random_text(rule_id: str, case: tuple[str, list[tuple[int, int]]], spacing: str) -> None:
    text, protected = case
    assert_same_step([rule_id], text, protected, spacing)


@pytest.mark.parametrize("context", ["{}", "a{}\u0301", "{}\u0323\u0302", "\u1100{}\u11a8", "e\u0301{}\u0308\u0301x"])
def test_normalization_of_every_code_point(context: str) -> None:
    """Every code point of the reference's Unicode, alone and between marks and jamo it might
    compose or reorder with: one line each, a few thousand lines a step."""
    codes = [code for code in range(0x110000) if not 0xD800 <= code < 0xE000]
    for start in range(0, len(codes), 4000):
        text = "\n".join(context.format(chr(code)) for code in codes[start : start + 4000])
        assert_same_step(["unicode-normalization"], text)


def test_nfc_tables_are_generated_from_the_reference() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_core_nfc.py"), "--check"], capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr


def test_fixtures() -> None:
    found = fixture_texts()
    assert len(found) > 20
    for text in found:
        for rule_id in PORTED:
            assert_same_step([rule_id], text)
