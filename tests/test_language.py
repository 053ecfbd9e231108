"""wenben.language: which sentences are Chinese, English (mentioning Chinese) or neither."""

from __future__ import annotations

import random

import pytest

from wenben import clean
from wenben.language import EN, ZH, Sentences, english_spans
from timing import cpu_seconds


@pytest.mark.parametrize(
    "text, language",
    [
        ('The word (\u6587\u672c) means "text", see page 3.', EN),
        ("Remove \u94c1\u857e from 1 Folder?", EN),
        ("The book is called \u7ea2\u697c\u68a6.", EN),
        ("\u4e2d\u53d1\u73b0\u4e86\u4e00\u4e2aRC bug,\u5e76\u5c06\u5176\u63d0\u4ea4\u5230\u4e86BTS", ZH),
        ("GitHub Copilot Chat \u5f88\u597d\u7528", ZH),
        ("Made in China \u662f\u4ec0\u4e48\u610f\u601d", ZH),
        ("Hello world \u662f\u4e00\u4e2a\u7a0b\u5e8f", ZH),
        ("1\u30012\u30013", ZH),  # Chinese-only punctuation
        ("Reason: CORS header \u2018Origin\u2019 cannot be added", None),
        ("\u2014\u2014 2020 \u2014\u2014", None),
    ],
)
def test_sentence_language(text: str, language: str | None) -> None:
    assert Sentences(text).language(0) == language


def test_sentences_end_at_full_stops_not_inside_numbers_or_names() -> None:
    text = "\u4e2d\u6587\u3002 Hello, world. Pi is 3.14 and example.com works!! \u4e2d\u6587"
    sentences = Sentences(text)
    pieces, index = [], 0
    while index < len(text):
        start, end = sentences.bounds(index)
        assert start <= index < end
        pieces.append(text[start:end])
        index = end
    assert pieces == ["\u4e2d\u6587\u3002 ", "Hello, world. ", "Pi is 3.14 and example.com works!! ", "\u4e2d\u6587"]


def test_a_comma_after_a_full_stop_does_not_end_the_sentence() -> None:
    assert Sentences("\u6570.,").bounds(2) == (0, 3)


@pytest.mark.parametrize("seed", range(3))
def test_bounds_do_not_depend_on_the_order_of_queries(seed: int) -> None:
    rnd = random.Random(seed)
    pieces = ["\u4e2d\u6587", "Hello", " ", ".", "!", "\u3002", "\u201d", '"', ",", "\n", "3.14", "the", "\uff0c", "a.b"]
    for _ in range(300):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 25)))
        forward = Sentences(text)
        expected = [forward.bounds(i) for i in range(len(text))]
        for i in rnd.sample(range(len(text)), len(text)):
            assert Sentences(text).bounds(i) == expected[i], (text, i)
        # Sentences tile the text.
        assert expected[0][0] == 0 and expected[-1][1] == len(text)


def test_english_spans_are_the_same_after_cleaning() -> None:
    text = 'The word (\u6587\u672c) means "text", see page 3. \u4ed6\u8bf4,\u597d\u7684'
    cleaned = clean(text)
    assert cleaned.startswith('The word (\u6587\u672c) means "text", see page 3. ')
    assert [cleaned[a:b] for a, b in english_spans(cleaned)] == [text[a:b] for a, b in english_spans(text)]


@pytest.mark.parametrize(
    "text",
    [
        # Chinese only inside inline code: an English sentence that mentions Chinese.
        "Profiles: `default` (mainland, compact: `Debian\u9879\u76ee`), `spaced` (pangu style: `Debian \u9879\u76ee`).\n",
        "Spaces at old wrap points (`\u6570 \u5b57\u7ecf\u6d4e`), around numbers (`7 \u6708 13 \u65e5`) are removed.\n",
        # Chinese only in an address.
        "See (https://zh.wikipedia.org/wiki/\u5317\u4eac) for more.\n",
    ],
)
def test_chinese_inside_code_or_an_address_does_not_make_a_sentence_chinese(text: str) -> None:
    assert clean(text) == text
    assert clean(text, format="markdown") == text


def test_a_bracket_opened_in_a_line_without_chinese_stays_ascii() -> None:
    # Markdown keeps soft line breaks; the bracket's sentence is the line it opens on.
    text = "the function words (two, or one\nwhen `The word (\u6587\u672c)` ends), then.\n"
    assert clean(text, format="markdown") == text


def test_a_chinese_sentence_with_code_is_still_chinese() -> None:
    text = "\u7528 `pip install wenben` \u5b89\u88c5(\u63a8\u8350),\u7136\u540e\u8fd0\u884c.\n"
    assert clean(text) == "\u7528 `pip install wenben` \u5b89\u88c5\uff08\u63a8\u8350\uff09\uff0c\u7136\u540e\u8fd0\u884c\u3002\n"


def test_a_sentence_with_no_end_is_judged_from_at_most_the_limit_back() -> None:
    # One line, no sentence end and no newline: each query looks back at most _SENTENCE_LIMIT
    # characters (it used to look back to the text's start: quadratic, and a stream part saw
    # another start than the whole text).
    from wenben.language import _SENTENCE_LIMIT, Sentences

    text = "a b, " * 20_000
    sentences = Sentences(text)
    for index in (10, 5_000, 50_000, len(text) - 1):
        start, end = sentences.bounds(index)
        assert max(0, index - _SENTENCE_LIMIT) <= start <= index < end
    assert Sentences(text).bounds(50_000)[0] == 50_000 - _SENTENCE_LIMIT


@pytest.mark.parametrize("unit, tail", [("!", ","), ("! ", ","), ("\u3002\u201d", "\u3001"), (". ", ","), ("!", "")])
def test_boundary_search_is_linear_on_a_run_of_marks(unit: str, tail: str) -> None:
    # A run of marks that a comma follows is no sentence end from any of its marks: the
    # regular expression's own search (_BOUNDARY.search) retried from each of them, scanning
    # the rest of the run each time. _boundary_search skips the run. CPU time, best of three,
    # on eight times the text: a ratio far from both 8 (linear) and 64 (quadratic).
    from wenben.language import _BOUNDARY, _boundary_search

    def text(n: int) -> str:
        return "\u4e2d" + unit * (n // len(unit)) + tail + "\u6587"

    def search(text: str) -> tuple[int, int] | None:
        return _boundary_search(text, 0)

    small, large = text(40_000), text(320_000)
    found = _BOUNDARY.search(small[:2_000] + tail + "\u6587")
    assert search(small[:2_000] + tail + "\u6587") == (found and found.span())
    ratio = cpu_seconds(search, large) / max(cpu_seconds(search, small), 1e-3)
    assert ratio < 24, f"_boundary_search on 8x the text took {ratio:.1f}x as long"
