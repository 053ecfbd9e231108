"""Spaces inside a line (W3C clreq; GB/T 15834-2011).

Chinese is written without spaces; the spaces extracted text has between Chinese characters
(``数 字经济``), around Chinese punctuation (``， 对各位``) and between Chinese and digits or Latin
(``7 月 13 日``, ``Debian 项目``) are line-wrap points and layout, not content. Spaces between
Latin words, in English sentences, in URLs and code stay.

One kind of space is content: the separator between fields of a metadata line, such as
``时间：2020-07-15 点击：35``. A space followed by a short label and a colon, on a line that
already had such a label, is kept as one ASCII space (see ``docs/adr/0001-spacing.md``).
"""

from __future__ import annotations

import re
from typing import Iterator

from ..chars import CJK_LETTER, CJK_PUNCT, HSPACE
from ..edits import Edit
from .base import Context, rule

_CJK_LETTER = re.compile(f"[{CJK_LETTER}]")
_CJK_PUNCT = re.compile(f"[{CJK_PUNCT}]")
# A run of horizontal space. The pattern starts with a character class so that the regex
# engine can skip to candidates quickly; whether the run is inside a line is checked after.
_SPACE_RUN = re.compile(f"[{HSPACE}]+")
# ``点击：`` - a short label and a colon after a field separator.
_LABEL_AHEAD = re.compile(f"[{CJK_LETTER}]{{1,6}}[:\uff1a]")
# An earlier ``时间：value`` on the same line, the value free of sentence punctuation.
_LABEL_BEHIND = re.compile(
    f"(?:^|(?<=[{HSPACE}]))[{CJK_LETTER}]{{1,6}}[:\uff1a][{HSPACE}]*[^\\n\uff0c\u3002\uff1b\uff01\uff1f]{{1,40}}\\Z",
    re.MULTILINE,
)
# ASCII marks after which English puts a space; that space stays before Chinese too.
_ENGLISH_TRAILING_MARK = frozenset(",.;:!?)]}\"'%")
_LATIN_OR_DIGIT = re.compile("[A-Za-z0-9]")
# Symbols written against the word they belong to: 50%, 30°C, $100, #标签, ©2020.
_GLUED_SYMBOLS = frozenset("%\u2030\u00b0$\u00a5\u20ac\u00a3#@&\u00a9\u00ae\u2122\"'")


def is_field_separator(text: str, start: int, end: int) -> bool:
    """Whether the space at ``[start, end)`` separates two ``label：value`` fields."""
    if _LABEL_AHEAD.match(text, end) is None:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return _LABEL_BEHIND.search(text, max(line_start, start - 50), start) is not None


def _inner_runs(text: str) -> Iterator[tuple[int, int]]:
    """Runs of horizontal space with something on both sides on the same line."""
    length = len(text)
    for match in _SPACE_RUN.finditer(text):
        start, end = match.span()
        if start and end < length and text[start - 1] != "\n" and text[end] != "\n":
            yield start, end


# A protected emoticon (``:)``) is one only with whitespace on both sides (``wenben.protect``).
_EMOTICON = re.compile("[:;]-?[()DPp]")
_EMOTICON_END = re.compile("[:;]-?[()DPp]\\Z")


def _next_to_emoticon(text: str, start: int, end: int, context: Context) -> bool:
    """Whether the space at ``[start, end)`` borders a protected emoticon: removing it would
    unprotect the emoticon, and a second pass would then convert its ``:`` and ``)``."""
    if not context.protected:
        return False
    return (
        context.protected_at(start - 1) and _EMOTICON_END.search(text, max(0, start - 3), start) is not None
    ) or (context.protected_at(end) and _EMOTICON.match(text, end) is not None)


def _runs(text: str, context: Context) -> Iterator[tuple[int, int, str, str]]:
    for start, end in _inner_runs(text):
        if _next_to_emoticon(text, start, end, context):
            continue
        yield start, end, text[start - 1], text[end]


@rule(
    "space-between-chinese",
    "space between Chinese characters or next to Chinese punctuation",
    examples=[
        ("\u6570 \u5b57\u7ecf\u6d4e", "\u6570\u5b57\u7ecf\u6d4e"),
        ("\u3001 \u5bf9\u5404\u4f4d\u300b \u4f5c\u4e86", "\u3001\u5bf9\u5404\u4f4d\u300b\u4f5c\u4e86"),
        ("\u4f5c\u8005\uff1a\u5f20\u4e09 \u6765\u6e90\uff1a\u65b0\u534e\u793e", "\u4f5c\u8005\uff1a\u5f20\u4e09 \u6765\u6e90\uff1a\u65b0\u534e\u793e"),
    ],
    triggers=HSPACE,
)
def space_between_chinese(text: str, context: Context) -> Iterator[Edit]:
    for start, end, before, after in _runs(text, context):
        letters = _CJK_LETTER.match(before) and _CJK_LETTER.match(after)
        punct = _CJK_PUNCT.match(before) or _CJK_PUNCT.match(after)
        if not (letters or punct):
            continue
        if is_field_separator(text, start, end):
            continue
        yield Edit("", start, end, "")


@rule(
    "space-chinese-latin",
    "space between Chinese and Latin letters or digits (compact) / missing space (spaced)",
    examples=[
        ("7 \u6708 13 \u65e5", "7\u670813\u65e5"),
        ("Debian \u9879\u76ee", "Debian\u9879\u76ee"),
        ("\u4ed6\u8bf4 hello world \u5c31\u8d70\u4e86", "\u4ed6\u8bf4hello world\u5c31\u8d70\u4e86"),
    ],
    triggers=HSPACE,
)
def space_chinese_latin(text: str, context: Context) -> Iterator[Edit]:
    spaced = context.options.spacing == "spaced"
    for start, end, before, after in _runs(text, context):
        chinese_before = _CJK_LETTER.match(before) is not None
        chinese_after = _CJK_LETTER.match(after) is not None
        if chinese_before == chinese_after:
            continue
        other = after if chinese_before else before
        if _CJK_PUNCT.match(other):
            continue
        if chinese_after and other in _ENGLISH_TRAILING_MARK:
            continue
        if not (other.isalnum() or other in _GLUED_SYMBOLS):
            continue  # a separator symbol keeps its spaces: 新华网 | 京ICP备, A / B
        if is_field_separator(text, start, end):
            continue
        if spaced and _LATIN_OR_DIGIT.match(other):
            if text[start:end] != " ":
                yield Edit("", start, end, " ")
            continue
        yield Edit("", start, end, "")


_CHINESE_THEN_LATIN = re.compile(f"[{CJK_LETTER}](?=[A-Za-z0-9])|[A-Za-z0-9](?=[{CJK_LETTER}])")


@rule(
    "missing-space-chinese-latin",
    "no space between Chinese and Latin letters or digits (spaced profile)",
    examples=[("\u4f7f\u7528Python3\u7f16\u7a0b", "\u4f7f\u7528 Python3 \u7f16\u7a0b")],
)
def missing_space_chinese_latin(text: str, context: Context) -> Iterator[Edit]:
    for match in _CHINESE_THEN_LATIN.finditer(text):
        position = match.end()
        if context.is_protected(position, position):
            continue
        yield Edit("", position, position, " ")


@rule(
    "space-collapse",
    "run of spaces, or a space that is not ASCII, inside a line",
    examples=[
        ("\u65f6\u95f4\uff1a2020-07-15\u00a0\u00a0\u00a0\u00a0\u70b9\u51fb\uff1a", "\u65f6\u95f4\uff1a2020-07-15 \u70b9\u51fb\uff1a"),
        ("hello\u3000 world", "hello world"),
    ],
    triggers=HSPACE,
)
def space_collapse(text: str, context: Context) -> Iterator[Edit]:
    for start, end in _inner_runs(text):
        if end - start != 1 or text[start] != " ":
            yield Edit("", start, end, " ")
