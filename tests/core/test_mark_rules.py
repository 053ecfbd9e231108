"""The compiled core's mark rules (core/src/rules/marks.rs: quotes, corner-quotes, ellipsis,
dash) against the reference (src/wenben/rules/punctuation.py): the same edits, in the same
order, for every profile's spacing; equal edit lists make equal text, which is checked too
(the edits applied by the reference's own ``apply_edits``)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wenben._core as core
from wenben.edits import Edit, apply_edits
from wenben.profiles import PROFILES
from wenben.rules import RULES

from tests.core.differential import assert_same_step, fixture_texts, reference_step
from tests.properties.strategies import arbitrary_text, documents

MARK_RULES = ("quotes", "corner-quotes", "ellipsis", "dash")
SPACINGS = sorted({profile.options.spacing for profile in PROFILES.values()})
CORNER_PROFILES = [name for name, profile in PROFILES.items() if "corner-quotes" in profile.rules]


def check(rule_id: str, text: str, protected: list[tuple[int, int]] = ()) -> None:
    for spacing in SPACINGS:
        found = assert_same_step([rule_id], text, list(protected), spacing)
        expected = reference_step([rule_id], text, list(protected), spacing)
        rows = sorted(found, key=lambda row: (row[1], row[2]))
        assert apply_edits(text, [Edit(*row) for row in rows]) == apply_edits(
            text, [Edit(*row) for row in sorted(expected, key=lambda row: (row[1], row[2]))]
        )


def check_all(text: str, protected: list[tuple[int, int]] = ()) -> None:
    for rule_id in MARK_RULES:
        check(rule_id, text, protected)


def test_the_four_rules_are_registered() -> None:
    assert set(MARK_RULES) <= set(core.implemented())
    assert CORNER_PROFILES == ["tw", "hk"]


@pytest.mark.parametrize("rule_id", MARK_RULES)
def test_examples(rule_id: str) -> None:
    for raw, expected in RULES[rule_id].examples:
        check(rule_id, raw)
        rows = core.step_edits([rule_id], raw, [], "compact", None)
        assert apply_edits(raw, [Edit(*row) for row in sorted(rows, key=lambda r: (r[1], r[2]))]) == expected


def _through_profile(profile: str, text: str) -> None:
    """Run the reference's rules of ``profile`` in order (mojibake and variants left out), and
    compare each mark rule on the text as it reaches it."""
    spacing = PROFILES[profile].options.spacing
    for rule_id in PROFILES[profile].rules:
        if rule_id in ("mojibake", "convert-variants"):
            continue
        if rule_id in MARK_RULES:
            assert_same_step([rule_id], text, [], spacing)
        edits = reference_step([rule_id], text, [], spacing)
        text = apply_edits(text, [Edit(*row) for row in sorted(edits, key=lambda r: (r[1], r[2]))])


def test_fixtures() -> None:
    texts = fixture_texts()
    assert len(texts) > 10
    for text in texts:
        check_all(text)
        check_all(text.replace("\n", "\n\n"))


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_fixtures_through_each_profile(profile: str) -> None:
    for text in fixture_texts():
        _through_profile(profile, text)


# ---------------------------------------------------------------------------------------------
# Generated text aimed at each rule's edges

HAN = st.sampled_from(["\u4e2d", "\u6587\u5b57", "\u4ed6\u8bf4", "\u6240\u8c13", "\u3042", "\u7b49\u7b49"])
SPACE = st.sampled_from([" ", "  ", "\t", "\u3000", "\u00a0", "\u2003"])
LATIN = st.sampled_from(["a", "Hello", "world", "I love you", "x", "RC bug", "The word", "don", "it", "s"])
DIGITS = st.sampled_from(["1", "2020", "3", "\u00b2", "\u0663", "10"])
CODE = st.sampled_from(["alert(", "key=", "[", ")", "]", ",", ":", "{", "}", "f(", "`x`", "print(\"a\")"])
ENGLISH = st.sampled_from(["The book is called ", "Remove it from the list. ", "See the word ", "He said "])

QUOTE_PIECES = st.one_of(
    st.sampled_from(["\"", "\"", "'", "'", "''", "\u201c", "\u201d", "\u2018", "\u2019", "\u300c", "\u300d",
                     "\u300e", "\u300f", "\n", "\n\n", "\u3002", "\uff0c", "\uff1a", ". ", "n't", "'s"]),
    HAN, LATIN, SPACE, DIGITS, CODE, ENGLISH,
)
ELLIPSIS_PIECES = st.one_of(
    st.sampled_from([".", "..", "...", "....", "......", ".......", "\u3002", "\u3002\u3002", "\u3002\u3002\u3002",
                     "\u2026", "\u2026\u2026", "\u2026\u2026\u2026", "\u2026\u2026\u2026\u2026", "\uff0e", "\uff0e\uff0e\uff0e",
                     "\u00b7", "\u00b7\u00b7\u00b7", ". . .", "\u3002 \u3002 \u3002", "\u2026 \u2026", "\u3002 .", "\n"]),
    HAN, LATIN, SPACE, DIGITS, ENGLISH, st.just("\uff0c"), st.just("\u201d"),
)
DASH_PIECES = st.one_of(
    st.sampled_from(["-", "-", "--", "---", "----", "-----", "\u2014", "\u2014\u2014", "\u2014\u2014\u2014", "\u2015",
                     "\u2015\u2015", "\u2013", "\u2013\u2013", "\uff0d", "\uff0d\uff0d", "- -", "\uff0d \uff0d",
                     "\u2014 \u2014", "- \uff0d", "\u2013 \uff0d", "e-mail", "-1", "\n"]),
    HAN, LATIN, SPACE, DIGITS, ENGLISH, st.just("\u3002"), st.just("\uff08"),
)
ALL_PIECES = st.one_of(QUOTE_PIECES, ELLIPSIS_PIECES, DASH_PIECES)

# Structured pieces, so that most texts have something for the rule to do or to refuse.
_QUOTE_MARK = st.sampled_from(["\"", "\"", "\"", "'", "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u300c",
                               "\u300d", "\u300e", "\u300f"])
_INSIDE = st.lists(st.one_of(HAN, HAN, LATIN, SPACE, DIGITS, st.sampled_from(["\u3002", ",", ".", "'", "\n"])),
                   min_size=1, max_size=4).map("".join)
QUOTED = st.one_of(
    st.tuples(st.sampled_from(["\"", "'"]), _INSIDE).map(lambda t: t[0] + t[1] + t[0]),
    st.tuples(_QUOTE_MARK, _INSIDE, _QUOTE_MARK).map("".join),
)
_PAIRS = st.sampled_from([("\u201c", "\u201d"), ("\u2018", "\u2019"), ("\u300c", "\u300d"), ("\u300e", "\u300f"),
                          ("\u201c", "\""), ("\"", "\u201d"), ("\u300c", "\u201d"), ("\u201c", "")])
CURLY = st.tuples(_PAIRS, st.lists(st.one_of(_INSIDE, QUOTED), min_size=1, max_size=3).map("".join)).map(
    lambda t: t[0][0] + t[1] + t[0][1]
)
NESTED = st.tuples(_PAIRS, CURLY, _INSIDE).map(lambda t: t[0][0] + t[1] + t[2] + t[0][1])
# A straight pair of Latin text glued to code or data (f("x"), key="v", ["a", "b"]) or not.
GLUED = st.builds(
    lambda before, word, after: f'{before}"{word}"{after}',
    st.sampled_from(["", " ", "x=", "f(", "[", "{", ",", "a", "1", "\uff1a", "\u4e2d", "x ", "x [", "a, "]),
    st.sampled_from(["a", "Hello", "x y", "1", ""]),
    st.sampled_from(["", " ", ")", "]", "}", ",", ":", "a", "1", "\u3002", "\u4e2d", " x", "] x", ": y", ", z"]),
)
QUOTE_TEXT = st.lists(st.one_of(QUOTED, QUOTED, CURLY, NESTED, GLUED, GLUED, HAN, QUOTE_PIECES), max_size=14).map("".join)


def _run(marks: str) -> st.SearchStrategy[str]:
    """Runs of one mark (sometimes two kinds), with spaces between them or not."""
    return st.builds(
        lambda mark, other, count, gap, mixed: gap.join([mark] * count) + (other if mixed else ""),
        st.sampled_from(marks), st.sampled_from(marks), st.integers(1, 8),
        st.sampled_from(["", "", "", " ", "\u3000", "  "]), st.booleans(),
    )


_AROUND = st.one_of(HAN, HAN, LATIN, SPACE, DIGITS, st.sampled_from(["\uff0c", "\u201d", "\uff08", "\n", "\u3002"]))
ELLIPSIS_TEXT = st.lists(st.one_of(_run(".\u3002\uff0e\u00b7\u2026"), _AROUND, ELLIPSIS_PIECES), max_size=14).map("".join)
DASH_TEXT = st.lists(st.one_of(_run("-\u2014\u2015\u2013\uff0d"), _AROUND, DASH_PIECES), max_size=14).map("".join)


def _joined(pieces: st.SearchStrategy[str], size: int = 30) -> st.SearchStrategy[str]:
    return st.lists(pieces, max_size=size).map("".join)


def _protected(text: str, data: st.DataObject) -> list[tuple[int, int]]:
    if not text:
        return []
    cuts = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=6))))
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2) if cuts[i] < cuts[i + 1]]


@settings(max_examples=700, deadline=None)
@given(st.one_of(QUOTE_TEXT, QUOTE_TEXT, _joined(QUOTE_PIECES)), st.data())
def test_quotes_differential(text: str, data: st.DataObject) -> None:
    protected = _protected(text, data)
    check("quotes", text, protected)
    check("corner-quotes", text, protected)


@settings(max_examples=300, deadline=None)
@given(QUOTE_TEXT)
def test_corner_quotes_after_quotes(text: str) -> None:
    # What the tw and hk profiles hand corner-quotes: text that quotes has curled.
    edits = reference_step(["quotes"], text)
    curled = apply_edits(text, [Edit(*row) for row in sorted(edits, key=lambda r: (r[1], r[2]))])
    check("corner-quotes", curled)


@settings(max_examples=600, deadline=None)
@given(st.one_of(ELLIPSIS_TEXT, ELLIPSIS_TEXT, _joined(ELLIPSIS_PIECES)), st.data())
def test_ellipsis_differential(text: str, data: st.DataObject) -> None:
    check("ellipsis", text, _protected(text, data))


@settings(max_examples=600, deadline=None)
@given(st.one_of(DASH_TEXT, DASH_TEXT, _joined(DASH_PIECES)), st.data())
def test_dash_differential(text: str, data: st.DataObject) -> None:
    check("dash", text, _protected(text, data))


@settings(max_examples=300, deadline=None)
@given(st.one_of(_joined(ALL_PIECES, 40), st.tuples(QUOTE_TEXT, ELLIPSIS_TEXT, DASH_TEXT).map("".join), documents(40), arbitrary_text(60)), st.data())
def test_all_marks_on_mixed_text(text: str, data: st.DataObject) -> None:
    check_all(text, _protected(text, data))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["\"", "'", "\u201c", "\u2018", "\u2014", "-", "\u2026", ".", "\u3002"]), HAN, st.integers(150, 260))
def test_long_quoted_and_repeated(mark: str, han: str, count: int) -> None:
    # The 200-character look inside a pair, the 60-letter limit of single quotes, long runs.
    inner = "a" * count + han + "b" * count
    for text in (f"{han}{mark}{inner}{mark}", f"{han}{mark * count}{han}", f"{mark}{han}{mark}" * 3,
                 f"{han}'{'x' * (count // 4)}{han}'", "\u201c" * count + han + "\u2019" * count):
        check_all(text)


# ---------------------------------------------------------------------------------------------
# Every case text, the fuzz seeds, the benchmark corpus, and sentences past the limit

def _case_texts() -> list[str]:
    import json

    from tests.core.differential import ROOT

    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "fixtures").rglob("*.md"))]
    for path in sorted((ROOT / "fixtures" / "cases").glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            if isinstance(case, dict) and isinstance(case.get("original"), str):
                texts.append(case["original"])
    return texts


def test_cases_markdown_and_fuzz_seeds() -> None:
    from tests.fuzz.seeds import text_fixtures

    texts = _case_texts() + text_fixtures()
    assert len(texts) > 100
    for text in texts:
        check_all(text)


def test_benchmark_corpus() -> None:
    import sys

    from tests.core.differential import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import generate

    text = generate(300_000)
    # The corpus has few marks of these rules: add some, as digitised text has them.
    marked = text.replace("\u2014\u2014", "--").replace("\u2026\u2026", "...").replace("\u201c", '"').replace("\u201d", '"')
    for sample in (text, marked):
        check_all(sample)


@pytest.mark.parametrize("length", [4000, 4095, 4100, 8300])
def test_sentences_past_the_limit(length: int) -> None:
    # A quote's sentence cut at 4096 characters, in paragraphs one after another (the core
    # keeps one Sentences for all the paragraphs, the reference makes one per paragraph).
    long = "\u4e2d" * length
    for text in (
        f'{long}"\u6587"\n\n{long}"x"\u6587\n\n"Hello world" {long}',
        f'{long}"a"\n\n"b"\n{"x " * (length // 2)}"\u4e2d"\n\n{long}\u3002"c" is "d"',
        f'"{long}"\u3002{long}"\u6587" \u2014 {long}...\u4e2d--{long}\u2018\u4e2d\u2019',
    ):
        check_all(text)


# Hand-picked edges, so that each branch of the rules is met on every run, not by chance.
EDGES = [
    # quotes: code and data stay straight beside a Chinese pair; English sentences stay
    '\u4ed6\u8bf4\uff1a"Hello" \u548c f("x") \u4ee5\u53ca key="v", ["a", "b"]\u3002',
    '\u4e2d"\u4e2d" x "a"] y', '\u4e2d"\u4e2d" x "a": y', '\u4e2d"\u4e2d" x ["a" y', '\u4e2d"\u4e2d" x ("a" y',
    '\u4e2d"\u4e2d" x ="a" y', '\u4e2d"\u4e2d" x "a"} y', '\u4e2d"\u4e2d" x "a"1 y', '\u4e2d"\u4e2d" x a"a" y',
    'The word "\u6587\u672c" means text. \u4ed6\u8bf4"\u597d"\u3002', '\u201c\u5f15\u6587"\u3002', '\u201c"\u4e2d"\u201d',
    '\u201c\u4e2d"', '"\u4e2d\u201d', '\u201ca "b\u201d c"', '\u300c"\u4e2d"\u300d', '"\u4e2d" "', '"a\n\n\u4e2d"',
    "don't '\u4e2d' it's", "'\u4e2d'", "''\u4e2d''", "'\u4e2d'a", "a'\u4e2d'", "'\u4e2d\u2019'", "'\u4e2d\n\u6587'",
    # ellipsis
    "\u7b49\u7b49...", "\u7b49\u7b49......", "\u7b49\u7b49.......", "\u7b49\u7b49\u2026\u2026", "\u7b49\u7b49\u2026",
    "\u7b49\u7b49\u2026\u2026\u2026", "\u7b49\u7b49\u2026\u2026\u2026\u2026", "\u7136\u540e\u3002\u3002\u3002\u6211\u4eec",
    "\u4e2d. . .", "\u4e2d\u3002 \u3002 \u3002", "\u4e2d\u00b7\u00b7\u00b7\u00b7\u00b7", "\u4e2d\uff0e\uff0e\uff0e",
    "\u4e2d\u2026\u3002", "Hello... \u4e2d", "\u4e2d ... x", "3...5", "\u4e2d\n...", "The end is near... \u4e2d\u6587",
    "\u4e2d\u00b7\u2026", "\u4e2d\u2026 \u2026", "\u4e2d\u3002 .", "\u4e2d... ...", "\u4e2d\u3002\u3002 \u3002",
    # dash
    "\u4ed6\u8bf4--\u8fd9\u662f", "1--2", "\u4e2d\u2014\u6587", "\u4e2d\u2014\u2014\u6587", "\u4e2d\u2014\u2014\u2014\u6587",
    "\u4e2d\u2015\u6587", "\u4e2d\u2013\u6587", "\u4e2d\u2013\u2013\u6587", "\u4e2d\uff0d\uff0d\u6587",
    "\u4e2d\uff0d \uff0d\u6587", "e-mail \u4e2d", "\u4e2d-\u6587", "\u4e2d----\u6587", "\u4e2d-----\u6587",
    "\u4e2d -- \u6587", "2020\uff0d2021\u5e74", "\u4e2d\u00b2--\u00b3", "\u4e2d\u0663--\u0664", "\u4e2d- \uff0d\u6587",
    "\u4e2d\u2013 \uff0d", "Use the -- flag, \u4e2d", "\u4e2d\u2014\u2013\u6587",
    # corner-quotes
    "\u201c\u2018\u4e2d\u2019\u201d", "\u201c\u4e2d", "\u4e2d\u201d", "\u201ca\u201d", "\u300c\u4e2d\u300d",
    "\u201c\u4e2d\n\n\u201d", "\u2018\u4e2d\u201c\u6587\u2019\u201d", "\u300e\u4e2d\u2019", "\u201c\u4e2d\u300d\u201d",
]


@pytest.mark.parametrize("text", EDGES)
def test_edges(text: str) -> None:
    check_all(text)
    check_all(f"\u4e00\u3002{text}\n\n{text}")
