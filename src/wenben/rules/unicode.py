"""Rules on the character stream itself: line endings, invisible characters, normalisation."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from ..chars import CONTROL, HAN_COMPATIBILITY, INVISIBLE, class_runs
from ..edits import Edit
from ..lazyre import lazy
from .base import Context, rule

# CR LF, lone CR, NEL, LINE/PARAGRAPH SEPARATOR, and the vertical tab and form feed that
# pdftotext and old word processors put between pages: each becomes LF. One pattern per kind,
# each starting with its literal character, so that `re` finds it at str.find speed (a pattern
# such as "\r\n|[\r...]" tests every character against all the alternatives, ~6x slower);
# text seldom has more than one kind. The matches of different kinds cannot overlap (the LF of
# CR LF is not one of the kinds), so together they are exactly the matches of
# "\r\n|[\r\x0b\x0c\x85\u2028\u2029]".
LINE_BREAKS = "\r\x0b\x0c\x85\u2028\u2029"
_LINE_BREAK_KINDS = tuple((char, lazy("\r\n?" if char == "\r" else re.escape(char))) for char in LINE_BREAKS)


@rule(
    "line-endings",
    "line break is not LF",
    examples=[("第一行\r\n第二行", "第一行\n第二行")],
    triggers=LINE_BREAKS,
)
def line_endings(text: str, context: Context) -> Iterator[Edit]:
    patterns = [pattern for char, pattern in _LINE_BREAK_KINDS if char in text]
    spans = [match.span() for pattern in patterns for match in pattern.finditer(text)]
    if len(patterns) > 1:
        spans.sort()
    for start, end in spans:
        yield Edit("", start, end, "\n")


def lf_line_endings(text: str) -> str:
    """``text`` with every line break of :data:`LINE_BREAKS` made LF: what applying all the
    edits of :func:`line_endings` gives, for plain cleaning (no edit list to build)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for char in LINE_BREAKS[1:]:
        if char in text:
            text = text.replace(char, "\n")
    return text


_INVISIBLE_RUN = class_runs(INVISIBLE + CONTROL)


@rule(
    "invisible-characters",
    "zero-width or control character",
    examples=[("数\u200b字\ufeff经济", "数字经济"), ("文\x00本", "文本")],
    triggers=INVISIBLE + CONTROL,
)
def invisible_characters(text: str, context: Context) -> Iterator[Edit]:
    for match in _INVISIBLE_RUN.finditer(text):
        start, end = match.span()
        if match.group() == "\u00ad" and start and "\u0080" <= text[start - 1] <= "\u00ff" and text[start - 1] != "\u00a0":
            continue  # a soft hyphen after Latin-1 letters may be byte 0xAD of unrepaired mojibake
            # (not after a no-break space, which line-edge-whitespace or spacing may remove)
        yield Edit("", start, end, "")


# Everything except CJK compatibility ideographs, which NFC would silently swap for their
# unified twins (U+F900 -> U+8C48): a change of character we never make unasked. Lines are
# normalised separately (a newline is always a normalisation boundary) to keep edits small.
_NORMALIZATION_UNIT = lazy(f"[^{HAN_COMPATIBILITY}\n]+")


@rule(
    "unicode-normalization",
    "text is not in Unicode NFC",
    examples=[("Cafe\u0301", "Caf\u00e9"), ("\u304b\u3099", "\u304c")],
)
def unicode_normalization(text: str, context: Context) -> Iterator[Edit]:
    if unicodedata.is_normalized("NFC", text):
        return
    for match in _NORMALIZATION_UNIT.finditer(text):
        chunk = match.group()
        if unicodedata.is_normalized("NFC", chunk):
            continue
        normal = unicodedata.normalize("NFC", chunk)
        prefix = 0
        limit = min(len(chunk), len(normal))
        while prefix < limit and chunk[prefix] == normal[prefix]:
            prefix += 1
        suffix = 0
        while suffix < limit - prefix and chunk[-1 - suffix] == normal[-1 - suffix]:
            suffix += 1
        yield Edit("", match.start() + prefix, match.end() - suffix, normal[prefix : len(normal) - suffix])


# mojibake_candidate tells, in one scan, whether the repair's four searches (and ftfy's
# whole-text badness scan) can find anything: in Chinese text full of “”…— they seldom can.
# Its "ftfy" answer is any character ftfy's badness may flag, not only Latin-1: UTF-8 read
# as MacRoman or cp437 has none (tests/test_mojibake_gate.py checks it never says no wrongly).


def _mojibake_possible(text: str) -> bool:
    from .mojibake_inert import OUTSIDE

    # A text with no character a candidate can begin at (most Chinese text) is told without
    # importing the mojibake module and its code page tables (~17 MB: issue #15).
    first = OUTSIDE.search(text)
    if first is None:
        return False
    from .mojibake import mojibake_candidate

    found = mojibake_candidate(text, first.start())
    # An ftfy candidate need not have a Latin-1 character: UTF-8 read as MacRoman is
    # "Zam\u221a\u2264" (Zam\u00f2), as cp437 "caf\u251c\u2310" (caf\u00e9).
    return found is not None


@rule(
    "mojibake",
    "text decoded with the wrong encoding (mojibake)",
    examples=[
        ("\u00e4\u00b8\u00ad\u00e6\u2013\u2021", "\u4e2d\u6587"),  # UTF-8 read as cp1252 (ftfy)
        ("\u6d63\u72b2\u30bd\u6d93\u682b\u666b", "\u4f60\u597d\u4e16\u754c"),  # UTF-8 read as GBK
        ("\u00c4\u00e3\u00ba\u00c3\u00a3\u00ac\u00ca\u00c0\u00bd\u00e7", "\u4f60\u597d\uff0c\u4e16\u754c"),  # GBK read as Latin-1
        ("Zam\u221a\u2264", "Zam\u00f2"),  # UTF-8 read as MacRoman (ftfy)
        ("parl\u00e9\x85 Tu sais", "parl\u00e9\u2026 Tu sais"),  # a C1 control that is cp1252's ellipsis (ftfy)
    ],
    quick=_mojibake_possible,
)
def mojibake(text: str, context: Context) -> Iterator[Edit]:
    """Repairs only where the repaired text is clearly better: strict round trip through the
    wrong codec, plausibility of the result, never touching correct text (docs/encodings.md).
    ftfy handles UTF-8 read as Latin-1, cp1252, cp1250, MacRoman or cp437 (in layers, lossy,
    with C1 controls and NEL inside: this rule runs first, so it sees them as they came), with
    ligatures, width and quotes left alone; wenben adds the Chinese pairs ftfy leaves alone
    (UTF-8 read as GBK or Big5, GBK or Big5 read as Latin-1) and is never worse than ftfy on
    ftfy's own test cases."""
    from .mojibake import mojibake_spans

    for start, end, replacement in mojibake_spans(text):
        yield Edit("", start, end, replacement)
