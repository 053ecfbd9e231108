"""The characters that begin no mojibake candidate, found without the mojibake module.

``wenben.rules.mojibake`` builds its tables from whole GBK and Big5 code pages at import
(~17 MB, 0.1 s). Most Chinese text has no character that a repair could start at, so the rule's
gate first scans for :data:`OUTSIDE` here: the first character class of the one-scan gate
(``mojibake._CANDIDATE``), made of what it needs only: the misread-UTF-8 *starters* (two code
page rows per codec), the Latin-1/cp1252 characters and ftfy's suspects. A text without a
match has no candidate, so the big module is not imported for it (issue #15: its tables were
most of the peak on a huge Chinese line). tests/test_mojibake_gate.py checks the two classes
are the same.
"""

from __future__ import annotations

import re

from wenben.chars import CJK_PUNCT, HAN, HAN_COMPATIBILITY, KANA
from wenben.rules.base import expand_class

__all__ = ["FTFY_HARMLESS", "FTFY_SUSPECT", "OUTSIDE", "inert_ranges", "starters"]

#: Characters common in Chinese text that ftfy's badness heuristic only ever flags next to a
#: character outside this set (checked exhaustively in tests/test_mojibake.py).
FTFY_HARMLESS = "\u201c\u201d\u2018\u2019\u2026\u2014\u2013\u00b7\u00a0\u00b0"
#: A line without any of these characters is never :func:`ftfy.badness.is_bad`: ftfy's badness
#: patterns all need a non-ASCII character that is not Chinese and not in FTFY_HARMLESS.  This
#: spares ftfy's scan of the whole text (10 MB/s) on Chinese text full of quotes and dashes.
#: (U+2015 HORIZONTAL BAR is Chinese punctuation, but one of ftfy's "bad" characters.)
_CJK_PUNCT_BUT_BAR = "".join(sorted(expand_class(CJK_PUNCT) - {"\u2015"}))
FTFY_SUSPECT = re.compile(
    f"[^\\x00-\\x7f{FTFY_HARMLESS}{HAN}{HAN_COMPATIBILITY}{KANA}{re.escape(_CJK_PUNCT_BUT_BAR)}\u3000\uff01-\uff5e]"
)

# The blocks Chinese text is mostly made of (mojibake._CANDIDATE leaves them out but for holes).
CHINESE_BLOCKS = (
    (0x2000, 0x206F), (0x3000, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF),
)
_CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)


def starters(codec: str) -> set[str]:
    """Characters of ``codec`` whose two bytes are a UTF-8 lead of a 3/4-byte sequence (E0-F4)
    then a continuation byte (80-BF): where UTF-8 misread by ``codec`` begins (as
    ``mojibake._starters``, from these rows only)."""
    found: set[str] = set()
    for lead in range(0xE0, 0xF5):
        for trail in range(0x80, 0xC0):
            try:
                char = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(char) == 1:
                found.add(char)
    return found


def latin_bytes() -> set[str]:
    """The characters Latin-1 and cp1252 read bytes 0x80-0xFF as (``mojibake._TO_BYTE``)."""
    chars = {chr(b) for b in range(0x80, 0x100)}
    chars.update(bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in _CP1252_UNDEFINED)
    return chars


def inert_ranges(suspects: set[str]) -> str:
    """A character-class body of the characters of CHINESE_BLOCKS that are not in ``suspects``
    and not ftfy's suspects."""
    small = "".join(chr(c) for lo, hi in CHINESE_BLOCKS if hi - lo < 0x100 for c in range(lo, hi + 1))
    holes = sorted({ord(c) for c in suspects} | {ord(c) for c in FTFY_SUSPECT.findall(small)})
    body = []
    position = 0
    for lo, hi in CHINESE_BLOCKS:
        while position < len(holes) and holes[position] < lo:
            position += 1
        while position < len(holes) and holes[position] <= hi:
            hole = holes[position]
            if hole > lo:
                body.append(f"{chr(lo)}-{chr(hole - 1)}")
            lo = hole + 1
            position += 1
        if lo <= hi:
            body.append(f"{chr(lo)}-{chr(hi)}")
    return "".join(body)


#: Where a mojibake candidate may begin: not ASCII and not an inert Chinese character.
OUTSIDE = re.compile(
    f"[^\\x00-\\x7f{inert_ranges(starters('gb18030') | starters('big5hkscs') | latin_bytes())}]"
)
