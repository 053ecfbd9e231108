"""Numbers (GB/T 15835-2011): half-width digits with ASCII decimal points, time colons, date
hyphens and percent signs; digit groups that OCR split with spaces rejoined where unambiguous.

None of these rules changes a digit's value: they only remove spaces inside a number or swap a
separator for its ASCII form.
"""

from __future__ import annotations

from typing import Iterator

from ..chars import CJK_LETTER, CJK_PUNCT, HSPACE, HSPACE_CHARS
from ..edits import Edit
from ..lazyre import lazy
from .base import Context, contains_any, rule
from .nearby import LETTER, Nearest

_CJK = lazy(f"[{CJK_LETTER}{CJK_PUNCT}]")
_CJK_LETTER = lazy(f"[{CJK_LETTER}]")

# Units that follow a number starting a new sentence (2021年, 5月): "100。2021年" is two
# sentences, not the decimal 100.2021.
_DATE_TIME_UNIT = "\u5e74\u6708\u65e5\u53f7\u65f6\u70b9\u5206\u79d2\u65ec\u5c4a\u671f"
_TWO_DIGIT_MINUTES = lazy("[0-5][0-9](?![0-9])")
# (Spaces skipped before the unit: the spaced profile puts one there, 6\u30022 \u65e5.)
_DECIMAL_DIGITS = lazy(f"[0-9]{{1,3}}(?![0-9])(?![{HSPACE}]*[{_DATE_TIME_UNIT}])")
_SPACES = lazy(f"[{HSPACE}]*")


def is_time_colon(text: str, digits_end: int, after: int) -> bool:
    """Whether a colon between the digit that ends at ``digits_end`` and ``text[after:]`` is
    the colon of a time: 10:30, but not 2020:30."""
    return _TWO_DIGIT_MINUTES.match(text, after) is not None and not (
        digits_end >= 3 and text[digits_end - 3 : digits_end].isdigit()
    )


def _numeric_separator(text: str, digits_end: int, index: int, after: int) -> bool:
    """Whether the full-width mark at ``index`` (after the digit that ends at ``digits_end``,
    and before ``text[after:]``, spaces skipped) is part of the number."""
    mark = text[index]
    following = text[after : after + 1]
    if mark == "\uff05":  # 50\uff05
        return True
    if mark in "\uff0e\uff0d\uff0f":  # 230\uff0e85, 2020\uff0d07\uff0d15, 1\uff0f2
        return following.isdigit() and following.isascii()
    if mark == "\uff1a":  # 10\uff1a30, but not 2020\uff1a30
        return is_time_colon(text, digits_end, after)
    # 230\u300285, but not 100\u30022021\u5e74 (a sentence ends, the next starts with a year)
    return _DECIMAL_DIGITS.match(text, after) is not None


# A digit, then a full-width separator written tight against it: a separator with a space on
# either side is not part of a number (``\u5171\u6709 1 \u3002 12 \u4eba`` is 1 person, then 12;
# joining them would change a number, issue 12). Spacing keeps such a space (see
# spacing._between_numbers), so a second pass judges the mark as the first did. Each mark is
# searched for by a pattern of its own that starts with it: a literal first character is found
# at str.find speed, while a pattern that starts with [0-9] tests every character. The
# look-behind wants a digit right before the mark, the look-ahead a digit right after it.
_MARK_AFTER_NUMBER = tuple(
    lazy(f"{mark}(?<=[0-9]{mark})(?=[0-9])") for mark in "\uff0e\uff1a\uff0d\uff0f\u3002"
)
# A percent sign joins no two digits: after a number, spaces allowed (spacing would remove them
# next to the full-width sign; number-punctuation takes them with it).
_PERCENT_AFTER_NUMBER = lazy(f"\uff05(?<=[0-9{HSPACE}]\uff05)")
#: The full-width marks that number-punctuation may make part of a number when they stand
#: tight between two digits (spacing keeps a space between such a mark and a digit).
NUMBER_MARKS = "\uff0e\uff1a\uff0d\uff0f\u3002"


def _numeric_separators(text: str) -> list[tuple[int, int]]:
    """The marks that may separate parts of a number, as ``(digit, mark)`` index pairs in text
    order: each mark right after a digit (at ``digit``), and each percent sign whose last
    character before it, spaces skipped, is a digit."""
    found = [(match.start() - 1, match.start()) for pattern in _MARK_AFTER_NUMBER for match in pattern.finditer(text)]
    for match in _PERCENT_AFTER_NUMBER.finditer(text):
        index = match.start()
        digit = index - 1
        while digit >= 0 and text[digit] in HSPACE_CHARS:
            digit -= 1  # linear: a run of spaces comes before one mark only
        if digit >= 0 and "0" <= text[digit] <= "9":
            found.append((digit, index))
    found.sort()
    return found


def _digits_in_word(text: str, digit: int) -> bool:
    """Whether the run of digits ending at ``text[digit]`` is glued to a letter before it
    (``DotGothic16``, ``iPhone15``, ``\uff21\uff14``): a word, not a number that goes on."""
    start = digit
    while start > 0 and "0" <= text[start - 1] <= "9":
        start -= 1
    return start > 0 and (text[start - 1].isalpha() and not _CJK.match(text[start - 1])) or (
        start > 0 and text[start - 1] == "_"
    )


_NUMERIC_MARK_PRESENT = contains_any("\uff0e", "\uff1a", "\uff0d", "\uff0f", "\uff05")
_FULL_STOP_THEN_DIGIT = lazy("\u3002[0-9]")
_TO_ASCII = {"\uff0e": ".", "\uff1a": ":", "\uff0d": "-", "\uff0f": "/", "\uff05": "%", "\u3002": "."}


@rule(
    "number-punctuation",
    "full-width separator inside a number",
    examples=[
        ("\u5171230\uff0e85\u4ebf\u5143", "\u5171230.85\u4ebf\u5143"),
        ("\u5171230\u300285\u4ebf\u5143", "\u5171230.85\u4ebf\u5143"),
        ("\u8fbe\u5230100\u30022021\u5e74", "\u8fbe\u5230100\u30022021\u5e74"),
        ("\u548cDotGothic16\u30027\u6b3e", "\u548cDotGothic16\u30027\u6b3e"),
        ("10\uff1a30\u5f00\u4f1a", "10:30\u5f00\u4f1a"),
        ("\u5171\u6709 1 \u3002 12 \u4eba", "\u5171\u6709 1 \u3002 12 \u4eba"),
        ("\u4e0a\u5348 10 \uff1a30", "\u4e0a\u5348 10 \uff1a30"),
        ("\u5360 50 \uff05", "\u5360 50%"),
    ],
    # A literal first character is searched at str.find speed: \u3002 followed by a digit is rare.
    quick=lambda text: _NUMERIC_MARK_PRESENT(text) or _FULL_STOP_THEN_DIGIT.search(text) is not None,
)
def number_punctuation(text: str, context: Context) -> Iterator[Edit]:
    for digit, index in _numeric_separators(text):
        digits_end = digit + 1
        mark = text[index]
        after = _SPACES.match(text, index + 1).end()  # (no spaces but after \uff05)
        if not _numeric_separator(text, digits_end, index, after):
            continue
        if mark == "\u3002" and _digits_in_word(text, digit):
            continue  # DotGothic16\u30027\u6b3e: the digits are the end of a name, the \u3002 ends a sentence
        # The spaces around the mark go with it, as spacing would remove them next to the
        # full-width mark (50 \uff05 keeps what follows the percent sign).
        end = index + 1 if mark == "\uff05" else after
        yield Edit("", digits_end, end, _TO_ASCII[mark])


_SP = f"[{HSPACE}]"
# A digit, spaces, then a percent sign: the space goes (50 % -> 50%; no digits are joined).
_SPACED_PERCENT = lazy(f"[0-9]({_SP}+)[%\uff05]")
# A time's hour, an ASCII colon, spaces, two-digit minutes (17: 00): line-wrap joins a time
# wrapped after its colon with a space (an ASCII colon ends a clause), and OCR reads it so.
# Only this one shape: a space before a colon or a decimal point (10 :30, 230 .85) stays, as
# it may separate two numbers (\u5171\u6709 1 . 12 \u4eba), and joining those changes a
# number (issue 12; ADR 0007).
_SPACED_TIME = lazy(f"[0-9]:({_SP}+)(?=[0-5][0-9](?![0-9]))")


def _chinese_around(letters: Nearest, start: int, end: int) -> bool:
    """The nearest letter before ``start`` or after ``end`` is a Chinese character.

    Spaces, digits and punctuation are skipped: ``\uff08GDP\uff095 412.36\u4ebf`` is judged from
    ``\u4ebf``. Punctuation in particular, because later rules turn ASCII marks into full-width
    ones, and a decision made from them would change on a second pass."""
    return (
        _CJK_LETTER.match(letters.before(start)) is not None
        or _CJK_LETTER.match(letters.after(end)) is not None
    )


@rule(
    "number-spacing",
    "space before a percent sign or after a time's colon",
    examples=[
        ("\u5171\u6709 1 000 000 \u4eba", "\u5171\u6709 1 000 000 \u4eba"),
        ("\u5408\u8ba1 12 34 56", "\u5408\u8ba1 12 34 56"),
        ("\u589e\u957f 230 .85", "\u589e\u957f 230 .85"),
        ("\u5360 50 % \u7684", "\u5360 50% \u7684"),
        ("on 25 % of the pages", "on 25 % of the pages"),
        ("\u4e0a\u5348 10: 30", "\u4e0a\u5348 10:30"),
        ("\u4e0a\u5348 10 :30", "\u4e0a\u5348 10 :30"),
    ],
    triggers=HSPACE,
    quick=contains_any("%", "\uff05", ":"),  # every edit is before a percent sign or after a colon
)
def number_spacing(text: str, context: Context) -> Iterator[Edit]:
    # Digit groups separated by a space are never joined (``12 34`` in a table row is two
    # numbers, and ``1 000 000`` is GB/T 15835's own grouping): joining would change a number.
    edits: list[Edit] = []
    letters: Nearest | None = None
    for match in _SPACED_PERCENT.finditer(text):
        # Only next to Chinese: English text keeps its style (``25 % of the pages``). Judged
        # from the nearest letters, not the sentence: number-punctuation may turn a \u3002
        # before the number into a decimal point, which ends no sentence (\uff0f2\u30020 %).
        if letters is None:
            letters = Nearest(text, LETTER)
        if _chinese_around(letters, match.start(), match.end()):
            edits.append(Edit("", match.start(1), match.end(1), ""))
    for match in _SPACED_TIME.finditer(text):
        start = match.start()
        if start >= 2 and text[start - 2 : start].isdigit():
            continue  # three digits before the colon: no hour
        hour = start - 1 if start and text[start - 1].isdigit() else start
        if letters is None:
            letters = Nearest(text, LETTER)
        if _chinese_around(letters, hour, match.end() + 2):
            edits.append(Edit("", start + 1, match.end(), ":"))
    edits.sort(key=lambda edit: edit.start)
    yield from edits


# Letters that OCR reads for digits, and the digit they stand for.
_OCR_DIGIT_FOR = {"O": "0", "o": "0", "l": "1", "I": "1"}
_NUMBER_UNIT = "\u5e74\u6708\u65e5\u53f7\u65f6\u70b9\u5206\u79d2\u4e07\u4ebf\u5143\u4e2a\u4eba\u6b21\u5bb6\u9879\u5428\u7c73\u5e74%\uff05"
# A word (a whole run of ASCII letters and digits) made of digits and those letters, with a
# digit that has at most 12 characters on either side, and with a letter (a word of digits only
# has nothing to fix). Written to start with a character class, which the search skips to in C,
# and not with the look-behind that finds the word's start, which would be tried at every position.
_MIXED_TOKEN = lazy(
    "[0-9OolI](?<![A-Za-z0-9].)"  # the first character of a word
    "(?:(?<=[OolI])|(?=[0-9]*[OolI]))"  # a letter in it
    "(?:[0-9OolI]{0,11}[0-9][0-9OolI]{0,12}|(?<=[0-9])[0-9OolI]{0,12})"  # its digit first or later
    "(?![A-Za-z0-9])"
)


@rule(
    "ocr-digits",
    "letter read for a digit inside a number (ocr profile)",
    examples=[
        ("2O20\u5e74", "2020\u5e74"),
        ("l5\u65e5", "15\u65e5"),
        ("H2O2\u548cO2O\u548ciOS", "H2O2\u548cO2O\u548ciOS"),
    ],
    triggers="OolI",
)
def ocr_digits(text: str, context: Context) -> Iterator[Edit]:
    # Neighbours are judged as they will be once cleaned: spaces skipped (spacing removes them
    # before a unit), and Chinese context from the nearest letters, punctuation skipped (later
    # rules convert it).
    nearest: Nearest | None = None
    for match in _MIXED_TOKEN.finditer(text):
        token = match.group()
        letters = sum(1 for char in token if char in _OCR_DIGIT_FOR)
        if not letters:
            continue
        digits = len(token) - letters
        after = _SPACES.match(text, match.end()).end()
        unit_after = after < len(text) and text[after] in _NUMBER_UNIT
        if not unit_after:
            if letters >= digits:
                continue
            if nearest is None:
                nearest = Nearest(text)
            if not (
                _CJK_LETTER.match(nearest.before(match.start())) and _CJK_LETTER.match(nearest.after(match.end()))
            ):
                continue
        fixed = "".join(_OCR_DIGIT_FOR.get(char, char) for char in token)
        yield Edit("", match.start(), match.end(), fixed)
