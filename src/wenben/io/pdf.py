"""Read a PDF as structured text: paragraphs, without page furniture.

A PDF has no paragraphs, only glyphs placed on pages. Text extractors give the lines
as drawn, so the text arrives wrapped at the layout's line ends (inside Chinese words),
with running headers, footers and page numbers in between. This module rebuilds the
paragraphs from the geometry of the lines:

1. pypdf extracts each page; a visitor records where every piece of text starts (x, y)
   and its font size. Pieces on the same baseline, in content order, make a line
   (this also mends PDFs that place every glyph on its own).
2. Lines at the top and bottom of a page that repeat on other pages at the same height
   (digits ignored) are running headers/footers; page numbers (``- 3 -``, ``第 3 页``,
   ``3/12``, ``Page 3``, a bare number) are dropped too, where a gap sets them apart
   from the body.
3. Consecutive lines stay in one paragraph unless a layout cue says otherwise: the next
   line is indented, the vertical gap is larger than the line pitch, or the line ends
   short of the margin by more than the next line's first word would have needed
   (that word would have fitted, so the typesetter did not wrap there). Sentence-final
   punctuation loosens the last test. The same tests join a paragraph across a page
   break.
4. Lines of a paragraph are joined with nothing when either side is Chinese (CJK lines
   break inside words), one space between Latin words, and ``inter-`` + ``national``
   is de-hyphenated.

Widths of text are estimated from character classes (CJK = 1 em, Latin letters by
shape), because pypdf's plain extraction does not report where a piece of text ends;
the thresholds allow for that.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import logging
import math
import os
import re
import statistics
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from wenben.errors import CorruptPdfError, EncryptedPdfError, ImageOnlyPdfError

PdfSource = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO

# --- geometry thresholds (in ems of the line's font size unless said otherwise) -------
# Pieces whose baselines differ by less than this are on one line (allows super/subscripts).
SAME_LINE_BASELINE_EMS = 0.5
# Gap between two Latin pieces of one line that means a word space.
WORD_GAP_EMS = 0.15
# A line starting this much right of its column's left edge is indented (a new paragraph).
INDENT_EMS = 0.8
# Lines starting within this of each other are aligned (neither is indented).
ALIGNED_EMS = 0.3
# A line starting within this of a list item's text (after its bullet) continues the item.
HANG_TOLERANCE_EMS = 0.6
# A piece repeating the text of one drawn within this distance overprints it (fake bold).
OVERPRINT_EMS = 0.15
# A piece this much smaller than its line and raised this far is a superscript (footnote mark).
SUPERSCRIPT_SIZE = 0.85
SUPERSCRIPT_RISE_EMS = 0.15
# Footnotes are set at most this size relative to the body text, or apart from it by a gap
# of this many line pitches.
FOOTNOTE_SIZE = 0.92
FOOTNOTE_GAP_PITCHES = 1.3
# Gaps wider than this split a line into parts (a running header's title and page number) ...
SEGMENT_GAP_EMS = 1.5
# ... and wider than this separate table cells, when two or more rows align their cells
# within CELL_ALIGN_EMS.
CELL_GAP_EMS = 0.9
CELL_ALIGN_EMS = 0.3
# Lines starting up to this far right of the left edge are looked at to find that edge;
# farther apart means another column.
COLUMN_SEARCH_EMS = 8.0
# A vertical step larger than this many line pitches separates paragraphs.
PARAGRAPH_GAP_PITCHES = 1.2
# Room left at a line's end beyond the next line's first unit that still counts as a
# full line: covers width estimation error and justification.
FULL_LINE_SLACK_EMS = 1.0
# Less room is needed when the line ends a sentence: paragraphs end there.
FULL_LINE_SLACK_AFTER_STOP_EMS = 0.3
# Estimates of Latin text width are this uncertain, relative to their width.
LATIN_WIDTH_ERROR = 0.12
# The right margin is the longest reach shared (within 1 em) by this many lines ...
MEASURE_MIN_LINES = 3
# ... of those with at most this share of non-CJK characters (whose widths are guessed).
MAX_LATIN_SHARE_FOR_MEASURE = 0.2

# --- page furniture ---------------------------------------------------------------------
# Lines looked at from the top and from the bottom of each page for furniture.
FURNITURE_LINES_PER_EDGE = 3
# Furniture baselines on different pages agree within this many points.
FURNITURE_Y_TOLERANCE_PT = 3.0
# A line is running furniture if it repeats on this share of the pages (and on two at least).
FURNITURE_MIN_PAGE_SHARE = 0.25
# A line whose text changes but whose shape (a title and a page number) repeats must do so
# on this share of the pages.
FURNITURE_SHAPE_PAGE_SHARE = 0.5
# Furniture is set apart from the body by more than this many line pitches.
FURNITURE_GAP_PITCHES = 1.15

_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"  # ASCII, hyphen, non-breaking, figure, en, em, minus
PAGE_NUMBER_PATTERNS = (
    re.compile(rf"[{_DASHES}]\s*\d+\s*[{_DASHES}]"),  # - 3 -
    # 第 3 页 / 第3页 共12页 / 第3页，共12页 / 第三页
    re.compile(r"\u7b2c\s*[\d\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u767e\u96f6\u3007]+\s*\u9875"
               r"(?:\s*[,\uff0c/]?\s*\u5171\s*\d+\s*\u9875)?"),
    re.compile(r"\u5171\s*\d+\s*\u9875\s*[,\uff0c/]?\s*\u7b2c\s*\d+\s*\u9875"),  # 共12页 第3页
    re.compile(r"\d+\s*/\s*\d+"),  # 3/12
    re.compile(r"(?i:page)\s*\d+(?:\s*(?i:of)\s*\d+)?"),  # Page 3, Page 3 of 12
    re.compile(r"[\(\uff08\[]\s*\d+\s*[\)\uff09\]]"),  # (3)
)
BARE_NUMBER = re.compile(r"\d{1,4}|[ivxlcdm]{1,7}|[IVXLCDM]{1,7}")

# --- characters -------------------------------------------------------------------------
# Ends of a sentence (paragraphs end there); closing quotes/brackets may follow them.
SENTENCE_STOPS = set("\u3002\uff01\uff1f\uff1b\uff1a\u2026.!?;:")  # 。！？；：… and ASCII
CLOSERS = set("\u201d\u2019\u300d\u300f\uff09\u300b\u3011)\"'")  # ” ’ 」 』 ） 》 】
# Punctuation that may not start a line (kinsoku): it travels with the character before.
NO_LINE_START = set("\uff0c\u3001\u3002\uff01\uff1f\uff1b\uff1a\u2026%,.;:!?") | CLOSERS
# Opening quotes and brackets: they travel with the character after them.
OPENERS = set("\u201c\u2018\u300c\u300e\uff08\u300a\u3010(")  # “ ‘ 「 『 （ 《 【 (
# Dashes that take no spaces around them in Chinese (and in English): em dash, two-em dash.
NO_SPACE_DASHES = set("\u2014\u2e3a")
# Hyphens that wrap a Latin word: ASCII hyphen-minus, hyphen, soft hyphen.
WRAP_HYPHENS = set("-\u2010\u00ad")
SOFT_HYPHEN = "\u00ad"
# Starts of list items; a line ending a sentence before one of these ends a paragraph.
ENUMERATOR = re.compile(
    r"(?:[\(\uff08][\d\u4e00-\u4e5d\u5341]{1,3}[\)\uff09]"  # (1) （一）
    r"|[\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341]{1,3}\u3001"  # 一、
    r"|\d{1,2}[.\uff0e\u3001](?!\d)"  # 1. 1、
    r"|\u7b2c[\d\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u767e]+[\u7ae0\u8282\u6761\u6b3e]"  # 第三章 节 条 款
    r"|[\u2022\u25cf\u25cb\u25a0\u25a1\u25c6\u25aa])"  # bullets • ● ○ ■ □ ◆ ▪
)
# A heading's number, set apart from its title by a wide gap ("1 简介", "2.3 安装").
SECTION_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2}){0,3}\.?|[A-Z]")
NUMBER_GAP_EMS = 0.6
URL_START = re.compile(r"(?i)(?:[a-z][a-z0-9+.-]*://|www\.)\S*$")

# Rough advance widths (in ems) of ASCII characters in common proportional fonts.
_NARROW = set("ijlI.,;:!|'`")
_SEMI_NARROW = set("frt()[]{}-\"/\\ ")
_WIDE = set("mwMW@%")
REPLACEMENT_CHAR = "\ufffd"
# Whitespace that pypdf itself inserts between pieces (never U+3000, which is content).
EXTRACTOR_SPACE = " \t\r\n"

# --- input ----------------------------------------------------------------------------------
# The PDF header may follow some junk, but within the first KiB (as readers allow).
HEADER_WINDOW_BYTES = 1024
# An intact file ends with %%EOF within its last bytes (allowing trailing junk).
TAIL_BYTES = 2048
# pypdf's messages are cut to this length so that every error stays one short line.
MESSAGE_CHARS = 160


@dataclass(frozen=True)
class PdfText:
    """Text of a PDF: paragraphs separated by one blank line, ready for :func:`wenben.clean`.

    ``warnings`` name pages that lost text (failed to extract, no text layer, unmapped
    glyphs) so a caller can report them without the whole document failing.
    """

    text: str
    pages: int
    warnings: list[str] = field(default_factory=list)
    blocks: list["PdfBlock"] = field(default_factory=list)


@dataclass
class _Line:
    """One printed line: its text and where it sits (PDF points, y grows upwards)."""

    text: str
    x: float
    x_end: float  # estimated
    y: float
    size: float
    last_x: float = 0.0  # where the line's last piece starts
    pieces: list["_Piece"] = field(default_factory=list)
    gaps: list[float] = field(default_factory=list)  # between consecutive pieces
    sups: list[tuple[int, int]] = field(default_factory=list)  # raised runs (offsets in text)
    marks: list[tuple[int, int]] = field(default_factory=list)  # raised runs that are footnote marks


def extract_pdf_text(source: PdfSource, *, password: str | None = None) -> PdfText:
    """Extract the paragraphs of a PDF without headers, footers and page numbers.

    ``source`` is a path, the PDF's bytes or a binary file object. Raises
    :class:`EncryptedPdfError` without the right ``password``, :class:`CorruptPdfError`
    for damaged or non-PDF input and :class:`ImageOnlyPdfError` when no page has a text
    layer. A page that fails on its own only adds a warning.
    """
    data = _read_source(source)
    with _captured_pypdf_log() as pypdf_log:
        reader = _open_reader(data, password)
        try:
            page_count = len(reader.pages)
        except Exception as exc:  # pypdf raises many types for a broken page tree
            raise CorruptPdfError(f"damaged PDF: its page tree cannot be read ({_describe(exc)})") from exc
        if page_count == 0:
            raise CorruptPdfError("damaged PDF: it has no pages")
        pages, notes, failures = _read_pages(reader, page_count, pypdf_log)
    if not any(pages):
        if failures == page_count:
            raise CorruptPdfError(f"damaged PDF: no text could be extracted from any of its {page_count} page(s)")
        raise ImageOnlyPdfError(
            f"no text layer on any of its {page_count} page(s): a scanned or image-only PDF needs OCR first"
        )
    if b"%%EOF" not in data[-TAIL_BYTES:]:
        notes.append("the file looks truncated (no end-of-file marker): text may be missing")
    blocks = _assemble(_remove_furniture(pages))
    return PdfText(text="\n\n".join(block.text for block in blocks), pages=page_count, warnings=notes,
                   blocks=blocks)


# --- input and pypdf ----------------------------------------------------------------------


def _read_source(source: PdfSource) -> bytes:
    """All of the PDF's bytes: pypdf seeks around, and the end-of-file check needs the tail."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            return handle.read()
    data = source.read()
    if not isinstance(data, bytes):
        raise TypeError("extract_pdf_text needs a binary file object, not a text one")
    return data


class _LogCollector(logging.Handler):
    """Keeps pypdf's log messages instead of printing them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


@contextlib.contextmanager
def _captured_pypdf_log() -> Iterator[list[str]]:
    """Keep pypdf's log messages and warnings off stderr for one extraction.

    pypdf logs every oddity it recovers from ("Ignoring wrong pointing object",
    "Rotated text discovered"); a filter's stderr would drown in them. They are
    collected instead: a page that comes out empty reports what pypdf said about it.
    The logger's settings are restored afterwards.
    """
    logger = logging.getLogger("pypdf")
    collector = _LogCollector()
    saved = (logger.level, logger.propagate)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    logger.addHandler(collector)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield collector.messages
    finally:
        logger.removeHandler(collector)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def _describe(exc: BaseException) -> str:
    """A one-line description of a pypdf exception (its text can span lines)."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}"[:MESSAGE_CHARS] if text else type(exc).__name__


def _open_reader(data: bytes, password: str | None) -> PdfReader:
    """Open and, if needed, decrypt the PDF, turning pypdf's failures into wenben errors."""
    if b"%PDF-" not in data[:HEADER_WINDOW_BYTES]:
        raise CorruptPdfError("not a PDF: no %PDF- header at the start of the data")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:  # pypdf raises many types (and not only PdfReadError) on bad input
        raise CorruptPdfError(f"damaged or truncated PDF ({_describe(exc)})") from exc
    if not reader.is_encrypted:
        return reader
    try:
        # An empty user password opens files that are only protected against editing.
        result = reader.decrypt(password if password is not None else "")
    except DependencyError as exc:
        raise EncryptedPdfError(f"encrypted PDF needs a crypto library to open: {_describe(exc)}") from exc
    except Exception as exc:  # a damaged /Encrypt dictionary
        raise EncryptedPdfError(f"encrypted PDF could not be decrypted ({_describe(exc)})") from exc
    if result == PasswordType.NOT_DECRYPTED:
        if password is None:
            raise EncryptedPdfError("encrypted PDF: a password is needed to read it")
        raise EncryptedPdfError("encrypted PDF: the password is wrong")
    return reader


def _read_pages(reader: PdfReader, page_count: int, pypdf_log: list[str]) -> tuple[list[list[_Line]], list[str], int]:
    """Lines of every page, warnings, and how many pages failed.

    A page that raises, or comes out empty while pypdf complains, has failed; it costs a
    warning, never the other pages.
    """
    pages: list[list[_Line]] = []
    notes: list[str] = []
    failures = 0
    for number in range(1, page_count + 1):
        logged = len(pypdf_log)
        try:
            lines = _page_lines(reader.pages[number - 1])
        except FileNotDecryptedError as exc:
            raise EncryptedPdfError("encrypted PDF: a password is needed to read it") from exc
        except Exception as exc:  # noqa: BLE001 - one bad page must not lose the others
            failures += 1
            notes.append(f"page {number}: text could not be extracted ({_describe(exc)})")
            lines = []
        else:
            complaints = pypdf_log[logged:]
            if not lines and complaints:
                failures += 1
                notes.append(f"page {number}: text could not be extracted (pypdf: {complaints[0][:MESSAGE_CHARS]})")
            elif not lines:
                notes.append(f"page {number}: no text layer (blank, or an image that needs OCR)")
            unmapped = sum(line.text.count(REPLACEMENT_CHAR) for line in lines)
            if unmapped:
                notes.append(f"page {number}: {unmapped} glyph(s) have no Unicode mapping and show as U+FFFD")
        pages.append(lines)
    return pages, notes, failures


# --- lines from text pieces -------------------------------------------------------------------


def _em_width(ch: str) -> float:
    """Estimated advance of ``ch`` in ems: good to about 10% for Latin, exact for CJK."""
    if unicodedata.east_asian_width(ch) in ("W", "F", "A") and ord(ch) > 0x7F:
        return 1.0
    if ch in _NARROW:
        return 0.25
    if ch in _SEMI_NARROW:
        return 0.33
    if ch in _WIDE:
        return 0.85
    if "A" <= ch <= "Z":
        return 0.65
    return 0.5


def _text_ems(text: str) -> float:
    return sum(_em_width(ch) for ch in text)


def _is_cjk(ch: str) -> bool:
    """True for characters set solid in Chinese text: no space is ever put next to them."""
    return unicodedata.east_asian_width(ch) in ("W", "F") or ch in NO_SPACE_DASHES


def _solid_edge(text: str, at_end: bool) -> bool:
    """Is the text Chinese at this edge? Looks past quotes and other punctuation.

    ``办”`` + ``“跨`` meet between two quotes, but the words around them are Chinese,
    so no space goes there; ``“OK”`` + ``he said`` gets one.
    """
    for ch in reversed(text) if at_end else text:
        if _is_cjk(ch):
            return True
        if ch.isalnum():
            return False
    return False


def _spaced(left: str, right: str) -> bool:
    """May a word space separate these two pieces of text? Never next to Chinese."""
    return not (_solid_edge(left, at_end=True) or _solid_edge(right, at_end=False))


@dataclass
class _Piece:
    """A run of glyphs drawn at one place in one font (PDF points, y grows upwards)."""

    text: str
    x: float
    x_end: float
    y: float
    size: float
    mono: bool = False


def _positioned_pieces(page: object) -> list[_Piece] | None:
    """Every text-showing operation of the page with its start, end, size and font.

    pypdf's layout mode interprets the content stream with the fonts' real advance widths
    (``displaced_tx``); its per-operation records (one per string of a ``TJ`` array) are
    what a layout engine needs, so they are taken before pypdf merges them into lines.
    Returns None where that machinery is unavailable (another pypdf) or fails; the caller
    then falls back to the plain visitor.
    """
    try:
        from pypdf._text_extraction._layout_mode import _fixed_width_page as _layout_mode
        from pypdf._text_extraction._layout_mode._text_state_manager import TextStateManager
        from pypdf.generic import ArrayObject, ContentStream, StreamObject

        fonts = page._layout_mode_fonts()  # type: ignore[attr-defined]
        contents = page.get("/Contents")  # type: ignore[attr-defined]
        if contents is not None:
            contents = contents.get_object()
        if not isinstance(contents, (ArrayObject, StreamObject)):
            return []
        cid_tables = _cid_fallbacks(page, fonts)
        ops = iter(ContentStream(contents, page.pdf, "bytes").operations)  # type: ignore[attr-defined]
        state = TextStateManager()
        shows = []
        for operands, op in ops:
            if op in (b"BT", b"q"):
                _, found = _layout_mode.recurse_to_target_op(ops, state, b"ET" if op == b"BT" else b"Q", fonts)
                shows.extend(found)
            elif op == b"Tf":
                _layout_mode.set_font_operation(state, fonts, operands)
            else:
                state.set_state_param(op, operands)
    except Exception:  # noqa: BLE001 - private machinery: any failure means "use the visitor"
        return None
    builtin = _builtin_encodings(page, fonts)
    pieces = []
    for show in shows:
        if show.rotated or not show.font.interpretable:
            continue
        table = cid_tables.get(id(show.font))
        own = builtin.get(id(show.font))
        if table is not None and isinstance(show.value, bytes):
            text = _decode_cids(show.value, table)
        elif own and isinstance(show.value, bytes):
            text = _decode_simple(show.value, show.font, own)
        else:
            text = show.text
        text = text.replace("\n", "").replace("\r", "").translate(LIGATURES)
        if not text.strip(EXTRACTOR_SPACE):
            continue
        size = abs(show.font_height) or abs(show.font_size) or 1.0
        x, x_end = sorted((show.tx, show.displaced_tx))
        pieces.append(_Piece(text, x, x_end, show.ty, size, _is_mono(show.font)))
    return pieces


MONO_FONT_NAME = re.compile(r"(?i)mono|courier|consol|typewriter|menlo|inconsolata|code|(?:^|\+)(?:cm|lm|ec)tt|\bTT\b")


def _is_mono(font: object) -> bool:
    """Monospace: the FixedPitch flag of the font descriptor, or a name that says so."""
    flags = getattr(getattr(font, "font_descriptor", None), "flags", 0) or 0
    return bool(flags & 1) or bool(MONO_FONT_NAME.search(getattr(font, "name", "") or ""))


_CID_TABLES: dict[str, dict[int, str]] = {}


def _cid_table(collection: str) -> dict[int, str] | None:
    """CID -> Unicode for an Adobe character collection (data from Adobe's UCS2 CMaps)."""
    if collection not in _CID_TABLES:
        path = os.path.join(os.path.dirname(__file__), "cmaps", f"{collection}.txt.gz")
        if not os.path.exists(path):
            return None
        import gzip

        table: dict[int, str] = {}
        with gzip.open(path, "rt", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("%"):
                    continue
                cid, value = line.split()
                table[int(cid)] = bytes.fromhex(value).decode("utf-16-be")
        _CID_TABLES[collection] = table
    return _CID_TABLES[collection]


def _cid_fallbacks(page: object, fonts: dict[str, object]) -> dict[int, dict[int, str]]:
    """Tables for Identity-encoded CID fonts that carry no ToUnicode map.

    Such a font names glyphs by CID only (XeLaTeX + ctex's Fandol fonts do this); pypdf then
    reads the CIDs as UTF-16 and prints nonsense. A CID of the Adobe-GB1 or Adobe-CNS1
    collection has a published Unicode value, so those are read through Adobe's table.
    """
    found: dict[int, dict[int, str]] = {}
    try:
        resources = page["/Resources"].get_object()  # type: ignore[index]
        font_dict = resources["/Font"].get_object()
    except Exception:  # noqa: BLE001 - no fonts: nothing to map
        return found
    for name, font in fonts.items():
        try:
            raw = font_dict[name].get_object()
            if "/ToUnicode" in raw or str(raw.get("/Encoding")) not in ("/Identity-H", "/Identity-V"):
                continue
            info = raw["/DescendantFonts"][0].get_object()["/CIDSystemInfo"].get_object()
            collection = f"{info['/Registry']}-{info['/Ordering']}"
        except Exception:  # noqa: BLE001 - not a CID font of that kind
            continue
        table = _cid_table(collection)
        if table is not None:
            found[id(font)] = table
    return found


# Latin ligature glyphs (U+FB00-FB06) are typesetting, not text: ﬁ -> fi.
LIGATURES = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}
_TYPE1_ENCODING_ENTRY = re.compile(rb"dup\s+(\d+)\s*/([^\s/]+)\s+put")


def _builtin_encodings(page: object, fonts: dict[str, object]) -> dict[int, dict[int, str]]:
    """Code -> text from the font program's own encoding, for simple fonts without ToUnicode.

    A Type 1 font with a built-in encoding (TeX's cmsy, whose bullet is code 15) names its
    glyphs inside the embedded font only; pypdf falls back to StandardEncoding and prints
    control characters or glyph names (``/x88``). The embedded CFF (FontFile3, read with
    fontTools) or Type 1 program (FontFile) says which glyph each code shows; its name gives
    the character (Adobe Glyph List). Only codes pypdf could not map are overridden.
    """
    found: dict[int, dict[int, str]] = {}
    try:
        font_dict = page["/Resources"].get_object()["/Font"].get_object()  # type: ignore[index]
    except Exception:  # noqa: BLE001 - no fonts: nothing to map
        return found
    for name, font in fonts.items():
        try:
            raw = font_dict[name].get_object()
            if "/ToUnicode" in raw or raw.get("/Subtype") not in ("/Type1", "/MMType1"):
                continue
            descriptor = raw["/FontDescriptor"].get_object()
            names = _program_encoding(descriptor)
        except Exception:  # noqa: BLE001 - an unreadable font program: keep pypdf's reading
            continue
        if not names:
            continue
        from fontTools.agl import toUnicode

        override = {}
        for code, glyph in names.items():
            current = font.encoding.get(code, chr(code)) if isinstance(font.encoding, dict) else chr(code)
            if glyph and glyph != ".notdef" and (len(current) != 1 or ord(current) < 0x20 or 0x7F <= ord(current) < 0xA0):
                text = toUnicode(glyph)
                if text and all(ord(ch) >= 0x20 for ch in text):
                    override[code] = text
        if override:
            found[id(font)] = override
    return found


def _program_encoding(descriptor: object) -> dict[int, str]:
    """The built-in encoding of an embedded Type 1 or CFF font program (code -> glyph name)."""
    if "/FontFile3" in descriptor:  # type: ignore[operator]
        from fontTools.cffLib import CFFFontSet

        cff = CFFFontSet()
        cff.decompile(io.BytesIO(descriptor["/FontFile3"].get_object().get_data()), None)  # type: ignore[index]
        top = cff[cff.fontNames[0]]
        encoding = getattr(top, "Encoding", None)
        if isinstance(encoding, list):
            return {code: glyph for code, glyph in enumerate(encoding) if glyph}
        return {}
    if "/FontFile" in descriptor:  # type: ignore[operator]
        data = descriptor["/FontFile"].get_object().get_data()  # type: ignore[index]
        clear = data[: descriptor["/FontFile"].get_object().get("/Length1", len(data))]  # type: ignore[index]
        return {int(code): glyph.decode("latin-1") for code, glyph in _TYPE1_ENCODING_ENTRY.findall(clear)}
    return {}


def _decode_simple(data: bytes, font: object, override: dict[int, str]) -> str:
    encoding = font.encoding if isinstance(font.encoding, dict) else {}  # type: ignore[attr-defined]
    character_map = font.character_map  # type: ignore[attr-defined]
    out = []
    for byte in data:
        if byte in override:
            out.append(override[byte])
        else:
            char = encoding.get(byte, chr(byte))
            out.append(character_map.get(char, char))
    return "".join(out)


def _decode_cids(data: bytes, table: dict[int, str]) -> str:
    return "".join(table.get(int.from_bytes(data[i:i + 2], "big"), REPLACEMENT_CHAR) for i in range(0, len(data) - 1, 2))


def _visitor_pieces(page: object) -> list[_Piece]:
    """Pieces from pypdf's text visitor: starts are exact, ends are estimated."""
    pieces: list[_Piece] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, font_size: float) -> None:
        text = text.replace("\n", "").replace("\r", "")
        if not text.strip(EXTRACTOR_SPACE):
            return
        # Text space to device space: tm x cm (PDF row-vector convention).
        a, b, c, d, e, f = tm
        x = e * cm[0] + f * cm[2] + cm[4]
        y = e * cm[1] + f * cm[3] + cm[5]
        xscale = math.hypot(a * cm[0] + b * cm[2], a * cm[1] + b * cm[3]) or 1.0
        yscale = math.hypot(c * cm[0] + d * cm[2], c * cm[1] + d * cm[3]) or 1.0
        size = abs(font_size) * yscale or 1.0
        width = _text_ems(text) * abs(font_size) * xscale
        name = str(font.get("/BaseFont", "")) if hasattr(font, "get") else ""
        pieces.append(_Piece(text, x, x + width, y, size, bool(MONO_FONT_NAME.search(name))))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return pieces


def _page_lines(page: object) -> list[_Line]:
    """The page's lines in content order, built from positioned pieces of text."""
    pieces = _positioned_pieces(page)
    if not pieces:
        pieces = _visitor_pieces(page)
    lines: list[_Line] = []
    for piece in pieces:
        _add_piece(lines, piece)
    for line in lines:
        # Leading (ideographic) spaces are an indent made of glyphs: move x instead.
        stripped = line.text.lstrip()
        cut = len(line.text) - len(stripped)
        line.x += _text_ems(line.text[:cut]) * line.size
        line.sups = [(max(0, s - cut), e - cut) for s, e in line.sups if e > cut]
        line.text = stripped.rstrip()
        if line.pieces:
            line.pieces[0].text = line.pieces[0].text.lstrip()
    return [line for line in lines if line.text]


def _add_piece(lines: list[_Line], piece: _Piece) -> None:
    """Append a piece of text to the last line if it continues it, else start a new line.

    A piece continues the line when it sits on the same baseline (a raised footnote marker
    included) to the right of the previous piece; a word space is added between Latin
    pieces set apart by a gap.
    """
    text, x, y, size = piece.text, piece.x, piece.y, piece.size
    if lines:
        last = lines[-1]
        for drawn in last.pieces[-8:]:
            # Poor man's bold (the CJK package) draws a glyph again a hair to the side.
            if abs(drawn.y - y) >= OVERPRINT_EMS * size or not text.strip():
                continue
            if drawn.text == text and abs(drawn.x - x) < OVERPRINT_EMS * size:
                return
            if text in drawn.text and drawn.x - OVERPRINT_EMS * size <= x < drawn.x_end - OVERPRINT_EMS * size:
                offset = drawn.text.find(text)
                advance = (drawn.x_end - drawn.x) * _text_ems(drawn.text[:offset]) / max(_text_ems(drawn.text), 1e-9)
                if abs(drawn.x + advance - x) < OVERPRINT_EMS * size:
                    return  # the same glyphs drawn again over part of a run
        em = max(size, last.size)
        if abs(y - last.y) <= SAME_LINE_BASELINE_EMS * em and x > last.last_x - 0.01:
            left, right = last.text.rstrip(EXTRACTOR_SPACE), text.lstrip(EXTRACTOR_SPACE)
            gap = x - last.x_end
            had_space = last.text != left or text != right
            # The line so far is only a bullet or a number: a gap after it is a space.
            spaced = (_spaced(left, right) or bool(ENUMERATOR.fullmatch(left.strip()))
                      or (bool(SECTION_NUMBER.fullmatch(left.strip())) and gap > NUMBER_GAP_EMS * size))
            if left and right and (had_space or gap > WORD_GAP_EMS * min(size, last.size)) and spaced:
                left += " "  # a word space, or the one after a list item's bullet
            start = len(left)
            last.text = left + right
            # A smaller piece raised above the baseline is a superscript (a footnote marker).
            if size < SUPERSCRIPT_SIZE * last.size and y - last.y > SUPERSCRIPT_RISE_EMS * last.size:
                last.sups.append((start, len(last.text)))
            elif last.size < SUPERSCRIPT_SIZE * size and last.y - y > SUPERSCRIPT_RISE_EMS * size:
                # The line began with the marker: the real baseline is this piece's.
                last.sups = last.sups or [(0, len(left.rstrip()))]
                last.y, last.size = y, size
            else:
                last.size = max(last.size, size)
            last.gaps.append(gap)
            last.x_end = max(last.x_end, piece.x_end)
            last.last_x = x
            last.pieces.append(piece)
            return
    lines.append(_Line(text=text, x=x, x_end=piece.x_end, y=y, size=size, last_x=x, pieces=[piece]))


# --- page furniture --------------------------------------------------------------------------


def _furniture_key(text: str) -> str:
    """Running headers differ only in their numbers: compare them with digits masked."""
    return re.sub(r"\d+", "#", "".join(text.split()))


def _segments(line: _Line) -> list[str]:
    """The line's parts set apart by wide gaps (a header's title and its page number)."""
    parts = [[line.pieces[0].text]] if line.pieces else [[line.text]]
    for piece, gap in zip(line.pieces[1:], line.gaps):
        if gap > SEGMENT_GAP_EMS * line.size:
            parts.append([])
        parts[-1].append(piece.text)
    return ["".join(part).strip() for part in parts if "".join(part).strip()]


def _shape_key(line: _Line) -> str:
    """A running header's shape: which of its parts are numbers; the words may change.

    ``1 简介 … 1`` and ``2 基本概念 … 5`` share the shape ``T|N``: a title and a page
    number at the same height on every page.
    """
    kinds = ["N" if _is_page_number(part) or BARE_NUMBER.fullmatch(part) else "T" for part in _segments(line)]
    return "|".join(kinds)


def _is_page_number(text: str) -> bool:
    compact = text.strip()
    return any(p.fullmatch(compact) for p in PAGE_NUMBER_PATTERNS)


def _pitch(pages: list[list[_Line]]) -> float:
    """The typical distance between baselines of consecutive body lines."""
    steps = [
        round(a.y - b.y, 1)
        for lines in pages
        for a, b in itertools.pairwise(lines)
        if 0 < a.y - b.y < 3 * max(a.size, b.size)
    ]
    return statistics.median(steps) if steps else 0.0


def _edge_lines(lines: list[_Line]) -> list[_Line]:
    ordered = sorted(lines, key=lambda line: -line.y)
    return ordered[:FURNITURE_LINES_PER_EDGE] + ordered[-FURNITURE_LINES_PER_EDGE:]


def _body_size(pages: list[list[_Line]]) -> float:
    """The font size most of the text is set in."""
    weights: dict[float, int] = {}
    for lines in pages:
        for line in lines:
            weights[round(line.size, 1)] = weights.get(round(line.size, 1), 0) + len(line.text)
    return max(weights, key=weights.__getitem__) if weights else 0.0


def _remove_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Drop running headers/footers and page numbers from the top and bottom of each page.

    A line is a candidate if its text repeats at the same height on other pages (digits
    masked), or its *shape* does (a title and a page number, the title changing per
    section) on half the pages, or it looks like a page number; candidates are removed
    only from the page's edges and only where a gap sets them apart from the body, so
    body text that happens to repeat, or a number that ends a paragraph, stays.
    """
    seen: dict[str, list[float]] = {}
    shapes: dict[tuple[str, float], list[float]] = {}
    body_size = _body_size(pages)

    tops = {id(line) for lines in pages for line in sorted(lines, key=lambda line: -line.y)[:1]}

    def shape_of(line: _Line) -> str:
        shape = _shape_key(line)
        if "N" in shape and "T" in shape:
            return "NT"  # a title and a page number, in either corner (two-sided layouts)
        if id(line) in tops and line.size < 0.95 * body_size:
            return "small"  # a smaller running title, the page's top line (never a footnote)
        return ""

    for lines in pages:
        for line in {id(line): line for line in _edge_lines(lines)}.values():
            seen.setdefault(_furniture_key(line.text), []).append(line.y)
            shapes.setdefault((shape_of(line), round(line.size, 1)), []).append(line.y)

    def is_candidate(line: _Line) -> bool:
        heights = seen.get(_furniture_key(line.text), [])
        same_place = sum(abs(h - line.y) <= FURNITURE_Y_TOLERANCE_PT for h in heights)
        repeated = same_place >= max(2, FURNITURE_MIN_PAGE_SHARE * len(pages))
        shape = shape_of(line)
        if not repeated and shape:
            heights = shapes.get((shape, round(line.size, 1)), [])
            same_shape = sum(abs(h - line.y) <= FURNITURE_Y_TOLERANCE_PT for h in heights)
            repeated = same_shape >= max(2, FURNITURE_SHAPE_PAGE_SHARE * len(pages))
        return repeated or _is_page_number(line.text) or bool(BARE_NUMBER.fullmatch(line.text))

    pitch = _pitch(pages)
    result = []
    for lines in pages:
        top_down = sorted(lines, key=lambda line: -line.y)
        top = _margin_lines(top_down, is_candidate, pitch)
        bottom_up = top_down[top:][::-1]
        bottom = _margin_lines(bottom_up, is_candidate, pitch)
        dropped = {id(line) for line in top_down[:top] + bottom_up[:bottom]}
        result.append([line for line in lines if id(line) not in dropped])
    return result


def _margin_lines(edge_first: list[_Line], is_candidate: Callable[[_Line], bool], pitch: float) -> int:
    """How many lines, counted from a page edge, are furniture set apart from the body."""
    count = 0
    while count < min(FURNITURE_LINES_PER_EDGE, len(edge_first)) and is_candidate(edge_first[count]):
        count += 1
    for cut in range(count, 0, -1):
        if cut == len(edge_first) or not pitch:
            return cut
        if abs(edge_first[cut - 1].y - edge_first[cut].y) > FURNITURE_GAP_PITCHES * pitch:
            return cut
    # No gap (a one-page document: the footer is not known to repeat): only what is
    # unmistakably a page number goes.
    explicit = 0
    while explicit < count and _is_page_number(edge_first[explicit].text):
        explicit += 1
    return explicit


# --- footnotes -------------------------------------------------------------------------------


FOOTNOTE_MARK = re.compile(r"\d{1,3}|[*\u2020\u2021\u00a7]{1,3}")


def _leading_mark(line: _Line) -> str | None:
    """The footnote mark a line starts with: raised, or a number set apart from the text."""
    if line.sups and line.sups[0][0] == 0:
        mark = line.text[: line.sups[0][1]].strip()
        return mark if FOOTNOTE_MARK.fullmatch(mark) else None
    if len(line.pieces) > 1 and FOOTNOTE_MARK.fullmatch(line.pieces[0].text.strip()):
        if line.gaps and line.gaps[0] > WORD_GAP_EMS * line.size:
            return line.pieces[0].text.strip()
    return None


def _split_footnotes(pages: list[list[_Line]]) -> tuple[list[list[_Line]], list[list[tuple[str, list[_Line]]]]]:
    """Take the footnotes off the foot of each page: (body lines, footnotes per page).

    A footnote area is the run of lines at the page's foot set in a smaller size than the
    body, whose first line starts with a mark (raised, or a number set apart) that the
    page's body also shows raised. Without such a mark the small print stays in the body
    (a caption, a small-type paragraph): nothing is taken out on a guess.
    """
    body_size = _body_size(pages)
    pitch = _pitch(pages)
    bodies: list[list[_Line]] = []
    notes: list[list[tuple[str, list[_Line]]]] = []
    for lines in pages:
        ordered = sorted(lines, key=lambda line: -line.y)
        start = len(ordered)
        while start > 0 and ordered[start - 1].size <= FOOTNOTE_SIZE * body_size:
            start -= 1
        if start == len(ordered) or _leading_mark(ordered[start]) is None:
            # Footnotes in the body's size (a word processor's default): the area starts at
            # the lowest line, set apart by a gap, that begins with a raised mark.
            middle = (ordered[0].y + ordered[-1].y) / 2 if ordered else 0.0
            for index in range(len(ordered) - 1, 0, -1):
                line = ordered[index]
                if line.y > middle:
                    break  # footnotes sit in the page's lower half; take the highest there
                if (line.sups and line.sups[0][0] == 0 and _leading_mark(line) is not None
                        and pitch and ordered[index - 1].y - line.y > FOOTNOTE_GAP_PITCHES * pitch):
                    start = index
        area = ordered[start:]
        above = ordered[:start]
        body_marks = {line.text[s:e].strip() for line in above for s, e in line.sups}
        page_notes: list[tuple[str, list[_Line]]] = []
        if area and above:
            first = _leading_mark(area[0])
            if first is not None and first in body_marks:
                for line in area:
                    mark = _leading_mark(line)
                    if mark is not None and (mark in body_marks or not page_notes):
                        page_notes.append((mark, [line]))
                    else:
                        page_notes[-1][1].append(line)
        if page_notes:
            kept = {id(line) for line in above}
            bodies.append([line for line in lines if id(line) in kept])
            marks = {mark for mark, _ in page_notes}
            for line in bodies[-1]:
                line.marks = [(s, e) for s, e in line.sups if line.text[s:e].strip() in marks]
        else:
            bodies.append(lines)
        notes.append(page_notes)
    return bodies, notes


def _marked_text(line: _Line) -> str:
    """The line's text with its footnote marks set off as ``[1]`` (not glued to the text)."""
    text = line.text
    for start, end in reversed(getattr(line, "marks", [])):
        text = text[:start].rstrip(" ") + "[" + text[start:end].strip() + "]" + text[end:]
    return text


def _footnote_text(mark: str, lines: list[_Line], vocabulary: "_Vocabulary") -> str:
    first = lines[0]
    if first.sups and first.sups[0][0] == 0:
        rest = first.text[first.sups[0][1]:].lstrip()
    else:
        rest = first.text[len(first.pieces[0].text.lstrip()):].lstrip()
    parts = [rest] + [line.text for line in lines[1:]]
    out = parts[0]
    for part in parts[1:]:
        left, sep = _joint(out, part, vocabulary)
        out = left + sep + part
    return f"[{mark}] {out}"


# --- blocks: code, tables, prose ---------------------------------------------------------------


def _is_code_line(line: _Line) -> bool:
    return bool(line.pieces) and all(piece.mono for piece in line.pieces)


def _code_text(line: _Line, left: float) -> str:
    """A code line verbatim: indentation and inner spaces rebuilt from the monospace grid."""
    widths = [(p.x_end - p.x) / len(p.text) for p in line.pieces if p.text and p.x_end > p.x]
    cell = statistics.median(widths) if widths else 0.6 * line.size
    out = " " * max(0, round((line.x - left) / cell)) if cell else ""
    for index, piece in enumerate(line.pieces):
        text = piece.text if index else piece.text.lstrip()
        if index and cell:
            gap = piece.x - line.pieces[index - 1].x_end
            if not out.endswith(" ") and not text.startswith(" "):
                out += " " * max(0, round(gap / cell))
        out += text
    return out.rstrip()


def _cells(line: _Line) -> list[tuple[float, float, str]]:
    """The line's parts set apart by gaps wide enough to separate table cells."""
    cells: list[list] = []
    for index, piece in enumerate(line.pieces):
        gap = line.gaps[index - 1] if index else None
        if not cells or (gap is not None and gap > CELL_GAP_EMS * line.size):
            cells.append([piece.x, piece.x_end, piece.text])
        else:
            joiner = " " if gap is not None and gap > WORD_GAP_EMS * line.size and _spaced(cells[-1][2], piece.text) else ""
            cells[-1][1] = piece.x_end
            cells[-1][2] = cells[-1][2].rstrip() + joiner + piece.text.lstrip() if joiner else cells[-1][2] + piece.text
    return [(x, x_end, text.strip()) for x, x_end, text in cells if text.strip()]


def _aligned(a: list[tuple[float, float, str]], b: list[tuple[float, float, str]], tolerance: float) -> bool:
    """Two rows of one table: as many cells, each starting (or ending) where the other's does."""
    return len(a) == len(b) and all(
        abs(ca[0] - cb[0]) <= tolerance or abs(ca[1] - cb[1]) <= tolerance
        or (ca[0] < cb[1] and cb[0] < ca[1])  # a column's cells overlap (centred, or a wide head)
        for ca, cb in zip(a, b))


def _table_rows(lines: list[_Line]) -> set[int]:
    """Indexes of lines that are table rows: two or more aligned lines of several cells."""
    rows: set[int] = set()
    cells = [_cells(line) if not _is_code_line(line) else [] for line in lines]
    for index in range(len(lines) - 1):
        a, b = cells[index], cells[index + 1]
        if len(a) >= 2 and _aligned(a, b, CELL_ALIGN_EMS * lines[index].size):
            rows.update((index, index + 1))
    return rows


@dataclass(frozen=True)
class PdfBlock:
    """One block of a PDF's text: ``kind`` is "prose", "code", "table" or "footnote"."""

    kind: str
    text: str


# --- paragraphs --------------------------------------------------------------------------------


def _column_left(line: _Line, lines: list[_Line]) -> float:
    """Left edge of the column the line sits in: the leftmost line start not far to its left."""
    reach = COLUMN_SEARCH_EMS * line.size
    return min(other.x for other in lines if line.x - reach <= other.x <= line.x + 0.5)


def _measure(pages: list[list[_Line]]) -> float:
    """Width of a full line: the longest reach from the column edge that several lines share.

    Mostly-Chinese lines are measured (their estimated widths are exact); sharing keeps
    one odd overlong line from setting the margin, and a document of short lines
    (lists, clauses) still finds its longest lines rather than a percentile of short ones.
    """
    reaches = [
        (line.x_end - _column_left(line, lines), line.size)
        for lines in pages
        for line in lines
        if sum(not _is_cjk(ch) for ch in line.text) <= MAX_LATIN_SHARE_FOR_MEASURE * len(line.text)
    ] or [(line.x_end - _column_left(line, lines), line.size) for lines in pages for line in lines]
    if not reaches:
        return 0.0
    reaches.sort(reverse=True)
    needed = min(MEASURE_MIN_LINES, len(reaches))
    for reach, size in reaches:
        if sum(reach - size <= other <= reach for other, _ in reaches) >= needed:
            return reach
    return reaches[0][0]


def _first_unit(text: str) -> str:
    """What the typesetter tried and failed to fit at the end of the previous line.

    For Chinese that is one character, together with an opening bracket before it and
    the punctuation after it that may not start a line; for Latin it is the first word.
    """
    if not text:
        return ""
    if _is_cjk(text[0]) or text[0] in OPENERS:
        end = 1
        while end < len(text) - 1 and text[end - 1] in OPENERS:
            end += 1
        while end < len(text) and text[end] in NO_LINE_START:
            end += 1
        return text[:end]
    match = re.match(r"\S+?(?=\s|$|[^\x00-\u024f])", text)
    word = match.group(0) if match else text[0]
    rest = text[len(word):]
    return word + rest[: len(rest) - len(rest.lstrip("".join(NO_LINE_START)))]


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip("".join(CLOSERS))
    return bool(stripped) and stripped[-1] in SENTENCE_STOPS


def _unit_width(text: str, line: _Line) -> float:
    """Width of the line's first unit: measured from the pieces where they tell it."""
    unit = _first_unit(text)
    if line.pieces and line.pieces[0].text.startswith(unit) and line.pieces[0].text:
        piece = line.pieces[0]
        if piece.x_end > piece.x and len(piece.text) >= len(unit):
            return (piece.x_end - piece.x) * _text_ems(unit) / max(_text_ems(piece.text), 1e-9)
    return _text_ems(unit) * line.size


def _is_full(line: _Line, next_line: _Line, left: float, measure: float) -> bool:
    """Did the line end because the next line's first unit would not fit? (Then it wrapped.)"""
    em = line.size
    slack = left + measure - line.x_end
    latin_ems = sum(1 for ch in line.text if not _is_cjk(ch)) * 0.5
    allowance = FULL_LINE_SLACK_AFTER_STOP_EMS if _ends_sentence(line.text) else FULL_LINE_SLACK_EMS
    tolerance = (allowance + LATIN_WIDTH_ERROR * latin_ems) * em
    return slack <= _unit_width(next_line.text, next_line) + tolerance


def _item_text_x(line: _Line) -> float | None:
    """Where the text of a list item starts, after its bullet or number (a hanging indent)."""
    if len(line.pieces) < 2 or not ENUMERATOR.match(line.text):
        return None
    marker = ENUMERATOR.match(line.text).group(0)
    consumed = ""
    for index, piece in enumerate(line.pieces):
        consumed += piece.text.strip()
        if len(consumed) >= len(marker):
            if index + 1 < len(line.pieces) and consumed == marker:
                return line.pieces[index + 1].x
            return None
    return None


def _breaks_between(prev: tuple[_Line, list[_Line]], cur: tuple[_Line, list[_Line]], same_page: bool,
                    measure: float, pitch: float, hang: float | None) -> bool:
    """Does a paragraph end between these two consecutive lines?

    ``hang`` is where the text of the list item being read starts: a line that starts
    there continues the item (a hanging indent), it is not an indented new paragraph.
    """
    a, a_page = prev
    b, b_page = cur
    a_left = _column_left(a, a_page)
    b_left = _column_left(b, b_page)
    gap_break = same_page and pitch and 0 < a.y - b.y and a.y - b.y > PARAGRAPH_GAP_PITCHES * pitch
    if b.text[0] in NO_LINE_START and not gap_break:
        return False  # kinsoku: "，" never starts a paragraph
    hanging = hang is not None and abs(b.x - hang) <= HANG_TOLERANCE_EMS * b.size
    # A line starting where the previous one did is not indented relative to it: a block
    # set in from the margin (a list whose bullets are not in the text layer, a quotation).
    aligned = same_page and abs(b.x - a.x) <= ALIGNED_EMS * b.size
    if not hanging and not aligned and b.x - b_left >= INDENT_EMS * b.size:
        return True
    if gap_break:
        return True
    if _ends_sentence(a.text) and ENUMERATOR.match(b.text):
        return True
    if hang is not None and ENUMERATOR.match(b.text) and abs(b.x - hang) > HANG_TOLERANCE_EMS * b.size:
        return True  # the next item's bullet
    return not _is_full(a, b, a_left if not hanging else min(a_left, b_left), measure)


HYPHENATED = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_WORD_SPLIT = re.compile(r"[\s\u3000-\u9fff\uff00-\uffef]")


@dataclass
class _Vocabulary:
    """The document's own spelling, read from inside its lines (not from their ends).

    It decides a hyphen at a wrap: ``texlive-`` + ``base`` keeps its hyphen when the
    document writes ``texlive-`` inside a line elsewhere (``texlive-latex-extra``), and
    ``pack-`` + ``age`` is mended when ``package`` occurs.
    """

    hyphen_prefixes: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, pages: list[list[_Line]]) -> "_Vocabulary":
        vocabulary = cls()
        for lines in pages:
            for line in lines:
                inner = line.text[:-1] if line.text.endswith(tuple(WRAP_HYPHENS)) else line.text
                for token in HYPHENATED.findall(inner):
                    parts = token.lower().split("-")
                    vocabulary.hyphen_prefixes.update("-".join(parts[:i]) for i in range(1, len(parts)))
                vocabulary.words.update(word.lower() for word in LATIN_WORD.findall(inner))
        return vocabulary


_NO_VOCABULARY = _Vocabulary()


def _joint(left: str, right: str, vocabulary: _Vocabulary = _NO_VOCABULARY) -> tuple[str, str]:
    """How two wrapped lines of one paragraph meet: (left, possibly trimmed; separator).

    Nothing goes between Chinese characters (lines break inside words); a Latin word
    wrapped with a hyphen is mended, unless the word is an address, a path or an
    identifier whose hyphen is real (``debian-`` + ``user@lists…``), or the document
    spells it with the hyphen elsewhere; otherwise Latin words get one space.
    """
    if not left or not right:
        return left, ""
    if left[-1] == SOFT_HYPHEN:
        return left[:-1], ""
    if left[-1] in WRAP_HYPHENS and len(left) > 1 and left[-2].isalpha():
        word_before = _WORD_SPLIT.split(left)[-1]
        word_after = _WORD_SPLIT.split(right)[0]
        real_hyphen = bool(re.search(r"[@/_\\:=]|\w-\w|\.\w", word_before[:-1] + " " + word_after))
        stem = word_before[:-1].lower()
        head = (LATIN_WORD.match(word_after).group(0) if LATIN_WORD.match(word_after) else "").lower()
        if stem in vocabulary.hyphen_prefixes and (stem + head) not in vocabulary.words:
            real_hyphen = True
        if left[-2].islower() and right[0].islower() and not real_hyphen:
            return left[:-1], ""  # inter- national -> international
        return left, ""  # COVID- 19, non- European, debian- user@…: keep the hyphen, no space
    if not _spaced(left, right):
        return left, ""
    if URL_START.search(left):
        return left, ""  # a URL wrapped at the margin
    return left, " "


def _blocks(pages: list[list[_Line]], vocabulary: _Vocabulary) -> list[PdfBlock]:
    """Join the body lines of all pages into blocks: prose paragraphs, code, table rows."""
    measure = _measure(pages)
    pitch = _pitch(pages)
    blocks: list[tuple[str, list[str]]] = []
    prev: tuple[_Line, list[_Line]] | None = None
    prev_page = -1
    hang: float | None = None
    code_left = 0.0
    for page_no, lines in enumerate(pages):
        tables = _table_rows(lines)
        for index, line in enumerate(lines):
            cur = (line, lines)
            if _is_code_line(line):
                if not blocks or blocks[-1][0] != "code":
                    code_left = min(other.x for other in lines[index:] if _is_code_line(other))
                    blocks.append(("code", []))
                blocks[-1][1].append(_code_text(line, code_left))
                prev, hang = None, None
                continue
            if index in tables:
                row = "| " + " | ".join(text for _, _, text in _cells(line)) + " |"
                if not blocks or blocks[-1][0] != "table":
                    blocks.append(("table", []))
                blocks[-1][1].append(row)
                prev, hang = None, None
                continue
            text = _marked_text(line)
            if prev is None or _breaks_between(prev, cur, page_no == prev_page, measure, pitch, hang):
                blocks.append(("prose", [text]))
                hang = _item_text_x(line)
            else:
                left, sep = _joint(blocks[-1][1][-1], text, vocabulary)
                blocks[-1][1][-1] = left + sep
                blocks[-1][1].append(text)
            prev, prev_page = cur, page_no
    result = []
    for kind, parts in blocks:
        if kind == "code":
            result.append(PdfBlock("code", "```\n" + "\n".join(parts) + "\n```"))
        elif kind == "table":
            result.append(PdfBlock("table", "\n".join(parts)))
        else:
            result.append(PdfBlock("prose", "".join(parts)))
    return result


def _assemble(pages: list[list[_Line]]) -> list[PdfBlock]:
    """Body blocks in reading order, then the footnotes, each its own paragraph."""
    bodies, notes = _split_footnotes(pages)
    vocabulary = _Vocabulary.of(pages)
    blocks = _blocks(bodies, vocabulary)
    merged: list[tuple[str, list[_Line]]] = []
    for page_notes in notes:
        for index, (mark, lines) in enumerate(page_notes):
            merged.append((mark, list(lines)))
    blocks.extend(PdfBlock("footnote", _footnote_text(mark, lines, vocabulary)) for mark, lines in merged)
    return blocks


def _paragraphs(pages: list[list[_Line]]) -> str:
    """Join the body lines of all pages into paragraphs separated by one blank line."""
    return "\n\n".join(block.text for block in _assemble(pages))


__all__ = ["PdfBlock", "PdfText", "extract_pdf_text"]
