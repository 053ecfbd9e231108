"""Hypothesis strategies for wenben's property tests.

Three families:

* ``arbitrary_text()``: any surrogate-free Unicode, with the characters that matter to wenben
  (newlines, spaces, ASCII and Chinese punctuation, Han) mixed in often enough to matter;
* ``documents()``: realistic, messy digitised Chinese: Han runs of *common* characters weighted
  to frequent ones (``uncommon_han_runs()`` is kept apart: see ``_HAN_CHAR``), Chinese and ASCII
  punctuation, full-width digits and number separators, numbers, dates, decimals, times, Latin words, English sentences,
  URLs, e-mail addresses, emoji, rare CJK extension characters, stray Unicode, newlines;
* ``gold_documents(profile)`` and ``noisy(...)``: *canonical* text for a profile, generated from a
  small grammar of Chinese sentences, and noise that digitisation adds to it and that is safe to
  undo (see ``NOISE_KINDS`` and the comments on what was left out and why).

``KNOWN_BUGS`` lists the open bugs, which properties each breaks, and how the generators keep
clear of them.

Full-width punctuation is written with ``\\u`` escapes, as in the library.
"""

from __future__ import annotations

import os
import random
import re
from dataclasses import dataclass
from functools import lru_cache

from hypothesis import strategies as st

# ---------------------------------------------------------------------------------------------
# Characters

# The ~500 most frequent Han characters of modern Chinese text (frequency order, roughly).
FREQUENT_HAN = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后"
    "作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因"
    "只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应"
    "战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿"
    "原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太"
    "量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界"
    "达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今"
    "切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存"
)
# GB 2312 level 1: the 3,755 common characters, taken from Python's codec (no data file).
COMMON_HAN = "".join(
    bytes([high, low]).decode("gb2312") for high in range(0xB0, 0xD8) for low in range(0xA1, 0xFF) if (high, low) <= (0xD7, 0xF9)
)
assert len(COMMON_HAN) == 3755, len(COMMON_HAN)
# Characters that start list items or chapter headings (一、 第三章 十、): a paragraph that starts
# with one is a line of its own, so the wrap noise never puts one at the start of a line.
LIST_HAN = "\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u767e\u5343\u7b2c"

# Chinese punctuation of GB/T 15834-2011.
COMMA = "\uff0c"
PERIOD = "\u3002"
ENUM_COMMA = "\u3001"
SEMICOLON = "\uff1b"
COLON = "\uff1a"
QUESTION = "\uff1f"
EXCLAMATION = "\uff01"
LDQ, RDQ = "\u201c", "\u201d"
LSQ, RSQ = "\u2018", "\u2019"
LPAREN, RPAREN = "\uff08", "\uff09"
LBOOK, RBOOK = "\u300a", "\u300b"
ELLIPSIS = "\u2026\u2026"
DASH = "\u2014\u2014"
CORNER = {LDQ: "\u300c", RDQ: "\u300d", LSQ: "\u300e", RSQ: "\u300f"}
CJK_PUNCTUATION = [
    COMMA, PERIOD, ENUM_COMMA, SEMICOLON, COLON, QUESTION, EXCLAMATION,
    LDQ, RDQ, LSQ, RSQ, LPAREN, RPAREN, LBOOK, RBOOK, ELLIPSIS, DASH,
]
ASCII_PUNCTUATION = list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

# Spaces as extractors produce them; U+3000 is the ideographic space, U+00A0 NBSP.
SPACES = [" ", "  ", "\t", "\u00a0", "\u3000", "\u3000\u3000", "\u00a0\u00a0\u00a0"]
ZERO_WIDTH = ["\u200b", "\u200c", "\ufeff", "\u2060", "\u00ad"]
EMOJI = [
    "\U0001f600", "\U0001f44d", "\u2764\ufe0f", "\U0001f1e8\U0001f1f3",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f44d\U0001f3fd", "\u263a",
]
LATIN_WORDS = [
    "GDP", "Python", "iPhone", "Linux", "OCR", "PDF", "Wi-Fi", "COVID-19", "CPU", "AI", "HTTP",
    "Debian", "OpenCC", "UTF-8", "PM2.5", "5G", "A4", "iOS", "H2O", "O2O", "data", "the", "hello",
]
ENGLISH_WORDS = ["the", "data", "is", "a", "new", "form", "of", "economy", "we", "love", "you", "too", "world"]
URLS = [
    "https://example.org/", "https://example.org/a/b?q=1&r=2", "http://example.com/index.html",
    "www.example.com/path_1", "ftp://example.net/file.txt",
]
EMAILS = ["name@example.com", "a.b-c@example.org", "wenben+test@example.net"]
TLDS = ["com", "org", "net"]


# Strategies are built once and shared: building them (sampled_from over thousands of
# characters) inside every draw costs more than cleaning the text.
#
# Han comes from the COMMON characters only (GB 2312 level 1, frequent ones weighted up). A
# string of arbitrary BMP Han (U+4E00-U+9FA5) can be real mojibake: UTF-8 bytes read as GBK are
# themselves Han, mostly rare ones, and a random run of rare characters now and then re-encodes
# to valid UTF-8 of common characters, which the mojibake rule is right to repair. Such strings
# are a separate, tolerated case (``uncommon_han_runs``, test_rare_han_strings_...); plain
# Chinese of common characters must never be touched by the mojibake rule.
_HAN_CHAR = st.one_of(
    st.sampled_from(tuple(FREQUENT_HAN)),
    st.sampled_from(tuple(FREQUENT_HAN)),
    st.integers(0, len(COMMON_HAN) - 1).map(COMMON_HAN.__getitem__),
)


def han_chars() -> st.SearchStrategy[str]:
    """One common Han character: usually a frequent one, otherwise any of GB 2312 level 1."""
    return _HAN_CHAR


@lru_cache(maxsize=None)
def han_runs(min_size: int = 1, max_size: int = 8) -> st.SearchStrategy[str]:
    """A run of common Han characters, drawn character by character."""
    # (st.lists, not st.text: hypothesis 6.155 fails inside its shrinker when st.text is given
    # a one_of alphabet.)
    return st.lists(_HAN_CHAR, min_size=min_size, max_size=max_size).map("".join)


_UNCOMMON_HAN_CHAR = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


@lru_cache(maxsize=None)
def uncommon_han_runs(min_size: int = 1, max_size: int = 12) -> st.SearchStrategy[str]:
    """A run of any BMP unified ideographs (mostly rare ones): may happen to be mojibake."""
    return st.lists(_UNCOMMON_HAN_CHAR, min_size=min_size, max_size=max_size).map("".join)


def _make_words() -> tuple[str, ...]:
    """A fixed vocabulary of 4,000 Han "words" (1-4 characters; 70% frequent characters, 30%
    other common ones). Gold text is built from words rather than single characters because
    hypothesis pays per draw, and a document has thousands of characters."""
    rng = random.Random(15834)
    words = []
    for _ in range(4000):
        word = ""
        for _ in range(rng.choice((1, 2, 2, 2, 3, 4))):
            word += rng.choice(FREQUENT_HAN) if rng.random() < 0.7 else rng.choice(COMMON_HAN)
        words.append(word)
    return tuple(words)


WORDS = _make_words()
_WORD = st.integers(0, len(WORDS) - 1).map(WORDS.__getitem__)


@lru_cache(maxsize=None)
def han_words(min_words: int = 1, max_words: int = 3) -> st.SearchStrategy[str]:
    """A run of Han built from ``WORDS``: cheap to draw, for the long gold documents."""
    return st.lists(_WORD, min_size=min_words, max_size=max_words).map("".join)


def rare_han() -> st.SearchStrategy[str]:
    """CJK extension B-F characters (U+20000 and up): outside the BMP, two UTF-16 units, and
    outside GBK and Big5 (so never taken for mojibake)."""
    return st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF)


@lru_cache(maxsize=None)
def numbers() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(0, 10**9).map(str),
        st.builds(lambda a, b: f"{a}.{b:02d}", st.integers(0, 9999), st.integers(0, 99)),  # 230.85
        st.builds(lambda y, m, d: f"{y}-{m:02d}-{d:02d}", st.integers(1900, 2099), st.integers(1, 12), st.integers(1, 28)),
        st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 23), st.integers(0, 59)),  # 10:30
        st.builds(lambda n: f"{n}%", st.integers(0, 100)),
        st.builds(lambda a, b: f"{a},{b:03d}", st.integers(1, 999), st.integers(0, 999)),  # 1,000
    )


def fullwidth(text: str) -> str:
    """ASCII letters and digits to their full-width forms (the reverse of the library's fold)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


# 230．85, 10：30, 2020－07－15, 50％, 1，000: separators as OCR and IMEs produce them.
_FULLWIDTH_SEPARATORS = str.maketrans({".": "\uff0e", ":": "\uff1a", "-": "\uff0d", "%": "\uff05", ",": "\uff0c", "/": "\uff0f"})


@lru_cache(maxsize=None)
def english_sentences() -> st.SearchStrategy[str]:
    return st.builds(
        lambda words, end: " ".join(words).capitalize() + end,
        st.lists(st.sampled_from(ENGLISH_WORDS), min_size=2, max_size=8),
        st.sampled_from([".", "!", "?", ",", ""]),
    )


@lru_cache(maxsize=None)
def arbitrary_unicode(max_size: int = 12) -> st.SearchStrategy[str]:
    return st.text(st.characters(blacklist_categories=("Cs",)), max_size=max_size)


@lru_cache(maxsize=None)
def tokens() -> st.SearchStrategy[str]:
    """One piece of a realistic extracted document."""
    return st.one_of(
        han_runs(1, 12),
        han_runs(1, 12),
        han_runs(1, 12),
        st.sampled_from(CJK_PUNCTUATION),
        st.sampled_from(CJK_PUNCTUATION),
        st.sampled_from(ASCII_PUNCTUATION),
        numbers(),
        numbers().map(fullwidth),
        numbers().map(lambda n: n.translate(_FULLWIDTH_SEPARATORS)),
        st.sampled_from(LATIN_WORDS),
        english_sentences(),
        st.sampled_from(URLS),
        st.sampled_from(EMAILS),
        st.sampled_from(EMOJI),
        rare_han(),
        arbitrary_unicode(4),
        st.sampled_from(SPACES),
        st.sampled_from(["\n", "\n", "\n\n", "\r\n", "\n \n", "\n\n\n"]),
        st.sampled_from(ZERO_WIDTH),
        st.sampled_from(["...", "......", "--", "\u3002\u3002\u3002", "\u2014", "\"", "'", "(", ")", "`", "```\n"]),
    )


@lru_cache(maxsize=None)
def documents(max_tokens: int = 60) -> st.SearchStrategy[str]:
    """Realistic messy documents: what an OCR engine or PDF extractor hands over."""
    return st.lists(tokens(), max_size=max_tokens).map("".join)


@lru_cache(maxsize=None)
def arbitrary_text(max_size: int = 80) -> st.SearchStrategy[str]:
    """Any surrogate-free text, biased towards the characters wenben looks at."""
    interesting = st.sampled_from(
        [*CJK_PUNCTUATION, *ASCII_PUNCTUATION, *SPACES, *ZERO_WIDTH, "\n", "\n\n", "\r", "\r\n", "\u0301", "\x00"]
    )
    piece = st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.characters(blacklist_categories=("Cs",)),
        han_chars(),
        interesting,
        st.sampled_from("0123456789OolIAaZz"),
    )
    return st.lists(piece, max_size=max_size).map("".join)


# ---------------------------------------------------------------------------------------------
# Canonical ("gold") text, generated from a small grammar of Chinese prose.
#
# A paragraph is one line of sentences; a sentence is clauses joined by ，、；： and ended by 。！？;
# a clause alternates Han runs with "islands" (numbers with units, dates, decimals, times, Latin
# tokens, English phrases, quoted or bracketed Han) and always starts and ends with Han, so two
# islands are never adjacent. Islands are separated from Han by one space in the ``spaced``
# profile and by nothing otherwise; ``tw`` and ``hk`` quote with 「」『』.


@dataclass(frozen=True)
class Gold:
    """Canonical text and the positions noise must not touch (URLs, e-mail addresses)."""

    text: str
    protected: tuple[tuple[int, int], ...] = ()


# Tokens safe to put next to Han in every profile. The ocr profile rewrites O/o/l/I next to
# digits (2O20 -> 2020), so tokens mixing them with digits (H2O, O2O) stay out of gold text.
_GOLD_LATIN = ["GDP", "Python", "iPhone", "Linux", "OCR", "PDF", "Wi-Fi", "CPU", "AI", "HTTP", "Debian", "UTF-8", "5G", "A4", "PM2.5"]
_GOLD_PHRASES = ["hello world", "big data", "machine learning", "open source"]
_UNITS = ["\u5e74", "\u6708", "\u65e5", "\u4ebf\u5143", "\u4e07\u4eba", "\u4e2a", "\u6b21", "\u5bb6"]


@lru_cache(maxsize=None)
def _number_islands() -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda a, b: f"{a}.{b:02d}", st.integers(0, 9999), st.integers(1, 99)),
        st.builds(lambda y, m, d: f"{y}-{m:02d}-{d:02d}", st.integers(1990, 2030), st.integers(1, 12), st.integers(1, 28)),
        st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 23), st.integers(0, 59)),
        st.integers(0, 10**6).map(str),
    )


_KINDS_OUTER = ("number", "latin", "phrase", "quote", "book", "paren")
_KINDS_INNER = ("number", "latin")


@lru_cache(maxsize=None)
def _clause(spaced: bool, quotes: str, depth: int = 0) -> st.SearchStrategy[str]:
    return _clause_composite(spaced, quotes, depth)


@st.composite
def _clause_composite(draw: st.DrawFn, spaced: bool, quotes: str, depth: int) -> str:
    parts = [draw(han_words(1, 3))]
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(_KINDS_OUTER if depth == 0 else _KINDS_INNER))
        if kind == "number":
            island, spaced_island = draw(_number_islands()), True
        elif kind == "latin":
            island, spaced_island = draw(st.sampled_from(_GOLD_LATIN)), True
        elif kind == "phrase":
            island, spaced_island = draw(st.sampled_from(_GOLD_PHRASES)), True
        elif kind == "quote":
            inner = draw(_clause(spaced, quotes, depth + 1))
            if draw(st.booleans()):
                # a nested single quote inside the double one
                inner += LSQ + draw(han_words(1, 2)) + RSQ + draw(han_words(1, 2))
            island, spaced_island = LDQ + inner + RDQ, False
        elif kind == "book":
            island, spaced_island = LBOOK + draw(han_words(1, 3)) + RBOOK, False
        else:
            island, spaced_island = LPAREN + draw(_clause(spaced, quotes, depth + 1)) + RPAREN, False
        glue = " " if spaced and spaced_island else ""
        parts.append(glue + island + glue)
        # A number is often followed by its unit: 2020年, 230.85亿元.
        unit = draw(st.sampled_from(_UNITS)) if kind == "number" and draw(st.booleans()) else ""
        parts.append(unit + draw(han_words(1, 3)))
    text = "".join(parts)
    if quotes == "corner":
        text = text.translate(str.maketrans(CORNER))
    return text


@lru_cache(maxsize=None)
def _paragraph(spaced: bool, quotes: str, urls: bool) -> st.SearchStrategy[str]:
    return _paragraph_composite(spaced, quotes, urls)


@st.composite
def _paragraph_composite(draw: st.DrawFn, spaced: bool, quotes: str, urls: bool) -> str:
    sentences = []
    for _ in range(draw(st.integers(1, 3))):
        clauses = draw(st.lists(_clause(spaced, quotes), min_size=1, max_size=3))
        sentence = clauses[0]
        for clause in clauses[1:]:
            sentence += draw(st.sampled_from([COMMA, COMMA, COMMA, ENUM_COMMA, SEMICOLON, COLON, ELLIPSIS, DASH])) + clause
        if urls and draw(st.integers(0, 5)) == 0:
            # 详见https://example.org/。 - an address at the end of a sentence, then the full stop.
            sentence += draw(st.sampled_from(URLS + EMAILS))
        sentence += draw(st.sampled_from([PERIOD, PERIOD, PERIOD, QUESTION, EXCLAMATION, ELLIPSIS]))
        sentences.append(sentence)
    return "".join(sentences)


@lru_cache(maxsize=None)
def gold_documents(profile: str, urls: bool = True) -> st.SearchStrategy[str]:
    """``urls=False``: no addresses at all, for tests that would otherwise filter them out
    (generating them only to reject the example is most of such a test's time)."""
    return _gold_documents(profile, urls)


@st.composite
def _gold_documents(draw: st.DrawFn, profile: str, urls: bool = True) -> str:
    """Canonical text for ``profile``: paragraphs, one blank line between them, one final newline.

    Addresses are left out of ``spaced`` gold text: whether pangu spacing puts a space between
    Chinese and a URL is a style choice the library has not documented.
    """
    spaced = profile == "spaced"
    quotes = "corner" if profile in ("tw", "hk") else "curly"
    paragraphs = draw(st.lists(_paragraph(spaced, quotes, urls=urls and not spaced), min_size=1, max_size=4))
    return "\n\n".join(paragraphs) + "\n"


# ---------------------------------------------------------------------------------------------
# Noise. Each kind is a function ``(draw, text, profile) -> text`` applied to canonical text;
# ``clean`` must undo all of them. They run in the order of NOISE_KINDS.
#
# Left out, because the canonical form cannot be recovered from the noisy text:
#
# * spaces next to Han where a short label and a colon follow (作者：张三 来源：新华社): a field
#   separator on a metadata line is content, and the library keeps it on purpose;
# * ASCII/full-width swaps next to Latin text or digits (支持Python,Rust vs. "I love you, too."),
#   spaces between Han and ASCII punctuation, and spaces inside numbers (1 000 vs. two numbers);
# * line wraps in short lines or at a sentence end: a line that is not full, or that ends a
#   sentence, may be a title, a list item, a line of verse or a paragraph end;
# * removing or adding spaces between Latin words; full-width letters in the ocr profile next to
#   digits are fine, but O/l read for 0/1 are only repaired in ocr and only next to units;
# * a lone CR followed by an invisible character and LF (rare; two line breaks either way).

# Open bugs, each pinned by a strict xfail in test_regressions.py. While one is open the noise
# steers clear of what triggers it (``_steer("name")`` in the noise functions), and the
# properties on arbitrary text ``assume`` away inputs that match its pattern, *only* in the
# properties it breaks (``triggers_known_bug(text, prop)``), so every property keeps testing
# everything else. When a regression test starts passing (XPASS fails the run), delete the
# entry here with the fix.


@dataclass(frozen=True)
class KnownBug:
    """An open bug: the regression test that pins it, the rule at fault, the properties it
    breaks, and a pattern of input that may trigger it (``None``: only the noise steers clear)."""

    regression: str
    rule: str
    breaks: frozenset[str]
    pattern: re.Pattern[str] | None = None
    #: The pattern counts only in text that also matches this one (e.g. has an address at all).
    only_with: re.Pattern[str] | None = None


# What a property is called in ``KnownBug.breaks``.
PROPERTIES = ("idempotence", "preservation", "repair", "stream", "explain", "well-formed")

_URL_CHAR = "A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%"
_INVISIBLE = "\u200b\u200c\u200e\u200f\u2060-\u2064\ufeff\u00ad\u180e\u202a-\u202e\u2066-\u2069"
_DIGIT = "0-9\uff10-\uff19"
_LATIN1 = "\u0080-\u00ff"
# What the rules after ``mojibake`` remove or turn into a space.
_EXPOSING = "\\t\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u1680\\u2000-\\u200f\\u202f\\u205f\\u3000\\u2060-\\u2064\\ufeff"

KNOWN_BUGS: dict[str, KnownBug] = {
    # mojibake runs first, so text that only looks like mojibake once a control character or a
    # tab is gone is repaired on the second pass.
    "mojibake-runs-first": KnownBug(
        "test_mojibake_runs_before_the_rules_that_expose_it",
        "mojibake (runs before invisible-characters and the space rules)",
        frozenset({"idempotence"}),
        re.compile(f"[{_LATIN1}][^\\n]{{0,8}}[{_EXPOSING}]|[{_EXPOSING}][^\\n]{{0,8}}[{_LATIN1}]"),
    ),
    # ascii-punctuation judges a mark by its neighbours in the source: when the quotes or the
    # brackets rule turns the straight quote or ASCII bracket next to it into \u201c\u201d or
    # \uff08\uff09 (because of context further away), the mark becomes Chinese-context only on
    # the second pass.
    "mark-beside-converted-quote": KnownBug(
        "test_mark_beside_a_converted_quote_or_bracket_is_not_idempotent",
        "ascii-punctuation (with quotes, brackets)",
        frozenset({"idempotence"}),
        re.compile("[\"'()\\[\\]][^\\S\\n]*[,.;:!?]|[,.;:!?][^\\S\\n]*[\"'()\\[\\]]"),
    ),
}


# Characters of plain text that cannot be part of mojibake (see ``could_be_mojibake``).
_PLAIN_NON_ASCII = frozenset(
    COMMON_HAN
    + "".join(CJK_PUNCTUATION)
    + "".join(CORNER.values())
    + "\u00a0\u3000\u2060\u200b\u200c\ufeff\u00ad\u2014\u2015\u3002"
    + "".join(map(chr, range(0xFF01, 0xFF5F)))  # full-width ASCII forms
    + "".join(EMOJI)
)


def could_be_mojibake(text: str) -> bool:
    """Whether ``text`` has a character that mojibake is made of: anything outside ASCII, the
    common Han characters, Chinese punctuation, spaces, full-width forms and emoji (Latin-1
    letters are GBK/Big5 read as Latin-1; rare Han are UTF-8 read as GBK/Big5). The mojibake
    rule may repair such text (rightly or not: a tolerated case); it must never touch the rest."""
    return any(not (c.isascii() or c in _PLAIN_NON_ASCII or c >= "\U00020000") for c in text)


#: ``WENBEN_NO_STEERING=1``: neither noise nor ``assume`` keeps clear of known bugs (to see
#: what they still break).
_STEERING = os.environ.get("WENBEN_NO_STEERING", "") in ("", "0")


def _steer(name: str) -> bool:
    """Whether the noise keeps clear of open bug ``name``."""
    return _STEERING and name in KNOWN_BUGS


def triggers_known_bug(text: str, prop: str) -> bool:
    """Whether ``text`` may run into an open bug (``KNOWN_BUGS``) that breaks property ``prop``."""
    assert prop in PROPERTIES, prop
    if not _STEERING:
        return False
    for bug in KNOWN_BUGS.values():
        if prop not in bug.breaks or bug.pattern is None or not bug.pattern.search(text):
            continue
        if bug.only_with is not None and not bug.only_with.search(text):
            continue
        return True
    return False


_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_HAN_RE = re.compile(f"[{_HAN}]")
_CJK_PUNCT_RE = re.compile("[\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018\u2019\u201c\u201d\u2026\u2014]")
_LABEL_AHEAD = re.compile(f"[{_HAN}]{{1,6}}[:\uff1a]")
_ADDRESS = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]{1,15}://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def _address_mask(text: str) -> list[bool]:
    mask = [False] * (len(text) + 1)
    for match in _ADDRESS.finditer(text):
        for i in range(match.start(), match.end() + 1):
            mask[i] = True
    return mask


def _is_han(char: str) -> bool:
    return bool(char) and _HAN_RE.match(char) is not None


def _pick(draw: st.DrawFn, candidates: list[int]) -> list[int]:
    """Up to eight of ``candidates`` (drawn by index: cheap to generate and to shrink)."""
    if not candidates:
        return []
    count = draw(st.integers(0, min(8, len(candidates))))
    return sorted({candidates[draw(st.integers(0, len(candidates) - 1))] for _ in range(count)})


def _insert(text: str, insertions: dict[int, str]) -> str:
    out, last = [], 0
    for position in sorted(insertions):
        out.append(text[last:position])
        out.append(insertions[position])
        last = position
    out.append(text[last:])
    return "".join(out)


def noise_punctuation(draw: st.DrawFn, text: str, profile: str) -> str:
    """Full-width punctuation read as ASCII where the context is unmistakably Chinese:
    ，；：？！ right after Han; 。 after Han at the end of a paragraph; （…）, “…”, ‘…’ and 「…」 around
    Han (both marks of a pair); …… and —— after Han."""
    pairs = {COMMA: ",", SEMICOLON: ";", COLON: ":", QUESTION: "?", EXCLAMATION: "!"}
    chars = list(text)
    candidates = []
    for i, char in enumerate(chars):
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if char in pairs and _is_han(before):
            candidates.append(i)
        elif char == PERIOD and _is_han(before) and after in ("\n", ""):
            # Only at the end of a paragraph: 好.好 stays as it is (ADR 0003: a full stop glued
            # between Han may be a name's middle dot or an abbreviation; 好. 好 becomes 好。好).
            candidates.append(i)
    for i in _pick(draw, candidates):
        chars[i] = pairs.get(chars[i], ".")
    text = "".join(chars)
    # Paired marks: only pairs with Han inside and no mark of the same kind in between.
    for left, right, ascii_left, ascii_right, pattern in (
        (LPAREN, RPAREN, "(", ")", f"{LPAREN}([^{LPAREN}{RPAREN}\\n]*[{_HAN}][^{LPAREN}{RPAREN}\\n]*){RPAREN}"),
        (LDQ, RDQ, '"', '"', f"{LDQ}([^{LDQ}{RDQ}\\n]*[{_HAN}][^{LDQ}{RDQ}\\n]*){RDQ}"),
        ("\u300c", "\u300d", '"', '"', f"\u300c([^\u300c\u300d\\n]*[{_HAN}][^\u300c\u300d\\n]*)\u300d"),
    ):
        matches = list(re.finditer(pattern, text))
        chosen = _pick(draw, list(range(len(matches))))
        for index in reversed(chosen):
            match = matches[index]
            text = text[: match.start()] + ascii_left + match.group(1) + ascii_right + text[match.end() :]
    if profile in ("tw", "hk"):
        # Curly quotes in a corner-quote profile: 「…」 read as “…”, 『…』 as ‘…’.
        for left, right, curly_left, curly_right in (("\u300c", "\u300d", LDQ, RDQ), ("\u300e", "\u300f", LSQ, RSQ)):
            matches = list(re.finditer(f"{left}([^{left}{right}\\n]*[{_HAN}][^{left}{right}\\n]*){right}", text))
            for index in reversed(_pick(draw, list(range(len(matches))))):
                m = matches[index]
                text = text[: m.start()] + curly_left + m.group(1) + curly_right + text[m.end() :]
    # Single quotes: ‘…’ → '…' when the content is short Han text and no letter or digit is
    # glued to the outside of the quotes (don't → apostrophes are not quotes).
    matches = [
        m for m in re.finditer(f"{LSQ}([^{LSQ}{RSQ}'\\n]{{1,40}}){RSQ}", text)
        if _HAN_RE.search(m.group(1))
        and not (m.start() and text[m.start() - 1].isascii() and text[m.start() - 1].isalnum())
        and not (m.end() < len(text) and text[m.end()].isascii() and text[m.end()].isalnum())
    ]
    for index in reversed(_pick(draw, list(range(len(matches))))):
        m = matches[index]
        text = text[: m.start()] + "'" + m.group(1) + "'" + text[m.end() :]
    # …… → ... or 。。。, —— → -- after Han.
    for mark, replacements in ((ELLIPSIS, ["...", "......", "\u3002\u3002\u3002"]), (DASH, ["--", "\u2014", "\u2015\u2015"])):
        matches = [m for m in re.finditer(mark, text) if _is_han(text[m.start() - 1 : m.start()])]
        for index in reversed(_pick(draw, list(range(len(matches))))):
            m = matches[index]
            text = text[: m.start()] + draw(st.sampled_from(replacements)) + text[m.end() :]
    return text


def noise_numbers(draw: st.DrawFn, text: str, profile: str) -> str:
    """Full-width digits (２０２０年) and number separators (230．85, 10：30, 2020－07－15)."""
    mask = _address_mask(text)
    chars = list(text)
    digits = [i for i, c in enumerate(chars) if c.isascii() and c.isdigit() and not mask[i]]
    for i in _pick(draw, digits):
        chars[i] = fullwidth(chars[i])
    separators = {".": "\uff0e", ":": "\uff1a", "-": "\uff0d"}
    seps = [
        i for i, c in enumerate(chars)
        if c in separators and not mask[i] and 0 < i < len(chars) - 1
        and text[i - 1].isdigit() and text[i + 1].isdigit()
    ]
    for i in _pick(draw, seps):
        chars[i] = separators[chars[i]]
    return "".join(chars)


def noise_latin_width(draw: st.DrawFn, text: str, profile: str) -> str:
    """Full-width Latin letters (ＧＤＰ) outside addresses."""
    mask = _address_mask(text)
    letters = [i for i, c in enumerate(text) if c.isascii() and c.isalpha() and not mask[i]]
    chars = list(text)
    for i in _pick(draw, letters):
        chars[i] = fullwidth(chars[i])
    return "".join(chars)


def noise_han_spaces(draw: st.DrawFn, text: str, profile: str) -> str:
    """Spaces (ASCII, NBSP, U+3000, tabs, runs) between two Han characters or between Han and
    Chinese punctuation (数 字经济, ， 对各位), except before a ``label：`` (a field separator)."""
    candidates = []
    for i in range(1, len(text)):
        before, after = text[i - 1], text[i]
        han_pair = _is_han(before) and _is_han(after)
        punct = (_is_han(before) or _CJK_PUNCT_RE.match(before)) and (_is_han(after) or _CJK_PUNCT_RE.match(after))
        if not (han_pair or punct):
            continue
        if _LABEL_AHEAD.match(text, i):
            continue
        if _steer("space-inside-ellipsis") and before == after and before in "\u2026\u2014\u3002":
            continue
        candidates.append(i)
    return _insert(text, {i: draw(st.sampled_from(SPACES)) for i in _pick(draw, candidates)})


def noise_latin_spaces(draw: st.DrawFn, text: str, profile: str) -> str:
    """Compact profiles: spaces between Han and Latin letters or digits (7 月 13 日, Debian 项目).
    ``spaced``: the one space there dropped, doubled, or made NBSP/U+3000."""
    mask = _address_mask(text)
    if profile == "spaced":
        candidates = [
            i for i in range(1, len(text) - 1)
            if text[i] == " " and not mask[i - 1] and not mask[i + 1]
            and ((_is_han(text[i - 1]) and text[i + 1].isascii() and text[i + 1].isalnum())
                 or (_is_han(text[i + 1]) and text[i - 1].isascii() and text[i - 1].isalnum()))
        ]
        chars = list(text)
        for i in _pick(draw, candidates):
            chars[i] = draw(st.sampled_from(["", "  ", "\u00a0", "\u3000", "\t"]))
        return "".join(chars)
    candidates = [
        i for i in range(1, len(text))
        if not (mask[i - 1] and mask[i])
        and ((_is_han(text[i - 1]) and text[i].isascii() and text[i].isalnum())
             or (_is_han(text[i]) and text[i - 1].isascii() and text[i - 1].isalnum()))
        and not _LABEL_AHEAD.match(text, i)
    ]
    return _insert(text, {i: draw(st.sampled_from(SPACES)) for i in _pick(draw, candidates)})


# What the wrap noise may not break after: the end of a sentence (SENTENCE_FINAL of the library
# and its ASCII forms), possibly followed by closing marks.
_SENTENCE_END = re.compile("[\u3002\uff01\uff1f\uff1b!?;\u2026\uff0e.][\u300b\u300d\u300f\uff09\u201d\u2019\"')\\]]*\\Z")
_FIELD_LINE = re.compile(f"[{_HAN}]{{1,4}}[:\uff1a][^\\n\uff0c\u3002\uff1b,;]*\\Z")
_MIN_FULL_WIDTH = 20
_FULL_RATIO = 0.75


def content_width(line: str) -> int:
    """Width from content only (Han 2, letters and digits 1), as documented in rules/lines.py."""
    return sum((2 if _HAN_RE.match(c) or "\u3040" <= c <= "\u30ff" else 1) for c in line if c.isalnum())


def _wrap_paragraph(draw: st.DrawFn, line: str) -> str:
    """Hard-wrap one long line at a drawn width, only where the break is unambiguous: between
    two characters of which one is Han or Chinese punctuation (so no space is owed), not after
    a sentence end, not before a list marker, not inside an address, with every line but the
    last *full* (content width at least 20 and at least 3/4 of the widest line)."""
    width = draw(st.integers(_MIN_FULL_WIDTH, 60))
    mask = _address_mask(line)
    lines, start, acc = [], 0, 0
    for i in range(1, len(line)):
        acc += content_width(line[i - 1])
        if acc < width:
            continue
        before, after = line[i - 1], line[i]
        if before.isspace() or after.isspace() or mask[i - 1] or mask[i]:
            continue
        if not (_is_han(before) or _CJK_PUNCT_RE.match(before) or _is_han(after) or _CJK_PUNCT_RE.match(after)):
            continue
        if not (_is_han(after) and after not in LIST_HAN or after in (COMMA, ENUM_COMMA, PERIOD, RDQ, RSQ, RPAREN, RBOOK)):
            continue
        body = line[start:i]
        if _SENTENCE_END.search(body) or _FIELD_LINE.match(body):
            continue
        lines.append(body)
        start, acc = i, 0
    lines.append(line[start:])
    if len(lines) < 2:
        return line
    widths = [content_width(piece) for piece in lines]
    widest = max(widths)
    if any(w < _MIN_FULL_WIDTH or w < _FULL_RATIO * widest for w in widths[:-1]):
        return line
    return "\n".join(lines)


def noise_wrap(draw: st.DrawFn, text: str, profile: str) -> str:
    """Hard line wraps inside long paragraphs (see ``_wrap_paragraph``)."""
    paragraphs = text.rstrip("\n").split("\n\n")
    return "\n\n".join(_wrap_paragraph(draw, p) if draw(st.booleans()) else p for p in paragraphs) + "\n"


def noise_zero_width(draw: st.DrawFn, text: str, profile: str) -> str:
    """Zero-width and soft-hyphen characters anywhere (they are removed before anything else)."""
    positions = list(range(len(text) + 1))
    if _steer("zero-width-in-address"):
        mask = _address_mask(text)
        positions = [i for i in positions if not (i and mask[i - 1] and mask[i])]
    inserted = {i: draw(st.sampled_from(ZERO_WIDTH)) for i in _pick(draw, positions)}
    if _steer("soft-hyphen-after-latin1"):
        inserted = {i: "\u200b" if c == "\u00ad" and i and "\u0080" <= text[i - 1] <= "\u00ff" else c for i, c in inserted.items()}
    return _insert(text, inserted)


def _blank(line: str) -> bool:
    return not line.strip().strip("".join(ZERO_WIDTH)).strip()


def noise_line_edges(draw: st.DrawFn, text: str, profile: str) -> str:
    """Trailing whitespace on any line; a paragraph indent (U+3000 U+3000, or one to three
    spaces) on the first line of a paragraph. Four spaces or a tab would make a two-line
    paragraph look like code to the line joiner, which is a fair reading, so they are left out."""
    lines = text.split("\n")
    out = []
    previous_blank = True
    for index, line in enumerate(lines):
        last_of_block = not previous_blank and (index + 1 == len(lines) or _blank(lines[index + 1]))
        if line and previous_blank and draw(st.booleans()):
            line = draw(st.sampled_from(["\u3000\u3000", " ", "  ", "   ", "\u3000"])) + line
        if line and draw(st.booleans()) and not (_steer("trailing-space-after-wrap") and last_of_block):
            line += draw(st.sampled_from(SPACES))
        previous_blank = _blank(line)
        out.append(line)
    return "\n".join(out)


def noise_blank_lines(draw: st.DrawFn, text: str, profile: str) -> str:
    """Extra blank lines (some holding only spaces) between paragraphs, at the start and the end;
    or no final newline at all."""
    blank = st.sampled_from(["\n", "\n", " \n", "\u3000\n", "\t\n"])
    paragraphs = text.rstrip("\n").split("\n\n")
    out = "".join(draw(st.lists(blank, max_size=3)))
    for index, paragraph in enumerate(paragraphs):
        if index:
            out += "\n\n" + "".join(draw(st.lists(blank, max_size=3)))
        out += paragraph
    return out + draw(st.sampled_from(["", "\n", "\n\n", "\n\n\n", "\n \n"]))


def noise_crlf(draw: st.DrawFn, text: str, profile: str) -> str:
    """Windows (CRLF) or old Mac (CR) line endings."""
    return text.replace("\n", draw(st.sampled_from(["\r\n", "\r"])))


# In application order: character-level swaps first, then spaces, wraps and line structure.
NOISE_KINDS = {
    "punctuation": noise_punctuation,
    "numbers": noise_numbers,
    "latin-width": noise_latin_width,
    "han-spaces": noise_han_spaces,
    "latin-spaces": noise_latin_spaces,
    "wrap": noise_wrap,
    "zero-width": noise_zero_width,
    "line-edges": noise_line_edges,
    "blank-lines": noise_blank_lines,
    "crlf": noise_crlf,
}


@st.composite
def noisy(draw: st.DrawFn, gold: str, profile: str, kinds: tuple[str, ...] | None = None) -> str:
    """``gold`` with noise of the given kinds (default: a drawn subset of all kinds)."""
    if kinds is None:
        kinds = tuple(draw(st.sets(st.sampled_from(list(NOISE_KINDS)), min_size=1)))
    text = gold
    for name, function in NOISE_KINDS.items():
        if name in kinds:
            text = function(draw, text, profile)
    return text


@st.composite
def gold_and_noisy(draw: st.DrawFn, profile: str, kinds: tuple[str, ...] | None = None) -> tuple[str, str]:
    gold = draw(gold_documents(profile))
    return gold, draw(noisy(gold, profile, kinds))


def split_points(text: str) -> st.SearchStrategy[list[str]]:
    """``text`` cut into chunks at arbitrary points (empty chunks included)."""
    return st.lists(st.integers(0, len(text)), max_size=12).map(
        lambda cuts: [text[a:b] for a, b in zip([0, *sorted(cuts)], [*sorted(cuts), len(text)])]
    )
