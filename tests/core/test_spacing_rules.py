"""The core's spacing rules (core/src/rules/spacing.rs) against the reference
(src/wenben/rules/spacing.py): the joint pass of space-between-chinese, space-chinese-latin and
space-collapse, for every enabled subset of it, and missing-space-chinese-latin; both spacings;
the same edits in the same order (and so the same text)."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given, settings, strategies as st

import wenben._core as core
from tests.core.differential import ROOT, assert_same_step
from wenben.edits import Edit, apply_edits
from wenben.engine import Cleaner
from wenben.protect import protected_spans
from wenben.rules import RULES

JOINT = ("space-between-chinese", "space-chinese-latin", "space-collapse")
MISSING = "missing-space-chinese-latin"
# Every non-empty subset of the joint pass, in pipeline order (the profiles run all three; a
# user's disable= may drop any of them).
SUBSETS = [list(ids) for size in (3, 2, 1) for ids in itertools.combinations(JOINT, size)]
STEPS = [*SUBSETS, [MISSING]]
SPACINGS = ("compact", "spaced")


def check(text: str, protected: list[tuple[int, int]] | None = None, steps: list[list[str]] = STEPS) -> None:
    """Every step, both spacings, with the given protected spans (None: the ones
    wenben.protect finds, as the engine gives them)."""
    spans = protected_spans(text) if protected is None else protected
    for ids in steps:
        for spacing in SPACINGS:
            found = assert_same_step(ids, text, spans, spacing)
            # The edits are the engine's to sort and apply; they must make a text at all.
            ordered = sorted(found, key=lambda row: (row[1], row[2]))
            assert all(a[2] <= b[1] for a, b in zip(ordered, ordered[1:])), (ids, ascii(text))
            apply_edits(text, [Edit(*row) for row in ordered])


def test_the_rules_are_in_the_core() -> None:
    assert set(JOINT) | {MISSING} <= set(core.implemented())


@pytest.mark.parametrize("rule_id", [*JOINT, MISSING])
def test_examples(rule_id: str) -> None:
    examples = RULES[rule_id].examples
    assert examples
    for raw, expected in examples:
        check(raw)
        check(raw, [])
        check(expected)


def test_the_examples_make_the_expected_text() -> None:
    # The reference's own examples, applied from the core's edits alone (both engines agree
    # above; this holds them to what the rule catalogue says).
    for rule_id in (*JOINT, MISSING):
        spacing = "spaced" if rule_id == MISSING else "compact"
        for raw, expected in RULES[rule_id].examples:
            rows = core.step_edits([rule_id], raw, [], spacing, None)
            assert apply_edits(raw, sorted((Edit(*row) for row in rows), key=lambda e: e.start)) == expected


def _fixture_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if path.suffix in {".txt", ".md"}:
            try:
                texts.append(path.read_text(encoding="utf-8"))
            except UnicodeDecodeError:
                continue
        elif path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, list):
                texts += [case["original"] for case in data if isinstance(case, dict) and isinstance(case.get("original"), str)]
    return texts


FIXTURES = _fixture_texts()


def _before_spacing(text: str, profile: str) -> str:
    """``text`` as the spacing step of ``profile`` gets it: cleaned by the rules before it."""
    rules = Cleaner(profile).rules
    first = next(index for index, rule in enumerate(rules) if rule.id in JOINT)
    return Cleaner(profile, rules=[rule.id for rule in rules[:first]]).clean(text)


def test_fixture_texts() -> None:
    assert len(FIXTURES) > 100
    for text in FIXTURES:
        check(text)
        check(text, [])


def test_fixture_texts_as_the_step_sees_them() -> None:
    for text in FIXTURES:
        for profile in ("default", "spaced"):
            check(_before_spacing(text, profile))


# --- hypothesis: the edges ----------------------------------------------------------------------

_HAN = ["\u4e2d", "\u6587", "\u6570", "\u5b57", "\u7ecf", "\u6d4e", "\u4f5c\u8005", "\u65f6\u95f4", "\u70b9\u51fb",
        "\u6765\u6e90", "\u9879\u76ee", "\u3007", "\u3400", "\U00020000", "\u30ab", "\u3042", "\uf900", "\u2e80"]
_SPACES = [" ", " ", " ", "  ", "   ", "\t", "\u00a0", "\u3000", "\u3000\u3000", " \u3000", "\u3000 ", "\u2003",
           "\u202f", "\u205f", "\u1680", "\u200a", " \t", "\u00a0 "]
_LATIN = ["a", "D", "P", "p", "x", "Z", "7", "13", "2020", "Debian", "GDP", "Caf\u00e9", "\u00d8", "\u03b1\u03b2",
          "\u0434\u0430", "e\u0301", "\u00b2", "\u0663", "\u2160", "\uff21"]
_PUNCT = ["\uff0c", "\u3002", "\uff1a", ":", "\uff1b", "\uff01", "\uff1f", "\u3001", "\u300a", "\u300b", "\u201c",
          "\u201d", "\u2018", "\u2019", "\u2026", "\u2014", "\u00b7", "\uff08", "\uff09", "\ufe10", "\ufe4f", ",", ".",
          ";", "!", "?", ")", "(", "]", "}", "\"", "'", "%", "\u2030", "\u00b0", "$", "\u00a5", "\u20ac", "#", "@",
          "&", "\u00a9", "\u2122", "|", "/", "-", "_", "+", "="]
_EMOTICONS = [":)", ":(", ";)", ":-)", ":D", ";-P", ":p", ":-(", ":P"]
_FIELDS = ["\u65f6\u95f4\uff1a2020-07-15", "\u70b9\u51fb\uff1a35", "\u4f5c\u8005\uff1a\u5f20\u4e09",
           "\u6765\u6e90\uff1a\u65b0\u534e\u793e", "\u51fb\uff1a4", "\u6e90\uff1a", "\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\uff1a1",
           "\u7f16\u8f91:\u674e\u56db", "\u5b57\u6570\uff1a" + "1" * 41, "\u6807\u9898\uff1a\u4f60\u597d\uff0c\u4e16\u754c",
           "\u65e5\u671f\uff1a" + "x " * 25]
_ENGLISH = ["Hello world.", "Remove ", " from the Folder?", "CORS header ", "the data is new", "cannot be added",
            "Hello,\u00a0world", "See https://example.com/a b", "`code \u4e2d`", "name@example.com", "C:\\Users\\x"]
_LINE = ["\n", "\n", "\n\n", "\r\n", "\r"]

PIECES = st.one_of(
    st.sampled_from(_HAN), st.sampled_from(_SPACES), st.sampled_from(_SPACES), st.sampled_from(_LATIN),
    st.sampled_from(_PUNCT), st.sampled_from(_EMOTICONS), st.sampled_from(_FIELDS), st.sampled_from(_ENGLISH),
    st.sampled_from(_LINE),
)
_CHARS = "".join(["".join(_HAN), "".join(_SPACES), "".join(_LATIN), "".join(_PUNCT), "\n\r:;()DPp-"])
TEXTS = st.one_of(
    st.lists(PIECES, max_size=40).map("".join),
    st.text(alphabet=st.sampled_from(_CHARS), max_size=40),
    st.text(max_size=30),
)


@st.composite
def fields(draw: st.DrawFn) -> str:
    """Metadata lines: ``label：value`` fields, separated by runs of spaces, with spaces inside
    the values and around them (the separators the joint pass keeps)."""
    parts = []
    for _ in range(draw(st.integers(1, 5))):
        label = draw(st.lists(st.sampled_from(_HAN[:10] + ["\u30ab"]), min_size=1, max_size=4).map("".join))
        colon = draw(st.sampled_from(["\uff1a", ":"]))
        value = draw(st.lists(st.one_of(st.sampled_from(_LATIN), st.sampled_from(_HAN), st.sampled_from(_SPACES[:6]),
                                        st.sampled_from(["-", "\uff0c", "\u3002", "/"])), max_size=12).map("".join))
        parts.append(label + colon + value)
        parts.append(draw(st.sampled_from(_SPACES)))
    return draw(st.sampled_from(["", "\n", "x\n"])) + "".join(parts[:-1])


@st.composite
def texts_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A text and its protected spans: the ones wenben.protect finds, none, or random ones."""
    text = draw(st.one_of(TEXTS, fields()))
    choice = draw(st.integers(0, 2))
    if choice == 0:
        return text, protected_spans(text)
    if choice == 1:
        return text, []
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8, unique=True)))
    return text, [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]


@settings(max_examples=1500, deadline=None)
@given(texts_and_spans())
def test_differential(case: tuple[str, list[tuple[int, int]]]) -> None:
    text, spans = case
    check(text, spans)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(fields(), st.sampled_from(_SPACES), st.sampled_from(_LINE), st.sampled_from(_EMOTICONS)),
                max_size=8).map("".join))
def test_field_lines(text: str) -> None:
    check(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, min_size=20, max_size=120).map("".join))
def test_long_texts(text: str) -> None:
    # Fields far back (the 47-character reach), sentences cut, many runs in a row.
    check(text, None, [list(JOINT), [MISSING]])


_VALUE_CHARS = st.sampled_from(["a", "7", "\u4e2d", "\u6587", "-", ".", "/", " ", " ", "\u3000", "\u00a0", "\uff0c", "D"])


@st.composite
def long_fields(draw: st.DrawFn) -> str:
    """Fields at the limits: values of about 40 characters without spaces, fields of about 47
    from a line start or an earlier run, labels of up to seven letters, and (spaced) a Latin
    letter or digit before Chinese where a field may start."""
    prefix = draw(st.sampled_from(["", "\n", "ab\n", "\u4e2d\n", "x\u4e2d", "a ", "\u4e2d ", "Ab\u4e2d", "7\u6708",
                                   "\u4e2d\u6587 x\u4e2d", "a\u4e2d" * 3]))
    label = draw(st.lists(st.sampled_from(["\u4e2d", "\u6587", "\u70b9", "\u51fb", "\u30ab"]), min_size=1, max_size=7))
    colon = draw(st.sampled_from(["\uff1a", ":"]))
    value = draw(st.lists(_VALUE_CHARS, min_size=draw(st.integers(28, 50)), max_size=50))
    separator = draw(st.sampled_from([" ", "  ", "\u3000", "\u00a0", "\t", " \u3000"]))
    second = draw(st.lists(st.sampled_from(["\u6765", "\u6e90", "\u30ab"]), min_size=1, max_size=7))
    tail = draw(st.sampled_from(["", "35", "\u65b0\u534e\u793e", " x", "\n"]))
    return prefix + "".join(label) + colon + "".join(value) + separator + "".join(second) + colon + tail


@settings(max_examples=600, deadline=None)
@given(long_fields(), st.booleans())
def test_fields_at_the_limits(text: str, protect: bool) -> None:
    check(text, None if protect else [], [list(JOINT), ["space-between-chinese"], ["space-chinese-latin"]])


_MOUTHS = [":)", ":(", ";)", ":-)", ":D", ";-P", ":p", ":-p", ":P", ";p", ":-D", ":-(", ":-", ":", ";", "p", "D"]
_NEIGHBOURS = ["\u4e2d", "\u6587", "a", "7", "\uff0c", "\u3002", "(", ")", ""]


@st.composite
def emoticons(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """Emoticons with spaces on either side between Chinese, Latin and punctuation, protected
    as wenben.protect finds them (whitespace on both sides) or by random spans over them."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        parts += [draw(st.sampled_from(_NEIGHBOURS)), draw(st.sampled_from(_SPACES[:8] + [""])),
                  draw(st.sampled_from(_MOUTHS)), draw(st.sampled_from(_SPACES[:8] + [""]))]
    text = "".join(parts) + draw(st.sampled_from(_NEIGHBOURS))
    if draw(st.booleans()):
        return text, protected_spans(text)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8, unique=True)))
    return text, [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]


@settings(max_examples=600, deadline=None)
@given(emoticons())
def test_emoticons(case: tuple[str, list[tuple[int, int]]]) -> None:
    text, spans = case
    check(text, spans, [list(JOINT), ["space-chinese-latin"], ["space-collapse"], [MISSING]])


@pytest.mark.parametrize("count", [39, 40, 41])
@pytest.mark.parametrize("colon", ["\uff1a", ":"])
def test_value_limit(count: int, colon: str) -> None:
    for value in ("1" * count, "a b" + "1" * (count - 2), "\u4e2d" * count):
        check("\u5b57\u6570" + colon + value + " \u70b9\u51fb" + colon + "35")
        check("\n" + "\u5b57" * 6 + colon + value + "\u3000\u6765\u6e90" + colon)


# Every kind of neighbour a run can have: each class the rules test, and characters just
# outside them (the edges of the ideograph range, D/P/p, glued symbols, English marks).
_NEIGHBOUR_CHARS = (
    "\u4e00\u9fff\u3400\u3007\u30ab\u3042\U00020000\uf900\u2e80\u4dff"  # Han, kana, and outside
    "aDPpzAZ09\u00e9\u00d8\u03b1\u0434\u00b2\u0663\u2160\u00bd"  # Latin, Greek, Cyrillic, numerics
    "%\u2030\u00b0$\u00a5\u20ac\u00a3#@&\u00a9\u00ae\u2122\"'"  # glued symbols
    ",.;:!?)]}(|/-_+=*~<>\\^`"  # ASCII marks
    "\uff0c\u3002\uff1a\uff1b\u3001\u300a\u300b\u201c\u201d\u2018\u2019\u2026\u2014\u2015\u00b7\u30fb\ufe10\ufe4f"
    "\uff08\uff09\uff01\uff5e\u3000\r\x00\u200b\U0001f600"
)


@pytest.mark.parametrize("space", [" ", "  ", "\t", "\u00a0", "\u3000", " \u3000", "\u2003\u00a0"])
def test_every_pair_of_neighbours(space: str) -> None:
    for before in _NEIGHBOUR_CHARS:
        for after in _NEIGHBOUR_CHARS:
            for text in (f"{before}{space}{after}", f"\u4e2d\u6587{before}{space}{after}\u4e2d\u6587\u3002"):
                for spacing in SPACINGS:
                    assert_same_step(list(JOINT), text, [], spacing)
                    assert_same_step(["space-chinese-latin"], text, [], spacing)


_NUMBER_SIDES = ["1", "\u4e2d", "a", "", "\uff10"]
_NUMBER_MARKS = "\uff0e\uff1a\uff0d\uff0f\u3002\uff0c\u3001\uff05"


@pytest.mark.parametrize("mark", list(_NUMBER_MARKS))
def test_spaces_around_a_mark_between_numbers(mark: str) -> None:
    """A space between a digit and a mark that stands between two digits stays (spacing's
    _between_numbers, issue 12): every mark, every side, spaces on one side, both or over two."""
    spaces = ["", " ", "\u3000", " \t", "\u00a0"]
    for left in _NUMBER_SIDES:
        for right in _NUMBER_SIDES:
            for before in spaces:
                for after in spaces:
                    text = f"\u4e2d{left}2{before}{mark}{after}3{right}\u4e2d"
                    for spacing in SPACINGS:
                        assert_same_step(list(JOINT), text, [], spacing)


_MIXED = st.sampled_from([
    "\u4e2d", "\u6587", "\u30ab", "\u3042", "\U00020000", "\u3400", "\uf900", "\uac00", "a", "Z", "7", "Caf\u00e9",
    "e\u0301", "\u0301", "\u03b1", "\u0434", "\u00b2", "\u0663", "\u2160", "_", "-", ".", " ", "\n", "\uff0c", "\uff21",
    "https://example.com/a", "`x\u4e2d1`", "$x$",
])


@settings(max_examples=800, deadline=None)
@given(st.lists(_MIXED, max_size=30).map("".join), st.data())
def test_missing_space_where_chinese_meets_latin(text: str, data: st.DataObject) -> None:
    # Runs of Latin (with combining marks), Greek, Cyrillic and ASCII digits against Han, kana
    # and what is neither, protected by wenben.protect or by random spans (insertions at a
    # span's edge are kept, inside it dropped).
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8, unique=True)))
    random_spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    for spans in (protected_spans(text), random_spans, []):
        check(text, spans, [[MISSING]])


def _benchmark_texts() -> list[str]:
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    sys.path.insert(0, str(ROOT / "tests" / "fuzz"))
    import corpus
    import pathological
    import seeds

    texts = list(itertools.islice(corpus.iter_documents(seed=5), 40))
    texts += [make(6000) for make in pathological.CASES.values()]
    texts += seeds.text_fixtures(limit=4000)
    return texts


def test_benchmark_corpus_pathological_and_fuzz_seeds() -> None:
    texts = _benchmark_texts()
    assert len(texts) > 50
    for text in texts:
        check(text, None, [list(JOINT), ["space-between-chinese", "space-collapse"], [MISSING]])
