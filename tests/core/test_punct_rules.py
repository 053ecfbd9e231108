"""The compiled core's punctuation rules (core/src/rules/punctuation.rs: ascii-punctuation,
brackets) against the reference (src/wenben/rules/punctuation.py): the same edits, in the same
order, and the same text, for every profile's spacing; and the scanners that stand for the
reference's regexes against those regexes, windows (pos, endpos) included."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wenben._core as core
from tests.core.differential import ROOT, fixture_texts, reference_step
from wenben.edits import Edit, apply_edits
from wenben.profiles import PROFILES
from wenben.rules import RULES
from wenben.rules import punctuation as reference

PORTED = ["ascii-punctuation", "brackets"]
SPACINGS = sorted({profile.options.spacing for profile in PROFILES.values()})


def check(rule_id: str, text: str, protected: list[tuple[int, int]] = ()) -> None:
    """The core's edits and applied text are the reference's, for every profile's spacing."""
    for spacing in SPACINGS:
        expected = reference_step([rule_id], text, list(protected), spacing)
        found = [tuple(row) for row in core.step_edits([rule_id], text, list(protected), spacing, None)]
        assert found == expected, (rule_id, spacing, ascii(text), protected)
        applied = apply_edits(text, [Edit(*row) for row in found])
        assert applied == apply_edits(text, [Edit(*row) for row in expected])


def test_ported() -> None:
    assert [rule_id for rule_id in core.implemented() if rule_id in ("ascii-punctuation", "brackets")] == PORTED


# ---------------------------------------------------------------------------------------------
# Examples and fixtures


@pytest.mark.parametrize("rule_id", PORTED)
def test_examples(rule_id: str) -> None:
    examples = RULES[rule_id].examples
    assert examples
    for raw, expected in examples:
        check(rule_id, raw)
        rows = core.step_edits([rule_id], raw, [], "compact", None)
        assert apply_edits(raw, [Edit(*row) for row in rows]) == expected


def _all_fixture_texts() -> list[str]:
    texts = list(fixture_texts())
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if path.suffix == ".md":
            texts.append(path.read_text(encoding="utf-8"))
        elif path.suffix == ".json":
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                continue
            if isinstance(data, list):
                texts += [c["original"] for c in data if isinstance(c, dict) and isinstance(c.get("original"), str)]
    return texts


@pytest.mark.parametrize("rule_id", PORTED)
def test_fixtures(rule_id: str) -> None:
    from wenben.protect import protected_spans

    texts = _all_fixture_texts()
    assert len(texts) > 50
    for text in texts:
        check(rule_id, text)
        check(rule_id, text, protected_spans(text))  # as the engine calls it


# ---------------------------------------------------------------------------------------------
# Strategies aimed at the rules' edges

_HAN = ["\u4e2d", "\u6587", "\u524d\u9762", "\u5fb7\u9633\u5e02", "\u94c1\u857e", "\u3072\u3089", "\u3007", "\u5f8c"]
_LATIN = [
    "a", "b", "I", "x", "ab", "RC", "bug", "Python", "Rust", "love", "you", "too", "Folder", "from", "the", "GDP",
    "Note", "f", "print", "trainin", "g", "iv", "IX", "_", "x_1", "caf\u00e9", "\u212a",
]
_DIGITS = ["1", "10", "12", "30", "2020", "3", "000", "59", "60", "5", "\u00b2", "\u0663", "\uff11"]
_MARKS = [",", ":", ";", "?", "!", ".", "!!", "?!", "!=", "?=", "!?=", "..", "...", "=", ":)", ":-)", ";)", "(", ")"]
_FULL = ["\uff0c", "\uff1a", "\uff1b", "\uff1f", "\uff01", "\u3002", "\uff08", "\uff09", "\u3001"]
_BRACKETS = ["(", ")", "\uff08", "\uff09", "\u3008", "\u3009", "[", "]", "\uff3b", "\uff3d", "()", "(1)", "(a)", "(iv)"]
_CLOSERS = ['"', "'", "\u201d", "\u2019", "\u300d", "\u300f", "\uff09", ")", "\u300b", "\u3011", "\u201c"]
_SPACES = [" ", " ", "  ", "\t", "\u3000", "\u00a0", "\u2003", "\u202f"]
_BREAKS = ["\n", "\n", "\n\n", "\n \n", "\r\n"]
_SNIPPETS = [
    "12:30", "10: 30", "2020:30", "2020: 30", "2020 :30", "\u00b2\u00b21: 30", "\u0663\u00b21 : 59", "123: 45", "1: 5",
    "10 : 61", "10:\u3000305", "1:300", "3:4", "1,000", "3;4", "230.85", "example.com", "https://example.com/a?b=1,c",
    "a@b.cn", "`x, y`", "$a:b$", "f(x)", "print()", "a[0]", "x = 1;", "if (a) {", "I love you, too.", "from 1 Folder",
    "RC bug", "Hello world.", "Remove \u94c1\u857e from 1 Folder?", "\u4ed6\u8bf4\uff1a\u201cI love you, too.\u201d",
    "\u652f\u6301Python,Rust", "\u7bb1trainin g", "Note: ", "/usr/lib/a.so", "C:\\dir", "1. ", "- ", "# ", "> ",
    "(GDP)", "(\u5fb7\u9633\u5206\u8d5b\u533a)", "(1)\u9996\u5148", "The word (\u6587\u672c) means text.",
    "a" * 35, "(" + "word " * 8 + ")", "\u3008\u4f8b\u5982 )",
]
_PIECES = _HAN + _LATIN + _DIGITS + _MARKS + _FULL + _BRACKETS + _CLOSERS + _SPACES + _BREAKS + _SNIPPETS
pieces = st.sampled_from(_PIECES)
# Marks between Han, Latin and digits, with spaces.
_ATOMS = st.sampled_from(_HAN + _LATIN + _DIGITS)
_JOIN = st.sampled_from(["", "", " ", "  ", "\u3000"])


@st.composite
def mark_between(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        parts += [draw(_ATOMS), draw(_JOIN), draw(st.sampled_from(_MARKS + _CLOSERS[:4])), draw(_JOIN)]
    parts.append(draw(_ATOMS))
    return "".join(parts)


@st.composite
def phrase_in_chinese(draw: st.DrawFn) -> str:
    """English phrases (words, numbers between them, spaces) inside Chinese sentences."""
    words = draw(st.lists(st.sampled_from(_LATIN + _DIGITS[:5]), min_size=1, max_size=5))
    sep = draw(st.lists(st.sampled_from(_SPACES + [""]), min_size=len(words), max_size=len(words)))
    phrase = "".join(w + s for w, s in zip(words, sep))
    return "".join([
        draw(st.sampled_from(_HAN + [""])), draw(_JOIN), phrase, draw(st.sampled_from(_MARKS + [""])),
        draw(_JOIN), draw(st.sampled_from(_HAN + _LATIN + [""])), draw(st.sampled_from(_MARKS + _FULL + [""])),
    ])


@st.composite
def full_stop(draw: st.DrawFn) -> str:
    """A full stop after Han, then closers, spaces and what ends the sentence (or does not)."""
    return "".join([
        draw(st.sampled_from(_HAN + _LATIN[:3] + _DIGITS[:2])), ".",
        "".join(draw(st.lists(st.sampled_from(_CLOSERS), max_size=3))),
        "".join(draw(st.lists(st.sampled_from(_SPACES), max_size=2))),
        draw(st.sampled_from(_HAN + _LATIN[:4] + _DIGITS[:2] + _BREAKS + ["", ".", "_", "é", "，"])),
    ])


texts = st.one_of(
    st.lists(pieces, max_size=40).map("".join),
    st.lists(st.one_of(mark_between(), phrase_in_chinese(), full_stop(), pieces), max_size=10).map("".join),
    st.lists(st.one_of(pieces, st.text(max_size=3)), max_size=25).map("".join),
    st.text(alphabet=st.sampled_from("\u4e2da b1 ,:;?!.()\uff08\uff09\u3008\u3009[]\n=_\u3000\"\u201d"), max_size=40),
)


def test_time_colons() -> None:
    """Every shape of a colon after digits (is_time_colon, _previous_char, _next_char):
    str.isdigit() digits (\u00b2), spaces on either side, minutes or not."""
    for before in ("\u4e2d", "\u4e2d ", "", "a b ", "\n"):
        for digits in ("1", "10", "123", "2020", "\u00b2\u00b21", "\u0663\u00b21", "\u00b21", "x21", "\uff11\uff121"):
            for left in ("", " ", "\u3000", "\n"):
                for right in ("", " ", "\t"):
                    for after in ("30", "59", "60", "5", "305", "30\u4e2d", "3\n0", "\u4e2d"):
                        check("ascii-punctuation", before + digits + left + ":" + right + after)


def protected_for(text: str, data: st.DataObject) -> list[tuple[int, int]]:
    n = len(text)
    if not n or data.draw(st.booleans()):
        return []
    cuts = sorted(set(data.draw(st.lists(st.integers(0, n), max_size=6))))
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2) if cuts[i] < cuts[i + 1]]


@settings(max_examples=700, deadline=None)
@given(texts, st.data())
def test_ascii_punctuation(text: str, data: st.DataObject) -> None:
    check("ascii-punctuation", text, protected_for(text, data))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(mark_between(), phrase_in_chinese(), full_stop(), pieces), min_size=20, max_size=80).map("".join))
def test_ascii_punctuation_long(text: str) -> None:
    check("ascii-punctuation", text)


_BRACKET_PIECES = st.sampled_from(
    _BRACKETS * 3 + _HAN + _LATIN + _DIGITS[:6] + _SPACES[:4] + _BREAKS + ["\n\n", "\n\n\n"] + [
        "(1)", "(12)", "(1234)", "(a)", "(ab)", "(iv)", "(viii)", "(xxxxx)", "(GDP)", "f(x)", "print()", "a[0]",
        "[1]", "\uff3b\u6ce8\uff3d", "\u3008\u4e66\u3009", "(\u4e2d\u6587)", "(\u4e2d\u6587\uff09", "\uff08\u4e2d)",
        "(" + "a" * 31 + ")", "(" + "ab " * 11 + ")", "(" + "\u4e2d" + "x" * 420 + ")", "x" * 210, "\u4e2d" * 3,
        "The word ", " means text.", "I love you, too.", ":)", ":-(", "`f(x)`", "https://e.org/wiki/A_(b)",
        "$f(x)$", "\u3002", "\uff0c", ".", ",",
    ]
)


@st.composite
def sized_pair(draw: st.DrawFn) -> str:
    """A pair whose content is near the limits: 30 letters and digits (_LONG_CONTENT, counted
    without spaces), 200 characters from each end (_INSIDE_LOOK), Chinese only in the middle;
    Chinese or not before and after it."""
    fill = draw(st.sampled_from(["a", "1", "a ", " a", "\u00e9", "a\u2026"]))
    count = draw(st.sampled_from([5, 29, 30, 31, 199, 200, 201, 401, 420]))
    at = draw(st.sampled_from([0, count // 2, 199, 200, 201, count]))
    middle = draw(st.sampled_from(["", "\u4e2d", "\u4e2d", " ", "\n"]))
    content = fill * min(at, count) + middle + fill * (count - min(at, count))
    opener = draw(st.sampled_from("((([\uff08\u3008"))
    closer = draw(st.sampled_from(")))]\uff09\u3009"))
    before = draw(st.sampled_from(["\u4e2d", "\u4e2d ", "", "\n", "a", "\u4e2d\u3002"]))
    after = draw(st.sampled_from(["", "\u4e2d", "a", "\n\u4e2d", " \u4e2d"]))
    return before + opener + content + closer + after


_NESTING = st.text(alphabet=st.sampled_from("()[]\uff08\uff09\u3008\u3009\uff3b\uff3d\u4e2da1 \n"), max_size=16)
bracket_texts = st.one_of(
    st.lists(_BRACKET_PIECES, max_size=40).map("".join),
    _NESTING,
    st.lists(st.one_of(_NESTING, sized_pair(), _BRACKET_PIECES), max_size=8).map("".join),
    texts,
)


@settings(max_examples=900, deadline=None)
@given(bracket_texts, st.data())
def test_brackets(text: str, data: st.DataObject) -> None:
    check("brackets", text, protected_for(text, data))


@settings(max_examples=100, deadline=None)
@given(st.lists(_BRACKET_PIECES, min_size=30, max_size=120).map("".join))
def test_brackets_long(text: str) -> None:
    check("brackets", text)


def test_brackets_limits() -> None:
    """Every offset around the limits, deterministically: Chinese at the edges of the
    _INSIDE_LOOK windows, letter counts at _LONG_CONTENT."""
    for fill in ("a", "a ", "1\u2026"):
        for count in (29, 30, 31, 399, 400, 401, 402):
            for at in sorted({0, 1, 198, 199, 200, 201, count - 201, count - 200, count - 199, count - 1, count}):
                if not 0 <= at <= count:
                    continue
                for middle in ("\u4e2d", ""):
                    content = fill * at + middle + fill * (count - at)
                    for before, after in (("", ""), ("\u4e2d", ""), ("", "\u4e2d"), ("a", "\u4e2d")):
                        check("brackets", before + "(" + content + ")" + after)
                    check("brackets", "(" + content[:3] + ")" + content + "\u4e2d")  # a list label's line


@settings(max_examples=300, deadline=None)
@given(st.lists(sized_pair(), min_size=1, max_size=3).map("".join))
def test_brackets_sized(text: str) -> None:
    check("brackets", text)


# ---------------------------------------------------------------------------------------------
# The scanners against the regexes they stand for

_SCAN_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from("aAbZz1 0\u3000\t_\u4e2d,.\n"), max_size=24),
    st.lists(
        st.sampled_from(["a", "ab", "Ab", "abc", "AB", "A", " ", " ", "  ", "\u3000", "1", "12", "_", "\u4e2d", ","]),
        max_size=12,
    ).map("".join),
)


@settings(max_examples=1500, deadline=None)
@given(_SCAN_TEXT, st.data())
def test_phrase_scanners(text: str, data: st.DataObject) -> None:
    n = len(text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    for name, pattern in (("spaced_latin", reference._SPACED_LATIN), ("long_words", reference._LONG_WORDS)):
        expected = pattern.search(text, start, end) is not None
        assert (core.punctuation_scan(name, text, start, end) is not None) == expected, (name, text, start, end)
    match = reference._SHORT_WORDS.search(text, start, end)
    expected = None if match is None else (match.start(), match.end(1))
    assert core.punctuation_scan("short_words", text, start, end) == expected, (text, start, end)
    phrase = reference._has_english_phrase(text, start, end)
    assert (core.punctuation_scan("phrase", text, start, end) is not None) == phrase, (text, start, end)


# ---------------------------------------------------------------------------------------------
# The benchmark corpus, the pathological inputs and the fuzz seeds


def _benchmark_texts() -> list[str]:
    import itertools
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    sys.path.insert(0, str(ROOT / "tests" / "fuzz"))
    import corpus
    import pathological
    import seeds

    texts = list(itertools.islice(corpus.iter_documents(seed=3), 40))
    texts += [make(6000) for make in pathological.CASES.values()]
    texts += seeds.text_fixtures(limit=4000)
    return texts


@pytest.mark.parametrize("rule_id", PORTED)
def test_benchmark_corpus_pathological_and_fuzz_seeds(rule_id: str) -> None:
    from wenben.protect import protected_spans

    texts = _benchmark_texts()
    assert len(texts) > 50
    for text in texts:
        check(rule_id, text, protected_spans(text))


# ---------------------------------------------------------------------------------------------
# The texts the rules get inside real pipelines


def test_inside_every_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each profile cleans the fixtures with the reference engine; every call of the two rules
    (the text as the earlier rules left it, the protected spans the engine passes, the
    profile's spacing) is replayed on the core."""
    from wenben.engine import Cleaner, Step

    monkeypatch.setenv("WENBEN_PURE_PYTHON", "1")
    calls: list[tuple[str, str, list[tuple[int, int]], str]] = []
    original = Step.edits

    def recording(self: Step, text: str, context, *, named: bool = True):  # type: ignore[no-untyped-def]
        if self.id in PORTED:
            calls.append((self.id, text, list(context.protected), context.options.spacing))
        return original(self, text, context, named=named)

    monkeypatch.setattr(Step, "edits", recording)
    texts = _all_fixture_texts()
    for name in PROFILES:
        cleaner = Cleaner(name)
        for text in texts:
            cleaner.clean(text)
    monkeypatch.setattr(Step, "edits", original)
    assert {rule_id for rule_id, *_ in calls} == set(PORTED)
    assert len(calls) > 100, len(calls)
    for rule_id, text, protected, spacing in calls:
        expected = reference_step([rule_id], text, protected, spacing)
        found = [tuple(row) for row in core.step_edits([rule_id], text, protected, spacing, None)]
        assert found == expected, (rule_id, spacing, ascii(text[:200]))
