"""Property-based tests: what must hold for *every* input, in every profile.

Run fast (``ci`` profile, the default) or long::

    PYTHONPATH=src python -m pytest tests/properties -p no:cacheprovider
    PYTHONPATH=src python -m pytest tests/properties --hypothesis-profile=thorough

Known failures found by these properties are pinned in ``test_regressions.py`` (as strict
xfails); the properties here run with hypothesis' own examples, so a property that fails here is
either a new bug or a known one that the regression tests already describe.
"""

from __future__ import annotations

import re
import time
import unicodedata

import pytest
from hypothesis import assume, given, note
from hypothesis import strategies as st

import wenben
from wenben.chars import CONTROL, INVISIBLE
from wenben.edits import apply_edits

from .strategies import (
    NOISE_KINDS,
    arbitrary_text,
    documents,
    fullwidth,
    gold_and_noisy,
    gold_documents,
    han_runs,
    split_points,
)

PROFILES = list(wenben.PROFILES)
each_profile = pytest.mark.parametrize("profile", PROFILES)

# Han, by block ranges (not the library's table, so a gap in the table would show): CJK
# extension A, unified ideographs, compatibility ideographs, extensions B and later.
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_REMOVED_FIRST = re.compile(f"[{INVISIBLE}{CONTROL}]")
_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_HSPACE = " \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_OCR_FOLD = str.maketrans("OolI", "0011")


def clean(text: str, profile: str) -> str:
    return wenben.clean(text, profile=profile)


def fold_width(text: str) -> str:
    return _FULLWIDTH_ALNUM.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)


def han(text: str) -> list[str]:
    return _HAN.findall(text)


def ascii_alnum(text: str, pattern: str) -> str:
    return "".join(re.findall(pattern, text))


def expected_ascii(source: str) -> str:
    """The ASCII letters and digits a clean result must contain, in order.

    Invisible and control characters go first, then NFC composes (A + U+0300 is À, which is not
    an ASCII letter; U+212A KELVIN SIGN is K), then full-width letters and digits fold to ASCII.
    """
    return fold_width(unicodedata.normalize("NFC", _REMOVED_FIRST.sub("", source)))


def assert_content_preserved(source: str, result: str, profile: str) -> None:
    assert han(result) == han(source), "Han characters changed"
    expected = expected_ascii(source)
    actual = fold_width(result)
    if profile == "ocr":
        # O/o/l/I read for digits may become 0/1: compare digits and those letters folded
        # together, and the other letters as they are.
        assert ascii_alnum(actual.translate(_OCR_FOLD), "[0-9]") == ascii_alnum(expected.translate(_OCR_FOLD), "[0-9]")
        assert ascii_alnum(actual, "[A-HJ-NP-Za-km-nq-z]") == ascii_alnum(expected, "[A-HJ-NP-Za-km-nq-z]")
    else:
        assert ascii_alnum(actual, "[0-9]") == ascii_alnum(expected, "[0-9]"), "digits changed"
        assert ascii_alnum(actual, "[A-Za-z]") == ascii_alnum(expected, "[A-Za-z]"), "Latin letters changed"


# ---------------------------------------------------------------------------------------------
# 1. Idempotence


@each_profile
@given(text=arbitrary_text())
def test_idempotent_on_arbitrary_text(profile: str, text: str) -> None:
    once = clean(text, profile)
    assert clean(once, profile) == once


@each_profile
@given(text=documents())
def test_idempotent_on_documents(profile: str, text: str) -> None:
    once = clean(text, profile)
    assert clean(once, profile) == once


# ---------------------------------------------------------------------------------------------
# 2. Preservation: no Han character, digit or Latin letter is lost, added or reordered.


@each_profile
@given(text=arbitrary_text())
def test_preserves_han_digits_letters_on_arbitrary_text(profile: str, text: str) -> None:
    assert_content_preserved(text, clean(text, profile), profile)


@each_profile
@given(text=documents())
def test_preserves_han_digits_letters_on_documents(profile: str, text: str) -> None:
    assert_content_preserved(text, clean(text, profile), profile)


# ---------------------------------------------------------------------------------------------
# 3. Repair: canonical text is a fixed point, and safe noise on it is undone exactly.


@each_profile
@given(data=st.data())
def test_canonical_text_is_left_alone(profile: str, data: st.DataObject) -> None:
    gold = data.draw(gold_documents(profile))
    assert clean(gold, profile) == gold


@each_profile
@pytest.mark.parametrize("kind", list(NOISE_KINDS))
@given(data=st.data())
def test_repairs_each_kind_of_noise(profile: str, kind: str, data: st.DataObject) -> None:
    gold, noisy = data.draw(gold_and_noisy(profile, (kind,)))
    assume(clean(gold, profile) == gold)  # a gold failure is test_canonical_text_is_left_alone's
    note(f"noisy: {noisy!r}")
    assert clean(noisy, profile) == gold


@each_profile
@given(data=st.data())
def test_repairs_combined_noise(profile: str, data: st.DataObject) -> None:
    gold, noisy = data.draw(gold_and_noisy(profile))
    assume(clean(gold, profile) == gold)
    note(f"noisy: {noisy!r}")
    assert clean(noisy, profile) == gold


@each_profile
@given(data=st.data())
def test_idempotent_and_preserving_on_noisy_gold(profile: str, data: st.DataObject) -> None:
    _, noisy = data.draw(gold_and_noisy(profile))
    once = clean(noisy, profile)
    assert clean(once, profile) == once
    assert_content_preserved(noisy, once, profile)


# ---------------------------------------------------------------------------------------------
# 4. Streaming equals cleaning the whole.


def _assert_stream_equals_clean(chunks: list[str], profile: str) -> None:
    assert "".join(wenben.clean_stream(chunks, profile=profile)) == clean("".join(chunks), profile)


@each_profile
@given(data=st.data())
def test_stream_equals_clean_on_documents(profile: str, data: st.DataObject) -> None:
    text = data.draw(documents())
    _assert_stream_equals_clean(data.draw(split_points(text)), profile)


@each_profile
@given(data=st.data())
def test_stream_equals_clean_on_arbitrary_text(profile: str, data: st.DataObject) -> None:
    text = data.draw(arbitrary_text())
    _assert_stream_equals_clean(data.draw(split_points(text)), profile)


@each_profile
@given(data=st.data())
def test_stream_equals_clean_char_by_char_and_by_line(profile: str, data: st.DataObject) -> None:
    _, noisy = data.draw(gold_and_noisy(profile))
    _assert_stream_equals_clean(list(noisy), profile)
    _assert_stream_equals_clean(noisy.splitlines(keepends=True), profile)


# ---------------------------------------------------------------------------------------------
# 5. explain() accounts for every change.


def _assert_explanation_consistent(source: str, profile: str) -> None:
    result = wenben.explain(source, profile=profile)
    assert result.source == source
    assert result.text == clean(source, profile)
    edits = result.edits
    assert list(edits) == sorted(edits, key=lambda e: (e.start, e.end))
    assert apply_edits(source, edits) == result.text
    for edit in edits:
        assert 0 <= edit.start <= edit.end <= len(source)
        assert source[edit.start : edit.end] != edit.replacement, f"no-op edit {edit!r}"
        assert all(rule in wenben.RULES for rule in edit.rules), edit
    offsets = [result.source_offset(i) for i in range(len(result.text) + 1)]
    assert all(0 <= o <= len(source) for o in offsets)
    assert all(a <= b for a, b in zip(offsets, offsets[1:])), "source_offset is not monotonic"
    assert offsets[-1] == len(source)

    def inside_edit(offset: int) -> bool:
        return any(e.start <= offset < e.end or e.start == e.end == offset for e in edits)

    for i, char in enumerate(result.text):
        if _HAN.match(char) and not inside_edit(offsets[i]):
            assert source[offsets[i]] == char, f"text[{i}]={char!r} maps to source[{offsets[i]}]"


@each_profile
@given(text=documents())
def test_explain_is_consistent_on_documents(profile: str, text: str) -> None:
    _assert_explanation_consistent(text, profile)


@each_profile
@given(text=arbitrary_text())
def test_explain_is_consistent_on_arbitrary_text(profile: str, text: str) -> None:
    _assert_explanation_consistent(text, profile)


@each_profile
@given(data=st.data())
def test_explain_is_consistent_on_noisy_gold(profile: str, data: st.DataObject) -> None:
    _, noisy = data.draw(gold_and_noisy(profile))
    _assert_explanation_consistent(noisy, profile)


@each_profile
@given(text=documents())
def test_explain_maps_copied_characters_exactly(profile: str, text: str) -> None:
    """Stronger than the Han check: *every* character outside the edits maps to itself."""
    result = wenben.explain(text, profile=profile)
    covered = [False] * (len(text) + 1)
    for edit in result.edits:
        for offset in range(edit.start, max(edit.end, edit.start + 1)):
            covered[offset] = True
    for i, char in enumerate(result.text):
        source = result.source_offset(i)
        if not covered[source]:
            assert text[source] == char, f"text[{i}]={char!r} maps to source[{source}]={text[source]!r}"


# ---------------------------------------------------------------------------------------------
# 6. The output is well formed.


def _assert_well_formed(result: str) -> None:
    assert "\r" not in result
    assert result == "" or (result.endswith("\n") and not result.endswith("\n\n")), "not one final newline"
    assert not result.startswith("\n"), "leading blank line"
    assert "\n\n\n" not in result, "more than one blank line"
    for line in result.split("\n"):
        assert line == line.strip(_HSPACE), f"whitespace at a line edge: {line!r}"
    assert not re.search(f"[{INVISIBLE}{CONTROL}]", result), "invisible or control character left"
    assert not _FULLWIDTH_ALNUM.search(result), "full-width letter or digit left"
    outside_compat = re.sub("[\uf900-\ufaff\U0002f800-\U0002fa1f]", "\n", result)
    assert unicodedata.is_normalized("NFC", outside_compat), "not NFC"


@each_profile
@given(text=st.one_of(documents(), arbitrary_text()))
def test_output_is_well_formed(profile: str, text: str) -> None:
    # Code (in backticks) is protected and keeps its whitespace and blank lines.
    assume("`" not in text)
    _assert_well_formed(clean(text, profile))


# ---------------------------------------------------------------------------------------------
# 7. Small exact properties.


@each_profile
@given(text=han_runs(1, 200))
def test_a_line_of_han_only_is_kept_as_is(profile: str, text: str) -> None:
    assert clean(text, profile) == text + "\n"


_ASCII_PROSE = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 .,;:!?()'\"-\n"), max_size=120)


@each_profile
@given(text=_ASCII_PROSE)
def test_text_without_chinese_keeps_its_punctuation(profile: str, text: str) -> None:
    """With no Chinese in sight nothing turns full-width: the visible characters stay, except
    the hyphen of a word hyphenated at a line end (inter-\\nnational), which a join removes."""
    visible = lambda s: re.sub(r"\s", "", s)  # noqa: E731
    result = clean(text, profile)
    if profile == "ocr":
        result, text = result.translate(_OCR_FOLD), text.translate(_OCR_FOLD)
    assert visible(result) == visible(re.sub(r"(?<=[a-z])-(?=[ \t]*\n[ \t]*[a-z])", "", text)) or visible(result) == visible(text)


@each_profile
@given(text=documents())
def test_cleaner_object_equals_clean(profile: str, text: str) -> None:
    cleaner = wenben.Cleaner(profile)
    assert cleaner.clean(text) == clean(text, profile)
    assert cleaner.explain(text).text == clean(text, profile)


@given(number=st.integers(0, 10**12))
def test_fullwidth_digits_in_han_context_become_ascii(number: int) -> None:
    digits = str(number)
    assert clean("\u5171" + fullwidth(digits) + "\u5143", "default") == "\u5171" + digits + "\u5143\n"


# ---------------------------------------------------------------------------------------------
# 8. No crash, and no quadratic blow-up, on pathological input.

_PROSE = "\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\u7ecf\u6d4e\u3001\u5de5\u4e1a\u7ecf\u6d4e\u4e4b\u540e\u7684\u4e3b\u8981\u7ecf\u6d4e\u5f62\u6001\uff0c\u652f\u6301Python, Rust 2020-07-15 10:30 230.85\u4ebf\u5143\u3002"
PATHOLOGICAL = {
    "1MB-chinese-no-newline": (_PROSE * (1_000_000 // len(_PROSE) + 1))[:1_000_000],
    "1MB-ascii-no-newline": ("word, (x) a.b: c; " * 60_000)[:1_000_000],
    "100k-spaces": " " * 100_000,
    "100k-spaces-inside-han": "\u6570" + " " * 100_000 + "\u5b57",
    "100k-newlines": "\n" * 100_000,
    "100k-newlines-between-han": "\u6570\n" * 50_000,
    "100k-lines-one-block": "\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\u7ecf\u6d4e\u3001\u5de5\u4e1a\u7ecf\u6d4e\u4e4b\u540e\u7684\u4e3b\u8981\u7ecf\u6d4e\n" * 100_000,
    "lone-combining-marks": "\u0301" * 100_000,
    "combining-after-han": "\u6570\u0301" * 50_000,
    "nul-bytes": "\x00" * 100_000,
    "nul-between-han": "\u6570\x00" * 50_000,
    "fullwidth-commas": "\uff0c" * 100_000,
    "ascii-commas": "," * 100_000,
    "ascii-commas-after-han": "\u6570" + "," * 100_000,
    "periods": "." * 100_000,
    "ideographic-periods": "\u3002" * 100_000,
    "ellipses": "\u2026" * 100_000,
    "dashes": "-" * 100_000,
    "em-dashes": "\u2014" * 100_000,
    "open-brackets": "(" * 100_000,
    "brackets": "(\u6570)" * 30_000,
    "straight-quotes": '"' * 100_000,
    "single-quotes": "\u6570'" * 50_000,
    "colons-digits": "1:" * 50_000,
    "digits-spaced": "1 000 " * 20_000,
    "backticks": "`" * 100_000,
    "fences": "```\n" * 30_000,
    "at-signs": "a@" * 50_000,
    "url-ish": "http://" * 20_000,
    "han-space-alternating": "\u6570 " * 50_000,
    "label-colons": "\u4f5c\u8005\uff1a\u5f20\u4e09 " * 20_000,
}
TIME_LIMIT = 10.0


@each_profile
@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_input_is_cleaned_quickly(profile: str, name: str) -> None:
    text = PATHOLOGICAL[name]
    started = time.perf_counter()
    result = clean(text, profile)
    elapsed = time.perf_counter() - started
    assert isinstance(result, str)
    assert elapsed < TIME_LIMIT, f"{name}: {elapsed:.1f}s"


@pytest.mark.parametrize("name", ["100k-spaces-inside-han", "han-space-alternating", "100k-newlines-between-han", "ascii-commas-after-han", "1MB-chinese-no-newline"])
def test_pathological_input_is_explained_quickly(name: str) -> None:
    text = PATHOLOGICAL[name]
    started = time.perf_counter()
    result = wenben.explain(text)
    elapsed = time.perf_counter() - started
    assert result.text == clean(text, "default")
    assert elapsed < TIME_LIMIT, f"{name}: {elapsed:.1f}s"


@pytest.mark.parametrize("name", ["100k-lines-one-block", "100k-newlines", "100k-newlines-between-han"])
def test_pathological_input_is_streamed_quickly(name: str) -> None:
    lines = PATHOLOGICAL[name].splitlines(keepends=True)
    started = time.perf_counter()
    result = "".join(wenben.clean_stream(lines))
    elapsed = time.perf_counter() - started
    assert elapsed < TIME_LIMIT, f"{name}: {elapsed:.1f}s"
    assert result == clean(PATHOLOGICAL[name], "default")
