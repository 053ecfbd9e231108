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
from typing import Iterator

from ..chars import CJK_CLOSING, CJK_LETTER, CJK_PUNCT, HSPACE, HSPACE_CHARS, SENTENCE_FINAL, content_widths
from ..edits import Edit
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
_CODE_LINE = re.compile(r"(?:[;{}]\s*$|^\s*(?:def|class|import|return|if|for|while)\b)")


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


def _may_be_field(body: str) -> bool:
    """A colon among the first few characters: only then can the line be a _FIELD_LINE."""
    head = body.lstrip(HSPACE_CHARS)[:6]
    return ":" in head or "\uff1a" in head


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


def _blocks(text: str) -> Iterator[list[tuple[int, str]]]:
    """Yield each block of two lines or more as a list of (offset, line); whitespace-only
    lines separate blocks. Paragraphs already separated by blank lines are skipped whole."""
    position = 0
    for chunk in text.split("\n\n"):
        # A chunk holds at most one leading and one trailing newline of a longer blank run.
        if chunk.count("\n") - chunk.startswith("\n") - chunk.endswith("\n") > 0:
            yield from _chunk_blocks(chunk, position)
        position += len(chunk) + 2


def _chunk_blocks(chunk: str, position: int) -> Iterator[list[tuple[int, str]]]:
    block: list[tuple[int, str]] = []
    for line in chunk.split("\n"):
        if line.strip(HSPACE_CHARS):
            block.append((position, line))
        else:
            if len(block) > 1:
                yield block
            block = []
        position += len(line) + 1
    if len(block) > 1:
        yield block


def _looks_like_code(lines: list[str]) -> bool:
    """At least two lines, and half of them, look like code and have no Chinese in them."""
    code = sum(1 for line in lines if not _CJK.search(line) and _CODE_LINE.search(line))
    return code >= 2 and code * 2 >= len(lines)


_TABLE_ROW = re.compile(f"[{HSPACE}]*\\|")


def _line_breaks(text: str, context: Context, enabled: frozenset[str]) -> Iterator[Edit]:
    """Each line break inside a block is either a wrap (``line-wrap`` joins the lines) or a
    paragraph break (``paragraph-breaks`` makes it one blank line); Markdown tables and code
    keep their lines."""
    wrap = "line-wrap" in enabled
    breaks = "paragraph-breaks" in enabled
    fenced = "```" in text
    for block in _blocks(text):
        lines = [line for _, line in block]
        if _looks_like_code(lines):
            continue
        joins: dict[int, Edit] = {}
        if wrap and not (fenced and any("```" in line for line in lines)):
            joins = _joins(block, lines)
        for index in range(len(block) - 1):
            join = joins.get(index)
            if join is not None:
                yield join
                continue
            if not breaks:
                continue
            offset, line = block[index]
            next_offset, next_line = block[index + 1]
            if _TABLE_ROW.match(line) and _TABLE_ROW.match(next_line):
                continue
            body_end = offset + len(line.rstrip(HSPACE_CHARS))
            next_start = next_offset + len(next_line) - len(next_line.lstrip(HSPACE_CHARS))
            yield Edit("paragraph-breaks", body_end, next_start, "\n\n")


def _joins(block: list[tuple[int, str]], lines: list[str]) -> dict[int, Edit]:
    """The wrapped line breaks of a block, by the index of the line before them."""
    joins: dict[int, Edit] = {}
    widths = content_widths(lines)
    widest = max(widths)
    if widest < MIN_FULL_WIDTH:
        return joins
    indented = [line[:1] in "\u3000\t \u00a0" and _INDENT.match(line) is not None for line in lines]
    uses_indent = any(indented[1:]) and not all(indented)
    full = max(MIN_FULL_WIDTH, FULL_RATIO * widest)
    last = len(block) - 2
    for index in range(len(block) - 1):
        offset, line = block[index]
        next_offset, next_line = block[index + 1]
        body = line.rstrip(HSPACE_CHARS)
        if not (
            widths[index] >= full
            or body.endswith(_SCHEMES)
            or (_hyphenated(body) and next_line.lstrip(HSPACE_CHARS)[:1].islower())
        ):
            continue
        next_body = next_line.lstrip(HSPACE_CHARS)
        if not body or not next_body:
            continue
        if (next_body[0] in _MARKER_STARTS or next_body[0].isdecimal()) and _LINE_MARKER.match(next_body):
            continue
        if _may_be_field(body) and _FIELD_LINE.match(body, len(body) - len(body.lstrip(HSPACE_CHARS))):
            continue
        inside_address = _ends_inside_address(body) and not _CJK.match(next_body[0])
        if (
            _ends_sentence(body)
            and not (uses_indent and not indented[index + 1])
            and not inside_address
        ):
            continue
        if index == last and not (
            next_body.rstrip(HSPACE_CHARS)[-1:] in _LAST_LINE_FINAL
            or (len(block) > 2 and (next_body.rstrip(HSPACE_CHARS).endswith((":", "\uff1a")) or widths[index + 1] >= full))
        ):
            # The block's last line does not end a sentence: a signature, a date, the line
            # after a title. Only a complete sentence shows the block is one paragraph.
            continue
        start = offset + len(body)
        end = next_offset + len(next_line) - len(next_body)
        separator = ""
        if inside_address:
            pass
        elif _hyphenated(body) and next_body[0].islower() and next_body[0].isascii():
            start -= 1
        elif not (_CJK.match(body[-1]) or _CJK.match(next_body[0])):
            separator = " "
        joins[index] = Edit("line-wrap", start, end, separator)
    return joins


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
