"""wenben's first promise for numbers, over the whole engine (every profile, both engines).

1. The digits are unchanged, once full-width digits are folded to ASCII (fullwidth-alphanumerics'
   documented conversion) and invisible characters are left out (invisible-characters removes
   them: ``1\u200b2`` is the number 12 as displayed). The generators use no letter that
   ocr-digits reads for a digit (O, o, l, I), so its repairs never apply.
2. Two digit runs that the input separates by a space, a sentence mark or anything else than
   one decimal-looking separator written tight between them (``230.85``, ``230\uff0e85``,
   ``10\uff1a30``, ``1,000``) never form one number in the output: nothing, or only one of
   ``.,:/`` (ASCII or full-width), between them. ``\u5171\u6709 1 \u3002 12 \u4eba`` must not
   become ``\u5171\u67091.12\u4eba`` (issue 12, point 8). A gap with a line break in it makes
   one number only where line-wrap has the evidence that a wrap cut one: the document was
   wrapped by a tool at an exact width (a full line: ``3951\n23085``) or a thousands group goes
   on (``1,\n000``); otherwise the break may part two numbers (table rows) and stays (issue 12).
   So is
   number-spacing's time (an hour, an ASCII colon, spaces, two-digit minutes: ``10: 30`` ->
   ``10:30``), the shape line-wrap makes of a time wrapped after its colon (ADR 0007).
3. ``clean(clean(x)) == clean(x)`` on such texts.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wenben
from tests.properties import strategies as shared
from tests.properties.engines import ENGINES
from wenben.chars import HSPACE, INVISIBLE
from wenben.profiles import PROFILES
from wenben.rules.lines import document_evidence

_DIGITS = re.compile("[0-9]+")
# A run ending a line at a comma before a group of three digits (1,\n000): a thousands separator.
_THOUSANDS_BREAK = re.compile(f"[0-9]{{1,3}},[{HSPACE}]*\\n[{HSPACE}]*[0-9]{{3}}")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_TIME_GAP = re.compile(f":[{HSPACE}]+")
_FOLD = str.maketrans("\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19", "0123456789")
# One of these written tight between two digits may be part of one number (a decimal point, a
# time colon, a thousands separator, a date hyphen, a fraction bar); rules may convert it.
TIGHT_SEPARATORS = frozenset(".\uff0e\u3002:\uff1a,\uff0c-\uff0d\u2014/\uff0f")
# Between two digits in the output, these make one number of them (1.12, 1,12, 1:12, 1/12).
JOINING = frozenset({"", ".", ",", ":", "/", "\uff0e", "\uff1a", "\uff0f"})


def digit_runs(text: str) -> list[tuple[int, int]]:
    """The spans of the maximal runs of digits, full-width digits folded to ASCII."""
    return [match.span() for match in _DIGITS.finditer(text.translate(_FOLD))]


def broken_promises(raw: str, cleaned: str) -> list[str]:
    """What ``cleaned`` breaks of the promise for ``raw``'s numbers (empty: nothing)."""
    exact = document_evidence(raw).exact
    raw = _INVISIBLE.sub("", raw)  # as displayed
    folded_raw, folded_cleaned = raw.translate(_FOLD), cleaned.translate(_FOLD)
    before, after = digit_runs(raw), digit_runs(cleaned)
    runs_before = [folded_raw[s:e] for s, e in before]
    runs_after = [folded_cleaned[s:e] for s, e in after]
    if "".join(runs_before) != "".join(runs_after):
        return [f"digits {runs_before} became {runs_after}"]
    problems = []

    def judge(first: int, gap_after: str) -> None:
        """Input runs ``first`` and ``first + 1`` have ``gap_after`` between them in the output."""
        gap_before = raw[before[first][1] : before[first + 1][0]]
        if "\n" in gap_before:
            # line-wrap's to judge: one number only where a tool's wrap cut it (the document is
            # wrapped at an exact width) or a thousands group goes on (1,\n000); never else.
            if exact or _THOUSANDS_BREAK.fullmatch(runs_before[first] + gap_before + runs_before[first + 1]):
                return
            if gap_after in JOINING:
                problems.append(
                    f"{runs_before[first]}{ascii(gap_before)}{runs_before[first + 1]} joined across a line break"
                )
            return
        tight = len(gap_before) == 1 and gap_before in TIGHT_SEPARATORS
        if gap_after == ":" and _TIME_GAP.fullmatch(gap_before):
            return  # number-spacing's time: 10: 30 -> 10:30
        if not tight and gap_after in JOINING:
            problems.append(
                f"{runs_before[first]}{ascii(gap_before)}{runs_before[first + 1]} joined by {ascii(gap_after)}"
            )

    index = 0  # the next input run
    for number, run in enumerate(runs_after):
        if number:
            judge(index - 1, cleaned[after[number - 1][1] : after[number][0]])
        made = runs_before[index]
        index += 1
        while made != run:  # input runs that the output joined into one
            if not run.startswith(made) or index == len(runs_before):
                return [f"digit runs {runs_before} became {runs_after}"]
            judge(index - 1, "")
            made += runs_before[index]
            index += 1
    return problems


@lru_cache(maxsize=None)
def cleaner(profile: str, engine: str) -> wenben.Cleaner:
    return wenben.Cleaner(profile, engine=engine)


PROFILE_NAMES = sorted(PROFILES)

_ASCII_DIGITS = st.text("0123456789", min_size=1, max_size=4)
_FULL_DIGITS = _ASCII_DIGITS.map(lambda digits: digits.translate(str.maketrans("0123456789", "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19")))
# (Not ASCII ; and !: '\u5348!\xa0;' is not idempotent for reasons that have nothing to do
# with numbers: ascii-punctuation converts the ; only once the ! before it is converted.)
_MARKS = st.sampled_from(list("\u3002\uff0e.\uff0c,\u3001\uff1a:\uff05%\uff0d-\uff0f/\uff1b\uff01\uff1f?\u2014"))
_SPACE = st.sampled_from([" ", "  ", "\u3000", "\u00a0", "\t", "\u2009", "\u202f", "\u200b", "\u00ad", "\ufeff"])
_OPTIONAL_SPACE = st.one_of(st.just(""), _SPACE)
# (No curly quotes: '\u3002 \u201d 10' is not idempotent in spacing, digits or not.)
_WORDS = st.sampled_from(
    ["\u5171\u6709", "\u4eba", "\u5e74", "\u6708", "\u65e5", "\u4ebf\u5143", "\u7248\u672c", "\u4e0a\u5348",
     "\u5360", "\u5408\u8ba1", "\u7b2c", "\u7ae0", "GDP", "v", "km", "the", "Hz", "|",
     "\uff08", "\uff09", "(", ")", "\n", "\n\n", "\u2026\u2026", "x"]
)


@st.composite
def _separated(draw: st.DrawFn) -> str:
    """Two numbers with a mark between them, spaces on either side or none."""
    digits = st.one_of(_ASCII_DIGITS, _FULL_DIGITS)
    return draw(digits) + draw(_OPTIONAL_SPACE) + draw(_MARKS) + draw(_OPTIONAL_SPACE) + draw(digits)


_FORMS = st.sampled_from(
    ["10:30", "10\uff1a30", "9:05:59", "v1.2.3", "2020-07-15", "2020\uff0d07\uff0d15", "2020\u5e747\u670815\u65e5",
     "50%", "50 %", "50\uff05", "1,000,000", "1 000 000", "1\uff0c000", "3.14", "230\uff0e85", "1/2", "12 34 56",
     "| 2020 | 12 345 | 6 |", "100\u30022021\u5e74", "DotGothic16\u30027", "10: 30", "230 .85"]
)


@st.composite
def _table_row(draw: st.DrawFn) -> str:
    """Cells of numbers (decimals, times, dates, percentages, full-width or not) separated by
    spaces, tabs or bars, as PDF and OCR tables come out."""
    cell = st.one_of(shared.numbers(), shared.numbers().map(shared.fullwidth), _ASCII_DIGITS)
    separator = st.sampled_from([" ", "  ", "\t", " | ", "\u3000", "\u00a0"])
    cells = draw(st.lists(cell, min_size=2, max_size=5))
    row = cells[0]
    for value in cells[1:]:
        row += draw(separator) + value
    return row


_PIECE = st.one_of(
    _separated(), _FORMS, _WORDS, _ASCII_DIGITS, _FULL_DIGITS, _MARKS, _SPACE, _table_row(), shared.numbers()
)
NUMBER_TEXTS = st.lists(_PIECE, min_size=1, max_size=12).map("".join)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("profile", PROFILE_NAMES)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=NUMBER_TEXTS)
def test_numbers_keep_their_value(profile: str, engine: str, text: str) -> None:
    clean = cleaner(profile, engine).clean
    once = clean(text)
    assert broken_promises(text, once) == [], (ascii(text), ascii(once))
    assert clean(once) == once, (ascii(text), ascii(once), ascii(clean(once)))


@pytest.mark.parametrize(
    ("raw", "cleaned", "broken"),
    [
        ("\u5171\u6709 1 \u3002 12 \u4eba", "\u5171\u67091.12\u4eba", True),
        ("12 34", "1234", True),
        ("230\u300285", "230.85", False),
        ("1\u3001 2", "1,2", True),
        ("10\uff1a30", "10:30", False),
        ("\uff11\uff12", "12", False),
        ("1 2", "1 2", False),
        ("12", "1 2", True),
        ("3951\n23085", "395123085", True),
        ("0,\n8", "0,8", True),
        ("1,\n000", "1,000", False),
        ("\u5171 3951\n23085", "\u51713951\n\n23085", False),
        ("1\u200b2", "12", False),
        ("1\u200b 2", "12", True),
        ("10: 30", "10:30", False),
        ("10 :30", "10:30", True),
    ],
)
def test_the_promise_checker(raw: str, cleaned: str, broken: bool) -> None:
    """The checker itself: it finds a joined number and a changed run, and lets pass what is kept."""
    assert bool(broken_promises(raw, cleaned)) is broken


_PROSE = st.sampled_from(
    ["\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\u7ecf\u6d4e\u3001\u5de5\u4e1a\u7ecf\u6d4e\u4e4b\u540e\u7684\u4e3b\u8981\u7ecf\u6d4e\u5f62\u6001\uff0c",
     "\u5171\u6709", "\u5408\u8ba1 ", "\u4eca\u5e74\u4ea7\u503c\u8fbe\u5230", "\u7f16\u53f7", "", "", "the total is "]
)
_BREAK = st.sampled_from(["\n", "\n", ",\n", ".\n", " \n", "\n ", "\u3002\n", "\n\n"])


@st.composite
def _numbers_across_lines(draw: st.DrawFn) -> str:
    """Lines that end with a number and lines that start with one (table rows, lists of figures,
    a number cut at a wrap), after prose long or short, so that lines are full or not."""
    lines = []
    for _ in range(draw(st.integers(2, 8))):
        line = draw(_PROSE) + draw(_ASCII_DIGITS)
        lines.append(line + draw(_BREAK) + draw(_ASCII_DIGITS) + draw(st.sampled_from(["", "\u4eba", "\u4ebf\u5143\u3002", " km", "000"])))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_numbers_across_lines())
def test_a_line_break_between_numbers_joins_them_only_on_evidence(engine: str, text: str) -> None:
    # A line break between two digit runs makes one number only where a tool's exact wrap cut
    # it or a thousands group goes on (1,\n000); the break between two numbers stays.
    clean = cleaner("default", engine).clean
    once = clean(text)
    assert broken_promises(text, once) == [], (ascii(text), ascii(once))
    assert clean(once) == once, (ascii(text), ascii(once), ascii(clean(once)))
