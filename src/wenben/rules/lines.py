"""Line structure: hard-wrapped lines rejoined, whitespace at line ends, blank lines.

A *block* is a run of non-blank lines; blocks are separated by blank lines and no rule looks
across a blank line, which is what lets streaming split the input there.

Rejoining is where judgement is needed. A line is taken as wrapped when it is *full* (its
content is at least ``FULL_RATIO`` of the widest line in its block, and at least
``MIN_FULL_WIDTH``) and it does not end a sentence. Titles, datelines, list items and poems
are short lines and stay. Widths count content only (Han as 2, letters and digits as 1,
punctuation and spaces as 0), so they are the same before and after cleaning, and a second
pass makes the same decisions as the first (see ``docs/adr/0002-line-joining.md``).
"""

from __future__ import annotations

import re
from itertools import chain, compress
from operator import itemgetter, not_
from typing import Iterator

from ..chars import CJK_CLOSING, CJK_LETTER, CJK_PUNCT, HSPACE, HSPACE_CHARS, SENTENCE_FINAL, content_widths
from ..edits import Edit, edits_from_rows
from .base import Context, joint_rule, rule

FULL_RATIO = 0.75
MIN_FULL_WIDTH = 20

_LINE = re.compile("[^\\n]*")
_LEADING_SPACE = re.compile(f"[{HSPACE}]*")
_INDENT = re.compile("(?:\u3000|[ \u00a0]{2,}|\t)")
_CJK = re.compile(f"[{CJK_LETTER}{CJK_PUNCT}]")
# What starts a line that must stay a line of its own: list items, numbered headings,
# Markdown markers, table rows.
_LINE_MARKER = re.compile(
    "(?:[\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u767e]+[\u3001.\uff0e]"  # 一、
    "|[(\uff08][\\d\u4e00-\u9fff]{1,3}[)\uff09]"  # (1) （一）
    "|\\d{1,3}[.\uff0e\u3001)\uff09](?!\\d)"  # 1. 1、 1)
    "|\u7b2c[\\d\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u767e\u5343]+[\u7ae0\u8282\u6761\u6b3e\u7bc7\u90e8\u5377\u56de]"  # 第三章
    "|[\u2022\u00b7\u25cf\u25cb\u25a0\u25a1\u25c6\u25c7\u25aa\u2605\u2606\u203b>#|*+-]"  # bullets, Markdown
    "|[\u2460-\u2473\u2474-\u2487\u3220-\u3229])"  # ① ⑴ ㈠
)
# Line-end tests are made on the last characters: a regex anchored at \Z is still tried
# at every position of the line.
_SENTENCE_FINAL = frozenset(SENTENCE_FINAL)
_CLOSERS = CJK_CLOSING + "\"')]"
_LAST_LINE_FINAL = frozenset(SENTENCE_FINAL + _CLOSERS)
_SCHEMES = ("http://", "https://", "ftp://")
# Indentation is not a sign of code here: it is stripped, and the decision must not change
# on a second pass.
# A line of code ends with ; { or } (before trailing whitespace, tested with str.rstrip(), which
# strips what \s matches) or starts with a keyword (an anchored match: a search pattern with
# alternatives and no literal prefix is tried at every position).
_CODE_ENDS = (";", "{", "}")
_CODE_START = re.compile(r"\s*(?:def|class|import|return|if|for|while)\b")


def _ends_sentence(body: str) -> bool:
    """Ends with a sentence-final mark, possibly followed by closing quotes or brackets."""
    stripped = body.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_FINAL


def _hyphenated(body: str) -> bool:
    """Ends with a lowercase ASCII letter and a hyphen (``coun-``)."""
    return len(body) >= 2 and body[-1] == "-" and "a" <= body[-2] <= "z"


def _ends_inside_address(body: str) -> bool:
    """The last word is a URL or e-mail address cut after a separator (``https://``,
    ``www.example.``, ``wang.lei@``)."""
    if body[-1] not in "./@:_-":
        return False
    token = body.rsplit(None, 1)[-1]
    head = token[:-1]
    return "://" in head or "@" in head or "www." in head or token.endswith(_SCHEMES)


# A ``附件：…`` / ``电话：…`` line: a field of its own, not part of a paragraph.
_FIELD_LINE = re.compile(f"[{CJK_LETTER}]{{1,4}}[:\uff1a][^\\n\uff0c\u3002\uff1b,;]*\\Z")
# The characters a _LINE_MARKER can start with (and any \\d, i.e. str.isdecimal()), to skip
# the regex on ordinary lines.
_MARKER_STARTS = frozenset(
    "\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u767e(\uff080123456789\u7b2c"
    "\u2022\u00b7\u25cf\u25cb\u25a0\u25a1\u25c6\u25c7\u25aa\u2605\u2606\u203b>#|*+-"
) | frozenset(map(chr, [*range(0x2460, 0x2488), *range(0x3220, 0x322A)]))


def has_multiline_block(text: str) -> bool:
    """Whether two non-blank lines may touch anywhere: counted at ``str.count`` speed, because
    canonical text (paragraphs separated by exactly one blank line, one final newline) has
    every newline but the last in a pair."""
    if "\n" not in text:
        return False
    if not text.endswith("\n") or text.endswith("\n\n") or text.startswith("\n"):
        return True
    body = text[:-1]
    return body.count("\n") != 2 * body.count("\n\n") or "\n\n\n" in body


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """(offset, lines) of each block of two lines or more; whitespace-only lines separate
    blocks. Paragraphs already separated by blank lines are skipped whole."""
    blocks: list[tuple[int, list[str]]] = []
    position = 0
    for chunk in text.split("\n\n"):
        # A chunk holds at most one leading and one trailing newline of a longer blank run.
        if "\n" in chunk.strip("\n"):
            lines = chunk.split("\n")
            # Usually no line is blank: then the chunk is one block. (str.isspace() is true for
            # every whitespace-only line, and for a few more that _chunk_blocks tells apart.)
            if all(lines) and not any(map(str.isspace, lines)):
                blocks.append((position, lines))
            else:
                blocks += _chunk_blocks(lines, position)
        position += len(chunk) + 2
    return blocks


def _chunk_blocks(lines: list[str], position: int) -> list[tuple[int, list[str]]]:
    """The blocks of the lines of a chunk at ``position``."""
    blocks: list[tuple[int, list[str]]] = []
    block: list[str] = []
    start = position
    for line in lines:
        if line.strip(HSPACE_CHARS):
            if not block:
                start = position
            block.append(line)
        else:
            if len(block) > 1:
                blocks.append((start, block))
            block = []
        position += len(line) + 1
    if len(block) > 1:
        blocks.append((start, block))
    return blocks


def _looks_like_code(lines: list[str]) -> bool:
    """At least two lines, and half of them, look like code and have no Chinese in them."""
    # A line starting with Han has Chinese and an ASCII line has none: most lines are settled
    # without a search.
    foreign = [
        line for line in lines if not "\u4e00" <= line[0] <= "\u9fff" and (line.isascii() or not _CJK.search(line))
    ]
    if len(foreign) < 2:  # the usual case
        return False
    code = sum(1 for line in foreign if line.rstrip().endswith(_CODE_ENDS) or _CODE_START.match(line))
    return code >= 2 and code * 2 >= len(lines)


def _is_cjk(char: str) -> bool:
    """``_CJK.match(char)``, with the common cases (Han, ASCII) settled by comparisons."""
    return "\u4e00" <= char <= "\u9fff" or (not char.isascii() and _CJK.match(char) is not None)


def _indented(lines: list[str]) -> list[bool]:
    """Which lines start with a paragraph indent, when the block marks paragraphs that way
    (a line after the first is indented, and not every line is); otherwise an empty list."""
    indented = [line[:1] in "\u3000\t \u00a0" and _INDENT.match(line) is not None for line in lines]
    return indented if any(indented[1:]) and not all(indented) else []


def _is_field(line: str) -> bool:
    """A ``附件：…`` line: a field of its own, not part of a paragraph."""
    unindented = line.lstrip(HSPACE_CHARS)
    head = unindented[:6]  # (the first characters of the line after its indent: cheaper than the pattern)
    return (":" in head or "\uff1a" in head) and _FIELD_LINE.match(
        line.rstrip(HSPACE_CHARS), len(line) - len(unindented)
    ) is not None


def _last_line_joins(lines: list[str], widths: list[int], full: float) -> bool:
    """Whether the line before a block's last line may be joined to it: the last line ends a
    sentence (or a longer block's clause, or is full). A signature, a date, the line after a
    title does not: only a complete sentence shows the block is one paragraph."""
    tail = lines[-1].rstrip(HSPACE_CHARS)
    return tail[-1:] in _LAST_LINE_FINAL or (len(lines) > 2 and (tail.endswith((":", "\uff1a")) or widths[-1] >= full))


_TABLE_ROW = re.compile(f"[{HSPACE}]*\\|")


def _line_breaks(text: str, context: Context, enabled: frozenset[str]) -> list[Edit]:
    """Each line break inside a block is either a wrap (``line-wrap`` joins the lines) or a
    paragraph break (``paragraph-breaks`` makes it one blank line); Markdown tables and code
    keep their lines."""
    wrap = "line-wrap" in enabled
    breaks = "paragraph-breaks" in enabled
    fenced = "```" in text
    blocks = _blocks(text)
    blocks = list(compress(blocks, map(not_, map(_looks_like_code, map(itemgetter(1), blocks)))))
    if fenced:
        rejoined = [wrap and not any("```" in line for line in lines) for _, lines in blocks]
    else:
        rejoined = [wrap] * len(blocks)
    # The widths of all lines to rejoin in one call: its cost is mostly per call, not per line.
    widths = content_widths(list(chain.from_iterable(compress(map(itemgetter(1), blocks), rejoined))))
    first = 0  # where the widths of the next block to rejoin start
    rows: list[tuple[str, int, int, str]] = []
    for (position, lines), join in zip(blocks, rejoined):
        block_widths: list[int] = []
        if join:
            block_widths = widths[first : first + len(lines)]
            first += len(lines)
        _block_breaks(rows, position, lines, block_widths, breaks)
    return edits_from_rows(rows)


# The characters at the end of a line, and at the start of the next, that call for more than
# the width test to decide the break between them (see _block_breaks): spaces (the break's edit
# spans them), a sentence end (possibly closed), an address or a hyphen cut at the line end.
_SPECIAL_ENDS = frozenset(SENTENCE_FINAL + _CLOSERS + "./@:_-")
_ODD_ENDS = frozenset(HSPACE_CHARS) | _SPECIAL_ENDS
_SPACES = frozenset(HSPACE_CHARS)


def _block_breaks(
    rows: list[tuple[str, int, int, str]], position: int, lines: list[str], widths: list[int], breaks: bool
) -> None:
    """Appends to ``rows`` the edits (as tuples) of the line breaks of a block at ``position``,
    in order: ``line-wrap`` where the line is wrapped (never without the ``widths`` of the
    lines), else ``paragraph-breaks`` if ``breaks``.

    Most breaks have no space on either side, no sentence end before them and no list marker
    after them: the line is the body, the edit is the newline, and the width, a field line and
    the block's last line decide. The other breaks get every test (:func:`_join`)."""
    widest = max(widths, default=0)
    rejoin = widest >= MIN_FULL_WIDTH
    full = max(MIN_FULL_WIDTH, FULL_RATIO * widest)
    last_joins = rejoin and _last_line_joins(lines, widths, full)
    last = len(lines) - 2
    indented: list[bool] | None = None  # computed at the first break that needs every test
    row = rows.append
    offset = position
    for index, (line, next_line) in enumerate(zip(lines, lines[1:])):
        newline = offset + len(line)
        end = line[-1]
        start = next_line[0]
        if (
            end in _ODD_ENDS
            or start in _SPACES
            or ((start in _MARKER_STARTS or start.isdecimal()) and _LINE_MARKER.match(next_line))
        ):
            edit = None
            if rejoin:
                if indented is None:
                    indented = _indented(lines)
                edit = _join(lines, index, offset, widths, full, last_joins, indented)
            if edit is None and breaks:
                edit = _paragraph_break(line, next_line, offset)
            if edit is not None:
                row(edit)
        elif (
            rejoin
            and widths[index] >= full
            and (index < last or last_joins)
            and not ((":" in line or "\uff1a" in line) and _is_field(line))
        ):
            # (Han on either side, the common case, settled before the class test.)
            cjk = "\u4e00" <= end <= "\u9fff" or "\u4e00" <= start <= "\u9fff" or _is_cjk(end) or _is_cjk(start)
            row(("line-wrap", newline, newline + 1, "" if cjk else " "))
        elif breaks:
            row(("paragraph-breaks", newline, newline + 1, "\n\n"))
        offset = newline + 1


def _join(
    lines: list[str], index: int, offset: int, widths: list[int], full: float, last_joins: bool, indented: list[bool]
) -> Edit | None:
    """The ``line-wrap`` edit of the line break after line ``index`` (at ``offset``) of a
    block, if that line is wrapped (``full``: the width from which a line is full; see
    _last_line_joins and _indented for the others). No line of a block is blank, so neither a
    line's body nor the next is empty."""
    line = lines[index]
    next_line = lines[index + 1]
    body = line.rstrip(HSPACE_CHARS)
    next_body = next_line.lstrip(HSPACE_CHARS)
    first_char = next_body[0]
    # Sentence ends, addresses and hyphens end with one of these: most lines need none of their tests.
    special_end = body[-1] in _SPECIAL_ENDS
    if not (
        widths[index] >= full
        or (special_end and body.endswith(_SCHEMES))
        or (special_end and _hyphenated(body) and first_char.islower())
    ):
        return None
    if (first_char in _MARKER_STARTS or first_char.isdecimal()) and _LINE_MARKER.match(next_body):
        return None
    if _is_field(line):
        return None
    inside_address = special_end and _ends_inside_address(body) and not _CJK.match(first_char)
    if (
        special_end
        and not inside_address
        and _ends_sentence(body)
        and not (indented and not indented[index + 1])
    ):
        return None
    if index == len(lines) - 2 and not last_joins:
        return None
    start = offset + len(body)
    end = offset + len(line) + 1 + len(next_line) - len(next_body)
    separator = ""
    if inside_address:
        pass
    elif special_end and _hyphenated(body) and first_char.islower() and first_char.isascii():
        start -= 1
    elif not (_is_cjk(body[-1]) or _is_cjk(first_char)):
        separator = " "
    return Edit("line-wrap", start, end, separator)


def _paragraph_break(line: str, next_line: str, offset: int) -> Edit | None:
    """The ``paragraph-breaks`` edit of the line break after ``line`` (at ``offset``), unless
    both lines are Markdown table rows."""
    if _TABLE_ROW.match(line) and _TABLE_ROW.match(next_line):
        return None
    body_end = offset + len(line.rstrip(HSPACE_CHARS))
    next_start = offset + len(line) + 1 + len(next_line) - len(next_line.lstrip(HSPACE_CHARS))
    return Edit("paragraph-breaks", body_end, next_start, "\n\n")


line_wrap = joint_rule(
    _line_breaks,
    "line-wrap",
    "line broken inside a paragraph",
    examples=[
        (
            "\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\u7ecf\u6d4e\u3001\u5de5\u4e1a\u7ecf\u6d4e\u4e4b\u540e\u7684\u4e3b\u8981\u7ecf\u6d4e\u5f62\u6001\uff0c\u662f\u4ee5\u6570\n"
            "\u636e\u8d44\u6e90\u4e3a\u5173\u952e\u8981\u7d20\u3002",
            "\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\u7ecf\u6d4e\u3001\u5de5\u4e1a\u7ecf\u6d4e\u4e4b\u540e\u7684\u4e3b\u8981\u7ecf\u6d4e\u5f62\u6001\uff0c\u662f\u4ee5\u6570"
            "\u636e\u8d44\u6e90\u4e3a\u5173\u952e\u8981\u7d20\u3002",
        ),
        ("It is an inter-\nnational standard, adopted by many coun-\ntries.", "It is an international standard, adopted by many countries."),
    ],
    quick=has_multiline_block,
)

paragraph_breaks = joint_rule(
    _line_breaks,
    "paragraph-breaks",
    "paragraphs separated by a single line break",
    doc="A line break that is not a wrap separates paragraphs, and paragraphs are separated by "
    "one blank line. Markdown tables and code keep their lines.",
    examples=[
        ("\u5173\u4e8e\u4e3e\u529e\u57f9\u8bad\u73ed\u7684\u901a\u77e5\n\u5404\u5b66\u9662\uff1a", "\u5173\u4e8e\u4e3e\u529e\u57f9\u8bad\u73ed\u7684\u901a\u77e5\n\n\u5404\u5b66\u9662\uff1a"),
    ],
    quick=has_multiline_block,
)


# Spaces at line edges are found from the newlines (a literal, found at memchr speed), not
# by testing every character against the class of spaces.
_SPACE_AFTER_NEWLINE = re.compile(f"\n[{HSPACE}]+")
_NEWLINE_AFTER_SPACE = re.compile(f"\\n(?<=[{HSPACE}]\\n)")


@rule(
    "line-edge-whitespace",
    "whitespace at the start or end of a line",
    examples=[("\u3000\u3000\u6b63\u6587\u3002  \n", "\u6b63\u6587\u3002\n")],
    triggers=HSPACE,
)
def line_edge_whitespace(text: str, context: Context) -> Iterator[Edit]:
    runs: dict[int, int] = {}
    leading = _LEADING_SPACE.match(text)
    if leading.end():
        runs[0] = leading.end()
    for match in _SPACE_AFTER_NEWLINE.finditer(text):
        runs[match.start() + 1] = match.end()
    ends = [match.start() for match in _NEWLINE_AFTER_SPACE.finditer(text)]
    if text and text[-1] in HSPACE_CHARS:
        ends.append(len(text))
    for end in ends:
        start = end - 1
        while start > 0 and text[start - 1] in HSPACE_CHARS:
            start -= 1
        runs[start] = end
    for start in sorted(runs):
        yield Edit("", start, runs[start], "")


_LEADING_NEWLINES = re.compile("\\A\\n+")
_BLANK_LINE_RUN = re.compile("\\n\\n\\n+")  # a literal prefix: searched, not tried at every newline


@rule(
    "blank-lines",
    "paragraphs not separated by exactly one blank line, or text not ending with one newline",
    examples=[("\n\n\u7b2c\u4e00\u6bb5\u3002\n\n\n\n\u7b2c\u4e8c\u6bb5\u3002", "\u7b2c\u4e00\u6bb5\u3002\n\n\u7b2c\u4e8c\u6bb5\u3002\n")],
)
def blank_lines(text: str, context: Context) -> Iterator[Edit]:
    if text.endswith("\n") and not text.endswith("\n\n") and not text.startswith("\n") and "\n\n\n" not in text:
        return
    if not text.strip("\n"):
        if text:
            yield Edit("", 0, len(text), "")
        return
    leading = _LEADING_NEWLINES.match(text)
    content_start = leading.end() if leading else 0
    if leading:
        yield Edit("", 0, leading.end(), "")
    content_end = len(text.rstrip("\n"))
    for run in _BLANK_LINE_RUN.finditer(text, content_start, content_end):
        yield Edit("", run.start(), run.end(), "\n\n")
    if len(text) - content_end != 1:
        yield Edit("", content_end, len(text), "\n")
