"""Repair mojibake: ftfy for the Western kinds, our own search for the Chinese kinds ftfy leaves.

ftfy repairs UTF-8 read as Latin-1/Windows-125x but, by design, not Chinese codecs (ftfy #34, #58):
``'浣犲ソ涓栫晫'`` (UTF-8 read as GBK) stays as it is.  This module adds four Chinese kinds:

==================  ====================================  ==============================
kind                how it was made                       example
==================  ====================================  ==============================
``utf8-as-gbk``     UTF-8 bytes decoded as GBK/GB18030    ``浣犲ソ涓栫晫`` -> ``你好世界``
``utf8-as-big5``    UTF-8 bytes decoded as Big5(-HKSCS)   lossy; only clean runs repair
``gbk-as-latin1``   GBK bytes decoded as Latin-1/cp1252   ``ÄãºÃ`` -> ``你好``
``big5-as-latin1``  Big5 bytes decoded as Latin-1/cp1252  ``§A¦n`` -> ``你好``
==================  ====================================  ==============================

A segment is replaced only when all of this holds (numbers in ``docs/encodings.md``):

1. *Strict round trip*: the segment re-encodes with the wrong codec and the bytes decode with the
   right one without a single error.  The one tolerated loss is the one the mojibake already
   has: a UTF-8 sequence cut short right before a ``\\ufffd`` or ``?`` that replaced its missing
   byte becomes one ``\\ufffd`` (the lost character is never guessed, and the marker is kept).
2. *Plausibility*: the repair is mostly CJK, has at least :data:`MIN_REPAIRED_CHARS` CJK
   characters, no control/private-use/unassigned characters, a share of *common* characters
   (GB2312 level 1 plus Big5 level 1, derived from Python's codecs, so no data file) of at least
   :data:`MIN_COMMON_SHARE` (all of them for short repairs), and that share beats the mojibake's
   own by :data:`MIN_SHARE_GAIN` — GBK-decoded UTF-8 is itself made of Han characters.
3. *Locality*: candidate windows start at characters that can only begin a misread UTF-8
   sequence and end at the last position that is a character boundary in both encodings, so
   correct text on the same line (Chinese or not) is never part of a repaired segment.

:func:`fix_unicode` (ftfy) is kept off the spans of these repairs, and off the Latin-1 runs that
look like GBK/Big5 mojibake but were left alone (too short, read as well by both codecs, rare
characters): ftfy would turn any pair of characters in them that happens to be UTF-8 into a
Latin or Greek letter (``ºê´ïµçÃÎ»Ã``, 宏达电梦幻, would get a ``λ``).

Everything here is a pure function of its input; the tables are immutable and built at import
from Python's codecs (about 30 ms).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import ftfy
from ftfy.badness import is_bad
from ftfy.chardata import UTF8_DETECTOR_RE

from wenben.io.decode import (
    COMMON_BIG5,
    COMMON_GB,
    FREQUENT_HAN,
    mixed_two_byte_scripts,
)
from wenben.rules.mojibake_inert import FTFY_HARMLESS, FTFY_SUSPECT, inert_ranges  # noqa: F401 (re-exported)

__all__ = [
    "COMMON_HAN",
    "FTFY_CONFIG",
    "MIN_COMMON_SHARE",
    "MIN_REPAIRED_CHARS",
    "MIN_SHARE_GAIN",
    "MojibakeFix",
    "find_mojibake",
    "fix_unicode",
    "mojibake_spans",
    "repair_cjk_mojibake",
]

#: A repair must produce at least this many CJK characters (Han or CJK punctuation).
MIN_REPAIRED_CHARS = 2
#: Share of common characters that a repair of 5+ non-ASCII characters needs; shorter need all.
MIN_COMMON_SHARE = 0.9
#: The repair's share of common characters must beat the mojibake's by this much.
MIN_SHARE_GAIN = 0.3

#: ftfy without the fixes that change correct Chinese: its defaults fold ，（）： and U+3000 to
#: ASCII (fix_character_width), straighten “” (uncurl_quotes), NFC-normalise, unescape HTML,
#: rewrite line breaks and delete control characters (remove_control_chars: the U+001F that
#: gettext catalogues use as a separator, on any line that also has mojibake); those are other
#: rules' business in wenben (``invisible-characters`` removes controls, configurably).
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    fix_character_width=False,
    uncurl_quotes=False,
    # "signi\ufb01cantly" and "\u0149" are letters as written: folding them changes letters.
    fix_latin_ligatures=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


class MojibakeFix(NamedTuple):
    """One repaired span of the input: ``text[start:end]`` becomes ``replacement``."""

    start: int
    end: int
    replacement: str
    #: "utf8-as-gbk", "utf8-as-big5", "gbk-as-latin1", "big5-as-latin1" or "ftfy"
    kind: str


# --------------------------------------------------------------------------- tables

_GBK_TRAILS = bytes(t for t in range(0x40, 0xFF) if t != 0x7F)
_BIG5_TRAILS = bytes(range(0x40, 0x7F)) + bytes(range(0xA1, 0xFF))


def _decode_cells(codec: str, leads: Iterable[int], trails: bytes) -> dict[int, dict[int, str]]:
    """The single characters of a double-byte codec's area: lead -> trail -> character.

    One decode per row; rows with holes that upset the alignment are done cell by cell.
    """
    out: dict[int, dict[int, str]] = {}
    row = bytearray(2 * len(trails))
    row[1::2] = trails
    for lead in leads:
        row[0::2] = bytes((lead,)) * len(trails)
        chars = bytes(row).decode(codec, "replace")
        if len(chars) == len(trails):
            out[lead] = {t: c for t, c in zip(trails, chars) if c != "\ufffd"}
            continue
        cells: dict[int, str] = {}
        for trail in trails:
            try:
                char = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(char) == 1:
                cells[trail] = char
        out[lead] = cells
    return out


#: The "common" characters of the plausibility score: GB2312 level 1 (3755) and Big5 level 1
#: (5401), 6722 together, from :mod:`wenben.io.decode` (derived from Python's codecs).
COMMON_HAN: frozenset[str] = COMMON_GB | COMMON_BIG5


def _char_class(chars: Iterable[str]) -> str:
    """A regex character class matching exactly ``chars``, written as code point ranges."""
    points = sorted({ord(c) for c in chars})
    parts: list[str] = []
    first = previous = points[0]
    for point in points[1:] + [-1]:
        if point == previous + 1:
            previous = point
            continue
        parts.append(re.escape(chr(first)) if first == previous
                     else re.escape(chr(first)) + "-" + re.escape(chr(previous)))
        first = previous = point
    return "[" + "".join(parts) + "]"


def _starters(cells: dict[int, dict[int, str]]) -> set[str]:
    """Characters whose bytes are a UTF-8 lead of a 3/4-byte sequence then a continuation byte.

    Every Han character, CJK punctuation mark and fullwidth form is 3 or 4 bytes in UTF-8, so
    Chinese UTF-8 misread by a double-byte codec has such a character where each aligned stretch
    begins, while correct text seldom has one (they are GB2312 level-2 / Big5 level-2 characters).
    """
    return {c for lead in range(0xE0, 0xF5) for t, c in cells.get(lead, {}).items() if 0x80 <= t <= 0xBF}


def _all_cells(cells: dict[int, dict[int, str]]) -> set[str]:
    return {c for row in cells.values() for c in row.values()}


class _Misreading(NamedTuple):
    """UTF-8 misread by a double-byte codec: how to find it and how to undo it."""

    kind: str
    run: re.Pattern[str]  # characters that are one cell (two bytes) of the wrong codec
    starter: re.Pattern[str]
    # Tried in order to re-encode: a codec, and the characters its decoder made from one byte.
    codecs: tuple[tuple[str, dict[str, bytes]], ...]
    common: frozenset[str]  # what correct text in the wrong codec would be made of
    # Characters whose first byte in every codec tried is a UTF-8 continuation byte: one of
    # them (or a lost-byte marker) must follow a starter, whose two bytes leave a three- or
    # four-byte sequence unfinished. None: no such shortcut for this misreading.
    continues: frozenset[str] | None = None


_GB_CELLS = _decode_cells("gb18030", range(0x81, 0xFF), _GBK_TRAILS)
_BIG5_CELLS = _decode_cells("big5hkscs", range(0x81, 0xFF), _BIG5_TRAILS)
_GB_STARTERS = _starters(_GB_CELLS)
_BIG5_STARTERS = _starters(_BIG5_CELLS)
# Windows code page 936 and the WHATWG (browser) GBK decoder read byte 0x80 as the euro sign.
_EURO = "\u20ac"
_GB = _Misreading(
    "utf8-as-gbk",
    re.compile(_char_class(_all_cells(_GB_CELLS) | {_EURO}) + "+"),
    re.compile(_char_class(_GB_STARTERS)),
    # GB18030 reads A2E3 as the euro sign too: try that first, the lone 0x80 after.
    (("gb18030", {}), ("gbk", {}), ("gb18030", {_EURO: b"\x80"})),
    COMMON_GB,
    frozenset(c for lead, row in _GB_CELLS.items() if 0x80 <= lead <= 0xBF for c in row.values()),
)
# Big5-HKSCS decodes four cells to two code points (88 62 is Ê + U+0304); those pairs are not
# in the table, and the lone Ê or ê before the mark is another cell (88 66, 88 A7), whose bytes
# would invent a character (嚗Ê̄ is not （b but （f).  A run stops before such a pair.
_HKSCS_PAIR_BASES = "\u00ca\u00ea"
_BIG5 = _Misreading(
    "utf8-as-big5",
    re.compile(
        "(?:" + _char_class(_all_cells(_BIG5_CELLS) - set(_HKSCS_PAIR_BASES))
        + f"|[{_HKSCS_PAIR_BASES}](?![\u0304\u030c]))+"
    ),
    re.compile(_char_class(_BIG5_STARTERS)),
    (("big5hkscs", {}), ("cp950", {})),
    COMMON_BIG5,
)
# The cell tables are only the material of the classes above: 39 K one-character strings in
# dicts (4.4 MB), freed for the text being cleaned (issue #15).
del _GB_CELLS, _BIG5_CELLS

# Characters a decoder puts where it met bytes it could not decode: a lost byte.
_LOST_BYTE_MARKERS = frozenset("\ufffd?")

# GBK/Big5 bytes misread as Latin-1 or cp1252 (or the "sloppy" mix browsers use): a high
# character (a lead byte) then high characters or ASCII @-~ (trail bytes 0x40-0x7E).
_CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
_TO_BYTE: dict[str, int] = {chr(b): b for b in range(0x80, 0x100)}
_TO_BYTE.update(
    {bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0) if b not in _CP1252_UNDEFINED}
)
_HIGH = _char_class(_TO_BYTE)
_HIGH_CHAR = re.compile(_HIGH)
# Where a Latin-1 run of two characters or more begins: a line without one has no candidate
# (see _latin_candidates), which spares the lines whose only Latin-1 is a “ or an NBSP.
_RUN_OF_TWO = re.compile(f"{_HIGH}(?:{_HIGH}|[\\x40-\\x7e])")
# Outside relaxed passes a candidate needs three distinct characters, so two different ones
# side by side: "……", "——" and NBSP runs do not count.
_RUN_OF_TWO_DISTINCT = re.compile(f"({_HIGH})(?!\\1)(?:{_HIGH}|[\\x40-\\x7e])")
#: Share of a line's Latin-1 characters that may stay outside its Latin-1 repairs.
MAX_UNEXPLAINED_LATIN1 = 0.1
_LATIN_RUN = re.compile(f"{_HIGH}(?:{_HIGH}|[\\x40-\\x7e])*")
# A run made only of accented letters and ASCII @-~ reads as a European word (Finnish MÄÄRÄ,
# Swedish ÅTGÄRD: Big5 lead + ASCII trail gives level-1 characters).  Real GBK/Big5 text has
# bytes 0xA1-0xBF (¡-¿: the commonest lead bytes and the punctuation rows) almost everywhere.
_WORDLIKE = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\x40-\x7e]+")
#: A word-like Latin-1 run needs this many CJK characters in its repair, and no lone ASCII
#: letters between them (``響G麗`` from ``ÅTGÄR``).
MIN_WORDLIKE_CHARS = 4
_SANDWICHED_ASCII = re.compile("[^\x00-\x7f][A-Za-z]{1,3}[^\x00-\x7f]")
# A GBK document is simplified text, a Big5 one traditional: each is scored against its own
# level-1 set, which keeps French "éléc" (GBK 閘閏, Big5-common but not GB2312) unrepaired.
_LATIN_CODECS = (
    ("gb18030", "gbk-as-latin1", COMMON_GB),
    ("big5hkscs", "big5-as-latin1", COMMON_BIG5),
)


# Cheap first test: text without any of these characters has no Chinese mojibake to repair.
_SUSPECT_CHARS = _GB_STARTERS | _BIG5_STARTERS | set(_TO_BYTE)
_SUSPECT = re.compile(_char_class(_SUSPECT_CHARS))


# --------------------------------------------------------------------------- scoring

_GOOD, _RARE, _OTHER, _BAD = 0, 1, 2, 3


def _is_han(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
    )


def _is_cjk_punct(code: int) -> bool:
    """CJK punctuation, fullwidth forms, and the general punctuation Chinese text uses (“”…—·)."""
    return (
        0x3000 <= code <= 0x303F
        or 0xFF01 <= code <= 0xFF65
        or 0xFE30 <= code <= 0xFE4F
        or 0x2010 <= code <= 0x2027
        or code in (0x00B7, 0x00D7, 0x2103, 0x25CB, 0x25CF)
    )


def _classify(char: str, common: frozenset[str]) -> int:
    if _is_han(char):
        return _GOOD if char in common else _RARE
    code = ord(char)
    if _is_cjk_punct(code):
        return _GOOD
    if code == 0xFFFD or unicodedata.category(char) in ("Co", "Cn", "Cs", "Cc"):
        return _BAD
    return _OTHER


class _Score(NamedTuple):
    good: int
    rare: int
    other: int
    bad: int

    @property
    def total(self) -> int:
        return self.good + self.rare + self.other + self.bad

    @property
    def share(self) -> float:
        return self.good / self.total if self.total else 0.0


def _score(text: str, common: frozenset[str] = COMMON_HAN) -> _Score:
    """Counts of non-ASCII characters by class; ASCII is neutral (it survives any repair)."""
    counts = [0, 0, 0, 0]
    for char in text:
        if char >= "\x80":
            counts[_classify(char, common)] += 1
    return _Score(*counts)


def _plausible(
    mojibake: str, repaired: str, relaxed: bool = False, common: frozenset[str] = COMMON_HAN,
    common_before: frozenset[str] = COMMON_HAN,
) -> bool:
    """Is ``repaired`` clearly Chinese text and clearly better than ``mojibake``?

    ``relaxed`` is for a line that already has a confident repair of the same kind (a decoder
    misreads whole documents, not single words): one CJK character is then enough, and so is a
    lone lost character (``鍜\ufffd`` -> ``\ufffd``).
    """
    before = _score(mojibake, common_before)
    after = _score(repaired.replace("\ufffd", ""), common)
    cjk = after.good + after.rare
    if relaxed and not after.total and "\ufffd" in repaired:
        return before.share <= 1 - MIN_SHARE_GAIN
    if after.bad or cjk < (1 if relaxed else MIN_REPAIRED_CHARS) or cjk < 0.8 * after.total:
        return False
    if after.share < (MIN_COMMON_SHARE if after.total >= 5 else 1.0):
        return False
    return after.share >= before.share + MIN_SHARE_GAIN


# --------------------------------------------------------------------------- UTF-8 misread


def _encode(segment: str, codec: str, single: dict[str, bytes]) -> tuple[bytes, list[int]] | None:
    """Bytes of ``segment`` in ``codec`` and the byte offset where each character ends."""
    ends: list[int] = []
    parts: list[bytes] = []
    offset = 0
    try:
        if not any(c in single for c in segment):
            data = segment.encode(codec)
            if len(data) != 2 * len(segment):
                return None
            return data, list(range(2, len(data) + 1, 2))
        for char in segment:
            piece = single.get(char) or char.encode(codec)
            parts.append(piece)
            offset += len(piece)
            ends.append(offset)
    except UnicodeEncodeError:
        return None
    return b"".join(parts), ends


def _sequence_length(lead: int) -> int:
    """Length of the UTF-8 sequence that starts with byte ``lead`` (a valid lead byte)."""
    return 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


def _is_boundary(data: bytes, offset: int) -> bool:
    return offset >= len(data) or data[offset] & 0xC0 != 0x80


class _Window(NamedTuple):
    end: int  # character offset in the text
    repaired: str
    hit_limit: bool


def _scan(
    text: str, p: int, stop: int, how: _Misreading, codec: tuple[str, dict[str, bytes]]
) -> _Window | None:
    """The longest stretch from ``p`` (before ``stop``) that decodes, across lost-byte markers.

    Pieces are runs of one-cell characters separated by a marker; a piece may end in a cut-short
    UTF-8 sequence only if a marker follows, and the next piece then drops the continuation
    bytes that belonged to the lost character.  The stretch ends at the last offset that is a
    character boundary in both encodings.
    """
    parts: list[str] = []
    pos = p
    first = True
    while True:
        run = how.run.match(text, pos, stop)
        if run is None:
            break
        encoded = _encode(run.group(), *codec)
        if encoded is None:
            return None
        data, ends = encoded
        skip = 0
        if not first:
            while skip < min(3, len(data)) and data[skip] & 0xC0 == 0x80:
                skip += 1
        try:
            parts.append(data[skip:].decode("utf-8"))
            pos = run.end()
            break
        except UnicodeDecodeError as exc:
            valid = skip + exc.start
            truncated = exc.reason == "unexpected end of data"
            if truncated and run.end() < stop and text[run.end()] in _LOST_BYTE_MARKERS:
                # One marker per lost byte at most: as many as the sequence still lacks.
                missing = _sequence_length(data[valid]) - (len(data) - valid)
                pos = run.end()
                while missing > 0 and pos < stop and text[pos] in _LOST_BYTE_MARKERS:
                    pos += 1
                    missing -= 1
                parts.append(data[skip:valid].decode("utf-8") + "\ufffd")
                first = False
                continue
            # Last character of the run that ends on a UTF-8 boundary inside the valid prefix.
            cut = 0
            for index, offset in enumerate(ends):
                if offset > valid:
                    break
                if offset > skip and (offset == valid or _is_boundary(data, offset)):
                    cut = index + 1
            if cut:
                parts.append(data[skip : ends[cut - 1]].decode("utf-8"))
                pos = run.start() + cut
            break
    if pos == p:
        return None
    return _Window(pos, "".join(parts), pos >= stop)


def _best_window(
    text: str, p: int, end: int, how: _Misreading, relaxed: bool
) -> MojibakeFix | None:
    """A plausible repair starting at ``p``, growing the look-ahead only while it keeps decoding."""
    for codec in how.codecs:
        limit = 64
        while True:
            window = _scan(text, p, min(end, p + limit), how, codec)
            if window is None or not window.hit_limit or p + limit >= end:
                break
            limit *= 4
        # Trailing junk (correct text that happened to continue the UTF-8) can spoil an
        # otherwise good window: retry a few times with the window cut shorter.
        for _ in range(3):
            if window is None:
                break
            if _plausible(text[p : window.end], window.repaired, relaxed,
                          common_before=how.common):
                return MojibakeFix(p, window.end, window.repaired, how.kind)
            window = _scan(text, p, window.end - 1, how, codec)
    return None


def _utf8_fixes(
    text: str, start: int, end: int, how: _Misreading, relaxed: bool = False
) -> Iterator[MojibakeFix]:
    pos = start
    while True:
        hit = how.starter.search(text, pos, end)
        if hit is None:
            return
        following = text[hit.end() : hit.end() + 1]
        if (
            how.continues is not None
            and following
            and following not in how.continues
            and following not in _LOST_BYTE_MARKERS
            and hit.end() < end
        ):
            pos = hit.start() + 1  # correct text around a rare character: no UTF-8 continues
            continue
        fix = _best_window(text, hit.start(), end, how, relaxed)
        if fix is None:
            pos = hit.start() + 1
        else:
            yield fix
            pos = fix.end


# --------------------------------------------------------------------------- Latin-1 misread


def _latin_candidates(
    text: str, start: int, end: int, codecs: tuple[tuple[str, str, frozenset[str]], ...],
    relaxed: bool,
) -> Iterator[dict[str, MojibakeFix]]:
    """For each Latin-1 run in ``text[start:end]``, its plausible repairs by kind."""
    for run in _LATIN_RUN.finditer(text, start, end):
        s, e = run.span()
        segment = run.group()
        # Too short, or a repeated symbol (××××, ····); but in context ¤¤ is Big5 中.
        distinct = len(set(segment))
        enough = (len(segment) == 2 or distinct >= 2) if relaxed else distinct >= 3
        if len(segment) < 2 or not enough:
            continue
        # Real Chinese next to it would have been misread too: a Han neighbour means these
        # are genuine Latin-1 symbols in Chinese text (×××同志).
        if (s > start and _is_han(text[s - 1])) or (e < end and _is_han(text[e])):
            continue
        data = _latin_bytes(segment)
        if not relaxed:
            try:
                as_utf8 = data.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                # UTF-8 read as Latin-1 is ftfy's job, unless its reading is a jumble of
                # scripts (ÄãºÃ is 你好, not δ֪) or the line already says GBK/Big5.
                if not mixed_two_byte_scripts(as_utf8):
                    continue
        wordlike = not relaxed and _WORDLIKE.fullmatch(segment) is not None
        found: dict[str, MojibakeFix] = {}
        for codec, kind, common in codecs:
            try:
                repaired = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if wordlike and (_score(repaired).total < MIN_WORDLIKE_CHARS
                             or _SANDWICHED_ASCII.search(repaired)):
                continue
            if not _plausible(segment, repaired, relaxed, common):
                continue
            # ASCII at the end that decoded to itself is not part of the fix.
            tail = 0
            while tail < len(repaired) - 1 and repaired[-1 - tail] == segment[-1 - tail] < "\x80":
                tail += 1
            found[kind] = MojibakeFix(s, e - tail, repaired[: len(repaired) - tail], kind)
        if found:
            yield found


def _latin_fixes(
    text: str, gaps: list[tuple[int, int]], codecs: tuple[tuple[str, str, frozenset[str]], ...],
    relaxed: bool, prefer: str | None = None,
) -> list[MojibakeFix]:
    """GBK or Big5 bytes misread as Latin-1/cp1252 in the ``gaps`` of one line.

    Short runs often decode plausibly both ways (``¿ï¾Ü`` is 選擇 in Big5 and 匡拒 in GBK),
    so the line's codec is the one its unambiguous runs agree on, else the document's
    (``prefer``); with neither, nothing is done.
    """
    runs = [found for gap in gaps for found in _latin_candidates(text, *gap, codecs, relaxed)]
    weight: dict[str, int] = {}
    for found in runs:
        kind = _decisive(found)
        if kind is not None:
            weight[kind] = weight.get(kind, 0) + len(found[kind].replacement)
    if weight:
        chosen = max(weight, key=lambda k: weight[k])
    elif prefer is not None:
        chosen = prefer
    else:
        return []
    return [found[chosen] for found in runs if chosen in found]


def _decisive(found: dict[str, MojibakeFix]) -> str | None:
    """The kind a run speaks for: its only reading, or one made of far more frequent characters."""
    if len(found) == 1:
        return next(iter(found))
    shares = {kind: _frequent_share(fix.replacement) for kind, fix in found.items()}
    ranked = sorted(shares, key=lambda k: -shares[k])
    if shares[ranked[0]] >= MIN_FREQUENT_LEAD + shares[ranked[1]]:
        return ranked[0]
    return None


#: How much more frequent one reading's characters must be to decide between GBK and Big5.
MIN_FREQUENT_LEAD = 0.5


def _frequent_share(text: str) -> float:
    han = [c for c in text if _is_han(c)]
    return sum(c in FREQUENT_HAN for c in han) / len(han) if han else 0.0


# --------------------------------------------------------------------------- combining


def _gaps(start: int, end: int, fixes: list[MojibakeFix]) -> list[tuple[int, int]]:
    """The stretches of ``[start, end)`` not covered by ``fixes`` (sorted, non-overlapping)."""
    out, pos = [], start
    for fix in fixes:
        if fix.start > pos:
            out.append((pos, fix.start))
        pos = max(pos, fix.end)
    if pos < end:
        out.append((pos, end))
    return out


def _cjk_fixes(text: str) -> list[MojibakeFix]:
    """All Chinese mojibake repairs in ``text``: UTF-8 misreadings first, then Latin-1 ones.

    A first pass accepts only confident repairs.  If they show the document's Latin-1 codec
    (GBK or Big5), lines left alone because every run read both ways are decided by it.  Then,
    on each line that has a repair, a relaxed pass of the same kind picks up short leftovers
    (a lone ``：`` or ``和``).  Finally a line keeps its Latin-1 repairs only if they explain
    nearly all of its Latin-1 characters: French or German text has accented letters
    everywhere, a misread GBK line has nothing else.
    """
    if _SUSPECT.search(text) is None:
        return []
    fixes = _pass(text, 0, len(text), dict.fromkeys(_KINDS, False), [])
    if not fixes:
        return fixes
    latin = {f.kind for f in fixes if f.kind.endswith("latin1")}
    if len(latin) == 1:
        fixes = _pass(text, 0, len(text), {k: False for k in _KINDS[2:]}, fixes, latin.pop())
    out: list[MojibakeFix] = []
    for line_start, line_end in _lines_with(text, fixes):
        inside = [f for f in fixes if line_start <= f.start < line_end]
        relaxed = dict.fromkeys((f.kind for f in inside), True)
        # Until nothing new: a repair found late ends the windows of the starters before it,
        # as it will when the repaired text is checked again (which must change nothing).
        while len(more := _pass(text, line_start, line_end, relaxed, inside)) > len(inside):
            inside = more
        out.extend(_consistent(text, line_start, line_end, inside))
    return out


_KINDS = ("utf8-as-gbk", "utf8-as-big5", "gbk-as-latin1", "big5-as-latin1")


def _pass(
    text: str, start: int, end: int, kinds: dict[str, bool], fixes: list[MojibakeFix],
    prefer: str | None = None,
) -> list[MojibakeFix]:
    """Search the gaps between ``fixes`` in ``text[start:end]`` for ``kinds`` (kind -> relaxed).

    UTF-8 misreadings first (GBK, then Big5), then Latin-1 ones line by line.
    """
    fixes = sorted(fixes)
    for how in (_GB, _BIG5):
        if how.kind in kinds:
            for gap in _gaps(start, end, fixes):
                fixes.extend(_utf8_fixes(text, *gap, how, kinds[how.kind]))
            fixes.sort()
    codecs = tuple(c for c in _LATIN_CODECS if c[1] in kinds)
    if not codecs:
        return fixes
    relaxed = all(kinds[c[1]] for c in codecs)
    latin: list[MojibakeFix] = []
    pos = start
    runs = _RUN_OF_TWO if relaxed else _RUN_OF_TWO_DISTINCT
    while (hit := runs.search(text, pos, end)) is not None:
        line_start = max(start, text.rfind("\n", 0, hit.start()) + 1)
        line_end = text.find("\n", hit.start(), end)
        line_end = end if line_end < 0 else line_end
        in_line = [f for f in fixes if line_start <= f.start < line_end]
        if prefer is None or not any(f.kind.endswith("latin1") for f in in_line):
            gaps = _gaps(line_start, line_end, in_line)
            latin.extend(_latin_fixes(text, gaps, codecs, relaxed, prefer))
        pos = line_end + 1
    return sorted(fixes + latin)


def _consistent(text: str, start: int, end: int, fixes: list[MojibakeFix]) -> list[MojibakeFix]:
    """Drop a line's Latin-1 repairs when too many Latin-1 characters are left unexplained.

    Characters of UTF-8-read-as-Latin-1 runs (ftfy's kind) count as explained.
    """
    if not any(f.kind.endswith("latin1") for f in fixes):
        return fixes
    total = unexplained = 0
    for gap in _gaps(start, end, fixes):
        for run in _LATIN_RUN.finditer(text, *gap):
            high = len(_HIGH_CHAR.findall(run.group()))
            total += high
            if not _is_utf8(run.group()):
                unexplained += high
    total += sum(len(_HIGH_CHAR.findall(text, f.start, f.end)) for f in fixes)
    if unexplained <= MAX_UNEXPLAINED_LATIN1 * total:
        return fixes
    return [f for f in fixes if not f.kind.endswith("latin1")]


def _latin_bytes(segment: str) -> bytes:
    """The bytes a Latin-1 run (high characters and ASCII) was decoded from."""
    return bytes(_TO_BYTE[c] if c >= "\x80" else ord(c) for c in segment)


def _is_utf8(segment: str) -> bool:
    return _is_utf8_bytes(_latin_bytes(segment))


def _lines_with(text: str, fixes: list[MojibakeFix]) -> list[tuple[int, int]]:
    """Start and end offsets of the lines that contain a fix (``fixes`` sorted)."""
    out: list[tuple[int, int]] = []
    for fix in fixes:
        if out and fix.start < out[-1][1]:
            continue
        line_start = text.rfind("\n", 0, fix.start) + 1
        line_end = text.find("\n", fix.start)
        out.append((line_start, len(text) if line_end < 0 else line_end))
    return out


def _ftfy_fixes(text: str, protected: list[MojibakeFix]) -> list[MojibakeFix]:
    """ftfy on each line piece that :func:`ftfy.badness.is_bad` flags, outside ``protected``.

    Protected spans (Chinese mojibake) are kept away from ftfy, which would half-decode
    GBK-as-Latin-1 text as UTF-8 (``ÖÐ¹ú`` -> ``Öй``); so are the Latin-1 runs that look like
    GBK/Big5 mojibake the Chinese repair left alone (:func:`_held_runs`).  Each change is
    reported as the smallest span that differs.
    """
    fixes: list[MojibakeFix] = []
    line_start = 0
    # Lines end at "\n" only: str.splitlines() would also cut at U+0085, which is a byte of
    # Latin-1-decoded UTF-8 ("Ã\x85" is Å) and must reach ftfy whole.
    for line in _LINE.findall(text):
        line_end = line_start + len(line)
        if FTFY_SUSPECT.search(line) is not None and is_bad(line):
            inside = [f for f in protected if f.start < line_end and f.end > line_start]
            inside = sorted(inside + _held_runs(text, line_start, line_end, inside))
            for seg_start, seg_end in _gaps(line_start, line_end, inside):
                segment = text[seg_start:seg_end]
                if not is_bad(segment):
                    continue
                fixed = ftfy.fix_text(segment, FTFY_CONFIG)
                if fixed != segment:
                    fixes.append(_trimmed(seg_start, segment, fixed))
        line_start = line_end
    return fixes


_LINE = re.compile(r"[^\n]+\n?|\n")

# FTFY_HARMLESS and FTFY_SUSPECT are defined in mojibake_inert (the gate's light module).


def _held_runs(text: str, start: int, end: int, fixes: list[MojibakeFix]) -> list[MojibakeFix]:
    """Latin-1 runs in the gaps of ``fixes`` that ftfy must not touch: unrepaired GBK/Big5.

    ftfy repairs UTF-8 read as Latin-1 wherever a few characters decode, even in the middle of
    a run that is not UTF-8 at all: ``ºê´ïµçÃÎ»Ã`` (宏达电梦幻 in GBK, which the Chinese repair
    leaves alone because Big5 reads it as well) would get a ``λ`` from its ``Î»``.  A run is
    held when GBK or Big5 reads it as Chinese and UTF-8 does not read it as text
    (:func:`_chinese_reading`, :func:`_utf8_text`).  When the held runs that read as *plausible*
    Chinese (as the Chinese repair judges it, which correct European words do not pass) outweigh,
    in non-ASCII characters, the runs that are UTF-8 text, the line is GBK/Big5 mojibake, and
    its UTF-8 runs that read as Chinese are held too: ``Ê¹`` (使) next to them is not ``ʹ``.
    Runs that ftfy's own reading of the line shows to be UTF-8 mojibake are released
    (:func:`_released`).
    Returned as no-op fixes of kind ``"held"``.
    """
    held: list[MojibakeFix] = []
    maybe: list[MojibakeFix] = []
    held_weight = utf8_weight = 0
    pieces: list[tuple[int, int, str | None]] = []  # gaps with runs to hold, and ftfy's first step
    for gap in _gaps(start, end, fixes):
        first: str | None = ""  # not asked yet
        for run in _LATIN_RUN.finditer(text, *gap):
            s, e = run.span()
            segment = run.group()
            data = _latin_bytes(segment)
            weight = len(_HIGH_CHAR.findall(segment))
            chinese = _chinese_reading(data, 1 if weight == len(segment) else 2)
            if not chinese:
                if _utf8_text(data, text[s - 1 : s] if s else "", text[e : e + 1]):
                    utf8_weight += weight
                continue
            if first == "":
                first = _ftfy_first_step(text, *gap)
                pieces.append((*gap, first))
            if first == "encode":
                continue  # ftfy re-encodes the whole piece: see _released
            if _utf8_text(data, text[s - 1 : s] if s else "", text[e : e + 1]):
                utf8_weight += weight
                maybe.append(MojibakeFix(s, e, segment, "held"))
            else:
                held.append(MojibakeFix(s, e, segment, "held"))
                if _plausible_reading(segment, data):
                    held_weight += weight
    if held_weight > utf8_weight:
        return sorted(held + maybe)
    return [run for run in held if not _released(text, run, pieces)]


def _ftfy_first_step(text: str, start: int, end: int) -> str | None:
    """The action of ftfy's first encoding step on ``text[start:end]``: "encode" when it
    re-encodes the whole piece with one codec, "apply" when it decodes UTF-8 sequences one by
    one, None when it does nothing; "held" when it re-encodes into something no text is made
    of (see :func:`_released`)."""
    segment = text[start:end]
    fixed, plan = ftfy.fix_encoding_and_explain(segment, FTFY_CONFIG)
    if not plan:
        return None
    if plan[0].action == "encode":
        changed = _trimmed(0, segment, fixed).replacement
        if mixed_two_byte_scripts(changed) or _bare_mark(fixed):
            return "held"
        return "encode"
    return plan[0].action


def _released(text: str, run: MojibakeFix, pieces: list[tuple[int, int, str | None]]) -> bool:
    """Is a held run ftfy's after all, by ftfy's own view of its piece of line?

    A run is held because GBK or Big5 reads it as Chinese and UTF-8 does not read its Latin-1
    bytes as text; but ftfy also repairs UTF-8 read as MacRoman, cp437 or sloppy cp1252/cp1250,
    lossy UTF-8 (bytes replaced by ``?`` or U+FFFD), CESU-8 and C1 controls, none of which those
    bytes show.  Released (in :func:`_held_runs`, before the weighing of the line) when ftfy's
    first step re-encodes the *whole* piece with one codec: a GBK word cannot be that without
    being valid UTF-8 of one script, which is not held in the first place; unless the result is
    a jumble of two-byte scripts (``δ֪``, see :func:`mixed_two_byte_scripts`) or has a combining
    mark with nothing before it (:func:`_bare_mark`).  Released here when ftfy decodes UTF-8
    sequences one by one (``decode_inconsistent_utf8``) and none of those inside the run is
    glued to a Latin-1 character it leaves as it is: in a GBK or Big5 run ftfy's sequences sit
    between other high bytes (``ºê´ïµçÃÎ»Ã`` would become ``ºê´ïµçÃλÃ``), in mixed text between
    letters, spaces and punctuation (``l’Ã©valuation``).  C1 controls and cp1252 punctuation do
    not count as Latin-1 characters: ftfy reads them as their cp1252 byte, which keeps the bytes.
    """
    for start, end, first in pieces:
        if start <= run.start and run.end <= end:
            break
    else:  # pragma: no cover - every held run is in a piece
        return False
    if first != "apply":
        return False
    segment = text[start:end]
    sequences = [(m.start() + start, m.end() + start) for m in UTF8_DETECTOR_RE.finditer(segment)
                 if is_bad(m.group()) and ftfy.fix_encoding(m.group(), FTFY_CONFIG) != m.group()]
    return not any(_glued(text, a, b, sequences) for a, b in sequences if a < run.end and b > run.start)


def _bare_mark(text: str) -> bool:
    """Does ``text`` have a combining mark with nothing to combine with (at the start or after
    a space)?  ``Ì¾`` (叹 in GBK) is U+033E alone; ``$Ì¶6`` is a struck-through ``$``."""
    return any(unicodedata.category(char).startswith("M") and (not i or text[i - 1].isspace())
               for i, char in enumerate(text))


#: Printable Latin-1 characters: next to one of ftfy's decoded pieces, a sign of a GBK/Big5 run.
_LATIN1_PRINTABLE = re.compile("[\u00a0-\u00ff]")


def _glued(text: str, start: int, end: int, pieces: list[tuple[int, int]]) -> bool:
    """Is the piece ``text[start:end]`` next to a printable Latin-1 character that no other
    piece decodes?"""
    for position in (start - 1, end):
        if 0 <= position < len(text) and _LATIN1_PRINTABLE.match(text[position]):
            if not any(a <= position < b for a, b in pieces):
                return True
    return False


def _plausible_reading(segment: str, data: bytes) -> bool:
    """Is the GBK or Big5 reading of a Latin-1 run one the Chinese repair finds plausible?"""
    for codec, _, common in _LATIN_CODECS:
        try:
            reading = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausible(segment, reading, False, common):
            return True
    return False


def _chinese_reading(data: bytes, needed: int) -> bool:
    """Do GBK or Big5 read ``data`` as mostly (80%, as in :func:`_plausible`) CJK characters?

    At least ``needed`` of them.  Deliberately loose (no frequency or common-character score):
    holding a run back from ftfy only means it stays as it is.
    """
    for codec in ("gb18030", "big5hkscs"):
        try:
            reading = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _score(reading)
        cjk = score.good + score.rare
        if cjk >= needed and cjk >= 0.8 * score.total and not score.bad:
            return True
    return False


def _utf8_text(data: bytes, before: str = "", after: str = "") -> bool:
    """Are the bytes of a Latin-1 run UTF-8 text, ftfy's to repair?

    Yes if they decode to characters of one script (``Ã©`` is é, though GBK reads 茅); not if
    they do not decode, or decode only to a jumble of scripts (``δ֪`` from ``Î´Öª``, 未知 in
    GBK), to control, private-use or unassigned characters, or to a combining mark with nothing
    to combine with (``Ì¾``, 叹 in GBK, is U+033E).  ``before`` and ``after`` are the characters
    around the run: after a letter a combining mark is fine (NFD ``é`` is ``eÌ\x81``), and a
    space after the run may be a 0xA0 byte that became a space, which ftfy restores
    (``voilÃ `` -> ``voilà``).
    """
    try:
        as_utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        return (after == " " and _A0_AS_SPACE.search(data) is not None
                and _is_utf8_bytes(data + b"\xa0"))
    return not _garbage(as_utf8, before) and not mixed_two_byte_scripts(as_utf8)


# The ends of a run that ftfy completes with the space after it taken as byte 0xA0 (the
# patterns of its restore_byte_a0 step that end in the space).
_A0_AS_SPACE = re.compile(
    b"(?:[\xc2\xc3\xc5\xce\xd0\xd9]|[\xe0-\xe3][\x80-\x84\x86-\x9f\xa1-\xbf]|\xf0[\x80-\xbf]{2})\\Z"
)


def _garbage(text: str, before: str) -> bool:
    """Does ``text`` have characters no text is made of, or start with a stray combining mark?"""
    if unicodedata.category(text[0]).startswith("M") and not before.isalpha():
        return True
    return any(unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs") for c in text if c >= "\x80")


def _is_utf8_bytes(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _trimmed(offset: int, before: str, after: str) -> MojibakeFix:
    """The smallest span of ``before`` (at ``offset``) whose replacement turns it into ``after``."""
    limit = min(len(before), len(after))
    head = 0
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return MojibakeFix(offset + head, offset + len(before) - tail,
                       after[head : len(after) - tail], "ftfy")


def _apply(text: str, fixes: list[MojibakeFix]) -> str:
    if not fixes:
        return text
    parts, pos = [], 0
    for fix in fixes:
        parts.append(text[pos : fix.start])
        parts.append(fix.replacement)
        pos = fix.end
    parts.append(text[pos:])
    return "".join(parts)


# --------------------------------------------------------------------------- one-scan gate

# find_mojibake scans the whole text four times before it knows there is nothing to repair: for
# GBK starters, Big5 starters, Latin-1 runs and ftfy's suspects (each a character-class scan,
# about 20 M instructions per MB).  mojibake_candidate makes one scan for all four with
# _CANDIDATE, whose first class leaves out ASCII and the characters Chinese text is mostly
# made of (Han, CJK and general punctuation, full-width forms), except those that one of the
# four can begin with (tests/test_mojibake_gate.py checks every character).  The regex itself
# drops the frequent “”…— that begin no Latin-1 pair; what is left is tested in Python.
def _inert_ranges() -> str:
    """A character-class body of the characters of Chinese blocks that begin no candidate."""
    # ftfy's suspects among them: none in the two Han blocks (FTFY_SUSPECT leaves out HAN).
    return inert_ranges(_SUSPECT_CHARS)


_CANDIDATE = re.compile(
    f"[^\\x00-\\x7f{_inert_ranges()}]"
    # a Latin-1 character ftfy may find bad
    f"(?:(?<={_char_class(c for c in _TO_BYTE if FTFY_SUSPECT.match(c))})(?P<ftfy>)"
    # _RUN_OF_TWO_DISTINCT: _pass looks for Latin-1 repairs on a line only if it has one
    f"|(?<=(?P<lead>{_HIGH}))(?!(?P=lead))(?:{_HIGH}|[\\x40-\\x7e])(?P<latin>)"
    # anything else but Latin-1, tested in Python: rare in Chinese text, and a class of all
    # of ftfy's suspects here would cost 13 M instructions more at import
    f"|(?<!{_HIGH}))"
)


def mojibake_candidate(text: str, start: int = 0) -> str | None:
    """``None`` when :func:`find_mojibake` finds nothing in ``text``, told in one scan.

    Otherwise what the first candidate found is: ``"ftfy"`` (a character ftfy may find bad),
    or ``"cjk"`` (where a Chinese repair may start); a candidate is not yet a repair.

    Exact: the Chinese repair finds nothing unless its first pass does, and that pass finds
    nothing without a GBK or Big5 starter that it tries, or a line whose Latin-1 runs give a
    repair; with no starter tried anywhere, it looks at each line's runs whole, as here.
    ``start``: no candidate can begin before it (no character of ``mojibake_inert.OUTSIDE``).
    """
    pos = start
    checked = 0  # the Latin-1 runs of text[:checked] give no repair
    while (hit := _CANDIDATE.search(text, pos)) is not None:
        start = hit.start()
        pos = start + 1  # a Latin-1 pair's second character may begin another candidate
        if hit.group("ftfy") is not None:
            return "ftfy"
        if hit.group("latin") is not None:
            if start >= checked:
                line_start = text.rfind("\n", 0, start) + 1
                checked = text.find("\n", start)
                checked = len(text) if checked < 0 else checked
                if _latin_fixes(text, [(line_start, checked)], _LATIN_CODECS, False):
                    return "cjk"
            continue
        char = text[start]
        if FTFY_SUSPECT.match(char):
            return "ftfy"
        if char in _BIG5_STARTERS:
            return "cjk"
        if char in _GB_STARTERS:
            # As _utf8_fixes: a GBK starter not followed by the second byte of a misread
            # UTF-8 sequence (or by a lost-byte marker) is correct text.
            following = text[start + 1 : start + 2]
            if not following or following in _GB.continues or following in _LOST_BYTE_MARKERS:
                return "cjk"
    return None


# --------------------------------------------------------------------------- public API


def find_mojibake(text: str) -> list[MojibakeFix]:
    """Every repair, the Chinese kinds and ftfy's, as non-overlapping spans of ``text`` in order."""
    cjk = _cjk_fixes(text)
    if FTFY_SUSPECT.search(text) is None:
        return cjk
    return sorted(cjk + _ftfy_fixes(text, cjk))


def mojibake_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, replacement)`` edits for the engine; applying all of them is the repair."""
    return [(f.start, f.end, f.replacement) for f in find_mojibake(text)]


def repair_cjk_mojibake(text: str) -> str:
    """Repair the Chinese mojibake ftfy leaves: UTF-8 read as GBK/Big5, GBK/Big5 read as Latin-1.

    >>> repair_cjk_mojibake("\\u6d63\\u72b2\\u30bd\\u6d93\\u682b\\u666b")
    '你好世界'
    >>> repair_cjk_mojibake("\\xc4\\xe3\\xba\\xc3")
    '你好'
    """
    return _apply(text, _cjk_fixes(text))


def fix_unicode(text: str) -> str:
    """ftfy, only on the line pieces it flags as bad, without its Chinese-hostile fixes.

    Chinese mojibake is left for :func:`repair_cjk_mojibake`, so the two run in either order.

    >>> fix_unicode("\\u00e4\\u00b8\\u00ad\\u00e6\\u2013\\u2021")
    '中文'
    >>> fix_unicode("这是“引号”，（括号）：")
    '这是“引号”，（括号）：'
    """
    if FTFY_SUSPECT.search(text) is None:
        return text
    return _apply(text, _ftfy_fixes(text, _cjk_fixes(text)))
