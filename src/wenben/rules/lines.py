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

import dataclasses
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from ..chars import (
    CJK_CLOSING,
    CJK_OPENING,
    CJK_LETTER,
    CJK_PUNCT,
    HAN,
    HSPACE,
    HSPACE_CHARS,
    KANA,
    SENTENCE_FINAL,
    content_widths,
)
from ..edits import Edit, edits_from_rows
from ..lazyre import lazy
from .base import Context, joint_rule, rule

FULL_RATIO = 0.75
MIN_FULL_WIDTH = 20

_LINE = lazy("[^\\n]*")
_LEADING_SPACE = lazy(f"[{HSPACE}]*")
_INDENT = lazy("(?:\u3000|[ \u00a0]{2,}|\t)")
_CJK = lazy(f"[{CJK_LETTER}{CJK_PUNCT}]")
# What starts a line that must stay a line of its own: list items, numbered headings,
# Markdown markers, table rows.
_LINE_MARKER = lazy(
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
_CODE_START = lazy(r"\s*(?:def|class|import|return|if|for|while)\b")


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
_FIELD_LINE = lazy(f"[{CJK_LETTER}]{{1,4}}[:\uff1a][^\\n\uff0c\u3002\uff1b,;]*\\Z")
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
    title does not: only a complete sentence shows the block is one paragraph. A clause
    ending with a colon does in a two-line block too when the line before ends a sentence (it
    is prose, not a title before a salutation) and the clause is at least half as wide as that
    line (a short lead-in, ``例如：``, stands on its own line)."""
    tail = lines[-1].rstrip(HSPACE_CHARS)
    clause = tail.endswith((":", "\uff1a")) and (
        len(lines) > 2 or (_ends_sentence(lines[-2]) and 2 * widths[-1] >= widths[-2])
    )
    return tail[-1:] in _LAST_LINE_FINAL or clause or (len(lines) > 2 and widths[-1] >= full)


# --- Document evidence -------------------------------------------------------------------------

#: Characters at the start of a document from which its paragraph evidence is taken: the same
#: for ``clean()``, ``explain()`` and every part of ``clean_stream`` (see ADR 0002).
EVIDENCE_SIZE = 1 << 16

# Characters two display columns wide: Han, kana, Hangul, CJK punctuation and symbols, U+3000,
# the full-width forms. Full-width letters and digits are left out: cleaning folds them to
# ASCII before lines are judged. (Curly quotes, the ellipsis and the dash are East Asian
# "ambiguous" and count as one column, as terminals and Python's wcwidth-style tools count them.)
_WIDE_BODY = (
    HAN + KANA + "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\uac00-\ud7a3\ufe30-\ufe4f"
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff60\uffe0-\uffe6"
)
_NOT_WIDE = lazy(f"[^{_WIDE_BODY}\\n]+")
_BLANK_LINE = lazy(f"\\n[{HSPACE}]*\\n")
_CHUNK = lazy(f"[^{HSPACE}]+")
_LATIN_WORD = lazy(f"[^{HSPACE}{_WIDE_BODY}]+")
_LAST_CHUNK = lazy(f"[^{HSPACE}]+\\Z")
# What _latin_words finds in one scan (tests hold it to these): the words and compounds of
# Evidence.words and Evidence.compounds.
_WORD = lazy("(?<![A-Za-z-])[A-Za-z]{3,}(?![A-Za-z-])")
_LAST_LETTERS = lazy("[A-Za-z]+\\Z")
_FIRST_LETTERS = lazy("[A-Za-z]+")
_COMPOUND = lazy("(?<![A-Za-z-])[A-Za-z]+-[A-Za-z]+")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal or a fixed-width wrapper: wide characters 2, others 1."""
    return len(text) + len(_NOT_WIDE.sub("", text))


def display_widths(lines: list[str]) -> list[int]:
    """:func:`display_width` of each line, from one substitution over the lines joined."""
    wide = _NOT_WIDE.sub("", "\n".join(lines)).split("\n")
    return [len(line) + len(extra) for line, extra in zip(lines, wide)]


@dataclass(frozen=True)
class Evidence:
    """How a document marks its paragraphs, measured once over its first ``EVIDENCE_SIZE``
    characters and handed to the line rules of every block (and every part of a stream)."""

    blank_paragraphs: bool = False
    """Paragraphs are separated by blank lines: a single line break inside a block is a wrap
    unless a structural cue (a short line, a list marker, a field, a table row) says otherwise."""
    width: int = 0
    """The wrap width most full lines share (0: the document shows none)."""
    unit: str = "content"
    """What ``width`` counts: ``chars``, ``columns`` (display columns, Han 2), or ``content``
    (display columns of letters, digits and Han only: punctuation and spaces, which cleaning
    changes and typesetters squeeze, count 0; see chars.content_width)."""
    exact: bool = False
    """Lines were wrapped by a tool at exactly ``width``: a line is full exactly when the next
    line's first word (or, for a run longer than the width, its first character) would not
    have fitted on it."""
    greedy: bool = False
    """(With ``exact``.) Every line that may be wrapped is full at ``width``, as a tool's greedy
    wrap makes them (see _greedy_wrap), not most lines, as a typeset page's lines in characters
    or columns may be too: then the wrapper's own rules decide (a break between two Chinese
    characters is a cut, made only to fill a line; a line with room left was broken at a space;
    see _cut_between, _room_left, _word_starts)."""
    words: frozenset[str] = frozenset()
    """Latin words (lower case) the document writes whole: ``inter-`` + ``national`` loses
    its hyphen only if ``international`` is one of them."""
    compounds: frozenset[str] = frozenset()
    """Hyphenated words (lower case) the document writes on one line (``well-known``)."""
    inner_words: frozenset[str] = frozenset()
    """Latin words (lower case, any length) the document writes inside a line, touching
    neither of its ends (where a wrapper may have cut them): see _word_starts."""
    hosts: frozenset[str] = frozenset()
    """The last two labels (lower case) of the dotted names (hosts, addresses, file names) the
    document writes with something after them inside a line (``example.org`` from
    ``https://library.example.org/``): where such a name ends a full line, it ended there (see
    _word_starts)."""
    floor: int = 0
    """Where the widths of the document's wrapped lines start, in ``unit``, when widths vary
    (not ``exact``): the tenth percentile of the full lines that do not end a sentence (0: too
    few of them). Lines between it and ``width`` are as full as the document's wrapped lines."""

    def measure(self, lines: list[str]) -> list[int]:
        """The widths of ``lines`` in this document's unit."""
        if self.unit == "columns":
            return display_widths(lines)
        if self.unit == "chars":
            return list(map(len, lines))
        return content_widths(lines)


NO_EVIDENCE = Evidence()


def _wrap_width(values: list[int], slack: int) -> tuple[int, float]:
    """The widest width that many lines share (within ``slack``), and the share of lines at it."""
    count = len(values)
    histogram = Counter(values)
    needed = max(2, count * 0.15)
    for value in sorted(histogram, reverse=True):
        near = sum(histogram.get(value - step, 0) for step in range(slack + 1))
        if near >= needed:
            over = sum(n for v, n in histogram.items() if v > value)
            return value, (near / count if over <= count * 0.05 else 0.0)
    values = sorted(values)
    return values[(count - 1) * 9 // 10], 0.0


@lru_cache(maxsize=16)
def document_evidence(document: str) -> Evidence:
    """The paragraph evidence of a document (its first ``EVIDENCE_SIZE`` characters)."""
    text = document[:EVIDENCE_SIZE].replace("\r\n", "\n").replace("\r", "\n")
    words, compounds, inner = _latin_words(text)
    blocks = []
    for chunk in _BLANK_LINE.split(text):
        lines = [line.rstrip(HSPACE_CHARS) for line in chunk.split("\n")]
        lines = [line for line in lines if line.strip(HSPACE_CHARS)]
        if lines:
            blocks.append(lines)
    prose = [lines for lines in blocks if len(lines) > 1 and not _looks_like_code(lines)]
    pairs = [
        (line, next_line)
        for lines in prose
        for line, next_line in zip(lines, lines[1:])
        if not _TABLE_ROW.match(line) and not _is_field(line)
    ]
    if len(pairs) < 3:
        return Evidence(words=words, compounds=compounds)
    lines = [line for line, _ in pairs]
    by_chars = _wrap_width(list(map(len, lines)), 0)
    by_columns = _wrap_width(display_widths(lines), 1)
    unit = "columns" if by_columns[1] >= by_chars[1] else "chars"
    width, share = by_columns if unit == "columns" else by_chars
    # (A tool's wrap shows on many lines: a few lines of equal width may be a coincidence.)
    exact = share >= 0.45 and width >= 8 and len(pairs) >= 8
    greedy = _greedy_wrap(pairs)
    if greedy is not None:
        unit, width = greedy
        exact = True
    if not exact:  # typeset, or OCR: widths vary, and are judged from content
        unit = "content"
        sizes = content_widths(lines)
        width = _wrap_width(sizes, 2)[0]
        if sum(size > width + 2 for size in sizes) * 2 > len(sizes):
            # Most lines are wider than it: a wrap width is a ceiling that wrapped lines reach,
            # so this is none (lines of headings; every paragraph on one line). The document
            # shows no width, and each block is judged by itself.
            width = 0
    evidence = Evidence(
        width=width,
        unit=unit,
        exact=exact,
        greedy=greedy is not None,
        words=words,
        compounds=compounds,
        inner_words=inner,
        hosts=_hosts(text),
    )
    # Paragraph ends inside blocks: lines that end a sentence before the wrap width.
    measured = evidence.measure(lines)
    units = _units([next_line for _, next_line in pairs], evidence, width, lines)
    inner_ends = sum(
        1
        for (line, _), size, unit in zip(pairs, measured, units)
        if _ends_sentence(line) and not _full(size, unit, line, evidence, width)
    )
    # Few of them for the paragraph breaks the blank lines mark (or for its multi-line blocks):
    # the exceptions (a list item without a marker, a line an extractor cut short, text it
    # put out of order) are proportions of a document's size, not a count.
    blank = len(blocks) >= 2 and inner_ends <= max(1, len(prose) // 5, (len(blocks) - 1) // BLANK_BREAKS_PER_END)
    floor = 0 if exact else _spread_floor(lines, measured, width)
    return dataclasses.replace(evidence, blank_paragraphs=blank, floor=floor)


#: Paragraph breaks marked by blank lines that a document needs for each sentence end inside a
#: block (before the wrap width) to count as separating its paragraphs with blank lines
#: (measured, ADR 0002: blank-line documents 0-0.09, documents without paragraph marks 0.3 and
#: more).
BLANK_BREAKS_PER_END = 8


#: Full wrapped lines needed to measure where their widths start (``Evidence.floor``).
MIN_SPREAD_LINES = 5


def _spread_floor(lines: list[str], sizes: list[int], width: int) -> int:
    """``Evidence.floor``: the tenth percentile of the widths of the full lines (three quarters
    of ``width`` or more) that do not end a sentence, which are wrapped lines; never above
    ``width``; 0 with fewer than ``MIN_SPREAD_LINES`` of them."""
    wrapped = sorted(
        size for line, size in zip(lines, sizes) if size >= FULL_RATIO * width and not _ends_sentence(line)
    )
    if len(wrapped) < MIN_SPREAD_LINES:
        return 0
    return min(wrapped[len(wrapped) // 10], width)


def _latin_words(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """``_WORD.findall(text)``, ``_COMPOUND.findall(text)`` (lower case) and the inner words:
    the runs of ASCII letters (lower case) inside the lines of ``text``, touching neither end
    of their line (spaces at the ends not counted). One scan of the runs for the three (as the
    core's ``latin_words``): a run never crosses a line end, and a line's ends (spaces
    stripped) stand for the text's, being neither letters nor hyphens."""
    words, compounds, inner = set(), set(), set()
    runs = _FIRST_LETTERS
    for line in text.split("\n"):
        line = line.strip(HSPACE_CHARS)
        size = len(line)
        for match in runs.finditer(line):
            start, end = match.span()
            word = match.group().lower()
            if start > 0:
                if end < size:
                    inner.add(word)
                if line[start - 1] == "-":
                    continue  # (?<![A-Za-z-]): a run is whole, so only a hyphen can be before it
            if end < size and line[end] == "-":
                second = runs.match(line, end + 1)
                if second is not None:
                    compounds.add(word + "-" + second.group().lower())
            elif end - start >= 3:
                words.add(word)
    return frozenset(words), frozenset(compounds), frozenset(inner)


_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")


def _host_tail(run: str) -> str | None:
    """The last two labels (lower case) of the dotted name ``run`` (``library.example.org``:
    ``example.org``), when its last label is two ASCII letters or more; else None."""
    labels = run.split(".")
    if len(labels) < 2 or not labels[-2] or len(labels[-1]) < 2:
        return None
    last = labels[-1]
    if not (last.isascii() and last.isalpha()):
        return None
    return f"{labels[-2]}.{last}".lower()


def _hosts(text: str) -> frozenset[str]:
    """``Evidence.hosts``: the tails (_host_tail) of the runs of letters, digits, dots and hyphens
    in ``text`` that something other than a line end follows (a run at a line end may be cut);
    a sentence's full stop after the run is not part of it."""
    hosts = set()
    for line in text.split("\n"):
        index, count = 0, len(line)
        while index < count:
            if line[index] not in _HOST_CHARS:
                index += 1
                continue
            end = index
            while end < count and line[end] in _HOST_CHARS:
                end += 1
            if end < count:
                tail = _host_tail(line[index:end].rstrip("."))
                if tail is not None:
                    hosts.add(tail)
            index = end
    return frozenset(hosts)


#: Share of a document's wrapped-line candidates that must be exactly full at one width for the
#: document to count as wrapped by a tool at that width (see _greedy_wrap).
GREEDY_SHARE = 0.9


def _greedy_wrap(pairs: list[tuple[str, str]]) -> tuple[str, int] | None:
    """The unit and width at which a tool wrapped the document greedily, or None. A greedy
    wrapper (``textwrap``, ``fmt -w``-like tools, mail clients) breaks a line exactly where the
    next word would not fit: where lines hold words of different lengths (English, Chinese with
    Latin words), few lines share the widest width, but nearly every line is full at it. So:
    the widest line widths are tried as the width, in characters and in columns, and one is
    taken when at least ``GREEDY_SHARE`` of the lines that may be wrapped (not ending a
    sentence, not before an indent or a list marker, at least a quarter of the width) are full
    at it and (almost) none is wider. A short document (fewer than 8 such lines, at least 3)
    must have every one of them full."""
    candidates = [
        (line, next_line)
        for line, next_line in pairs
        if not _ends_sentence(line)
        and next_line[:1] not in HSPACE_CHARS
        and not ((next_line[0] in _MARKER_STARTS or next_line[0].isdecimal()) and _LINE_MARKER.match(next_line))
    ]
    if len(candidates) < 3:
        return None
    lines = [line for line, _ in candidates]
    next_lines = [next_line for _, next_line in candidates]
    best: tuple[float, str, int] | None = None
    # The next lines' first words do not depend on the unit or the width: found once.
    words, starts, cut = _first_words(next_lines, True, True, lines)
    for unit in ("columns", "chars"):
        evidence = Evidence(unit=unit, exact=True, greedy=True)
        sizes = evidence.measure(lines)
        word_sizes = evidence.measure(words)
        start_sizes = evidence.measure(starts)
        # A line or two wider than the width (a long URL a wrapper would not cut) is allowed.
        for width in sorted(set(sizes), reverse=True)[:3]:
            if width < 8 or sum(size > width for size in sizes) > len(sizes) * 0.05:
                continue
            units = _units_at(word_sizes, start_sizes, cut, width)
            # A line under a quarter of the width says nothing: a heading, a signature, a date
            # (a typeset page's lines fall a character or two short of the width: they count).
            counted = [
                size <= width and _full(size, unit_, line, evidence, width)
                for line, size, unit_ in zip(lines, sizes, units)
                if 4 * size >= width
            ]
            if len(counted) < 3:
                continue
            share = sum(counted) / len(counted)
            if share >= (GREEDY_SHARE if len(counted) >= 8 else 1.0) and (best is None or share > best[0]):
                best = (share, unit, width)
    return None if best is None else (best[1], best[2])


def _units(
    next_lines: list[str], evidence: Evidence, width: int, lines: list[str] | None = None
) -> list[tuple[int, int]]:
    """For the line before each of ``next_lines`` (``lines[i]`` before ``next_lines[i]``, when
    given): the width of what would have had to fit on it for the wrap to come later, and the
    gap before it. That is the next line's first word after a space (gap 1), or its first
    character alone (gap 0) when that word is a run longer than the width, as a run of Han is,
    which a wrapper cuts anywhere. For a tool's wrap see _cut_between and _WORD_HYPHEN."""
    words, starts, cut = _first_words(next_lines, evidence.exact, evidence.greedy, lines)
    return _units_at(evidence.measure(words), evidence.measure(starts), cut, width)


def _first_words(
    next_lines: list[str], exact: bool, greedy: bool, lines: list[str] | None
) -> tuple[list[str], list[str], list[bool]]:
    """What :func:`_units` measures, which depends on neither the unit nor the width (so
    _greedy_wrap finds it once for all the widths it tries): each next line's first word, the
    start a line breaker cutting a run moves down whole, and whether the break cut a run."""
    words = []
    cut = []
    starts = []
    for index, next_line in enumerate(next_lines):
        body = next_line.lstrip(HSPACE_CHARS)
        # A typesetter breaks before any Han character: only a Latin word moves whole.
        chunk = (_CHUNK if exact else _LATIN_WORD).match(body)
        word = chunk.group() if chunk else body[:1]
        if greedy:
            hyphen = _WORD_HYPHEN.search(word)
            if hyphen:
                word = word[: hyphen.start() + 1]
        words.append(word)
        cut.append(greedy and lines is not None and _cut_between(lines[index], body))
        starts.append(_first_unbreakable(body) if greedy else word[0])
    return words, starts, cut


def _units_at(
    word_sizes: list[int], start_sizes: list[int], cut: list[bool], width: int
) -> list[tuple[int, int]]:
    """:func:`_units` at ``width`` from the measured words and starts of :func:`_first_words`."""
    return [
        (start_size, 0) if forced or size > width else (size, 1)
        for size, start_size, forced in zip(word_sizes, start_sizes, cut)
    ]


def _first_unbreakable(body: str) -> str:
    """The start of ``body`` that a line breaker cutting a run moves down as one piece: the
    opening marks, which never end a line, the character after them, and the marks after it
    that never start one, or a dash or an ellipsis (``树，``, ``方’，``, ``“人``, ``影……``;
    GB/T 15834 and clreq forbid those line edges, and CJK typesetters and wrappers move the
    character with its mark)."""
    index = 0
    while index < len(body) - 1 and body[index] in _NEVER_ENDS:
        index += 1
    index += 1
    while index < len(body) and body[index] in _HELD_BACK:
        index += 1
    return body[:index]


# A hyphen after a letter and before one: a tool wrapping at a fixed width may break after it
# (``textwrap`` does, counting Han as letters), so the word that had to fit ends there.
_WORD_HYPHEN = lazy("(?<=[^\\W\\d_])-(?=[^\\W\\d_])")


def _cut_between(line: str, next_body: str) -> bool:
    """Whether a tool wrapping at a fixed width cut a run between ``line`` and ``next_body``
    rather than breaking at a space: always between two Chinese characters, where Chinese puts
    no space. A tool cuts a run only to fill a line, so such a line is full only if the next
    character would not have fitted."""
    tail = line.rstrip(HSPACE_CHARS)[-1:]
    return bool(tail) and bool(next_body) and _is_cjk(tail) and _is_cjk(next_body[0])


def _full(size: int, unit: tuple[int, int], line: str, evidence: Evidence, width: int) -> bool:
    """Whether a line of width ``size`` is full in a document wrapped at ``width``: the next
    line's first unit (see _units) would not have fitted after it. Without an exact wrap
    width, a line at three quarters of the width is full too."""
    if not width:
        return False
    first, gap = unit
    if line.endswith("-"):
        gap = 0
    if evidence.exact:
        return size + gap + first > width
    return size >= FULL_RATIO * width or size + gap + first >= 0.9 * width


# --- Line breaks -------------------------------------------------------------------------------

# Marks that never start a paragraph: a line starting with one continues the line before.
_NEVER_STARTS = frozenset("\uff0c\u3001\u3002\uff1b\uff1a\uff1f\uff01," + CJK_CLOSING)
_NEVER_ENDS = frozenset(CJK_OPENING)
# What a line breaker keeps with the character before it: the marks that never start a line,
# and the dash and the ellipsis, which are never split (``——``, ``……``).
_HELD_BACK = _NEVER_STARTS | frozenset("\u2014\u2026")
# What ends a sentence or clause right after a note mark cut onto the next line (``2。``);
# not ``、`` or ``：``, which make list markers (``1、``), nor ASCII marks (``1,000``).
_AFTER_NOTE_MARK = frozenset("\u3002\uff0c\uff1b\uff1f\uff01")


def _starts_with_note_mark(next_body: str) -> bool:
    """The next line starts with up to three ASCII digits and then a full-width mark that ends a
    sentence or clause (``2。缺少…``): a footnote mark (or the end of a number) an extractor put
    on a line of its own, which never starts a paragraph."""
    digits = 0
    while digits < 3 and digits < len(next_body) and "0" <= next_body[digits] <= "9":
        digits += 1
    return 0 < digits < len(next_body) and next_body[digits] in _AFTER_NOTE_MARK
_ASCII_FINAL = frozenset(".;!?")
_TABLE_ROW = lazy(f"[{HSPACE}]*\\|")
_LIST_ITEM = lazy(f"([{HSPACE}]*)" + _LINE_MARKER.pattern + f"[{HSPACE}]*")


def _line_breaks(text: str, context: Context, enabled: frozenset[str]) -> list[Edit]:
    """Each line break inside a block is either a wrap (``line-wrap`` joins the lines) or a
    paragraph break (``paragraph-breaks`` makes it one blank line); Markdown tables and code
    keep their lines. The document's evidence (``context.document``) says how it marks
    paragraphs and where it wraps."""
    wrap = "line-wrap" in enabled
    breaks = "paragraph-breaks" in enabled
    document = context.document if context.document is not None else text[:EVIDENCE_SIZE]
    evidence = document_evidence(document) if wrap else NO_EVIDENCE
    fenced = "```" in text
    rows: list[tuple[str, int, int, str]] = []
    for position, lines in _blocks(text):
        if _looks_like_code(lines):
            continue
        join = wrap and not (fenced and any("```" in line for line in lines))
        _block_breaks(rows, position, lines, evidence if join else None, breaks)
    return edits_from_rows(rows)


def _hanging(lines: list[str]) -> list[bool]:
    """Which lines continue a list item with a hanging indent: indented deeper than the line
    that starts the item, in the lines that follow it."""
    hanging = [False] * len(lines)
    item_indent = -1
    for index, line in enumerate(lines):
        indent = display_width(line[: len(line) - len(line.lstrip(HSPACE_CHARS))])
        start = line.lstrip(HSPACE_CHARS)[:1]
        if (start in _MARKER_STARTS or start.isdecimal()) and _LIST_ITEM.match(line):
            item_indent = indent
        elif item_indent >= 0 and indent > item_indent:
            hanging[index] = True
        else:
            item_indent = -1
    return hanging


def _block_breaks(
    rows: list[tuple[str, int, int, str]],
    position: int,
    lines: list[str],
    evidence: Evidence | None,
    breaks: bool,
) -> None:
    """Appends to ``rows`` the edits (as tuples) of the line breaks of a block at ``position``,
    in order: ``line-wrap`` where the line is wrapped (never when ``evidence`` is None), else
    ``paragraph-breaks`` if ``breaks``."""
    count = len(lines) - 1
    if evidence is None:
        if breaks:
            offset = position
            for line, next_line in zip(lines, lines[1:]):
                edit = _paragraph_break(line, next_line, offset)
                if edit is not None:
                    rows.append(edit)
                offset += len(line) + 1
        return
    bodies = [line.rstrip(HSPACE_CHARS) for line in lines]
    width = evidence.width
    sizes = evidence.measure(bodies)
    if not width:
        # No document width: judged from the block itself.
        evidence = dataclasses.replace(evidence, exact=False, unit="content")
        sizes = evidence.measure(bodies)
        width = max(max(sizes), MIN_FULL_WIDTH)
    elif not evidence.exact:
        # Measured widths vary (typeset, OCR): never stricter than the block's own widest line.
        width = min(width, max(max(sizes), MIN_FULL_WIDTH))
    inline = _inline_breaks(lines, bodies, sizes, evidence)
    units = _units(lines[1:], evidence, width, bodies)
    indented = _indented(lines)
    if indented:
        indented = [flag and not (index and inline[index - 1]) for index, flag in enumerate(indented)]
    hanging = _hanging(lines) if indented or any(line[:1] in HSPACE_CHARS for line in lines[1:]) else []
    if hanging:
        indented = [flag and not hang for flag, hang in zip(indented, hanging)] if indented else []
        if not any(indented):
            indented = []
    last_joins: bool | None = None
    opens = True  # whether line ``index`` is the first printed line of a paragraph
    offset = position
    for index in range(count):
        line = lines[index]
        next_line = lines[index + 1]
        body = bodies[index]
        next_body = next_line.lstrip(HSPACE_CHARS)
        start = offset + len(body)
        end = offset + len(line) + 1 + len(next_line) - len(next_body)
        if inline[index]:
            rows.append(("line-wrap", start, end, _separator(body, next_body, evidence, width, sizes[index])))
            offset += len(line) + 1
            continue
        decision = _decide(body, next_body, index, lines, sizes[index], units[index], evidence, width, indented, opens)
        if decision is not None and not evidence.exact and _note_mark_piece(body, next_body):
            # The rest of the printed line after a superscript note mark (``…结构`` + ``1。``,
            # PyMuPDF): the break after it is judged on the printed line's width.
            sizes[index + 1] += sizes[index]
        if decision is not None and decision[1] and index == count - 1:
            # A block's last line must show the block is one paragraph (see _last_line_joins).
            if last_joins is None:
                last_joins = (evidence.blank_paragraphs and evidence.exact) or _last_line_joins(
                    bodies, sizes, FULL_RATIO * width
                )
            if not last_joins:
                decision = None
        opens = decision is None
        if decision is not None:
            separator, _ = decision
            if separator == "-":  # a word split with a hyphen: the hyphen goes
                rows.append(("line-wrap", start - 1, end, ""))
            else:
                rows.append(("line-wrap", start, end, separator))
        elif breaks:
            edit = _paragraph_break(line, next_line, offset)
            if edit is not None:
                rows.append(edit)
        offset += len(line) + 1


def _inline_breaks(lines: list[str], bodies: list[str], sizes: list[int], evidence: Evidence) -> list[bool]:
    """Which line breaks fall inside one printed line: an extractor (pdfminer.six) ends a text
    line where the font changes, as at inline code, leaving a space before the break and one
    after it, or from a Latin word to Chinese, leaving the space before the break (see
    _font_change). Such a break is a wrap when the pieces together fit in the document's
    (measured, not exact) wrap width, and, without the space after it, make a full line, and
    the first does not end a sentence. ``sizes`` then becomes the
    width of the printed line up to each piece, so the break after it is judged on that."""
    inline = [False] * (len(lines) - 1)
    width = evidence.width
    if not width or evidence.exact:
        return inline
    for index in range(len(lines) - 1):
        line, next_line = lines[index], lines[index + 1]
        if (
            line[-1:] in HSPACE_CHARS
            and not _TABLE_ROW.match(line)
            and not _ends_sentence(bodies[index])
            and sizes[index] + sizes[index + 1] <= width
            # (Never between two digits: the number cue decides, see _number_cut.)
            and not (bodies[index][-1].isdigit() and next_line.lstrip(HSPACE_CHARS)[:1].isdigit())
            and (
                next_line[:1] in HSPACE_CHARS
                # (Latin to Chinese: only where the pieces make a full line, not a heading
                # with a space after it before a short line.)
                or (_font_change(line, next_line) and sizes[index] + sizes[index + 1] >= FULL_RATIO * width)
            )
        ):
            inline[index] = True
            sizes[index + 1] += sizes[index]
    return inline


def _font_change(line: str, next_line: str) -> bool:
    """A line that ends with a Latin letter or digit and one space, before a line that starts
    with a Chinese character: pdfminer.six ends a text line where the font changes from Latin
    to Chinese, keeping the word space on the first piece (``TeX Live `` + ``的宏包…``)."""
    return (
        len(line) >= 2
        and line[-2].isascii()
        and line[-2].isalnum()
        and next_line[:1] != ""
        and _is_cjk(next_line[0])
    )


def _decide(
    body: str,
    next_body: str,
    index: int,
    lines: list[str],
    size: int,
    unit: tuple[int, int],
    evidence: Evidence,
    width: int,
    indented: list[bool],
    opens: bool = False,
) -> tuple[str, bool] | None:
    """Whether the break after line ``index`` (``body``, spaces stripped) is a wrap: None if it
    is not, else ``(separator, judged)``: what replaces the break, and whether the decision
    rests on the width (and so on the block's last line, see _block_breaks). ``opens``: the
    line is the first of its paragraph (the break before it was not a wrap)."""
    first_char = next_body[0]
    line = lines[index]
    if _TABLE_ROW.match(line) and _TABLE_ROW.match(lines[index + 1]):
        return None
    cjk_next = _is_cjk(first_char)
    if first_char in _NEVER_STARTS or (
        "0" <= first_char <= "9" and _starts_with_note_mark(next_body) and not body[-1].isdigit()
    ):
        # (A note mark after a digit would make one number of two: the number cue decides.)
        return ("" if cjk_next or _is_cjk(body[-1]) else " ", False)
    if (
        (first_char in _MARKER_STARTS or first_char.isdecimal())
        and _LINE_MARKER.match(next_body)
        and not (first_char in "-+*" and next_body[1:2] not in HSPACE_CHARS)  # -L, not a bullet
        # (nor a hyphen a tool's wrap left alone on a line: ``Wi`` + ``-`` + ``Fi``)
        and not (evidence.greedy and next_body.rstrip(HSPACE_CHARS) == "-")
    ):
        if not (body[-1].isdigit() and first_char.isdigit()):  # (230.\n85: a number, not a list)
            return None
    if _is_field(line) and (not evidence.greedy or _is_field(lines[index + 1])):
        # (In a tool's wrap a field's value may go on to the next line: fullness decides.)
        return None
    end_char = body[-1]
    if not _room_left(body, next_body, size, evidence, width):
        # (A tool that left room for the next character broke at a space: these do not apply.)
        if end_char in "./@:_-" and _ends_inside_address(body) and not cjk_next:
            return ("", False)
        if end_char in _NUMBER_MARKS and first_char.isdigit() and len(body) > 1 and body[-2].isdigit():
            # A number cut at its decimal point or thousands separator, or two numbers: one
            # only with evidence, never on a guess (ADR 0007, a number keeps its value).
            return ("", False) if _number_cut(body, next_body, size, evidence, width) else None
        if end_char.isdigit() and first_char.isdigit() and _glued_number(body):
            if not _number_cut(body, next_body, size, evidence, width):
                return None  # (joined, the separator would make one number of the two)
        if body.endswith(_SCHEMES):
            return ("", False)
    if end_char == "-" and "a" <= body[-2:-1] <= "z" and "a" <= first_char <= "z":
        # A word cut at a hyphen (lines seldom end with one otherwise), whatever the width.
        return (_hyphen_join(body, next_body, evidence), False)
    if not _full(size, unit, body, evidence, width):
        return None
    if end_char == "-" and first_char.isascii() and first_char.isalnum() and body[-2:-1].isalnum():
        return (_hyphen_join(body, next_body, evidence), False)
    if indented and indented[index + 1]:
        return None  # a first-line indent starts a paragraph
    if _ends_sentence(body):
        final = body.rstrip(_CLOSERS)[-1]
        if not (
            final in _ASCII_FINAL
            or evidence.blank_paragraphs
            or (indented and not indented[index + 1])
            or _reaches_width(size, evidence)
            or (opens and _within_spread(size, final, evidence) and not _ends_sentence(next_body.rstrip(HSPACE_CHARS)))
            or (not opens and _within_spread(size, final, evidence) and _last_sentence(next_body, size, evidence))
        ):
            return None
    return (_separator(body, next_body, evidence, width, size, index + 2 < len(lines)), True)


# What a number may be cut after at a wrap (decimal points, thousands separators), and what the
# number rules read as one between two digits (``230。85`` -> ``230.85``).
_NUMBER_MARKS = frozenset(".,\u3002\uff0e\uff0c")


def _ascii_digits(text: str, start: int) -> int:
    """How many ASCII digits ``text`` has from ``start`` on."""
    end = start
    while end < len(text) and "0" <= text[end] <= "9":
        end += 1
    return end - start


def _thousands_group(body: str, next_body: str) -> bool:
    """``body`` ends with a number written with thousands separators up to a comma
    (``1,``, ``12,345,``), and ``next_body`` starts with a group of three digits, not more."""
    if _ascii_digits(next_body, 0) != 3:
        return False
    index = len(body) - 1  # the comma
    while True:
        start = index
        while start > 0 and "0" <= body[start - 1] <= "9":
            start -= 1
        digits = index - start
        if start == 0 or body[start - 1] != ",":
            return 1 <= digits <= 3
        if digits != 3:
            return False
        index = start - 1


def _number_cut(body: str, next_body: str, size: int, evidence: Evidence, width: int) -> bool:
    """Whether digits on both sides of a line break (``3951`` + ``23085``, ``0,`` + ``8``) are one
    number a wrap cut: the document was wrapped by a tool at exactly ``width`` and the line is
    full, the next character would not have fitted (a tool cuts a run only to fill a line;
    typesetters never break inside a number), or the next line goes on with a thousands group
    (``1,`` + ``000``). Otherwise the break may part two numbers (table rows, lists of
    figures) and is kept: a number must never change value (ADR 0007)."""
    if evidence.exact and size + evidence.measure([next_body[0]])[0] > width:
        return True
    return body[-1] == "," and _thousands_group(body, next_body)


def _glued_number(body: str) -> bool:
    """The line's last chunk (after its last space) holds Chinese: a number glued to Chinese
    (``主等0.0``), which _separator joins to the next line's digits without a space."""
    head = _LAST_CHUNK.search(body)
    return head is not None and _CJK.search(head.group()) is not None


def _room_left(body: str, next_body: str, size: int, evidence: Evidence, width: int) -> bool:
    """In a document a tool wrapped at exactly ``width``: the line had room for the next line's
    first character, so the tool broke at a space there, not inside a word, a number or an
    address (it cuts a run only to fill a line; after a hyphen it may break anywhere)."""
    return (
        evidence.greedy
        and not body.endswith("-")
        and size + evidence.measure([next_body[0]])[0] <= width
    )


def _reaches_width(size: int, evidence: Evidence) -> bool:
    """A line that ends a sentence is still wrapped, in a document that marks no paragraphs,
    when it is as wide as the document's measured wrap width: a paragraph's last line seldom
    fills the whole measure (about one in a line's length), a wrapped line does (typeset or OCR
    text, widths measured from content; an exact tool wrap is judged by _full alone)."""
    return bool(evidence.width) and not evidence.exact and size >= evidence.width


def _within_spread(size: int, final: str, evidence: Evidence) -> bool:
    """A paragraph's first line that ends a sentence is still wrapped, in a document that
    marks no paragraphs, when it is as full as the document's wrapped lines (at least
    ``Evidence.floor``, its final mark counted, which content widths leave out and which takes
    a full slot of the line), and the next line runs on (_decide: it does not end a sentence
    itself): a paragraph of one line that fills the measure is rarer than a first sentence
    that ends where the line does, except where lines are one sentence each (footnotes, lists
    without markers), which a next line ending a sentence shows. Later lines keep the
    stricter _reaches_width: a paragraph ending on its second or later line is common, and a
    full last line there as likely as a sentence ending at a wrap."""
    return bool(evidence.floor) and not evidence.exact and size + display_width(final) >= evidence.floor


def _note_mark_piece(body: str, next_body: str) -> bool:
    """The next line is a note mark an extractor cut onto a line of its own, with the rest of
    the printed line (``2\u3002\u7f3a\u5c11\u2026``), which _decide joins (cue 9)."""
    return "0" <= next_body[0] <= "9" and _starts_with_note_mark(next_body) and not body[-1].isdigit()


def _last_sentence(next_body: str, size: int, evidence: Evidence) -> bool:
    """After a paragraph's later line that ends a sentence within the spread (_within_spread),
    the next line is the paragraph's last one: it ends a sentence itself short of the spread
    (where the paragraph ends either way) and is at least half as wide as the line before.
    Were the break a paragraph end, that line would be a paragraph of one sentence on one
    line, rarer in prose than a paragraph whose last sentence starts a line; a closing formula
    (``\u7279\u6b64\u901a\u77e5\u3002``, ``\u8c22\u8c22\uff01``), shorter than half a line, keeps its own
    line. (After a first line, 7a asks the opposite: a next line ending a sentence there shows
    lines of one sentence each, footnotes or a list without markers.)"""
    body = next_body.rstrip(HSPACE_CHARS)
    if not _ends_sentence(body):
        return False
    next_size = evidence.measure([body])[0]
    final = body.rstrip(_CLOSERS)[-1]
    return not _within_spread(next_size, final, evidence) and next_size * 2 >= size


def _hyphen_join(body: str, next_body: str, evidence: Evidence) -> str:
    """``-`` (the hyphen goes) if ``body`` ends with a word split by a hyphen that the document
    writes whole elsewhere, else ``""`` (the hyphen is part of the text: ``debian-`` +
    ``user@example.org``, ``well-`` + ``known``). When unsure, the hyphen stays."""
    head = _LAST_CHUNK.search(body)
    tail = _CHUNK.match(next_body)
    if head is None or tail is None:
        return ""
    left = head.group()[:-1]
    right = tail.group()
    if not (left.isascii() and left.isalpha() and right.isascii() and right.isalpha() and right.islower()):
        return ""
    whole = (left + right).lower()
    if whole in evidence.words and f"{left}-{right}".lower() not in evidence.compounds:
        return "-"
    return ""


def _separator(
    body: str, next_body: str, evidence: Evidence, width: int, size: int, continues: bool = False
) -> str:
    """What joins a wrapped line to the next: nothing next to Chinese; between Latin words a
    space, unless a fixed-width wrapper cut a run longer than the width there (``…基于Deb`` +
    ``ian的…``). ``continues``: the next line is one run and another line follows it in the
    block, so the run may go on there."""
    if _room_left(body, next_body, size, evidence, width):
        return " "  # a tool that left room broke at a space (``2.`` + ``易燃…``)
    if evidence.greedy and body[-1] == "-" and (len(body) == 1 or body[-2] not in HSPACE_CHARS):
        return ""  # a tool broke after a word's hyphen: it stays, and nothing comes after it
    if _is_cjk(body[-1]) or _is_cjk(next_body[0]):
        return ""
    if body[-1].isdigit() and next_body[0].isdigit():
        # A number glued to Chinese (``主等0.0`` + ``1``) was cut by a wrapper: a space would
        # make it two numbers. (Typesetters never break inside a number; two numbers apart
        # have a space before the first.)
        head = _LAST_CHUNK.search(body)
        if head is not None and _CJK.search(head.group()):
            return ""
    # A wrapper cuts a run only to fill the line: with room left for the next character, the
    # break was at a space.
    if evidence.exact and size + evidence.measure([next_body[0]])[0] > width:
        head = _LAST_CHUNK.search(body)
        tail = _CHUNK.match(next_body)
        if head is not None and tail is not None:
            run = head.group() + tail.group()
            if not evidence.greedy:
                if evidence.measure([run])[0] > width:
                    return ""
            else:
                # The tool's own pieces: it may break after a hyphen between letters.
                hyphen = _WORD_HYPHEN.search(tail.group())
                piece = tail.group()[: hyphen.start() + 1] if hyphen else tail.group()
                last = [match.end() for match in _WORD_HYPHEN.finditer(head.group())]
                run = head.group()[last[-1] if last else 0 :] + piece
                # (A next line ending with a hyphen was broken after it: the run ends there.)
                rest = next_body.rstrip(HSPACE_CHARS)
                whole_line = not hyphen and tail.end() == len(rest) and not rest.endswith("-")
                if (evidence.measure([run])[0] > width or (continues and whole_line)) and not _word_starts(
                    body, next_body, evidence
                ):
                    return ""
    return " "


def _word_starts(body: str, next_body: str, evidence: Evidence) -> bool:
    """Where a line exactly full at a tool's width ends a Latin run and the next line goes on
    with one, the tool broke either at a space or inside a run: the shapes are the same. A new
    word is taken to start when the next line starts an address (``https://``, ``www.``) or a
    capitalised word after a lowercase letter or a digit (``Hierarchy`` + ``Standard``, ``413``
    + ``Request``), or when the Latin words on both sides are words the document writes whole
    inside a line elsewhere and the two together are not (``example.org`` + ``can``); otherwise
    the run was cut (``基于Debi`` + ``an的``). ADR 0002 lists what stays ambiguous."""
    if next_body.startswith(_SCHEMES) or next_body.startswith("www."):
        return True
    capital = "A" <= next_body[0] <= "Z" and "a" <= next_body[1:2] <= "z"
    if capital and ("a" <= body[-1] <= "z" or "0" <= body[-1] <= "9"):
        return True
    start = len(body)
    while start > 0 and body[start - 1] in _HOST_CHARS:
        start -= 1
    host = _host_tail(body[start:])
    if host is not None and host in evidence.hosts:
        return True  # a name the document writes whole, ended by something else (``example.org`` + ``can``)
    head = _LAST_LETTERS.search(body)
    tail = _FIRST_LETTERS.match(next_body)
    if head is None or tail is None:
        return False
    left, right = head.group().lower(), tail.group().lower()
    inner = evidence.inner_words
    return left in inner and right in inner and left + right not in inner


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
        # A hyphen at a wrap goes only if the document writes the word whole elsewhere.
        (
            "It is an international standard: inter-\nnational bodies and most of the coun-\n"
            "tries use it; write to debian-\nuser@lists.debian.org, as countries do.",
            "It is an international standard: international bodies and most of the countries "
            "use it; write to debian-user@lists.debian.org, as countries do.",
        ),
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
_SPACE_AFTER_NEWLINE = lazy(f"\n[{HSPACE}]+")
_NEWLINE_AFTER_SPACE = lazy(f"\\n(?<=[{HSPACE}]\\n)")


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


_LEADING_NEWLINES = lazy("\\A\\n+")
_BLANK_LINE_RUN = lazy("\\n\\n\\n+")  # a literal prefix: searched, not tried at every newline


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
