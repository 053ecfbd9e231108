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
from functools import partial
from itertools import accumulate, chain, compress, repeat
from operator import is_not, itemgetter, lt, or_, sub
from typing import Sequence

from ..chars import CJK_LETTER, CJK_PUNCT, HSPACE, HSPACE_CHARS, WESTERN_LETTER, is_cjk_letter
from ..edits import Edit, edits_from_rows
from ..language import ZH, Sentences, english_spans, outside
from .base import Context, expand_class, joint_rule, rule

_CJK_LETTER = re.compile(f"[{CJK_LETTER}]")
# ``点击：`` - a short label and a colon, at the start of a field.
_LABEL = re.compile(f"[{CJK_LETTER}]{{1,6}}[:\uff1a]")
# A field's value has no sentence punctuation and at most this many characters, spaces not
# counted (spacing removes some of them, and the answer must not change on a second pass).
_VALUE_BREAK = re.compile("[\uff0c\u3002\uff1b\uff01\uff1f]")
_VALUE_LIMIT = 40
_FIELD_LIMIT = _VALUE_LIMIT + 7  # with a label of up to six characters and its colon
# The last space before a ``label：``; the character class first lets the engine scan fast.
_LATIN_THEN_CHINESE = re.compile(f"[A-Za-z0-9][{CJK_LETTER}]")
# ASCII marks after which English puts a space; that space stays before Chinese too.
_ENGLISH_TRAILING_MARK = frozenset(",.;:!?)]}\"'%")
# Latin means the Latin script, not ASCII (Caf\u00e9, \u00d8), and Greek and Cyrillic words are
# spaced like Latin ones.
_LATIN_OR_DIGIT = re.compile(f"[{WESTERN_LETTER}0-9]")
# Symbols written against the word they belong to: 50%, 30°C, $100, #标签, ©2020.
_GLUED_SYMBOLS = frozenset("%\u2030\u00b0$\u00a5\u20ac\u00a3#@&\u00a9\u00ae\u2122\"'")


def _run_pattern(first: str) -> re.Pattern[str]:
    """A run of horizontal space inside a line that starts with ``first``. The literal first
    character lets the regex engine find candidates at str.find speed (a pattern starting with
    the class of all spaces tests every character of the text). The lookbehind makes the run
    start after a character that is neither a space nor a line break (so the run is whole and
    not at a line start); the lookahead makes it end before one."""
    first = re.escape(first)
    return re.compile(f"{first}(?<=[^\\n{HSPACE}]{first})[{HSPACE}]*(?=[^\\n{HSPACE}])")


# Runs starting with a space other than the ASCII one (see _RUN_SPLIT for those).
_RUN_FROM_OTHER = {space: _run_pattern(space) for space in HSPACE_CHARS if space != " "}


# A protected emoticon (``:)``) is one only with whitespace on both sides (``wenben.protect``).
_EMOTICON = re.compile("[:;]-?[()DPp]")
_EMOTICON_END = re.compile("[:;]-?[()DPp]\\Z")


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
    return re.compile(f"{colon}(?<=[{CJK_LETTER}]{colon})(?:{behind})")


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


# A run of horizontal space inside a line starting with an ASCII space (as _run_pattern(" "))
# in group 1, for re.split: it gives the text between runs and the runs, from whose lengths come
# their positions, with no Match object per run (their cost is most of a finditer). The empty
# group that takes part tells the kind of run (the others give None), the kinds _space_runs
# decides without a Python step per run: group 2, a run between two CJK Unified Ideographs;
# group 3, one space between an ideograph and an ASCII letter or digit, either way round (but
# not after D, P or p, which may end a protected emoticon); group 4, one space between ASCII
# letters or digits; group 5, any other run.
_IDEOGRAPH = "\u4e00-\u9fff"
_RUN_SPLIT = re.compile(
    f"( "
    f"(?:(?<=[{_IDEOGRAPH}] )[{HSPACE}]*(?=[{_IDEOGRAPH}])()"
    f"|(?:(?<=[{_IDEOGRAPH}] )(?=[A-Za-z0-9])|(?<=[A-CE-OQ-Za-oq-z0-9] )(?=[{_IDEOGRAPH}]))()"
    f"|(?<=[A-Za-z0-9] )(?=[A-Za-z0-9])()"
    f"|(?<=[^\\n{HSPACE}] )[{HSPACE}]*(?=[^\\n{HSPACE}])()))"
)
_SPLIT_WIDTH = 6  # items per run in the list re.split makes: the text before it and 5 groups


def _space_runs(text: str, context: Context, enabled: frozenset[str]) -> list[Edit]:
    """Each run of spaces inside a line, found once, goes to the first rule that claims it:
    ``space-between-chinese`` removes it between Chinese characters or next to Chinese
    punctuation, ``space-chinese-latin`` removes it (compact) or makes it one space (spaced)
    between Chinese and Latin letters or digits, ``space-collapse`` makes what is left one
    ASCII space. A field separator (``label：value label：``) and a space next to a protected
    emoticon are never removed.

    The commonest runs (see _RUN_SPLIT) are decided by kind, their edits made by C-level maps;
    the others, and field separators, one by one (:func:`_run_edits`)."""
    between = "space-between-chinese" in enabled
    latin = "space-chinese-latin" in enabled
    parts = _RUN_SPLIT.split(text)
    # The lengths of the texts between runs and of the runs, in turn, add up to the runs' edges.
    lengths: list[str | None] = [None] * (len(parts) // _SPLIT_WIDTH * 2 + 1)
    lengths[0::2] = parts[0::_SPLIT_WIDTH]
    lengths[1::2] = parts[1::_SPLIT_WIDTH]
    edges = list(accumulate(map(len, lengths)))
    starts = edges[0:-1:2]
    ends = edges[1::2]
    # Runs starting with another space: looked for only if the text has that space at all (a
    # membership test is far cheaper than a search).
    others = [
        match.span() for space, pattern in _RUN_FROM_OTHER.items() if space in text for match in pattern.finditer(text)
    ]
    separators: set[int] = set()
    if between or latin:
        if others:  # (runs are disjoint: sorted by start, they are sorted by end)
            all_starts = sorted(chain(starts, map(itemgetter(0), others)))
            all_ends = sorted(chain(ends, map(itemgetter(1), others)))
            separators = _field_separators(text, all_starts, all_ends, context)
        else:
            separators = _field_separators(text, starts, ends, context)
    # Which runs of each kind go which way: a kind that a rule removes whole, except field
    # separators; the other runs one by one (except runs of kinds 2-4 that no rule removes:
    # every rule leaves them as they are).
    removed_between = list(map(is_not, parts[2::_SPLIT_WIDTH], repeat(None)))
    removed_latin = list(map(is_not, parts[3::_SPLIT_WIDTH], repeat(None)))
    one_by_one = list(map(is_not, parts[5::_SPLIT_WIDTH], repeat(None)))
    if not between:
        one_by_one = list(map(or_, one_by_one, removed_between))
        removed_between = []
    if not latin or context.options.spacing == "spaced":
        removed_latin = []
    for start in separators:
        index = bisect_left(starts, start)
        if index < len(starts) and starts[index] == start:
            if removed_between and removed_between[index]:
                removed_between[index] = False
                one_by_one[index] = True  # (space-collapse may claim it)
            if removed_latin:
                removed_latin[index] = False
    edits = _removals("space-between-chinese", starts, ends, removed_between)
    edits += _removals("space-chinese-latin", starts, ends, removed_latin)
    runs = list(zip(compress(starts, one_by_one), compress(ends, one_by_one)))
    if others:
        runs = sorted(runs + others)
    edits += _run_edits(text, runs, context, enabled, separators)
    edits.sort(key=_EDIT_START)  # (the starts are distinct)
    english = english_spans(text) if edits else []
    if english:
        # An English sentence that mentions Chinese keeps its spaces (Remove \u94c1\u857e from 1 Folder?).
        edits = list(compress(edits, outside([edit.start for edit in edits], english)))
    return edits


_EDIT_START = itemgetter(1)


def _removals(rule_id: str, starts: list[int], ends: list[int], selected: list[bool]) -> list[Edit]:
    """Edits of ``rule_id`` removing the runs from ``starts`` to ``ends`` that are ``selected``."""
    return edits_from_rows(zip(repeat(rule_id), compress(starts, selected), compress(ends, selected), repeat("")))


def _run_edits(
    text: str, runs: list[tuple[int, int]], context: Context, enabled: frozenset[str], separators: set[int]
) -> list[Edit]:
    """The edits of the space ``runs``, decided one by one (see _space_runs)."""
    between = "space-between-chinese" in enabled
    latin = "space-chinese-latin" in enabled
    collapse = "space-collapse" in enabled
    spaced = context.options.spacing == "spaced"
    protected = bool(context.protected)
    rows: list[tuple[str, int, int, str]] = []
    row = rows.append
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
                row(("space-collapse", start, end, " "))
            continue
        if (between or latin) and start not in separators and not (
            protected and _next_to_emoticon(text, start, end, context)
        ):
            if between and _between_chinese_removes(before, after):
                row(("space-between-chinese", start, end, ""))
                continue
            if latin:
                replacement = _chinese_latin_replacement(before, after, spaced)
                if replacement is not None:
                    if text[start:end] != replacement:
                        row(("space-chinese-latin", start, end, replacement))
                    continue
        if collapse and (end - start != 1 or text[start] != " "):
            row(("space-collapse", start, end, " "))
    return edits_from_rows(rows)


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
_LATIN_RUN = re.compile(
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
    # Chinese meets an ASCII letter or digit: at the start or the end of a run of them. The
    # positions come from the runs' groups through C-level maps, not a Python step per run;
    # ``Match.start(group)`` is -1 where the group took no part.
    runs = list(_LATIN_RUN.finditer(text))
    starts = map(sub, filter(partial(lt, 0), map(re.Match.start, runs, repeat(1))), repeat(1))
    ends = filter(partial(lt, 0), map(re.Match.start, runs, repeat(2)))
    positions = sorted(chain(starts, ends))
    if context.protected and positions:
        positions = _outside(positions, context.protected)
    return edits_from_rows(zip(repeat(""), positions, positions, repeat(" ")))


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
