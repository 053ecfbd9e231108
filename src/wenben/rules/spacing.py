"""Spaces inside a line (W3C clreq; GB/T 15834-2011).

Chinese is written without spaces; the spaces extracted text has between Chinese characters
(``数 字经济``), around Chinese punctuation (``， 对各位``) and between Chinese and digits or Latin
(``7 月 13 日``, ``Debian 项目``) are line-wrap points and layout, not content. Spaces between
Latin words, in English sentences, in URLs and code stay.

One kind of space is content: the separator between fields of a metadata line, such as
``时间：2020-07-15 点击：35``. A space followed by a short label and a colon, right after such a
field, is kept as one ASCII space (see ``docs/adr/0001-spacing.md``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Sequence

from ..chars import CJK_LETTER, CJK_PUNCT, HSPACE, HSPACE_CHARS, WESTERN_LETTER, is_cjk_letter
from ..edits import Edit
from ..language import ZH, Sentences, english_spans, outside
from ..lazyre import lazy
from .base import Context, expand_class, joint_rule, rule

_CJK_LETTER = lazy(f"[{CJK_LETTER}]")
# ``点击：`` - a short label and a colon, at the start of a field.
_LABEL = lazy(f"[{CJK_LETTER}]{{1,6}}[:\uff1a]")
# A field's value has no sentence punctuation and at most this many characters, spaces not
# counted (spacing removes some of them, and the answer must not change on a second pass).
_VALUE_BREAK = lazy("[\uff0c\u3002\uff1b\uff01\uff1f]")
_VALUE_LIMIT = 40
_FIELD_LIMIT = _VALUE_LIMIT + 7  # with a label of up to six characters and its colon
# The last space before a ``label：``; the character class first lets the engine scan fast.
_LATIN_THEN_CHINESE = lazy(f"[A-Za-z0-9][{CJK_LETTER}]")
# ASCII marks after which English puts a space; that space stays before Chinese too.
_ENGLISH_TRAILING_MARK = frozenset(",.;:!?)]}\"'%")
# Latin means the Latin script, not ASCII (Caf\u00e9, \u00d8), and Greek and Cyrillic words are
# spaced like Latin ones.
_LATIN_OR_DIGIT = lazy(f"[{WESTERN_LETTER}0-9]")
# Symbols written against the word they belong to: 50%, 30°C, $100, #标签, ©2020.
_GLUED_SYMBOLS = frozenset("%\u2030\u00b0$\u00a5\u20ac\u00a3#@&\u00a9\u00ae\u2122\"'")


def _run_pattern(first: str) -> re.Pattern[str]:
    """A run of horizontal space inside a line that starts with ``first``. The literal first
    character lets the regex engine find candidates at str.find speed (a pattern starting with
    the class of all spaces tests every character of the text). The lookbehind makes the run
    start after a character that is neither a space nor a line break (so the run is whole and
    not at a line start); the lookahead makes it end before one."""
    first = re.escape(first)
    return lazy(f"{first}(?<=[^\\n{HSPACE}]{first})[{HSPACE}]*(?=[^\\n{HSPACE}])")


# Runs starting with a space other than the ASCII one (see _RUN_SPLIT for those).
_RUN_FROM_OTHER = {space: _run_pattern(space) for space in HSPACE_CHARS if space != " "}


# A protected emoticon (``:)``) is one only with whitespace on both sides (``wenben.protect``).
_EMOTICON = lazy("[:;]-?[()DPp]")
_EMOTICON_END = lazy("[:;]-?[()DPp]\\Z")


def _next_to_emoticon(text: str, start: int, end: int, context: Context) -> bool:
    """Whether the space at ``[start, end)`` borders a protected emoticon: removing it would
    unprotect the emoticon, and a second pass would then convert its ``:`` and ``)``."""
    if not context.protected:
        return False
    # The characters first: an emoticon ends with one of ()DPp and starts with : or ;.
    return (
        text[start - 1] in "()DPp"
        and context.protected_at(start - 1)
        and _EMOTICON_END.search(text, max(0, start - 3), start) is not None
    ) or (text[end] in ":;" and context.protected_at(end) and _EMOTICON.match(text, end) is not None)



_CJK_PUNCT_CHARS = expand_class(CJK_PUNCT)


# Full-width marks that number-punctuation makes part of a number when they stand tight between
# two digits (numbers.NUMBER_MARKS; written out here, as numbers imports nothing from spacing).
_NUMBER_MARKS = frozenset("\uff0e\uff1a\uff0d\uff0f\u3002")


def _between_numbers(text: str, start: int, end: int) -> bool:
    """Whether the space run ``[start, end)`` lies between a digit and a mark that could join it
    to a digit on the mark's other side (``1 \u3002 12``, ``10 \uff1a30``, ``3\uff0e 5``): removing it
    would make the mark tight between two numbers, and the next pass would join them into one
    (issue 12). Such a space stays; the mark's other side is looked at over spaces too."""
    before, after = text[start - 1], text[end]
    if "0" <= before <= "9" and after in _NUMBER_MARKS:
        index = end + 1
        while index < len(text) and text[index] in HSPACE_CHARS:
            index += 1
        return index < len(text) and "0" <= text[index] <= "9"
    if before in _NUMBER_MARKS and "0" <= after <= "9":
        index = start - 2
        while index >= 0 and text[index] in HSPACE_CHARS:
            index -= 1
        return index >= 0 and "0" <= text[index] <= "9"
    return False


def _between_chinese_removes(before: str, after: str) -> bool:
    """``space-between-chinese``: a space between Chinese characters or next to Chinese
    punctuation goes (unless it separates fields)."""
    return (
        before in _CJK_PUNCT_CHARS
        or after in _CJK_PUNCT_CHARS
        or (is_cjk_letter(before) and is_cjk_letter(after))
    )


def _chinese_latin_replacement(before: str, after: str, spaced: bool) -> str | None:
    """``space-chinese-latin``: what a space between Chinese and Latin letters, digits or glued
    symbols becomes ("" or " "), or None to leave it (unless it separates fields)."""
    chinese_before = is_cjk_letter(before)
    chinese_after = is_cjk_letter(after)
    if chinese_before == chinese_after:
        return None
    other = after if chinese_before else before
    if other in _CJK_PUNCT_CHARS:
        return None
    if chinese_after and other in _ENGLISH_TRAILING_MARK:
        return None
    if not (other.isalnum() or other in _GLUED_SYMBOLS):
        return None  # a separator symbol keeps its spaces: 新华网 | 京ICP备, A / B
    if spaced and _LATIN_OR_DIGIT.match(other):
        return " "
    return ""


def _field_separators(text: str, starts: list[int], ends: list[int], context: Context) -> set[int]:
    """Starts of the space runs (sorted, from ``starts`` to ``ends``) that separate
    ``label：value`` fields (``时间：2020-07-15 点击：35``).

    A run is a separator when a short label and a colon follow it and a ``label：value`` field
    ends at it, the field starting at the line start or after a space that stays (a separator,
    a space between Latin words, a space spacing keeps). Runs are decided in order, so whether a
    field starts after a space is known from the earlier decision: a space that is removed does
    not start a field, and the second pass, which no longer has it, makes the same decision
    (``5 \u51fb\uff1a4 \u6e90\uff1a`` loses both spaces, not one per pass).
    """
    separators: set[int] = set()
    spaced = context.options.spacing == "spaced"
    stays: dict[int, bool] = {}

    def run_stays(index: int) -> bool:
        if index not in stays:
            start, end = starts[index], ends[index]
            before, after = text[start - 1], text[end]
            stays[index] = (
                start in separators
                or _next_to_emoticon(text, start, end, context)
                or context.is_protected(start, end)
                or not (_between_chinese_removes(before, after) or _chinese_latin_replacement(before, after, spaced) == "")
            )
        return stays[index]

    for index in _runs_before_labels(text, ends):
        start = starts[index]
        # Where the field before this run may start: after a run that stays, or at the line
        # start; no further back than a field can be long (counted without spaces, which the
        # first pass removes and the second does not see).
        field_starts: list[int] = []
        reach = start
        length = 0
        earlier = index - 1
        while True:
            previous_end = ends[earlier] if earlier >= 0 else 0
            newline = text.rfind("\n", previous_end, reach)
            if newline >= 0 or earlier < 0:
                length += reach - (newline + 1)
                if length <= _FIELD_LIMIT:
                    field_starts.append(newline + 1)
                    reach = newline + 1
                break
            length += reach - previous_end
            if length > _FIELD_LIMIT:
                break
            reach = starts[earlier]
            if run_stays(earlier):
                field_starts.append(previous_end)
            earlier -= 1
        if spaced:  # a space will be inserted between a Latin letter or digit and Chinese
            field_starts.extend(m.start() + 1 for m in _LATIN_THEN_CHINESE.finditer(text, reach, start))
        if _field_ends_at(text, sorted(field_starts), start):
            separators.add(start)
            stays[index] = True
    return separators


def _label_after_space(colon: str) -> re.Pattern[str]:
    """The colon of a ``label：`` right after a space. The colon, a literal, is found at
    str.find speed; the label is checked looking back from it: first the letter before the
    colon (most colons have none: times, URLs), then one lookbehind per label length (a
    lookbehind has a fixed width)."""
    behind = "|".join(f"(?<=[{HSPACE}][{CJK_LETTER}]{{{count}}}{colon})" for count in range(1, 7))
    return lazy(f"{colon}(?<=[{CJK_LETTER}]{colon})(?:{behind})")


_LABEL_COLONS = (_label_after_space(":"), _label_after_space("\uff1a"))


def _runs_before_labels(text: str, ends: list[int]) -> list[int]:
    """Indexes (in order) of the space runs (by their sorted ``ends``) that a ``label：``
    follows, found from the labels' colons (a few per line at most), not by looking after
    every run: the run is the last one that ends before the colon, if the label starts where
    it ends."""
    colons = sorted(match.start() for pattern in _LABEL_COLONS for match in pattern.finditer(text))
    indexes = []
    for colon in colons:
        index = bisect_left(ends, colon) - 1
        if index >= 0 and _LABEL.fullmatch(text, ends[index], colon + 1) is not None:
            indexes.append(index)
    return indexes


def _field_ends_at(text: str, starts: list[int], end: int) -> bool:
    """Whether ``label：value`` ends at ``end``, starting at one of ``starts``."""
    for field_start in reversed(starts):
        label = _LABEL.match(text, field_start, end)
        if label is None:
            continue
        value = text[label.end() : end]
        if value.strip() and _VALUE_BREAK.search(value) is None and len("".join(value.split())) <= _VALUE_LIMIT:
            return True
    return False


# A run of horizontal space inside a line starting with an ASCII space (as _run_pattern(" ")).
# The named empty group that takes part tells the kind of run, which decides the commonest
# runs without looking at their neighbours again:
#   ``ideographs``: a run between two CJK Unified Ideographs;
#   ``ideograph_latin``: one space between an ideograph and an ASCII letter or digit, either
#   way round (but not after D, P or p, which may end a protected emoticon);
#   ``latin``: one space between ASCII letters or digits (every rule leaves it);
#   ``other``: any other run, decided by :func:`_run_edits`.
_IDEOGRAPH = "\u4e00-\u9fff"
_ASCII_RUN = lazy(
    f" "
    f"(?:(?<=[{_IDEOGRAPH}] )[{HSPACE}]*(?=[{_IDEOGRAPH}])(?P<ideographs>)"
    f"|(?:(?<=[{_IDEOGRAPH}] )(?=[A-Za-z0-9])|(?<=[A-CE-OQ-Za-oq-z0-9] )(?=[{_IDEOGRAPH}]))(?P<ideograph_latin>)"
    f"|(?<=[A-Za-z0-9] )(?=[A-Za-z0-9])(?P<latin>)"
    f"|(?<=[^\\n{HSPACE}] )[{HSPACE}]*(?=[^\\n{HSPACE}])(?P<other>))"
)


def _space_runs(text: str, context: Context, enabled: frozenset[str]) -> list[Edit]:
    """Each run of spaces inside a line, found once, goes to the first rule that claims it:
    ``space-between-chinese`` removes it between Chinese characters or next to Chinese
    punctuation, ``space-chinese-latin`` removes it (compact) or makes it one space (spaced)
    between Chinese and Latin letters or digits, ``space-collapse`` makes what is left one
    ASCII space. A field separator (``label：value label：``) and a space next to a protected
    emoticon are never removed.

    The three rules are one pass (a joint rule) because which rule claims a run depends on the
    others being enabled, and ``explain()`` names the rule that did. The commonest runs (see
    _ASCII_RUN) are decided by their kind; the others, and field separators, one by one
    (:func:`_run_edits`)."""
    between = "space-between-chinese" in enabled
    latin = "space-chinese-latin" in enabled
    removes_latin = latin and context.options.spacing != "spaced"
    ascii_runs = [(match.start(), match.end(), match.lastgroup) for match in _ASCII_RUN.finditer(text)]
    # Runs starting with another space: looked for only if the text has that space at all.
    others = [
        match.span() for space, pattern in _RUN_FROM_OTHER.items() if space in text for match in pattern.finditer(text)
    ]
    separators: set[int] = set()
    if between or latin:
        # All runs, sorted (they are disjoint: sorted by start, they are sorted by end).
        all_runs = sorted([(start, end) for start, end, _ in ascii_runs] + others)
        separators = _field_separators(text, [start for start, _ in all_runs], [end for _, end in all_runs], context)
    edits: list[Edit] = []
    one_by_one: list[tuple[int, int]] = list(others)
    for start, end, kind in ascii_runs:
        separator = start in separators
        if kind == "ideographs":
            if between and not separator:
                edits.append(Edit("space-between-chinese", start, end, ""))
            else:
                one_by_one.append((start, end))  # (space-collapse may claim it)
        elif kind == "ideograph_latin":
            if removes_latin and not separator:
                edits.append(Edit("space-chinese-latin", start, end, ""))
            # else one ASCII space, which every rule leaves
        elif kind == "other":
            one_by_one.append((start, end))
    one_by_one.sort()
    edits += _run_edits(text, one_by_one, context, enabled, separators)
    edits.sort(key=_by_start)  # (the starts are distinct)
    english = english_spans(text) if edits else []
    if english:
        # An English sentence that mentions Chinese keeps its spaces (Remove \u94c1\u857e from 1 Folder?).
        # Not its ideographic spaces: _run_edits makes a run with one a space in any sentence
        # that is not Chinese, and whether English sentences are looked for at all depends on
        # the rest of the text having a Chinese letter (a paragraph must be cleaned alike alone).
        keep = outside([edit.start for edit in edits], english)
        edits = [edit for edit, kept in zip(edits, keep) if kept or edit.rule == "space-collapse"]
    return edits


def _by_start(edit: Edit) -> int:
    return edit.start


def _run_edits(
    text: str, runs: list[tuple[int, int]], context: Context, enabled: frozenset[str], separators: set[int]
) -> list[Edit]:
    """The edits of the space ``runs``, decided one by one (see _space_runs)."""
    between = "space-between-chinese" in enabled
    latin = "space-chinese-latin" in enabled
    collapse = "space-collapse" in enabled
    spaced = context.options.spacing == "spaced"
    protected = bool(context.protected)
    edits: list[Edit] = []
    sentences = Sentences(text)
    for start, end in runs:
        before = text[start - 1]
        after = text[end]
        if sentences.language(start) != ZH:
            # Not a Chinese sentence: English (which may mention Chinese) or no Chinese at all.
            # Its spaces are the writer's, also next to the curly quotes, dashes and ellipses
            # that Western text shares with Chinese (CORS header \u2018Origin\u2019 cannot), and
            # NBSP and tabs (Hello,\u00a0world). Only a run with an ideographic space, which
            # is Chinese layout wherever it is, becomes one space.
            if collapse and "\u3000" in text[start:end]:
                edits.append(Edit("space-collapse", start, end, " "))
            continue
        if (between or latin) and start not in separators and not (
            protected and _next_to_emoticon(text, start, end, context)
        ) and not _between_numbers(text, start, end):
            if between and _between_chinese_removes(before, after):
                edits.append(Edit("space-between-chinese", start, end, ""))
                continue
            if latin:
                replacement = _chinese_latin_replacement(before, after, spaced)
                if replacement is not None:
                    if text[start:end] != replacement:
                        edits.append(Edit("space-chinese-latin", start, end, replacement))
                    continue
        if collapse and (end - start != 1 or text[start] != " "):
            edits.append(Edit("space-collapse", start, end, " "))
    return edits


space_between_chinese = joint_rule(
    _space_runs,
    "space-between-chinese",
    "space between Chinese characters or next to Chinese punctuation",
    examples=[
        ("\u6570 \u5b57\u7ecf\u6d4e", "\u6570\u5b57\u7ecf\u6d4e"),
        ("\u3001 \u5bf9\u5404\u4f4d\u300b \u4f5c\u4e86", "\u3001\u5bf9\u5404\u4f4d\u300b\u4f5c\u4e86"),
        ("\u4f5c\u8005\uff1a\u5f20\u4e09 \u6765\u6e90\uff1a\u65b0\u534e\u793e", "\u4f5c\u8005\uff1a\u5f20\u4e09 \u6765\u6e90\uff1a\u65b0\u534e\u793e"),
        ("\u4ed6\u8bf4 \u201c\u4f60\u597d\u201d \u7136\u540e", "\u4ed6\u8bf4\u201c\u4f60\u597d\u201d\u7136\u540e"),
        ("CORS header \u2018Origin\u2019 cannot be added", "CORS header \u2018Origin\u2019 cannot be added"),
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
        ("Remove \u94c1\u857e from the Folder", "Remove \u94c1\u857e from the Folder"),
    ],
    triggers=HSPACE,
)

space_collapse = joint_rule(
    _space_runs,
    "space-collapse",
    "run of spaces, or a space that is not ASCII, inside a line",
    examples=[
        ("\u65f6\u95f4\uff1a2020-07-15\u00a0\u00a0\u00a0\u00a0\u70b9\u51fb\uff1a", "\u65f6\u95f4\uff1a2020-07-15 \u70b9\u51fb\uff1a"),
        ("\u4ed6\u8bf4hello\u3000 world", "\u4ed6\u8bf4hello world"),
    ],
    triggers=HSPACE,
)


# A run of ASCII letters and digits, matched whole: the regex engine looks for its first
# character (an ASCII class, cheap to test) and does not revisit the characters inside it. Of
# the two empty groups, the first takes part if a Chinese letter comes just before the run (it
# sits after the run's first character), the second if one comes just after. (``(?:...|)``
# rather than ``(?:...)?``: an alternation is cheaper than a repeat in the regex engine.)
_LATIN_RUN = lazy(
    f"[{WESTERN_LETTER}0-9](?:(?<=[{CJK_LETTER}].)()|)[{WESTERN_LETTER}0-9]*(?:()(?=[{CJK_LETTER}])|)"
)


@rule(
    "missing-space-chinese-latin",
    "no space between Chinese and Latin letters or digits (spaced profile)",
    examples=[
        ("\u4f7f\u7528Python3\u7f16\u7a0b", "\u4f7f\u7528 Python3 \u7f16\u7a0b"),
        ("\u4ed6\u8bf4Caf\u00e9\u5f88\u597d", "\u4ed6\u8bf4 Caf\u00e9 \u5f88\u597d"),
    ],
)
def missing_space_chinese_latin(text: str, context: Context) -> list[Edit]:
    # A comment, not a docstring (the rule catalogue would show it). A space goes where
    # Chinese meets a run of Latin letters or digits: before the run when a Chinese letter
    # precedes it (group 1 took part), after it when one follows it (group 2).
    positions: list[int] = []  # in order: the runs are
    for run in _LATIN_RUN.finditer(text):
        if run.group(1) is not None:
            positions.append(run.start())
        if run.group(2) is not None:
            positions.append(run.end())
    if context.protected and positions:
        positions = _outside(positions, context.protected)
    return [Edit("", position, position, " ") for position in positions]


def _outside(positions: list[int], spans: Sequence[tuple[int, int]]) -> list[int]:
    """The sorted ``positions`` not strictly inside one of the sorted, disjoint ``spans`` (an
    insertion there would go into protected text: ``Context.is_protected``), found per span."""
    kept: list[int] = []
    done = 0
    for start, end in spans:
        inside = bisect_right(positions, start, done)
        kept += positions[done:inside]
        done = bisect_left(positions, end, inside)
    return kept + positions[done:]
