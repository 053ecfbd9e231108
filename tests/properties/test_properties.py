"""Property-based tests: what must hold for *every* input, in every profile.

They run by default, with the fast, derandomized ``ci`` hypothesis profile (``tests/conftest.py``:
a few dozen examples per property, the same ones on every run, about two minutes for the whole
directory on two cores). For a long exploratory run::

    PYTHONPATH=src python -m pytest tests/properties -p no:cacheprovider --hypothesis-profile=thorough

Properties (each over every profile unless it says otherwise): idempotence, preservation of the
Han / digit / Latin-letter sequences, repair of noise injected into canonical text, streaming
equals cleaning the whole, ``explain`` accounts for every change, well-formed output, plain
Chinese never taken for mojibake, and no crash in bounded time on pathological input.

Bugs these properties found are pinned in ``test_regressions.py`` (open ones as strict xfails),
and the inputs that found them are replayed here as ``@example``s. While a bug is open, the
generators steer clear of it (``strategies.KNOWN_BUGS``): the noise avoids it, and the
properties it breaks (only those) ``assume(not triggers_known_bug(text, prop))``, so a failure
here is a new bug. Shrink it, add it to ``test_regressions.py`` and, if it cannot be fixed at
once, to ``KNOWN_BUGS``.
"""

from __future__ import annotations

import re
import time
import unicodedata

import pytest
from hypothesis import assume, example, given, note, settings
from hypothesis import strategies as st

import wenben
from wenben.chars import CONTROL, INVISIBLE
from wenben.edits import Edit, apply_edits

from .strategies import (
    ASCII_PUNCTUATION,
    CJK_PUNCTUATION,
    LATIN_WORDS,
    NOISE_KINDS,
    SPACES,
    arbitrary_text,
    could_be_mojibake,
    documents,
    fullwidth,
    gold_and_noisy,
    gold_documents,
    han_runs,
    numbers,
    split_points,
    triggers_known_bug,
    uncommon_han_runs,
)

PROFILES = list(wenben.PROFILES)
each_profile = pytest.mark.parametrize("profile", PROFILES)

# ``ci`` runs a few dozen examples per property; ``thorough`` (2,000) is for long runs, and also
# widens the pathological inputs to every profile.
EXAMPLES = settings.default.max_examples
THOROUGH = EXAMPLES >= 500
# Gold documents cost about 0.1 s each to draw: the tests on noisy gold text run a quarter of the
# examples, the noise-kind matrix (10 kinds x 5 profiles) an eighth.
gold_settings = settings(max_examples=max(4, EXAMPLES // 4))
kind_settings = settings(max_examples=max(3, EXAMPLES // 8))

# Han, by block ranges (not the library's table, so a gap in the table would show): CJK
# extension A, unified ideographs, compatibility ideographs, extensions B and later.
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_REMOVED_FIRST = re.compile(f"[{INVISIBLE}{CONTROL}]")
_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
# Horizontal whitespace (the library's HSPACE), as characters for str.strip.
_HSPACE_CHARS = " \t\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
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


def mojibake_edits(text: str, profile: str) -> list[Edit]:
    return [edit for edit in wenben.explain(text, profile=profile).edits if "mojibake" in edit.rules]


def mojibake_tolerated(text: str, profile: str) -> bool:
    """Whether the mojibake rule changed ``text`` *and* ``text`` has characters mojibake is made
    of (``could_be_mojibake``): a repair replaces Latin-1 letters and rare Han by other Han, so
    preservation does not apply to it. A repair of plain text is not tolerated: it fails."""
    return could_be_mojibake(text) and bool(mojibake_edits(text, profile))


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


def assert_idempotent(text: str, profile: str) -> str:
    once = clean(text, profile)
    assert clean(once, profile) == once
    return once


# ---------------------------------------------------------------------------------------------
# 1. Idempotence: clean(clean(x)) == clean(x)


@each_profile
@given(text=arbitrary_text())
# Found by this property (fixed in a1953f6): a full stop before ASCII marks, and !/? runs.
@example(text="\u6570.!")
@example(text="\u6570?!?")
def test_idempotent_on_arbitrary_text(profile: str, text: str) -> None:
    assume(not triggers_known_bug(text, "idempotence"))
    assert_idempotent(text, profile)


@each_profile
@given(text=documents())
def test_idempotent_on_documents(profile: str, text: str) -> None:
    assume(not triggers_known_bug(text, "idempotence"))
    assert_idempotent(text, profile)


# ---------------------------------------------------------------------------------------------
# 2. Preservation: no Han character, digit or Latin letter is lost, added or reordered
# (full-width letters and digits fold to ASCII; ocr reads O/o/l/I next to digits as 0/1).


@each_profile
@given(text=arbitrary_text())
def test_preserves_han_digits_letters_on_arbitrary_text(profile: str, text: str) -> None:
    assume(not triggers_known_bug(text, "preservation"))
    assume(not mojibake_tolerated(text, profile))
    assert_content_preserved(text, clean(text, profile), profile)


@each_profile
@given(text=documents())
def test_preserves_han_digits_letters_on_documents(profile: str, text: str) -> None:
    assume(not triggers_known_bug(text, "preservation"))
    assume(not mojibake_tolerated(text, profile))
    assert_content_preserved(text, clean(text, profile), profile)


@each_profile
@gold_settings
@given(data=st.data())
def test_idempotent_and_preserving_on_noisy_gold(profile: str, data: st.DataObject) -> None:
    _, noisy = data.draw(gold_and_noisy(profile))
    once = assert_idempotent(noisy, profile)
    assert_content_preserved(noisy, once, profile)


@pytest.mark.parametrize("convert", ["t2s", "s2t"])
@given(text=documents())
def test_conversion_keeps_digits_letters_and_the_number_of_han(convert: str, text: str) -> None:
    """With ``convert=`` (OpenCC) Han characters are mapped, one for one in these two
    conversions; digits and Latin letters stay."""
    assume(not triggers_known_bug(text, "preservation"))
    assume(not mojibake_tolerated(text, "default"))
    converted = wenben.clean(text, convert=convert)
    plain = clean(text, "default")
    assert len(han(converted)) == len(han(plain))
    assert fold_width(_HAN.sub("", converted)) == fold_width(_HAN.sub("", plain))


# ---------------------------------------------------------------------------------------------
# 3. Repair: canonical text is a fixed point, and safe noise on it is undone exactly.


@each_profile
@gold_settings
@given(data=st.data())
def test_canonical_text_is_left_alone(profile: str, data: st.DataObject) -> None:
    gold = data.draw(gold_documents(profile))
    assert clean(gold, profile) == gold


@each_profile
@pytest.mark.parametrize("kind", list(NOISE_KINDS))
@kind_settings
@given(data=st.data())
def test_repairs_each_kind_of_noise(profile: str, kind: str, data: st.DataObject) -> None:
    gold, noisy = data.draw(gold_and_noisy(profile, (kind,)))
    assume(clean(gold, profile) == gold)  # a gold failure is test_canonical_text_is_left_alone's
    note(f"noisy: {noisy!r}")
    assert clean(noisy, profile) == gold


@each_profile
@gold_settings
@given(data=st.data())
def test_repairs_combined_noise(profile: str, data: st.DataObject) -> None:
    gold, noisy = data.draw(gold_and_noisy(profile))
    assume(clean(gold, profile) == gold)
    note(f"noisy: {noisy!r}")
    assert clean(noisy, profile) == gold


# ---------------------------------------------------------------------------------------------
# 4. Streaming: cleaning chunks split at arbitrary points equals cleaning the whole.


def _assert_stream_equals_clean(chunks: list[str], profile: str) -> None:
    assert "".join(wenben.clean_stream(chunks, profile=profile, part_size=0)) == clean("".join(chunks), profile)


@each_profile
@given(data=st.data())
def test_stream_equals_clean_on_documents(profile: str, data: st.DataObject) -> None:
    text = data.draw(documents())
    assume(not triggers_known_bug(text, "stream"))
    _assert_stream_equals_clean(data.draw(split_points(text)), profile)


@each_profile
@given(data=st.data())
def test_stream_equals_clean_on_arbitrary_text(profile: str, data: st.DataObject) -> None:
    text = data.draw(arbitrary_text())
    assume(not triggers_known_bug(text, "stream"))
    _assert_stream_equals_clean(data.draw(split_points(text)), profile)


@each_profile
@gold_settings
@given(data=st.data())
def test_stream_equals_clean_char_by_char_and_by_line(profile: str, data: st.DataObject) -> None:
    _, noisy = data.draw(gold_and_noisy(profile))
    _assert_stream_equals_clean(list(noisy), profile)
    _assert_stream_equals_clean(noisy.splitlines(keepends=True), profile)


# ---------------------------------------------------------------------------------------------
# 5. explain() accounts for every change: its edits reproduce the output, and the offset map
# back to the source is monotonic and consistent with them.


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
    # Every character outside the edits maps to itself in the source.
    covered = [False] * (len(source) + 1)
    for edit in edits:
        for offset in range(edit.start, max(edit.end, edit.start + 1)):
            covered[offset] = True
    for i, char in enumerate(result.text):
        if not covered[offsets[i]]:
            assert source[offsets[i]] == char, f"text[{i}]={char!r} maps to source[{offsets[i]}]"


@each_profile
@given(text=documents())
def test_explain_is_consistent_on_documents(profile: str, text: str) -> None:
    assume(not triggers_known_bug(text, "explain"))
    _assert_explanation_consistent(text, profile)


@each_profile
@given(text=arbitrary_text())
# Found by this property (fixed in 45c638b): the quotes rule's edits out of order.
@example(text="'\u6570'\"\u6570\"")
def test_explain_is_consistent_on_arbitrary_text(profile: str, text: str) -> None:
    assume(not triggers_known_bug(text, "explain"))
    _assert_explanation_consistent(text, profile)


@each_profile
@gold_settings
@given(data=st.data())
def test_explain_is_consistent_on_noisy_gold(profile: str, data: st.DataObject) -> None:
    _, noisy = data.draw(gold_and_noisy(profile))
    _assert_explanation_consistent(noisy, profile)


# ---------------------------------------------------------------------------------------------
# 6. The output is well formed.


def _assert_well_formed(result: str) -> None:
    assert "\r" not in result
    assert result == "" or (result.endswith("\n") and not result.endswith("\n\n")), "not one final newline"
    assert not result.startswith("\n"), "leading blank line"
    assert "\n\n\n" not in result, "more than one blank line"
    for line in result.split("\n"):
        assert line == line.strip(_HSPACE_CHARS), f"whitespace at a line edge: {line!r}"
    assert not re.search(f"[{INVISIBLE}{CONTROL}]", result), "invisible or control character left"
    assert not _FULLWIDTH_ALNUM.search(result), "full-width letter or digit left"
    outside_compat = re.sub("[\uf900-\ufaff\U0002f800-\U0002fa1f]", "\n", result)
    assert unicodedata.is_normalized("NFC", outside_compat), "not NFC"


@each_profile
@given(text=st.one_of(documents(), arbitrary_text()))
def test_output_is_well_formed(profile: str, text: str) -> None:
    assume(not triggers_known_bug(text, "well-formed"))
    # Code (in backticks) is protected and keeps its whitespace and blank lines.
    assume("`" not in text)
    _assert_well_formed(clean(text, profile))


# ---------------------------------------------------------------------------------------------
# 7. Plain Chinese is never taken for mojibake; rare characters are a tolerated case.

_PLAIN_TOKEN = st.one_of(
    han_runs(1, 16),
    han_runs(1, 16),
    st.sampled_from(CJK_PUNCTUATION),
    st.sampled_from(ASCII_PUNCTUATION),
    st.sampled_from(SPACES),
    st.sampled_from(LATIN_WORDS),
    numbers(),
    numbers().map(fullwidth),
    st.just("\n"),
)


@each_profile
@given(text=st.lists(_PLAIN_TOKEN, max_size=40).map("".join))
def test_mojibake_rule_never_touches_plain_chinese(profile: str, text: str) -> None:
    """Common Han, Chinese and ASCII punctuation, Latin words, numbers, spaces: nothing here
    is mojibake, so the mojibake rule must make no edit."""
    assert not could_be_mojibake(text)
    assert mojibake_edits(text, profile) == []


@each_profile
@given(
    text=st.lists(
        st.one_of(uncommon_han_runs(1, 12), han_runs(1, 6), st.sampled_from(CJK_PUNCTUATION)), min_size=1, max_size=8
    ).map("".join)
)
# A run of rare characters that re-encodes (GBK) to valid UTF-8 of common ones: repaired.
@example(text="\u725d\u749e\u51b2\u608d\u5264\u5d2f\u7c23\u8891\u6e8a\u7c3d")
def test_rare_han_strings_may_be_repaired_but_stay_consistent(profile: str, text: str) -> None:
    """Runs of arbitrary BMP Han: a mojibake repair is tolerated (a random run of rare
    characters can be real mojibake), but the result is idempotent, explained, and where no
    repair was made every character is kept."""
    once = assert_idempotent(text, profile)
    _assert_explanation_consistent(text, profile)
    if not mojibake_edits(text, profile):
        assert han(once) == han(text)


# ---------------------------------------------------------------------------------------------
# 8. Small exact properties.


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
    result = clean(text, profile)
    if profile == "ocr":
        result, text = result.translate(_OCR_FOLD), text.translate(_OCR_FOLD)
    assert _visible(result) == _visible(text)


def _visible(text: str) -> str:
    """Non-space characters, with end-of-line hyphens before a lower-case letter dropped (the
    join removes them; a line that is not joined keeps one, and it is dropped here too)."""
    return re.sub(r"\s", "", re.sub(r"(?<=[a-z])-(?=[ \t]*\n\s*[a-z])", "", text))


@given(text=documents())
def test_cleaner_object_equals_clean(text: str) -> None:
    """(One profile: the Cleaner and the cached module functions share the engine.)"""
    cleaner = wenben.Cleaner("default")
    assert cleaner.clean(text) == clean(text, "default")
    assert cleaner.explain(text).text == clean(text, "default")


@each_profile
@given(number=st.integers(0, 10**12), spaces=st.sampled_from(["", " ", "\u3000", "\u00a0\u00a0"]))
def test_fullwidth_digits_in_han_context_become_ascii(profile: str, number: int, spaces: str) -> None:
    digits = str(number)
    glue = " " if profile == "spaced" else ""
    source = "\u5171" + spaces + fullwidth(digits) + spaces + "\u5143"
    assert clean(source, profile) == "\u5171" + glue + digits + glue + "\u5143\n"


# ---------------------------------------------------------------------------------------------
# 9. No crash, and no quadratic blow-up, on pathological input.

_PROSE = (
    "\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\u7ecf\u6d4e\u3001\u5de5\u4e1a\u7ecf\u6d4e\u4e4b\u540e"
    "\u7684\u4e3b\u8981\u7ecf\u6d4e\u5f62\u6001\uff0c\u652f\u6301Python, Rust 2020-07-15 10:30 230.85"
    "\u4ebf\u5143\u3002"
)
_LINE = "\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\u7ecf\u6d4e\u3001\u5de5\u4e1a\u7ecf\u6d4e\u4e4b\u540e\u7684\u4e3b\u8981\u7ecf\u6d4e\n"
# The inputs issue #5 names, in every profile: 1 MB with no newline, 100,000 spaces, lone
# combining marks, NUL bytes.
PATHOLOGICAL = {
    "1MB-chinese-no-newline": (_PROSE * (1_000_000 // len(_PROSE) + 1))[:1_000_000],
    "100k-spaces": " " * 100_000,
    "100k-spaces-inside-han": "\u6570" + " " * 100_000 + "\u5b57",
    "lone-combining-marks": "\u0301" * 100_000,
    "combining-after-han": "\u6570\u0301" * 50_000,
    "nul-bytes": "\x00" * 100_000,
    "nul-between-han": "\u6570\x00" * 50_000,
}
# More of them: in the default profile (the slow parts are the same in every profile), in all
# profiles with --hypothesis-profile=thorough.
PATHOLOGICAL_MORE = {
    "1MB-ascii-no-newline": ("word, (x) a.b: c; " * 60_000)[:1_000_000],
    "100k-newlines": "\n" * 100_000,
    "100k-newlines-between-han": "\u6570\n" * 50_000,
    "100k-lines-one-block": _LINE * 100_000,
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
    # A run of backticks is in test_regressions.py (test_run_of_backticks_is_cleaned_quickly).
    "fences": "```\n" * 30_000,
    # (linear, but about 35 us per character: 40,000 characters take 1.5 s)
    "at-signs": "a@" * 20_000,
    "url-ish": "http://" * 20_000,
    "han-space-alternating": "\u6570 " * 50_000,
    "label-colons": "\u4f5c\u8005\uff1a\u5f20\u4e09 " * 20_000,
}
ALL_PATHOLOGICAL = {**PATHOLOGICAL, **PATHOLOGICAL_MORE}
# Generous: the machine is shared, and a quadratic case takes minutes, not seconds.
TIME_LIMIT = 15.0


def _pathological_cases() -> list[tuple[str, str]]:
    cases = [(name, profile) for name in PATHOLOGICAL for profile in PROFILES]
    more_profiles = PROFILES if THOROUGH else ["default"]
    return cases + [(name, profile) for name in PATHOLOGICAL_MORE for profile in more_profiles]


@pytest.mark.parametrize("name, profile", _pathological_cases())
def test_pathological_input_is_cleaned_quickly(name: str, profile: str) -> None:
    text = ALL_PATHOLOGICAL[name]
    started = time.perf_counter()
    result = clean(text, profile)
    elapsed = time.perf_counter() - started
    assert isinstance(result, str)
    assert elapsed < TIME_LIMIT, f"{name}: {elapsed:.1f}s"
    if name.startswith(("lone-combining", "nul-", "100k-spaces")):
        # Nothing to keep but the Han characters: they are all kept.
        assert han(result) == han(text)


@pytest.mark.parametrize(
    "name", ["100k-spaces-inside-han", "han-space-alternating", "100k-newlines-between-han", "ascii-commas-after-han", "1MB-chinese-no-newline"]
)
def test_pathological_input_is_explained_quickly(name: str) -> None:
    text = ALL_PATHOLOGICAL[name]
    started = time.perf_counter()
    result = wenben.explain(text)
    elapsed = time.perf_counter() - started
    assert result.text == clean(text, "default")
    assert elapsed < TIME_LIMIT, f"{name}: {elapsed:.1f}s"


@pytest.mark.parametrize("name", ["100k-lines-one-block", "100k-newlines-between-han", "1MB-chinese-no-newline"])
def test_pathological_input_is_streamed_quickly(name: str) -> None:
    text = ALL_PATHOLOGICAL[name]
    # Lines, or 64 KiB pieces of a text without any.
    chunks = text.splitlines(keepends=True) if "\n" in text else [text[i : i + 65536] for i in range(0, len(text), 65536)]
    started = time.perf_counter()
    result = "".join(wenben.clean_stream(chunks, part_size=0))
    elapsed = time.perf_counter() - started
    assert elapsed < TIME_LIMIT, f"{name}: {elapsed:.1f}s"
    assert result == clean(text, "default")
