"""Punctuation form: ASCII punctuation in Chinese context becomes the full-width marks of
GB/T 15834-2011; ASCII stays where it belongs (``2020-07-15``, ``230.85``, ``10:30``, ``1,000``,
English phrases, code, URLs).

"Chinese context" is judged from the clause, not only from the neighbouring character: a mark
right after a Chinese character is Chinese; a mark after Latin text is Chinese when the Latin
text since the last Chinese character on the line is a single token (``支持Python,Rust``) and
English when it is a phrase of several words (``他说：“I love you, too.”``). See
``docs/adr/0003-chinese-context.md``.
"""

from __future__ import annotations

import re
import sys
from heapq import heapify, heappop, heappush
from itertools import chain
from typing import Iterator, Sequence

from ..chars import CJK_LETTER, CJK_PUNCT, HSPACE, HSPACE_CHARS
from ..edits import Edit, sorted_disjoint
from ..language import ZH, Sentences, english_spans, outside
from ..lazyre import lazy
from .base import Context, contains_any, rule
from .nearby import Nearest
from .numbers import is_time_colon

_CJK_ANY = lazy(f"[{CJK_LETTER}{CJK_PUNCT}]")
_CJK_LETTER = lazy(f"[{CJK_LETTER}]")

_ASCII_DIGIT = lazy("[0-9]")
_SPACE_CHARS = frozenset(HSPACE_CHARS)
# Two Latin words separated by spaces: the text around is an English phrase. Neither pattern can
# start inside a word, so a search over a long word stays linear.
# A number between the words does not break the phrase (``from 1 Folder``).
_LONG_WORDS = lazy(f"(?<![A-Za-z])[A-Za-z]{{2,}}(?:[{HSPACE}]+[0-9]+)*[{HSPACE}]+[A-Za-z]{{2,}}")
_SHORT_WORDS = lazy(f"(?<![A-Za-z0-9_])([A-Z]?[a-z]+)(?:[{HSPACE}]+[0-9]+)*[{HSPACE}]+[a-z]+(?![A-Za-z0-9_])")
# What both have: a space between Latin letters. It starts with a class, so the regex engine
# skips to the Latin letters at full speed; the two patterns above are tried at every character.
_SPACED_LATIN = lazy(f"[A-Za-z][{HSPACE}]+[A-Za-z0-9]")


def _has_english_phrase(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds two Latin words separated by spaces.

    Short words (``a b``) count only if the first is not glued to a Han character: ``\u7bb1trainin g``
    is not a phrase. Spaces between the Han character and the word do not unglue it, because
    spacing removes them: the answer must be the same on the next pass.
    """
    if _SPACED_LATIN.search(text, start, end) is None:
        return False
    if _LONG_WORDS.search(text, start, end) is not None:
        return True
    position = start
    while True:
        match = _SHORT_WORDS.search(text, position, end)
        if match is None:
            return False
        before = match.start() - 1
        while before >= 0 and text[before] in _SPACE_CHARS:
            before -= 1
        if before < 0 or not _CJK_LETTER.match(text, before):
            return True
        position = match.end(1)


# The last letter or digit ([^\W_], i.e. str.isalnum()) of a stretch, and the last CJK letter:
# matched at the stretch's start, ".*" jumps to its end at once and backs up a character at a
# time, so the cost is the distance crossed back (usually a character or two), not the
# stretch's length.
_LAST_LETTER = lazy(r"(?s:.*)[^\W_]")
_LAST_CJK_LETTER = lazy(f"(?s:.*)[{CJK_LETTER}]")

FULLWIDTH = {
    ",": "\uff0c",
    ":": "\uff1a",
    ";": "\uff1b",
    "?": "\uff1f",
    "!": "\uff01",
    "(": "\uff08",
    ")": "\uff09",
    ".": "\u3002",
}


def _previous_char(text: str, index: int) -> tuple[int, str]:
    """The nearest non-space character before ``index`` on the same line, or (-1, "")."""
    index -= 1
    while index >= 0 and text[index] in _SPACE_CHARS:
        index -= 1
    if index < 0 or text[index] == "\n":
        return -1, ""
    return index, text[index]


def _next_char(text: str, index: int) -> tuple[int, str]:
    """The nearest non-space character at or after ``index`` on the same line, or (len, "")."""
    length = len(text)
    while index < length and text[index] in _SPACE_CHARS:
        index += 1
    if index >= length or text[index] == "\n":
        return length, ""
    return index, text[index]


class _LineContext:
    """What a mark's Chinese context is judged from, for marks visited left to right.

    Only letters (Han, kana, Latin), digits and the spaces between Latin words count: those are
    the same before and after cleaning. Punctuation does not, because this rule, ``brackets``,
    ``quotes``, ``dash`` and ``ellipsis`` turn ASCII marks into Chinese ones, and a judgement
    that read them would change on a second pass. Each stretch of text is scanned once, so a
    line of any length costs linear time (there is no look-back window that the first pass's
    edits could move a Chinese character into).

    What ``advance(index)`` leaves depends on ``index`` alone, not on the positions visited
    before (the stretches are cut at marks, line starts and CJK letters, which no phrase or
    letter straddles), so a caller may skip the marks it decides without it.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._scanned = 0  # everything before this has been taken into account
        self.last_letter = -1  # on the current line, -1 if none
        self.last_cjk = -1
        self.phrase_since_cjk = False  # an English phrase after last_cjk (or the line start)
        self._nearest = Nearest(text)

    def advance(self, index: int) -> None:
        """Take the text up to ``index`` (a mark's position, never decreasing) into account."""
        text, scanned = self.text, self._scanned
        if index <= scanned:
            return
        self._scanned = index
        newline = text.rfind("\n", scanned, index)
        if newline >= 0:
            scanned = newline + 1
            self.last_letter = self.last_cjk = -1
            self.phrase_since_cjk = False
        last = _LAST_LETTER.match(text, scanned, index)
        if last is None:
            return
        letter = last.end() - 1
        self.last_letter = letter
        cjk = _LAST_CJK_LETTER.match(text, scanned, letter + 1)
        if cjk is not None:
            self.last_cjk = cjk.end() - 1
            self.phrase_since_cjk = False
            scanned = cjk.end()
        # A phrase is letters and spaces, so none straddles ``scanned`` (a mark, a line start
        # or a CJK letter): searching the new stretch alone is enough.
        if not self.phrase_since_cjk:
            self.phrase_since_cjk = _has_english_phrase(text, scanned, index)

    def next_letter(self, index: int) -> str:
        """The nearest letter or digit at or after ``index`` on the same line, or ""."""
        return self._nearest.after(index)


def in_chinese_context(text: str, start: int, end: int, line: _LineContext | None = None) -> bool:
    """Whether the ASCII mark at ``[start, end)`` belongs to a Chinese sentence.

    The nearest letter before the mark on its line decides (punctuation, spaces and symbols in
    between are skipped): a CJK letter makes it Chinese; after Latin letters or digits it is
    Chinese when the text since the last CJK letter on the line is not an English phrase
    (``支持Python,Rust`` but not ``他说：“I love you, too.”``). With no CJK letter before it on
    the line, it is Chinese when the next letter is a CJK letter and no English phrase precedes
    (``Note: 见下文``). ``line`` carries the scan over from the previous mark.
    """
    if line is None:
        line = _LineContext(text)
    line.advance(start)
    if line.last_letter >= 0 and line.last_letter == line.last_cjk:
        return True
    if line.last_cjk >= 0:
        # After an English phrase in a Chinese sentence, a mark is the sentence's when Chinese
        # follows it (RC bug\uff0c\u5e76\u5c06\u5176; GB/T 15834: the sentence decides), the
        # phrase's when the phrase goes on (\u201cI love you, too.\u201d).
        if not line.phrase_since_cjk:
            return True
        after = line.next_letter(end)
        return bool(after) and _CJK_LETTER.match(after) is not None
    after = line.next_letter(end)
    return bool(after) and _CJK_LETTER.match(after) is not None and not line.phrase_since_cjk


def _mark_pattern(mark: str) -> re.Pattern[str]:
    """The ``mark`` characters to look at, sorted by the regex engine: group 1 takes part in the
    match of a mark to be judged from its line; it does not in that of a mark right after a CJK
    letter (\u4e2d\u6587,), which is in Chinese context whatever came before it.

    Left out: a mark between two digits (1,000 10:30 3;4 stay: numeric), and ? or ! that
    starts a run of them ending in = (!=, an operator). A run of ! and ? after Chinese is
    converted whole (\u524d\u9762!! -> \u524d\u9762\uff01\uff01). The pattern starts with the mark
    itself, so the engine looks for it at ``str.find`` speed; one class of all the marks would
    cost a set lookup per character of the text.
    """
    escaped = re.escape(mark)
    after_cjk = f"(?<=[{CJK_LETTER}]{escaped})"
    if mark in "!?":
        after_cjk += "(?![!?\uff01\uff1f]*=)"
    other = f"(?<![{CJK_LETTER}]{escaped})(?!(?<=[0-9]{escaped})[0-9])()"
    return lazy(f"{escaped}(?:{after_cjk}|{other})")


_MARKS = tuple((mark, _mark_pattern(mark)) for mark in ",:;?!")
# A full stop counts only right after a CJK letter and not before a word character or another
# full stop (230.85, example.com, ...), and becomes \u3002 only where the next character on the
# line (spaces skipped) is a CJK letter or there is none: the whole decision is made here, in C.
# Closing quotes and brackets may come between (\u4ed6\u8bf4"\u4f60\u597d." -> \u4ed6\u8bf4\u201c\u4f60\u597d\u3002\u201d), with
# spaces before or after any of them (\u4e2d. \u201d): spacing removes spaces next to Chinese
# punctuation, and the second pass must decide as the first did. A full stop
# glued between two CJK letters (\u524d\u9762.\u5f8c\u9762) is left: it may stand for the middle dot of a
# foreign name (\u9a6c\u4e01.\u8def\u5fb7) or be an abbreviation; with a space after it, it ends a sentence.
_FULL_STOP_CLOSERS = "\"'\u201d\u2019\u300d\u300f\uff09)\u300b\u3011"
_FULL_STOP = lazy(
    f"\\.(?<=[{CJK_LETTER}]\\.)(?![.\\w])"
    f"(?=[{HSPACE}{_FULL_STOP_CLOSERS}]++(?:[{CJK_LETTER}]|\\n|\\Z)|\\n|\\Z)"
)
# A run of ? and ! ending in = is an operator (!=, ?=) and stays ASCII: [!?\uff01\uff1f]*= matched
# by _OperatorRuns.
_OPERATOR_MARKS = lazy("[!?\uff01\uff1f]*+")


class _OperatorRuns:
    """Whether ``[!?\uff01\uff1f]*=`` matches at ``index``, for indices visited left to right, in
    linear time: every index inside one run of ``!?\uff01\uff1f`` has the run's end for its
    answer, so the run is scanned once, not once from each of its marks (``\u4e2d`` followed by
    80,000 ``!`` and a comma took 8.7 s)."""

    __slots__ = ("text", "_from", "_end")

    def __init__(self, text: str) -> None:
        self.text = text
        self._from, self._end = 1, 0  # queries in [_from, _end] have their run end at _end

    def at(self, index: int) -> bool:
        if not self._from <= index <= self._end:
            self._from = index
            run = _OPERATOR_MARKS.match(self.text, index)
            self._end = run.end() if run is not None else index
        return self.text.startswith("=", self._end)


def _by_start(edit: Edit) -> int:
    return edit.start


@rule(
    "ascii-punctuation",
    "ASCII punctuation in Chinese text",
    examples=[
        ("7\u670813\u65e5\u4e0a\u5348, \u5fb7\u9633\u5e02", "7\u670813\u65e5\u4e0a\u5348\uff0c \u5fb7\u9633\u5e02"),
        ("\u652f\u6301Python,Rust\u7b49\u8bed\u8a00", "\u652f\u6301Python\uff0cRust\u7b49\u8bed\u8a00"),
        ("\u65f6\u95f4:10:30", "\u65f6\u95f4\uff1a10:30"),
        ("\u4ed6\u8bf4\uff1a\u201cI love you, too.\u201d", "\u4ed6\u8bf4\uff1a\u201cI love you, too.\u201d"),
        ("\u53d1\u73b0\u4e86RC bug,\u5e76\u63d0\u4ea4", "\u53d1\u73b0\u4e86RC bug\uff0c\u5e76\u63d0\u4ea4"),
        ("\u524d\u9762!!", "\u524d\u9762\uff01\uff01"),
        ("\u524d\u9762. \u5f8c\u9762", "\u524d\u9762\u3002 \u5f8c\u9762"),
        ("\u524d\u9762.\u5f8c\u9762", "\u524d\u9762.\u5f8c\u9762"),
        ("Remove \u94c1\u857e from 1 Folder?", "Remove \u94c1\u857e from 1 Folder?"),
    ],
    triggers=",:;?!.",
)
def ascii_punctuation(text: str, context: Context) -> Iterator[Edit]:
    # Most marks follow a CJK letter and are decided by the regex engine. The others are judged
    # from their line, in order; the judgement does not depend on which marks were looked at
    # before (see _LineContext), so the marks decided at once are simply left out of it.
    edits = [Edit("", match.start(), match.end(), "\u3002") for match in _FULL_STOP.finditer(text)]
    others: list[int] = []
    for mark, pattern in _MARKS:
        if mark not in text:
            continue
        for match in pattern.finditer(text):
            start = match.start()
            if match.lastindex is None:
                # Right after a CJK letter: Chinese context, whatever came before.
                edits.append(Edit("", start, start + 1, FULLWIDTH[mark]))
            else:
                others.append(start)  # to be judged from its line
    if others:
        others.sort()
        # A mark in a protected span would have its edit dropped by the engine: spare the judgement.
        edits.extend(_judged_from_line(text, _uncovered(others, context.protected)))
    edits.sort(key=_by_start)
    return iter(_outside_english(text, edits))


def _in_english(text: str, index: int) -> bool:
    """Whether ``text[index]`` is in a sentence judged English."""
    spans = english_spans(text)
    return bool(spans) and not outside([index], spans)[0]


def _outside_english(text: str, edits: list[Edit]) -> list[Edit]:
    """The edits (sorted) outside the sentences judged English (``wenben.language``): an
    English sentence that mentions a Chinese word keeps its ASCII marks."""
    if not edits:
        return edits
    spans = english_spans(text)
    if not spans:
        return edits
    keep = outside([edit.start for edit in edits], spans)
    return [edit for edit, kept in zip(edits, keep) if kept]


def _judged_from_line(text: str, marks: list[int]) -> Iterator[Edit]:
    """Edits for the marks (positions, in order) that do not follow a CJK letter."""
    line = _LineContext(text)
    sentences = Sentences(text)
    operators = _OperatorRuns(text)
    for start in marks:
        mark = text[start]
        end = start + 1
        if mark == ":":
            # 10: 30 stays: as \uff1a, with the spaces next to it removed, number-punctuation
            # would turn it back into ':' on the next pass.
            before_index, before = _previous_char(text, start)
            if _ASCII_DIGIT.match(before) and is_time_colon(text, before_index + 1, _next_char(text, end)[0]):
                continue
        elif mark in "!?" and operators.at(end):
            continue
        if sentences.language(start) != ZH:
            continue  # an English sentence, or one with no Chinese at all
        if in_chinese_context(text, start, end, line):
            yield Edit("", start, end, FULLWIDTH[mark])


def _uncovered(positions: list[int], spans: Sequence[tuple[int, int]]) -> list[int]:
    """The positions (sorted) that are in none of the spans (sorted and disjoint, as a
    Context's are), found in one walk through both."""
    if not spans:
        return positions
    kept: list[int] = []
    following = iter(spans)
    start, end = next(following)
    for position in positions:
        while end <= position:
            start, end = next(following, _NO_SPAN)
        if position < start:
            kept.append(position)
    return kept


_NO_SPAN = (sys.maxsize, sys.maxsize)


def _covered(positions: list[int], spans: Sequence[tuple[int, int]]) -> set[int]:
    """The positions (sorted) that are in one of the spans (sorted and disjoint)."""
    if not spans:
        return set()
    return set(positions).difference(_uncovered(positions, spans))


# ---------------------------------------------------------------------------------------------
# Brackets

_OPENERS = {"(": ")", "\uff08": "\uff09", "\u3008": "\u3009", "[": "]", "\uff3b": "\uff3d"}
_CLOSERS = {value: key for key, value in _OPENERS.items()}
_ROUND = frozenset("()\uff08\uff09")
_BRACKET = lazy("[()\uff08\uff09\u3008\u3009\\[\\]\uff3b\uff3d]")
_PARAGRAPH_BREAK = "\n\n"
_BRACKET_TRIGGERS = "()\u3008\u3009"
_LIST_LABEL = lazy("[0-9]{1,3}|[A-Za-z]|[ivxIVX]{1,4}")
# ASCII content with more letters and digits than this is an English aside, not Chinese.
_LONG_CONTENT = 30


def _paragraphs_with(text: str, chars: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each paragraph (text between blank lines) that holds one of ``chars``,
    in order. The next occurrence of each character is looked up with ``str.find``, which skips
    to it at memchr speed: a paragraph costs a few lookups, the text between them nothing."""
    upcoming = [(index, char) for char in chars if (index := text.find(char)) >= 0]
    heapify(upcoming)
    while upcoming:
        found = upcoming[0][0]
        start = text.rfind(_PARAGRAPH_BREAK, 0, found)
        end = text.find(_PARAGRAPH_BREAK, found)
        if end < 0:
            end = len(text)
        yield (start + 2 if start >= 0 else 0), end
        while upcoming and upcoming[0][0] < end:  # characters seen in this paragraph
            char = heappop(upcoming)[1]
            index = text.find(char, end)
            if index >= 0:
                heappush(upcoming, (index, char))


def _bracket_pairs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Matching bracket pairs (opener index, closer index) of the paragraph ``text[start:end]``.

    Brackets of different kinds pair when one of them is round: OCR reads \uff08 as ``(`` or as
    ``\u3008``, so ``\u3008\u4f8b\u5982 )`` is one pair.
    """
    stack: list[int] = []
    for match in _BRACKET.finditer(text, start, end):
        index = match.start()
        char = match.group()
        if char in _OPENERS:
            stack.append(index)
            continue
        # A closer: pair it with the nearest opener it can close.
        for depth in range(len(stack) - 1, max(-1, len(stack) - 3), -1):
            opener = text[stack[depth]]
            if _OPENERS[opener] == char or (opener in _ROUND or char in _ROUND) and not (
                opener in "[\uff3b" or char in "]\uff3d"
            ):
                yield stack[depth], index
                del stack[depth:]
                break


# Brackets and quotes look inside their pair only this far from each end, which keeps deeply
# nested pairs linear.
_INSIDE_LOOK = 200


def _has_cjk_letter(text: str, start: int, end: int) -> bool:
    if end - start > 2 * _INSIDE_LOOK:
        return (
            _CJK_LETTER.search(text, start, start + _INSIDE_LOOK) is not None
            or _CJK_LETTER.search(text, end - _INSIDE_LOOK, end) is not None
        )
    return _CJK_LETTER.search(text, start, end) is not None


@rule(
    "brackets",
    "ASCII or mismatched brackets around Chinese",
    examples=[
        ("\u5fb7\u9633\u5e02(\u5fb7\u9633\u5206\u8d5b\u533a)", "\u5fb7\u9633\u5e02\uff08\u5fb7\u9633\u5206\u8d5b\u533a\uff09"),
        ("\u670d\u52a1\u5668\u3008\u4f8b\u5982 )", "\u670d\u52a1\u5668\uff08\u4f8b\u5982 \uff09"),
        ("\u51fd\u6570f(x)\u7684\u503c", "\u51fd\u6570f(x)\u7684\u503c"),
        ("The word (\u6587\u672c) means text.", "The word (\u6587\u672c) means text."),
    ],
    triggers=_BRACKET_TRIGGERS,
)
def brackets(text: str, context: Context) -> Iterator[Edit]:
    # Pairs do not cross a blank line, and square brackets pair only with each other, so a pair
    # with something to fix is in a paragraph with one of the triggers: only those are looked at.
    pairs: list[tuple[int, int, int, int]] = []  # opener, closer, and their paragraph
    for start, end in _paragraphs_with(text, _BRACKET_TRIGGERS):
        for open_index, close_index in _bracket_pairs(text, start, end):
            opener, closer = text[open_index], text[close_index]
            if (opener in _ROUND or closer in _ROUND) and not (opener == "\uff08" and closer == "\uff09"):
                pairs.append((open_index, close_index, start, end))
    # Half of a pair in a protected span (an emoticon's, \u8bf4\u660e:), or code's): converting the
    # other half would unpair them.
    protected = _covered(sorted(chain.from_iterable(pair[:2] for pair in pairs)), context.protected)
    # A pair opened in a sentence that is not Chinese stays ASCII, both halves: an English one
    # (The word (\u6587\u672c) means), or one whose Chinese is only in code or on another line.
    if pairs:
        sentences = Sentences(text)
        protected.update(open_index for open_index, *_ in pairs if sentences.language(open_index) != ZH)
    edits: list[Edit] = []
    letters: Nearest | None = None
    letter_counts: list[int] = []  # letters and digits before each offset of the paragraph at
    counted = -1
    for open_index, close_index, start, end in pairs:
        if open_index in protected or close_index in protected:
            continue
        opener, closer = text[open_index], text[close_index]
        chinese = (
            opener == "\uff08"
            or closer == "\uff09"
            or opener == "\u3008"
            or closer == "\u3009"
            or _has_cjk_letter(text, open_index + 1, close_index)
        )
        if not chinese:
            # ASCII content: full-width when the nearest letter before the opener is Chinese,
            # as in \u603b\u503c(GDP)\u589e\u957f, or there is none and the nearest after the closer is, as in
            # (1)\u9996\u5148. f(x) and print() stay. Punctuation in between is skipped: other rules
            # convert it, and the decision must not change on a second pass.
            if letters is None:
                letters = Nearest(text)
            before = letters.before(open_index)
            if before:
                chinese = _CJK_LETTER.match(before) is not None
            else:
                after = letters.after(close_index + 1)
                chinese = bool(after) and _CJK_LETTER.match(after) is not None
            if not chinese and not before and _LIST_LABEL.fullmatch(text, open_index + 1, close_index):
                # A list label starting a Chinese line: (1) Python\u57fa\u7840 -> \uff081\uff09Python\u57fa\u7840
                line_end = text.find("\n", close_index)
                chinese = _has_cjk_letter(text, close_index + 1, len(text) if line_end < 0 else line_end)
            if chinese and close_index - open_index > _LONG_CONTENT:
                # A long English aside stays ASCII. Counted in letters and digits, which no
                # rule adds or removes (spaces and ellipses inside do change the length).
                if counted != start:
                    # letter_counts[i]: letters and digits in the paragraph's first i characters.
                    letter_counts = [0]
                    for char in text[start:end]:
                        letter_counts.append(letter_counts[-1] + char.isalnum())
                    counted = start
                inside = letter_counts[close_index - start] - letter_counts[open_index + 1 - start]
                chinese = inside <= _LONG_CONTENT
        if not chinese:
            continue
        if opener != "\uff08":
            edits.append(Edit("", open_index, open_index + 1, "\uff08"))
        if closer != "\uff09":
            edits.append(Edit("", close_index, close_index + 1, "\uff09"))
    edits.sort(key=_by_start)
    return iter(_outside_english(text, edits))


# ---------------------------------------------------------------------------------------------
# Quotes

# Corner brackets are the curly quotes of the tw and hk profiles (``corner-quotes`` turns one
# into the other), so they pair with straight quotes exactly as curly ones do: the pairing is
# then the same before and after that rule ran.
_DOUBLE_QUOTE = lazy('["\u201c\u201d\u300c\u300d\n]')
_DOUBLE_OPENERS = "\u201c\u300c"
_DOUBLE_CLOSERS = "\u201d\u300d"


@rule(
    "quotes",
    "straight quotes in Chinese text",
    examples=[
        ('\u6240\u8c13"\u6570\u5b57\u7ecf\u6d4e"\u662f', "\u6240\u8c13\u201c\u6570\u5b57\u7ecf\u6d4e\u201d\u662f"),
        ("\u201c\u5f15\u6587\"\u3002", "\u201c\u5f15\u6587\u201d\u3002"),
        ('\u4ed6\u8bf4\uff1a"Hello." \u548c "Bye."', "\u4ed6\u8bf4\uff1a\u201cHello.\u201d \u548c \u201cBye.\u201d"),
        ('The word "\u6587\u672c" means text.', 'The word "\u6587\u672c" means text.'),
    ],
    triggers="\"'",
)
def quotes(text: str, context: Context) -> Iterator[Edit]:
    # The two passes are independent; merged in order, a mark claimed twice counts once.
    yield from _outside_english(text, list(sorted_disjoint([*_double_quotes(text), *_single_quotes(text)])))


def _curly_pairs(text: str, marks: list[int]) -> set[int]:
    """Positions of the curly (or corner) double quotes among ``marks`` that pair with each
    other, straight quotes left out."""
    matched: set[int] = set()
    stack: list[int] = []
    for position in marks:
        char = text[position]
        if char in _DOUBLE_OPENERS:
            stack.append(position)
        elif char in _DOUBLE_CLOSERS and stack:
            matched.add(stack.pop())
            matched.add(position)
    return matched


def _double_quotes(text: str) -> Iterator[Edit]:
    """Straight double quotes paired within the nesting of the curly ones (\u201c"\u4e2d"\u201d),
    or with a curly quote that has no curly partner (\u201c\u5f15\u6587"). Every straight quote
    is judged from the pair it belongs to, and a pair that is curled stays a pair on the next
    pass, so the result is the same on a second pass."""
    if '"' not in text:
        return
    edits: list[Edit] = []
    letters: Nearest | None = None
    for p_start, p_end in _paragraphs_with(text, '"'):
        marks = [m.start() for m in _DOUBLE_QUOTE.finditer(text, p_start, p_end) if m.group() != "\n"]
        matched = _curly_pairs(text, marks)
        pairs: list[tuple[int, int]] = []
        stack: list[int] = []  # open quotes: straight ones, and curly ones (matched or not)
        unpaired_straight = False
        for position in marks:
            char = text[position]
            if char in _DOUBLE_OPENERS:
                stack.append(position)
            elif char in _DOUBLE_CLOSERS:
                if position in matched:
                    # Straight quotes opened inside this curly pair and never closed.
                    while text[stack[-1]] == '"':
                        stack.pop()
                        unpaired_straight = True
                    stack.pop()
                elif stack and text[stack[-1]] == '"':
                    pairs.append((stack.pop(), position))  # "\u5f15\u6587\u201d
            elif stack and (text[stack[-1]] == '"' or stack[-1] not in matched):
                pairs.append((stack.pop(), position))  # "\u4e2d" or \u201c\u5f15\u6587"
            else:
                stack.append(position)
        # A straight quote left unpaired means the pairing above may be off by one: leave the
        # paragraph's straight quotes alone rather than curl them the wrong way round.
        if unpaired_straight or any(text[position] == '"' for position in stack):
            continue
        # A pair is Chinese when it holds Chinese, has a curly half, or Chinese is the nearest
        # letter before or after it (punctuation skipped: \u4ed6\u8bf4\uff1a"Hello world."). One Chinese pair
        # makes every pair of the paragraph's Chinese sentences Chinese, so that a paragraph's
        # quotes come out alike (\u4ed6\u8bf4\uff1a"Hello world." \u548c "Bye."); pairs opened in an
        # English sentence, or in one with no Chinese, stay straight.
        if letters is None:
            letters = Nearest(text)
        sentences = Sentences(text)
        chinese_pairs: list[tuple[int, int, bool]] = []
        any_chinese = False
        for opening, closing in pairs:
            if sentences.language(opening) != ZH:
                continue
            char, closing_char = text[opening], text[closing]
            chinese = char != '"' or closing_char != '"' or _has_cjk_letter(text, opening + 1, closing)
            if not chinese:
                before = letters.before(opening)
                after = letters.after(closing + 1)
                chinese = bool(_CJK_LETTER.match(before)) or bool(_CJK_LETTER.match(after))
            any_chinese = any_chinese or chinese
            chinese_pairs.append((opening, closing, chinese))
        for opening, closing, chinese in chinese_pairs:
            if chinese or (any_chinese and not _glued_to_code(text, opening, closing)):
                if text[opening] == '"':
                    edits.append(Edit("", opening, opening + 1, "\u201c"))
                if text[closing] == '"':
                    edits.append(Edit("", closing, closing + 1, "\u201d"))
    edits.sort(key=lambda edit: edit.start)
    yield from edits


_CODE_BEFORE_QUOTE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789([={,")
_CODE_AFTER_QUOTE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789)]},:")


def _glued_to_code(text: str, opening: int, closing: int) -> bool:
    """Whether a straight pair with no Chinese around reads as code or data (alert("x"),
    key="value", ["a", "b"]) rather than a quotation: it then stays straight even when other
    pairs of its paragraph are Chinese."""
    return (opening > 0 and text[opening - 1] in _CODE_BEFORE_QUOTE) or text[closing + 1 : closing + 2] in _CODE_AFTER_QUOTE


# A pair of straight single quotes with no quote inside. Neither may touch another straight
# quote ('' is a typed double quote, and ''\u4e2d'' must not become '\u2018\u4e2d\u2019', whose outer
# quotes would pair on the next pass), nor hold a curly or corner one (which the next pass would
# see where this one saw a straight quote).
_SINGLE_QUOTED = lazy("(?<![A-Za-z0-9'])'([^'\\n\u2018\u2019\u300e\u300f]+)'(?![A-Za-z0-9'])")
# Longer quoted content is more likely two apostrophes than a quotation. Counted in letters and
# digits, which cleaning never adds or removes, so the limit decides the same on a second pass.
_SINGLE_QUOTED_LETTERS = 60


def _single_quotes(text: str) -> Iterator[Edit]:
    if "'" not in text:
        return
    for match in _SINGLE_QUOTED.finditer(text):
        if not _has_cjk_letter(text, match.start(1), match.end(1)):
            continue
        if sum(1 for char in match.group(1) if char.isalnum()) > _SINGLE_QUOTED_LETTERS:
            continue
        yield Edit("", match.start(), match.start() + 1, "\u2018")
        yield Edit("", match.end() - 1, match.end(), "\u2019")


# ---------------------------------------------------------------------------------------------
# Ellipsis and dash

_CJK_PUNCT = lazy(f"[{CJK_PUNCT}]")
_SPACE_RUN = lazy(f"[{HSPACE}]+")


def _runs_joined_by_spacing(
    pattern: re.Pattern[str], text: str, candidates: list[int], marks: str
) -> Iterator[tuple[int, int]]:
    """Runs of ``marks`` with spaces allowed between them, as ``pattern`` matches them from
    their first mark, cut where such a space will stay. ``space-between-chinese`` removes a
    space next to full-width punctuation, so ``\u2026 \u2026`` and ``\uff0d \uff0d`` are runs in
    the clean text; judging them as runs here gives the clean text's answer on the first pass,
    as the second pass would.

    Only the runs that hold one of the ``candidates`` (sorted positions of marks) are made: the
    rules find the few places where a run may need fixing with patterns that start with a
    literal, instead of scanning the text for every mark.
    """
    done = 0
    for candidate in candidates:
        if candidate < done:
            continue  # in the run just made
        match = pattern.match(text, _run_start(text, candidate, marks))
        if match is None:
            continue
        start, done = match.span()
        for space in _SPACE_RUN.finditer(text, start, done):
            if not (_CJK_PUNCT.match(text, space.start() - 1) or _CJK_PUNCT.match(text, space.end())):
                yield start, space.start()
                start = space.end()
        yield start, done


def _run_start(text: str, index: int, marks: str) -> int:
    """The first mark of the run (``marks`` with only spaces between them) that holds ``index``."""
    start = index
    while index > 0:
        index -= 1
        char = text[index]
        if char in marks:
            start = index
        elif char not in _SPACE_CHARS:
            break
    return start


def _starts(text: str, patterns: tuple[tuple[str, re.Pattern[str]], ...]) -> list[int]:
    """Sorted start positions of the matches of the patterns, each of which begins with the
    literal paired with it: a pattern whose literal is not in the text is not run (``in`` is
    several times faster than the regex engine's scan for a literal)."""
    found: list[int] = []
    for literal, pattern in patterns:
        if literal in text:
            found.extend(match.start() for match in pattern.finditer(text))
    found.sort()
    return found


def _marks(text: str, start: int, end: int) -> str:
    """The marks of a run, without the spaces between them."""
    return "".join(text[start:end].split()) if end - start > 1 else text[start:end]


_ELLIPSIS_CHARS = ".\u3002\uff0e\u00b7\u2026"
# A run of two or more marks (spaces between allowed), or one \u2026; runs of mixed marks
# ("\u3002..") are filtered out below.
_ELLIPSIS = lazy(f"[{_ELLIPSIS_CHARS}](?:[{HSPACE}]*[{_ELLIPSIS_CHARS}])+|\u2026")
# Where a run that may need fixing is: it has one or three \u2026 (so a run of an odd number of
# them, which \u2026\u2026 is not), or three or more of one other mark (spaces between them cut a
# run of full stops, and are joined next to the full-width marks).
_ELLIPSIS_CANDIDATES = (
    ("\u2026", lazy("\u2026(?<!\u2026\u2026)(?:\u2026\u2026)*(?!\u2026)")),
    ("...", lazy(r"\.\.\.")),
    *((mark, lazy(f"{mark}[{HSPACE}]*{mark}[{HSPACE}]*{mark}")) for mark in "\u3002\uff0e\u00b7"),
)
# Full-width marks with a space between them, which spacing will join into a run.
_SPACED_ELLIPSIS = tuple(
    (mark, lazy(f"{mark}[{HSPACE}]+[{_ELLIPSIS_CHARS}]")) for mark in "\u3002\uff0e\u00b7"
)
# \u2026 first: the one most texts have, and each literal not found costs a pass over the text.
_ELLIPSIS_LITERALS = contains_any("\u2026", "...", "\u3002\u3002\u3002", "\uff0e\uff0e\uff0e", "\u00b7\u00b7\u00b7")


def _spaced_ellipsis(text: str) -> bool:
    return any(mark in text and pattern.search(text) is not None for mark, pattern in _SPACED_ELLIPSIS)


def _near_chinese(letters: Nearest, start: int, end: int) -> bool:
    """Whether the nearest letter on either side (punctuation skipped) is Chinese: the marks
    around are converted by other rules, letters never."""
    before = letters.before(start)
    if before and _CJK_LETTER.match(before):
        return True
    after = letters.after(end)
    return bool(after) and _CJK_LETTER.match(after) is not None


@rule(
    "ellipsis",
    "ellipsis is not \u2026\u2026",
    examples=[
        ("\u7b49\u7b49...", "\u7b49\u7b49\u2026\u2026"),
        ("\u7136\u540e\u3002\u3002\u3002\u6211\u4eec", "\u7136\u540e\u2026\u2026\u6211\u4eec"),
    ],
    quick=lambda text: _ELLIPSIS_LITERALS(text) or _spaced_ellipsis(text),
)
def ellipsis(text: str, context: Context) -> Iterator[Edit]:
    letters: Nearest | None = None
    candidates = _starts(text, _ELLIPSIS_CANDIDATES)
    for start, end in _runs_joined_by_spacing(_ELLIPSIS, text, candidates, _ELLIPSIS_CHARS):
        run = _marks(text, start, end)
        if run.count(run[0]) != len(run):
            continue
        if run[0] == "\u2026":
            if len(run) not in (1, 3):  # \u2026\u2026 is right, \u2026\u2026\u2026\u2026(12 dots) is a long omission
                continue
        elif not 3 <= len(run) <= 6:  # 6+ dots are table-of-contents leaders
            continue
        if (start and text[start - 1] in _ELLIPSIS_CHARS) or (end < len(text) and text[end] in _ELLIPSIS_CHARS):
            continue
        if letters is None:
            letters = Nearest(text)
        if _near_chinese(letters, start, end) and not _in_english(text, start):
            yield Edit("", start, end, "\u2026\u2026")


_DASH_CHARS = "-\u2014\u2015\u2013\uff0d"
_DASH = lazy(f"[{_DASH_CHARS}](?:[{HSPACE}]*[{_DASH_CHARS}])*")
_CANONICAL_DASH = "\u2014\u2014"
# Full-width hyphens with a space before or after, which spacing will join to the next dash.
_SPACED_DASH = lazy(f"\uff0d[{HSPACE}]+[{_DASH_CHARS}]|[-\u2013][{HSPACE}]+\uff0d")
_DASH_LITERALS = contains_any("\u2014", "--", "\u2015", "\u2013\u2013", "\uff0d\uff0d")  # the commonest first


# Where a run that may need fixing is: two hyphens (spaces cut a run of them), a \u2014 on its own
# (\u2014\u2014 is right), or one of the other dashes.
_DASH_CANDIDATES = (
    ("--", lazy("--")),
    ("\u2014", lazy("\u2014(?<!\u2014\u2014)(?!\u2014)")),
    *((dash, lazy(dash)) for dash in "\u2015\u2013\uff0d"),
)


def _is_dash_to_fix(run: str, text: str, start: int, end: int) -> bool:
    if run == _CANONICAL_DASH or run == "-":
        return False
    if "-" in run and run.count("-") != len(run):
        return False
    if (start and text[start - 1] in _DASH_CHARS) or (end < len(text) and text[end] in _DASH_CHARS):
        return False
    if run[0] == "-":
        return len(run) <= 4
    if len(run) == 1:
        return run in "\u2014\u2015"
    return len(run) == 2


@rule(
    "dash",
    "dash is not \u2014\u2014",
    examples=[("\u4ed6\u8bf4--\u8fd9\u662f", "\u4ed6\u8bf4\u2014\u2014\u8fd9\u662f")],
    quick=lambda text: _DASH_LITERALS(text) or ("\uff0d" in text and _SPACED_DASH.search(text) is not None),
)
def dash(text: str, context: Context) -> Iterator[Edit]:
    candidates = _starts(text, _DASH_CANDIDATES)
    for start, end in _runs_joined_by_spacing(_DASH, text, candidates, _DASH_CHARS):
        if not _is_dash_to_fix(_marks(text, start, end), text, start, end):
            continue
        _, before = _previous_char(text, start)
        _, after = _next_char(text, end)
        if before.isdigit() and after.isdigit():
            continue
        if ((before and _CJK_LETTER.match(before)) or (after and _CJK_LETTER.match(after))) and not _in_english(
            text, start
        ):
            yield Edit("", start, end, "\u2014\u2014")


# Corner brackets already written (by an earlier pass, or in the source) pair like the curly
# quotes they stand for, so the pairs found are the same on a second pass.
_CURLY_QUOTES = tuple((char, lazy(char)) for char in "\u201c\u201d\u2018\u2019\u300c\u300d\u300e\u300f")
_CORNER = {"\u201c": "\u300c", "\u201d": "\u300d", "\u2018": "\u300e", "\u2019": "\u300f"}
_CURLY_CLOSER = {"\u201c": "\u201d", "\u2018": "\u2019", "\u300c": "\u201d", "\u300e": "\u2019"}
_AS_CURLY = {"\u300d": "\u201d", "\u300f": "\u2019"}


@rule(
    "corner-quotes",
    "curly quotes where the profile wants corner brackets \u300c\u300d",
    examples=[("\u4ed6\u8bf4\uff1a\u201c\u4f60\u597d\u201d", "\u4ed6\u8bf4\uff1a\u300c\u4f60\u597d\u300d")],
    triggers="\u201c\u2018",
)
def corner_quotes(text: str, context: Context) -> Iterator[Edit]:
    """Pairs are found with a stack per paragraph, so nested quotes all turn (\u201c\u2018x\u2019\u201d becomes \u300c\u300ex\u300f\u300d)."""
    edits: list[Edit] = []
    stack: list[int] = []
    previous = 0
    for index in _starts(text, _CURLY_QUOTES):
        # A blank line since the previous quote ends the paragraph (one search per quote, not
        # a step per newline).
        if stack and text.find(_PARAGRAPH_BREAK, previous, index) >= 0:
            stack.clear()
        previous = index
        char = text[index]
        if char in _CURLY_CLOSER:
            stack.append(index)
            continue
        # A closer: find the nearest matching opener.
        closer = _AS_CURLY.get(char, char)
        for depth in range(len(stack) - 1, -1, -1):
            if _CURLY_CLOSER[text[stack[depth]]] == closer:
                opener = stack[depth]
                del stack[depth:]
                if _has_cjk_letter(text, opener + 1, index):
                    if text[opener] in _CORNER:
                        edits.append(Edit("", opener, opener + 1, _CORNER[text[opener]]))
                    if char in _CORNER:
                        edits.append(Edit("", index, index + 1, _CORNER[char]))
                break
    edits.sort(key=_by_start)
    return iter(edits)
