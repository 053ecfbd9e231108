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
import string
from typing import Iterator

from ..chars import CJK_LETTER, CJK_PUNCT, HSPACE
from ..edits import Edit
from .base import Context, expand_class, joint_rule, rule

_CJK_LETTER = re.compile(f"[{CJK_LETTER}]")
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
_LATIN_OR_DIGIT_CHARS = frozenset(string.ascii_letters + string.digits)
# Membership tests on the two neighbours of every space run: sets, not a regex call each.
_CJK_PUNCT_CHARS = expand_class(CJK_PUNCT)
def _is_cjk_letter(char: str) -> bool:
    """Comparisons settle the common cases (CJK Unified Ideographs; anything below the CJK
    blocks) without a regex call."""
    if "\u4e00" <= char <= "\u9fff":
        return True
    return char >= "\u2e80" and _CJK_LETTER.match(char) is not None
# Symbols written against the word they belong to: 50%, 30°C, $100, #标签, ©2020.
_GLUED_SYMBOLS = frozenset("%\u2030\u00b0$\u00a5\u20ac\u00a3#@&\u00a9\u00ae\u2122\"'")


def is_field_separator(text: str, start: int, end: int) -> bool:
    """Whether the space at ``[start, end)`` separates two ``label：value`` fields."""
    if _LABEL_AHEAD.match(text, end) is None:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return _LABEL_BEHIND.search(text, max(line_start, start - 50), start) is not None


def _space_runs(text: str, context: Context, enabled: frozenset[str]) -> Iterator[Edit]:
    """Each run of spaces inside a line, found once, goes to the first rule that claims it:
    ``space-between-chinese`` removes it between Chinese characters or next to Chinese
    punctuation, ``space-chinese-latin`` removes it (compact) or makes it one space (spaced)
    between Chinese and Latin letters or digits, ``space-collapse`` makes what is left one
    ASCII space. A field separator (``label：value label：``) is only ever collapsed."""
    between = "space-between-chinese" in enabled
    latin = "space-chinese-latin" in enabled
    collapse = "space-collapse" in enabled
    spaced = context.options.spacing == "spaced"
    length = len(text)
    for match in _SPACE_RUN.finditer(text):
        start, end = match.span()
        if not start or end == length:
            continue
        before = text[start - 1]
        after = text[end]
        if before == "\n" or after == "\n":
            continue
        chinese_before = "\u4e00" <= before <= "\u9fff" or _is_cjk_letter(before)
        chinese_after = "\u4e00" <= after <= "\u9fff" or _is_cjk_letter(after)
        if between and (
            (chinese_before and chinese_after) or before in _CJK_PUNCT_CHARS or after in _CJK_PUNCT_CHARS
        ):
            if not is_field_separator(text, start, end):
                yield Edit("space-between-chinese", start, end, "")
                continue
        elif latin and chinese_before != chinese_after:
            other = after if chinese_before else before
            if (
                other not in _CJK_PUNCT_CHARS
                and not (chinese_after and other in _ENGLISH_TRAILING_MARK)
                # A separator symbol keeps its spaces: 新华网 | 京ICP备, A / B.
                and (other.isalnum() or other in _GLUED_SYMBOLS)
                and not is_field_separator(text, start, end)
            ):
                if not (spaced and other in _LATIN_OR_DIGIT_CHARS):
                    yield Edit("space-chinese-latin", start, end, "")
                    continue
                if end - start != 1 or text[start] != " ":
                    yield Edit("space-chinese-latin", start, end, " ")
                continue
        if collapse and (end - start != 1 or text[start] != " "):
            yield Edit("space-collapse", start, end, " ")


space_between_chinese = joint_rule(
    _space_runs,
    "space-between-chinese",
    "space between Chinese characters or next to Chinese punctuation",
    examples=[
        ("\u6570 \u5b57\u7ecf\u6d4e", "\u6570\u5b57\u7ecf\u6d4e"),
        ("\u3001 \u5bf9\u5404\u4f4d\u300b \u4f5c\u4e86", "\u3001\u5bf9\u5404\u4f4d\u300b\u4f5c\u4e86"),
        ("\u4f5c\u8005\uff1a\u5f20\u4e09 \u6765\u6e90\uff1a\u65b0\u534e\u793e", "\u4f5c\u8005\uff1a\u5f20\u4e09 \u6765\u6e90\uff1a\u65b0\u534e\u793e"),
    ],
    triggers=HSPACE,
)

space_chinese_latin = joint_rule(
    _space_runs,
    "space-chinese-latin",
    "space between Chinese and Latin letters or digits (compact) / missing space (spaced)",
    examples=[
        ("7 \u6708 13 \u65e5", "7\u670813\u65e5"),
        ("Debian \u9879\u76ee", "Debian\u9879\u76ee"),
        ("\u4ed6\u8bf4 hello world \u5c31\u8d70\u4e86", "\u4ed6\u8bf4hello world\u5c31\u8d70\u4e86"),
    ],
    triggers=HSPACE,
)

space_collapse = joint_rule(
    _space_runs,
    "space-collapse",
    "run of spaces, or a space that is not ASCII, inside a line",
    examples=[
        ("\u65f6\u95f4\uff1a2020-07-15\u00a0\u00a0\u00a0\u00a0\u70b9\u51fb\uff1a", "\u65f6\u95f4\uff1a2020-07-15 \u70b9\u51fb\uff1a"),
        ("hello\u3000 world", "hello world"),
    ],
    triggers=HSPACE,
)


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


