"""Character classes, as regular-expression class bodies for the standard ``re`` module.

The tables are written out rather than computed at import time so that ``import wenben`` stays
cheap; ``tests/test_chars.py`` checks them against the ``regex`` module's ``\\p{Han}`` etc., and
``scripts/gen_chars.py`` regenerates them.

The names say why a character is special: a rule that removes spaces "between Chinese
characters" needs to know that 〇 (U+3007) and 々 (U+3005) are Han, that Korean Hangul is *not*
in the no-space class (Korean separates words with spaces), and which punctuation is the
full-width Chinese kind.
"""

from __future__ import annotations

import re

from .lazyre import lazy

# Script=Han (Unicode 15.1, from the `regex` module): unified ideographs, extensions A-I,
# compatibility ideographs, radicals, 々 〇 〡-〩 and friends.
HAN = (
    "\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9"
    "\U00016fe2-\U00016fe3\U00016ff0-\U00016ff6"
    "\U00020000-\U0002a6df\U0002a700-\U0002b81d\U0002b820-\U0002cead\U0002ceb0-\U0002ebe0"
    "\U0002ebf0-\U0002ee5d\U0002f800-\U0002fa1d\U00030000-\U0003134a\U00031350-\U00033479"
)

# CJK compatibility ideographs: NFC would replace them with their unified twins, which changes
# the code point a scholar may have chosen deliberately, so normalisation leaves them alone.
HAN_COMPATIBILITY = "\uf900-\ufa6d\ufa70-\ufad9\U0002f800-\U0002fa1d"

# Japanese kana take part in CJK typography exactly like Han (no spaces between them).
KANA = "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9d"

# Full-width (Chinese) punctuation: CJK Symbols and Punctuation, the full-width forms of ASCII
# punctuation, the curly quotes and the ellipsis/dash that Chinese text uses.
# U+3000 IDEOGRAPHIC SPACE is not punctuation and is deliberately left out.
CJK_PUNCT = (
    "\u3001-\u3003\u3008-\u3011\u3014-\u301f\u3030\u303d"
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
    "\u2018\u2019\u201c\u201d\u2026\u2014\u2015\u00b7\u30fb"
    "\ufe10-\ufe19\ufe30-\ufe4f"
)

# Opening marks after which no space belongs, and closing marks before which none belongs.
CJK_OPENING = "\u3008\u300a\u300c\u300e\u3010\u3014\u3016\u3018\u301a\u301d\uff08\uff3b\uff5b\u201c\u2018"
CJK_CLOSING = "\u3009\u300b\u300d\u300f\u3011\u3015\u3017\u3019\u301b\u301e\u301f\uff09\uff3d\uff5d\u201d\u2019"

# Letters of the Latin script (Unicode Script=Latin, letters only: accented letters, Latin
# Extended, IPA, the ligatures ﬀ-ﬆ), with the combining diacritics a decomposed letter carries.
# "Latin" in a rule means these, not ASCII: ``Café`` and ``Ø`` are words, not symbols.
LATIN = (
    "A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02b8\u02e0-\u02e4\u0300-\u036f"
    "\u1d00-\u1d25\u1d2c-\u1d5c\u1d62-\u1d65\u1d6b-\u1d77\u1d79-\u1dbe\u1e00-\u1eff"
    "\u2071\u207f\u2090-\u209c\u212a-\u212b\u2132\u214e\u2183-\u2184\u2c60-\u2c7f"
    "\ua722-\ua787\ua78b-\ua7dc\ua7f1-\ua7ff\uab30-\uab5a\uab5c-\uab64\uab66-\uab69\ufb00-\ufb06"
)
# Greek and Cyrillic letters: like Latin, alphabets written with spaces between words, which
# the spaced profile separates from Chinese by one space as it does Latin words.
GREEK = "\u0370-\u0373\u0376-\u0377\u037a-\u037d\u037f\u0386\u0388-\u038a\u038c\u038e-\u03a1\u03a3-\u03e1\u03f0-\u03f5\u03f7-\u03ff\u1f00-\u1ffc"
CYRILLIC = "\u0400-\u0481\u048a-\u052f\u1c80-\u1c8a\ua640-\ua66e\ua67f-\ua69d"
WESTERN_LETTER = LATIN + GREEK + CYRILLIC

# Marks that Western typography uses as well as Chinese: curly quotes, the ellipsis, the em
# dash, the middle dot. Next to one of them a space is Chinese layout only in a Chinese
# sentence (``Reason: CORS header \u2018Origin\u2019 cannot`` keeps its spaces).
SHARED_PUNCT = "\u2018\u2019\u201c\u201d\u2026\u2014\u2015\u00b7"

# Characters that make a line or sentence "Chinese": Han and kana.
CJK_LETTER = HAN + KANA

# Horizontal whitespace as it comes out of extractors: space, tab, NBSP, the Unicode spaces,
# IDEOGRAPHIC SPACE. Newlines are structure and handled apart.
HSPACE = " \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# The same characters spelled out, for str.strip() and membership tests (where "-" in the
# class body above would be taken literally).
HSPACE_CHARS = " \t\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"

# Invisible characters that only ever get in the way in extracted text. ZWJ (U+200D) and the
# variation selectors are load-bearing inside emoji and are kept.
INVISIBLE = "\u200b\u200c\u200e\u200f\u2060-\u2064\ufeff\u00ad\u180e\u202a-\u202e\u2066-\u2069"

# C0 and C1 control characters except TAB, LF (and CR, which the newline rule handles).
CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f"

# Sentence-final punctuation: a line that ends with one of these may end a paragraph.
SENTENCE_FINAL = "\u3002\uff01\uff1f\uff1b!?;\u2026\uff0e."

HAN_RE = lazy(f"[{HAN}]")
CJK_LETTER_RE = lazy(f"[{CJK_LETTER}]")
CJK_ANY_RE = lazy(f"[{CJK_LETTER}{CJK_PUNCT}]")


def is_han(char: str) -> bool:
    """True for a Han character (any block, any extension)."""
    return HAN_RE.match(char) is not None


def is_cjk_letter(char: str) -> bool:
    """True for a Han or kana character. Comparisons settle the common cases (CJK Unified
    Ideographs; anything below the CJK blocks) without a regex call: rules ask this about the
    neighbours of every space and mark."""
    if "\u4e00" <= char <= "\u9fff":
        return True
    return char >= "\u2e80" and CJK_LETTER_RE.match(char) is not None


def is_cjk(char: str) -> bool:
    """True for a character of CJK text: Han, kana or full-width punctuation."""
    return CJK_ANY_RE.match(char) is not None


# What cleaning may add, remove or swap inside a line: spaces, ASCII punctuation and symbols,
# Chinese punctuation, quotes, dashes, ellipses. Line widths leave them out, so that a line
# is as wide after cleaning as before (an explicit class: "[\\W_]" costs a Unicode lookup per
# character, and this runs on every line of every block).
# (A regex class body; the newline is left out, as lines are measured apart or joined by it.)
NON_CONTENT = (
    "\\x00-\\x09\\x0b-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f\u00a0-\u00bf\u00d7\u00f7"
    "\u2000-\u205e" + CJK_PUNCT + "\u3000"
)


def class_runs(body: str) -> re.Pattern[str]:
    """A pattern matching each run of the characters of the class ``body``, written "[c][c]*"
    rather than "[c]+": a pattern that starts with a bare class is searched by testing
    characters against it in a tight C loop, while one that starts with a repeat is tried as a
    match at every position (about 3x slower on text without a match)."""
    return lazy(f"[{body}][{body}]*")


_NOT_CONTENT = class_runs(NON_CONTENT)
# The commonest non-content characters, deleted by str.replace (a C loop) before the substitution,
# which pays for a search and a slice per run it removes.
_COMMON_NOT_CONTENT = (" ", "\uff0c", "\u3002", ".", ",")


def content_width(line: str) -> int:
    """Width of a line counted from its content only (Han and other wide characters as 2,
    ASCII letters and digits as 1; :data:`NON_CONTENT` as 0).

    Punctuation and spaces are ignored on purpose: cleaning changes them (``,`` becomes ``，``,
    spaces go), and line-joining decisions must come out the same on a second pass.
    """
    return content_widths([line])[0]


def content_widths(lines: list[str]) -> list[int]:
    """:func:`content_width` of each line, from one substitution over the lines joined (the
    newline is not in :data:`NON_CONTENT`), and from UTF-8 lengths (1 byte for ASCII, 3-4 for
    CJK) because a Python loop per character is the hot spot of line joining."""
    joined = "\n".join(lines)
    for char in _COMMON_NOT_CONTENT:
        joined = joined.replace(char, "")
    contents = _NOT_CONTENT.sub("", joined)
    chars = map(len, contents.split("\n"))
    sizes = map(len, contents.encode().split(b"\n"))
    return [count + (size - count) // 2 for count, size in zip(chars, sizes)]
