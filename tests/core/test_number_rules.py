"""The compiled core's number rules (core/src/rules/numbers.rs) against the reference
(src/wenben/rules/numbers.py): ocr-digits, number-spacing and number-punctuation give the same
edits, in the same order, and so the same text, for every profile's spacing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wenben._core as core
from tests.core.differential import ROOT, assert_same_step, fixture_texts, reference_step
from tests.properties import strategies as shared
from wenben.edits import apply_edits, edits_from_rows, sorted_disjoint
from wenben.profiles import PROFILES
from wenben.rules import RULES

PORTED = ("ocr-digits", "number-spacing", "number-punctuation")
SPACINGS = tuple(sorted({profile.options.spacing for profile in PROFILES.values()}))


def check(rule_id: str, text: str, protected: list[tuple[int, int]] | tuple = ()) -> None:
    """Identical edits (assert_same_step), and identical text once they are applied."""
    for spacing in SPACINGS:
        found = assert_same_step([rule_id], text, list(protected), spacing)
        expected = reference_step([rule_id], text, list(protected), spacing)
        assert apply_edits(text, sorted_disjoint(edits_from_rows(found))) == apply_edits(
            text, sorted_disjoint(edits_from_rows(expected))
        )


def test_the_rules_are_in_the_core() -> None:
    implemented = core.implemented()
    assert all(rule_id in implemented for rule_id in PORTED)


@pytest.mark.parametrize("rule_id", PORTED)
def test_examples(rule_id: str) -> None:
    examples = RULES[rule_id].examples
    assert examples
    for raw, expected in examples:
        check(rule_id, raw)
        # The core's edits make the example's expected text, as the reference's do.
        edits = edits_from_rows(core.step_edits([rule_id], raw, [], "compact", None))
        assert apply_edits(raw, sorted_disjoint(edits)) == expected, ascii(raw)


def test_every_rule_example_and_fixture() -> None:
    texts = fixture_texts() + [raw for rule in RULES.values() for raw, _ in rule.examples]
    assert len(texts) > 50
    for text in texts:
        for rule_id in PORTED:
            check(rule_id, text)


def _pipeline_texts(text: str, profile: str) -> dict[str, str]:
    """The text each number rule sees in the profile's pipeline, as the reference's steps
    before it leave it (protection left aside: only the input of the rules matters here)."""
    seen: dict[str, str] = {}
    spacing = PROFILES[profile].options.spacing
    for rule_id in PROFILES[profile].rules:
        if rule_id in PORTED:
            seen[rule_id] = text
        if rule_id in ("mojibake", "convert-variants", "line-wrap", "paragraph-breaks"):
            continue  # ftfy / OpenCC / the document pass: not needed to reach the number rules
        rows = reference_step([rule_id], text, (), spacing)
        text = apply_edits(text, sorted_disjoint(edits_from_rows(rows)))
    return seen


def test_fixtures_as_the_pipeline_hands_them_over() -> None:
    for text in fixture_texts():
        for profile in PROFILES:
            for rule_id, seen in _pipeline_texts(text, profile).items():
                assert_same_step([rule_id], seen, [], PROFILES[profile].options.spacing)


# --- generators aimed at the rules' edges ---------------------------------------------------------

_DIGITS = st.sampled_from(["0", "1", "5", "7", "9", "10", "12", "13", "23", "30", "59", "60", "85", "100", "230",
                           "999", "1000", "2020", "2021", "12345", "000"])
_SEPARATORS = st.sampled_from([
    " ", "  ", "\u3000", "\t", "\u00a0", "\u2003", " \u3000 ",
    ".", ",", ":", "%", "-", "/", "\uff0e", "\uff1a", "\uff0d", "\uff0f", "\uff05", "\u3002", "\uff0c", "\uff1b",
    " .", " :", ": ", " : ", " %", " \uff05", "\u3002 ", " \u3002", " \uff1a ", " \uff0e", "\uff0e ",
])
_HAN = st.sampled_from([
    "\u5e74", "\u6708", "\u65e5", "\u53f7", "\u65f6", "\u70b9", "\u5206", "\u79d2", "\u65ec", "\u5c4a", "\u671f",
    "\u4e07", "\u4ebf", "\u5143", "\u4e2a", "\u4eba", "\u6b21", "\u5bb6", "\u9879", "\u5428", "\u7c73",
    "\u4e2d\u6587", "\u5171", "\u4e0a\u5348", "\u5f00\u4f1a", "\u6b3e", "\u589e\u957f", "\u5360", "\u7684",
    "\u3042", "\u30ab", "\u3007", "\uac00",
])
_LATIN = st.sampled_from([
    "O", "o", "l", "I", "OO", "lI", "Oo", "DotGothic", "iPhone", "H", "x", "abc", "_", "\uff21", "\u00e9", "\u03b1",
    "the", "on", "of the pages", "Hello world", "GDP", "v", "PM", "iOS", "A", "Z", "a",
])
_OTHER = st.sampled_from([
    "\n", "\n\n", "(", ")", "\uff08", "\uff09", "\u201c", "\u201d", "\u00b2", "\u2460", "\u0663", "\uff11", "\u00bd",
    "?", "!", ". ", "\uff0c", "\u3001", "#", "~", "\u00b7", "e", "E",
])
# Whole forms: times, dates, versions, decimals, percentages, OCR confusions, grouped digits.
_FORM_LIST = [
    "10:30", "10: 30", "10 :30", "10 : 30", "10\uff1a30", "10 \uff1a 30", "2020:30", "2020\uff1a30", "1:5", "9:60",
    "7 \u6708 13 \u65e5", "7\u670813\u65e5", "2020\uff0d07\uff0d15", "2020-07-15", "1\uff0f2",
    "3.7", "v3.7", "3 .7", "Python 3.7", "230\uff0e85", "230\u300285", "230 .85", "100\u30022021\u5e74",
    "50 %", "50%", "50 \uff05", "25 % of", "1 000 000", "12 34 56", "1,000", "1\uff0c000",
    "2O20", "l5", "2O2O", "O2O", "H2O2", "1O0", "lOl", "IO", "1I", "0o0", "2O20 \u5e74", "l0 \u4ebf",
    "DotGothic16\u30027\u6b3e", "iPhone15\u30022", "\uff21\uff14\u30021", "A4\u30025", "_1\u30022",
    "\uff08GDP\uff095 412.36\u4ebf", "1234567890123O", "O1234567890123", "12345678901234O5", "12345678901234567890O",
    # ocr-digits' window: a digit with at most 12 characters on either side (13 and 14 long).
    "1" + "O" * 12 + "\u5e74", "1" + "O" * 13 + "\u5e74", "O" * 12 + "1\u5e74", "O" * 13 + "1\u5e74",
    "O" * 12 + "1" + "O" * 12 + "\u5e74", "O" * 13 + "1" + "O" * 13 + "\u5e74", "l" * 13 + "1" + "l" * 12,
    # str.isdigit() beyond [0-9] before a time (a superscript is a letter to Nearest, not a digit).
    "\u4e2d\u00b25: 30 abc", "\u4e2d\u00b2\u00b25: 30 abc", "\u4e2d\u24605 :30 x", "\u00b2\u00b25\uff1a30",
    # The fuzz regressions of these rules (tests/test_fuzz_regressions.py) and the digit groups
    # no rule may join (tests/test_number_groups.py).
    "0\u3002\t3", "1 \uff0d9", "2\uff1a\u300051", "\u4ed6,4\xa0047", "\u6709?5\u3000\uff118\uff10", "6\xa0279;\u5728",
    "\u4e3a...3\t172", "I7\uff05", "\u2019 11I\uff05", "\u4e2d O88\u4e2d", "\u4e2d,O88\u4e2d",
    "\u5168\u5e02GDP\u8fbe\u52301 000 000 \u4e07\u5143", "\u6570\u636e 2020 100 000 \u9879", "\u5171 12\u00a034 \u4eba",
    "\uff11\uff12\u3000\uff13\uff14\u4eba", "| 2020 | 12 345 | 6 |", "\u7532 1 2 3 \u4e59",
    "\u5171\u6709 1 \u3002 12 \u4eba", "\u5171\u6709 1 \uff0d 12 \u4eba",
    # The number promise (tests/properties/test_number_promise.py): a mark with a space next
    # to it is no separator; a unit after spaces ends a decimal; a percent sign judged from
    # the nearest letters.
    "1\u3002 12", "1 \u300212", "3\uff0e 5", "3 \uff0e5", "10 \uff1a30", "10\uff1a 30", "6\u30022 \u65e5",
    "6\u30022\u3000\u65e5", "\uff0f2\u30020 %", "\u5360 50\u3000\uff05", "50 \uff05 of", "a 5 % \u4e2d",
]
_FORMS = st.sampled_from(_FORM_LIST)
_PIECES = st.one_of(_DIGITS, _DIGITS, _SEPARATORS, _SEPARATORS, _HAN, _HAN, _LATIN, _OTHER, _FORMS, _FORMS)
_DOCUMENT_NUMBERS = st.one_of(
    shared.numbers(),
    shared.numbers().map(shared.fullwidth),
    shared.numbers().map(lambda n: n.translate(shared._FULLWIDTH_SEPARATORS)),
)

_SPACES = st.sampled_from(["", " ", "  ", "\u3000", "\t", "\u00a0 "])
_CONTEXT = st.one_of(_HAN, _LATIN, _OTHER, st.just(""), st.sampled_from(["\u4e2d ", "abc ", "\u6587\uff08", ") "]))
# number-spacing: a digit group, spaces, then a decimal point, a percent sign or a time colon.
_SPACED_NUMBERS = st.builds(
    lambda before, a, s1, mark, s2, b, after: f"{before}{a}{s1}{mark}{s2}{b}{after}",
    _CONTEXT, _DIGITS, _SPACES, st.sampled_from([".", "\uff0e", "%", "\uff05", ":", "\uff1a", "", ","]), _SPACES,
    st.one_of(_DIGITS, st.just("")), _CONTEXT,
)
# ocr-digits: words of digits and O, o, l, I, next to units, Han, Latin, spaces.
_OCR_WORDS = st.builds(
    lambda before, word, space, after: f"{before}{word}{space}{after}",
    _CONTEXT, st.text(alphabet=st.sampled_from("0123456789OolI"), min_size=1, max_size=30), _SPACES, _CONTEXT,
)

number_texts = st.one_of(
    st.lists(st.one_of(_SPACED_NUMBERS, _OCR_WORDS, _HAN), min_size=1, max_size=6).map("".join),
    st.lists(st.one_of(_SPACED_NUMBERS, _OCR_WORDS, _HAN), min_size=1, max_size=6).map("".join),
    st.lists(_PIECES, max_size=24).map("".join),
    st.lists(st.one_of(_PIECES, _DOCUMENT_NUMBERS, shared.han_runs(1, 4)), max_size=16).map("".join),
    st.text(alphabet=st.sampled_from("0123456789OolI .:%\uff0e\uff1a\uff05\u3002\u3000\u4e2d\u5e74a_\n"), max_size=30),
    shared.documents(30),
    shared.arbitrary_text(40),
)


@pytest.mark.parametrize("rule_id", PORTED)
def test_every_form_in_every_context(rule_id: str) -> None:
    # Each aimed form alone, and between Han, Latin, spaces, digits and line breaks: the edges
    # the random texts reach only now and then, tried every time.
    sides = ["", "\u4e2d", "\u4e2d ", "a", "a ", " ", "1", "\n", "\uff08", "\u5e74"]
    for form in _FORM_LIST:
        for before in sides:
            for after in sides:
                check(rule_id, before + form + after)


@st.composite
def protected_texts(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A text and sorted, disjoint protected spans over it (the number rules ignore them, as the
    reference's do; the engine drops the edits that touch them)."""
    text = draw(number_texts)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6, unique=True)))
    return text, [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2) if cuts[i] < cuts[i + 1]]


@pytest.mark.parametrize("rule_id", PORTED)
@settings(max_examples=1200, deadline=None)
@given(case=protected_texts())
def test_random_text(rule_id: str, case: tuple[str, list[tuple[int, int]]]) -> None:
    text, protected = case
    check(rule_id, text, protected)


@settings(max_examples=300, deadline=None)
@given(text=shared.arbitrary_unicode(30))
def test_any_unicode(text: str) -> None:
    for rule_id in PORTED:
        check(rule_id, text)


def test_long_runs_stay_linear_and_equal() -> None:
    # Long runs of digits, spaces and marks: the scanners must agree past any window.
    texts = [
        "1 " * 3000 + "\u5e74",
        "1\uff0e" * 3000,
        "1\u3002" * 3000 + "\u4e2d",
        "O1" * 3000 + "\u5e74",
        "\u4e2d" + "10: 30 " * 2000 + "\u6587",
        "1" + " " * 5000 + "%",
        "\u4e2d " + "12 34 " * 2000,
    ]
    for text in texts:
        for rule_id in PORTED:
            check(rule_id, text)


def _benchmark_corpus(size: int) -> str:
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import generate

    return generate(size, seed=3)


def _fuzz_seed_texts() -> list[str]:
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from fuzz.seeds import UTF8_MODE, text_seeds

    return [data[len(UTF8_MODE):].decode("utf-8") for data in text_seeds().values() if data.startswith(UTF8_MODE)]


def test_benchmark_corpus_and_fuzz_seeds() -> None:
    corpus = _benchmark_corpus(400_000)
    seeds = _fuzz_seed_texts()
    assert len(corpus) > 100_000 and len(seeds) > 20
    for text in [corpus, *seeds]:
        for rule_id in PORTED:
            check(rule_id, text)
    for profile in PROFILES:
        for rule_id, seen in _pipeline_texts(corpus, profile).items():
            assert_same_step([rule_id], seen, [], PROFILES[profile].options.spacing)
