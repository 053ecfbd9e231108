"""The core's sentences, languages, English spans and nearest letters are the reference's
(wenben.language, wenben.rules.nearby), queried in text order and in random order."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings, strategies as st

import wenben._core as core
from tests.core.differential import fixture_texts
from wenben import language
from wenben.protect import protected_spans
from wenben.rules import RULES
from wenben.rules.nearby import LETTER, LETTER_OR_DIGIT, Nearest

# Pieces of sentences: Chinese, English (function words, capitals, KELVIN SIGN, apostrophes),
# sentence ends and what follows them (closers, spaces, commas), numbers, code and URLs that
# protect masks, line breaks.
_PIECES = [
    "\u4e2d\u6587", "\u7ea2\u697c\u68a6", "\u94c1\u857e", "\u3072\u3089\u304c\u306a", "\u6587",
    "The", "the", "book", "is", "called", "Remove", "from", "Folder", "GitHub", "Copilot", "Chat", "clic\u212a",
    "don't", "it\u2019s", "I", "a", "caf\u00e9", "\uff21\uff22", "\u00c5ngstr\u00f6m",
    " ", "  ", "\t", "\u3000", "\u00a0",
    ".", "!", "?", ";", "\u3002", "\uff01", "\uff1f", "\uff1b", "\u2026", "...", "?!",
    '"', "'", "\u201d", "\u2019", "\u300d", "\u300f", "\uff09", ")", "]", "\u300b", "\u3009", "\u3011",
    ",", "\uff0c", "\u3001", ":", "\uff1a", "\u300c", "(", "\u201c",
    "3.14", "3", "42", "_", "\u0663",
    "example.com", "https://example.com/a.b?x=1", "`code.x()`", "`\u4e2d\u6587`", "$x.y$", "/usr/lib/a.so",
    "a@b.cn", ":-)",
    "\n", "\n\n", "\x00",
]
pieces = st.sampled_from(_PIECES)
texts = st.one_of(
    st.lists(pieces, max_size=40).map("".join),
    st.lists(st.one_of(pieces, st.text(max_size=3)), max_size=30).map("".join),
)


_SENTENCES = [
    "Remove \u94c1\u857e from 1 Folder?", "The book is called \u7ea2\u697c\u68a6.", "It is \u4e2d \u6587 here!",
    "GitHub Copilot Chat \u5f88\u597d\u7528\u3002", "\u4e2d\u6587\u3002", "Made in China \u662f\u4ec0\u4e48\u610f\u601d\uff1f",
    "Use `\u4e2d\u6587` and the rest.", "See https://example.com/\u4e2d a.b.", "He said \u201c\u4e2d\u201d to me;",
    "Plain English only.", "\u4e2d\u6587, and the book is here.", "(\u4e2d) is the word for it.",
]
# Whole sentences one after another (English ones next to each other join into one span).
sentence_texts = st.lists(
    st.tuples(st.sampled_from(_SENTENCES), st.sampled_from(["", " ", "  ", "\n", "\u3000", "\u300d "])).map("".join),
    max_size=8,
).map("".join)


@st.composite
def long_texts(draw: st.DrawFn) -> str:
    """Sentences longer than the reference's limits (_SENTENCE_LIMIT, _LOOK_AHEAD, the
    growing windows): long runs of one piece between others."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        parts.append(draw(texts))
        parts.append(draw(pieces) * draw(st.integers(0, 2200)))
    return "".join(parts)


_MARKS = [".", "!", "\u3002", "\uff1f", "\u2026", "?!", "..", "\u3002\u3002"]
_CLOSER_RUNS = ["", '"', "\u300d", "\u201d)", "]\u300f"]
_FILLERS = [" ", "\u3000", "\t", "\u4e2d", "a", "3", "\x00", "\u300d"]
_AFTER = ["", ",", "\uff0c", "\u3001", "x", "\u4e2d", "\n", ".x", "a.b", "!"]
# Lengths at the reference's edges: its windows (64, doubling), _LOOK_AHEAD, _SENTENCE_LIMIT.
_EDGE = [0, 1, 2, 63, 64, 65, 191, 192, 255, 256, 257, 447, 448, 959, 960, 4093, 4094, 4095, 4096, 4097, 4098]


@st.composite
def edge_texts(draw: st.DrawFn) -> str:
    """A sentence end whose marks, closers and spaces, or the stretch before or after it,
    reach across the reference's search windows: long runs of one filler around sentence ends."""
    parts = [draw(texts)]
    for _ in range(draw(st.integers(1, 3))):
        filler = draw(st.sampled_from(_FILLERS))
        length = draw(st.one_of(st.sampled_from(_EDGE), st.integers(0, 1300)))
        parts += [draw(st.sampled_from(_MARKS)), draw(st.sampled_from(_CLOSER_RUNS)), filler * length,
                  draw(st.sampled_from(_AFTER)), draw(st.sampled_from(["", "\u4e2d\u6587", "The end"]))]
    return "".join(parts)


def reference_info(text: str, indices: list[int]) -> list[tuple[int, int, str | None]]:
    sentences = language.Sentences(text)
    return [(*sentences.bounds(i), sentences.language(i)) for i in indices]


def assert_same_sentences(text: str, indices: list[int]) -> None:
    found = [tuple(row) for row in core.sentence_info(text, indices, protected_spans(text))]
    assert found == reference_info(text, indices), ascii(text)


def assert_same_english(text: str) -> None:
    expected = [tuple(span) for span in language.english_spans(text)]
    assert [tuple(span) for span in core.english_spans(text, protected_spans(text))] == expected, ascii(text)


def assert_same_nearest(text: str, indices: list[int]) -> None:
    for kind, letter in (("letter_or_digit", LETTER_OR_DIGIT), ("letter", LETTER)):
        near = Nearest(text, letter)
        expected = [(near.before(i) or None, near.after(i) or None) for i in indices]
        assert core.nearest(text, kind, indices) == expected, (kind, ascii(text))


def orders(text: str, seed: int) -> list[list[int]]:
    """Every index in text order (with the end), and a shuffled sample with repeats."""
    everything = list(range(len(text) + 1))
    rng = random.Random(seed)
    sample = [rng.randrange(len(text) + 1) for _ in range(min(60, len(text) + 1))]
    ordered = sorted(rng.sample(everything, min(len(everything), 40)))
    return [everything, sample, ordered]


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(0, 2**32))
def test_sentences(text: str, seed: int) -> None:
    for indices in orders(text, seed):
        assert_same_sentences(text, indices)


@settings(max_examples=25, deadline=None)
@given(long_texts(), st.integers(0, 2**32))
def test_long_sentences(text: str, seed: int) -> None:
    rng = random.Random(seed)
    n = len(text) + 1
    in_order = sorted(rng.randrange(n) for _ in range(80))
    # Steps of about the limits, so the fast path of queries in order is taken and missed.
    stepped = list(range(rng.randrange(n), n, rng.choice([1, 255, 256, 4095, 4096, 4097])))[:200]
    shuffled = [rng.randrange(n) for _ in range(80)]
    for indices in (in_order, stepped, shuffled):
        assert_same_sentences(text, indices)
    assert_same_english(text)


@settings(max_examples=150, deadline=None)
@given(edge_texts(), st.integers(0, 2**32))
def test_sentence_ends_across_windows(text: str, seed: int) -> None:
    rng = random.Random(seed)
    n = len(text) + 1
    everything = list(range(n))
    shuffled = rng.sample(everything, min(n, 400))
    for indices in (everything, shuffled, everything[::-1][:400]):
        assert_same_sentences(text, indices)
    assert_same_english(text)


@pytest.mark.parametrize("gap", range(4088, 4102))
@pytest.mark.parametrize("tail", [".x", ".", "\u3002  ,", "\u3002" + " " * 300 + ",", "\u3002\u300d\u300d,"])
def test_the_sentence_limit(gap: int, tail: str) -> None:
    """A sentence end just inside or outside _SENTENCE_LIMIT of the query: the reference's
    search stops at the limit, and a lookahead there sees nothing."""
    for filler in ("\u4e2d", "a", " "):
        text = "\u597d\u3002" + filler * gap + tail + "\u4e2d\u6587. Next \u4e2d"
        n = len(text) + 1
        for indices in ([0, 2, 3, gap, gap + 3, n - 3], [2, gap + 2, gap + 4], list(range(0, n, 97)), [n - 1, 2, 0]):
            assert_same_sentences(text, indices)


@settings(max_examples=400, deadline=None)
@given(st.one_of(texts, sentence_texts))
def test_english_spans(text: str) -> None:
    assert_same_english(text)


@settings(max_examples=200, deadline=None)
@given(sentence_texts, st.integers(0, 2**32))
def test_sentences_of_sentences(text: str, seed: int) -> None:
    for indices in orders(text, seed):
        assert_same_sentences(text, indices)


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(0, 2**32))
def test_judge(text: str, seed: int) -> None:
    rng = random.Random(seed)
    spans = protected_spans(text)
    masked = language.masked(text)
    for _ in range(5):
        start = rng.randrange(len(text) + 1)
        end = rng.randrange(start, len(text) + 1)
        assert core.judge_sentence(text, start, end, spans) == language._judge(masked, start, end, text), ascii(text)


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(0, 2**32))
def test_nearest(text: str, seed: int) -> None:
    for indices in orders(text, seed):
        assert_same_nearest(text, indices)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 60), max_size=20), st.lists(st.integers(0, 60), max_size=20))
def test_outside(positions: list[int], bounds: list[int]) -> None:
    edges = sorted(set(bounds))
    spans = list(zip(edges[::2], edges[1::2]))
    assert core.outside(positions, spans) == language.outside(positions, spans)


def test_function_words() -> None:
    """Each function word counts as one, in any case (a sentence with two is English)."""
    for word in sorted(language.FUNCTION_WORDS):
        for form in (word, word.upper(), word.capitalize()):
            text = f"Xyz {form} \u4e2d."
            assert core.judge_sentence(text, 0, len(text), []) == language._judge(text, 0, len(text), text), form


_EXAMPLES = [
    "The word (\u6587\u672c) means \"text\", see page 3.",
    "\u4e2d\u53d1\u73b0\u4e86\u4e00\u4e2aRC bug,\u5e76\u5c06\u5176\u63d0\u4ea4\u5230\u4e86BTS",
    "Reason: CORS header \u2018Origin\u2019 cannot be added",
    "Remove \u94c1\u857e from 1 Folder?",
    "The book is called \u7ea2\u697c\u68a6.",
    "GitHub Copilot Chat \u5f88\u597d\u7528",
    "Made in China \u662f\u4ec0\u4e48\u610f\u601d",
    "Profiles: `default` (compact: `Debian\u9879\u76ee`)",
    "Taiwan: as default, with corner quotes \u300c\u300d.",
    "\u6570.,\u4e2d. 3.14 example.com \u597d!Next",
]


@pytest.mark.parametrize("text", _EXAMPLES + [before for rule in RULES.values() for before, _ in rule.examples])
def test_examples(text: str) -> None:
    for indices in orders(text, 0):
        assert_same_sentences(text, indices)
        assert_same_nearest(text, indices)
    assert_same_english(text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(texts, sentence_texts), st.integers(0, 2**32))
def test_with_the_cores_protected_spans(text: str, seed: int) -> None:
    """The convenience constructors (the core's protect.rs finds the mask) agree too."""
    for indices in orders(text, seed):
        assert [tuple(row) for row in core.sentence_info(text, indices)] == reference_info(text, indices), ascii(text)
    assert [tuple(span) for span in core.english_spans(text)] == language.english_spans(text), ascii(text)


def test_fixtures() -> None:
    texts = fixture_texts()
    assert texts
    for number, text in enumerate(texts):
        for indices in orders(text, number):
            assert_same_sentences(text, indices)
        assert_same_nearest(text, list(range(len(text) + 1)))
        assert_same_english(text)
        assert [tuple(span) for span in core.english_spans(text)] == language.english_spans(text)
