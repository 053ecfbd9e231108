"""Hard-wrapped plain text made from canonical text, the way tools make it.

``wrap_chars`` is Python's own ``textwrap`` (a fixed number of characters, as ``fmt``, mail
clients and many scripts wrap); ``wrap_columns`` is the same greedy algorithm counting display
columns (East Asian wide and full-width characters 2, others 1), as terminal tools and editors
with a text width wrap. Both keep textwrap's rules: break at spaces (dropped at the break) and
after hyphens in words; a run without spaces longer than the width (Chinese text has no spaces)
is cut to fill the line. ``indent_paragraphs`` writes paragraphs with a first-line indent and no
blank line between them, as typeset pages and OCR of them do.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata

IDEOGRAPHIC_SPACE = "\u3000"


def char_width(char: str) -> int:
    """Display columns of one character."""
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def columns(text: str) -> int:
    return sum(map(char_width, text))


# textwrap's chunks: whitespace runs, and words split after a hyphen between letters.
_CHUNKS = re.compile(r"(\s+|(?<=[A-Za-z])-(?=[A-Za-z]))")


def _chunks(text: str) -> list[str]:
    pieces: list[str] = []
    for piece in _CHUNKS.split(text):
        if piece == "-" and pieces:
            pieces[-1] += "-"
        elif piece:
            pieces.append(piece)
    return pieces


def wrap_columns(paragraph: str, width: int, initial_indent: str = "") -> list[str]:
    """``textwrap.wrap`` counting display columns instead of characters."""
    chunks = _chunks(paragraph)
    chunks.reverse()
    lines: list[str] = []
    while chunks:
        indent = initial_indent if not lines else ""
        room = width - columns(indent)
        line: list[str] = []
        size = 0
        if chunks[-1].isspace() and lines:
            chunks.pop()
        while chunks and size + columns(chunks[-1]) <= room:
            size += columns(chunks[-1])
            line.append(chunks.pop())
        if chunks and columns(chunks[-1]) > room:
            # a run longer than the room on a line: cut it to fill this one
            chunk = chunks.pop()
            cut = 0
            while cut < len(chunk) and size + char_width(chunk[cut]) <= room:
                size += char_width(chunk[cut])
                cut += 1
            if cut == 0 and not line:
                cut = 1
            line.append(chunk[:cut])
            if chunk[cut:]:
                chunks.append(chunk[cut:])
        while line and (line[-1].isspace() or not line[-1]):
            line.pop()
        if line:
            lines.append(indent + "".join(line))
    return lines


def wrap_chars(paragraph: str, width: int, initial_indent: str = "") -> list[str]:
    """Python's ``textwrap.wrap``."""
    return textwrap.wrap(paragraph, width, initial_indent=initial_indent)


def paragraphs(source: str) -> list[str]:
    return source.rstrip("\n").split("\n\n")


def blank_line_document(source: str, width: int, by: str) -> str:
    """Every paragraph of ``source`` wrapped at ``width`` (``by`` ``chars`` or ``columns``),
    paragraphs separated by a blank line."""
    wrap = wrap_chars if by == "chars" else wrap_columns
    return "\n\n".join("\n".join(wrap(p, width)) for p in paragraphs(source)) + "\n"


def indent_document(source: str, width: int, by: str, indented) -> str:
    """Paragraphs on consecutive lines, those for which ``indented(p)`` holds with a two
    U+3000 first-line indent, each wrapped at ``width``."""
    wrap = wrap_chars if by == "chars" else wrap_columns
    out: list[str] = []
    for p in paragraphs(source):
        out += wrap(p, width, initial_indent=2 * IDEOGRAPHIC_SPACE if indented(p) else "")
    return "\n".join(out) + "\n"
