"""Turn the bytes of a file into text, guessing the encoding the way Chinese files need.

Order (first match wins):

1. ``encoding=`` given: decode with it (a matching BOM is dropped; a GB or Big5 name falls back
   to its superset GB18030 / Big5-HKSCS only for bytes the named codec rejects).
2. A BOM: UTF-32 LE/BE (checked before UTF-16, whose BOM is its prefix), UTF-8, UTF-16 LE/BE.
3. NUL bytes: UTF-32 or UTF-16 without BOM, recognised by where the NULs are and by which byte
   order gives plausible text; otherwise the data is binary (:class:`BinaryFileError`).
4. Strict UTF-8 (with a control-byte check: an executable can be valid UTF-8).
5. Almost UTF-8 (a few invalid bytes among many valid multi-byte sequences): that is a damaged
   UTF-8 file, not a legacy one, so :class:`DecodeError` names the first bad byte.
6. GB18030 (superset of GBK and GB2312) and Big5-HKSCS, both strict, and UTF-16 without BOM or
   NULs (pure Chinese); the most *plausible* wins: the share of common characters (GB2312 or Big5
   level 1, derived from the codecs) among the non-ASCII ones.  GB18030 wins ties (mainland
   prior).
7. ``charset-normalizer`` for everything else (Shift_JIS, EUC-KR, cp1251, Latin-1 ...).

Nothing is lost silently: with ``errors="strict"`` (the default) bytes that do not decode raise
:class:`DecodeError` with the byte offset and the encoding tried; ``errors="replace"`` opts into
U+FFFD.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from wenben.errors import BinaryFileError, ConfigError, DecodeError

__all__ = [
    "COMMON_BIG5",
    "COMMON_GB",
    "FREQUENT_HAN",
    "Decoded",
    "decode_bytes",
    "mixed_two_byte_scripts",
    "plausibility",
]


@dataclass(frozen=True)
class Decoded:
    """Decoded text and how it was decoded (for ``--stats`` and for writing back)."""

    text: str
    #: Python's canonical codec name: "utf-8", "utf-16-le", "gb18030", "big5hkscs", "cp1252" ...
    encoding: str
    #: The data started with a byte order mark (it is not part of ``text``).
    bom: bool


# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Supersets to fall back on when a file labelled with the narrower name uses more of it.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs"}

# C0 controls that text files do not contain (TAB LF VT FF CR, ESC for terminal colours, SUB for
# DOS end-of-file are allowed).
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1A, 0x1B))
_TEXT_CONTROLS = frozenset("\t\n\x0b\x0c\r\x1a\x1b")
#: More control bytes than this share (or any NUL outside UTF-16/32) means binary data.
MAX_CONTROL_SHARE = 0.02
#: Legacy-CJK guesses at least this plausible are taken without asking charset-normalizer.
MIN_PLAUSIBILITY = 0.6
#: Below MIN_PLAUSIBILITY but at least this: kept unless a clearly Japanese/Korean reading wins.
MIN_UNCERTAIN = 0.3
#: UTF-16/32 without BOM must be at least this plausible (it is tried on arbitrary bytes).
MIN_UTF16_PLAUSIBILITY = 0.9
#: Invalid bytes per valid multi-byte sequence below which data is damaged UTF-8.
MAX_UTF8_DAMAGE = 0.05


def _level1(codec: str, leads: Iterable[int], trails: bytes) -> frozenset[str]:
    """The characters of the given rows of a double-byte codec (one decode per row)."""
    chars: set[str] = set()
    row = bytearray(2 * len(trails))
    row[1::2] = trails
    for lead in leads:
        row[0::2] = bytes((lead,)) * len(trails)
        chars.update(bytes(row).decode(codec, "replace"))
    chars.discard("\ufffd")
    return frozenset(chars)


#: GB2312 level 1: the 3755 常用字 (rows 16-55), the mainland "common characters" of 1980.
COMMON_GB: frozenset[str] = _level1("gb2312", range(0xB0, 0xD8), bytes(range(0xA1, 0xFF)))
#: Big5 level 1: the 5401 常用字 (A440-C67E) of the Taiwan standard.
COMMON_BIG5: frozenset[str] = _level1(
    "big5", range(0xA4, 0xC6), bytes(range(0x40, 0x7F)) + bytes(range(0xA1, 0xFF))
) | _level1("big5", (0xC6,), bytes(range(0x40, 0x7F)))
_COMMON = COMMON_GB | COMMON_BIG5

#: The 500 most frequent Han characters of simplified and of traditional text (735 together),
#: measured on the Chinese gettext catalogues of a Debian system (~700k Han characters; made by
#: ``benchmarks/chinese_corpus.py --frequency``).  The level-1 sets say "a real character";
#: this says "a real *text*": Korean EUC-KR read as GB2312 is all level-1 characters, but only
#: ~10% of them are frequent, against ~90% in Chinese.
FREQUENT_HAN: frozenset[str] = frozenset(
    "一丁上下不与且丢两並个中串临为主义之也书了事二于亚些亞交人仅介从仓他代令以们件任"
    "份会传伺但位体何作你併使來例供依保信修個們值偏做停備储傳僅像儲允元先克入內全兩兰"
    "共关其具内冊写冲准出函分切列则创初删別利刪别到制則前割功加务动助動務包化匯匹区區"
    "协協单卡印即压原参參及反发取受变口古句只叫可右号合同名后向否含启告员呼命和哈响員"
    "問啟單嘗器回因围国图國圍圖在地址坏块型域執基報塊境增壓壞处备复外多大太失头套好如"
    "始子字存它安完定实容宽密實寫寬对导封射将將尋對小少尔尚尝尼尾层展属屬島州工左差已"
    "巴布希带帮常平并序库应底度庫廢建开异弃式引強强归当录形影径待後徑得從德必志快忽态"
    "性恢息您情意態憑憶應成或户所手打执扩找把报拉择持指按损换据排掛接控描提插換援損搜"
    "擇操支收改放效敗数整數文料断斯新斷方於无日旧时明映是显時普景暫更替最會有服期未本"
    "机权束条来板构析果查标树校样根格框案档條检棄標模樣樹機檔檢欄權次止正此步段母每比"
    "求決沒没法注流测消添清測游源準点為無然照爾片版物特状狀环现現理環瓦生產用由界留略"
    "異當登發白的盖盘盤目直相省真知码确碟確碼示禁科秒称移程稱空突窗立章端符第等签算管"
    "範簽籤类系納級素索細終組結絕給統經維網綴線編緩縮繪繼續约级纳线组终经结给绝统继续"
    "维缀缓编缩缺罗置署羅群義翻考者而联能脚自至致與舊色节若范获菜萨蓋蘭處號行衝补表被"
    "装補裝裡製複西要覆規視见规视角解触觸言計訊記設許註試話該詳語誤說請證識警譯讀變计"
    "认议记许设访证识词译试话询该语误说请读调象資败起超跟路跳踪蹤身軟較載輯輸轉转软载"
    "辑输边达过运返这进远连述追退送选透递這通連進運過道達遞遠選還邊部都配释里重量金鈕"
    "錄錯鍵鎖鑰钥链销锁错键長长閉開間關闭问间阿附限除隔際集離零需非面音頁項須預頭題顏"
    "類顯页项须预题馬驗马验體高默點"
)
#: Share of frequent characters among the Han ones that real Chinese text reaches.
FREQUENT_SHARE = 0.6


def _is_cjk_punct(code: int) -> bool:
    return (
        0x3000 <= code <= 0x303F
        or 0xFF01 <= code <= 0xFF65
        or 0x2010 <= code <= 0x2027
        or 0xFE30 <= code <= 0xFE4F
        or code in (0x00B7, 0x00D7)
    )


def plausibility(text: str, common: frozenset[str] = _COMMON) -> float:
    """How much ``text`` reads like Chinese: 0.0 (garbage) to 1.0.

    The share of the non-ASCII characters that Chinese text is made of (common Han characters
    and CJK punctuation count 1, other letters 0.25, controls, private-use, unassigned and
    U+FFFD 0), times the share of frequent characters among the Han ones relative to
    :data:`FREQUENT_SHARE` (capped at 1).  Pure ASCII text scores 1.0 unless it has controls.
    """
    good = 0.0
    total = han = frequent = 0
    for char in text:
        if char < "\x80":
            if char < " " and char not in _TEXT_CONTROLS:
                total += 1
            continue
        total += 1
        if "\u3400" <= char <= "\u9fff":
            han += 1
            frequent += char in FREQUENT_HAN
        if char in common or _is_cjk_punct(ord(char)):
            good += 1
        elif char != "\ufffd" and unicodedata.category(char)[0] in "LMNPSZ":
            good += 0.25
    if not total:
        return 1.0
    share = good / total
    if han:
        share *= min(1.0, frequent / han / FREQUENT_SHARE)
    return share


def _text_likeness(text: str) -> float:
    """Plausibility for UTF-16/32 guesses: any script is fine, ASCII counts as text."""
    if not text:
        return 0.0
    bad = 0
    for char in text:
        if char < " ":
            bad += char not in _TEXT_CONTROLS
        elif char >= "\x7f" and unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs"):
            bad += 1
    cjk_or_ascii = sum(1 for c in text if c < "\x7f" or c in _COMMON or _is_cjk_punct(ord(c)))
    return (1 - bad / len(text)) * (0.5 + 0.5 * cjk_or_ascii / len(text))


def _canonical(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise ConfigError(f"unknown encoding {encoding!r}") from None


def _where(source: str | None) -> str:
    return source if source else "input"


def _decode_error(data: bytes, exc: UnicodeDecodeError, encoding: str, source: str | None,
                  base: int = 0) -> DecodeError:
    """One-line DecodeError naming the first bad byte, its offset and the encoding tried."""
    offset = base + exc.start
    bad = data[offset : offset + 1].hex().upper() or "end of data"
    what = f"byte 0x{bad}" if len(bad) == 2 else "truncated sequence at end"
    error = DecodeError(
        f"{_where(source)}: not valid {encoding}: {what} at offset {offset}"
        " (pass an encoding, or errors='replace' to substitute U+FFFD)"
    )
    # Attributes for callers that want to point at the byte (the message says it all too).
    error.offset = offset  # type: ignore[attr-defined]
    error.encoding = encoding  # type: ignore[attr-defined]
    error.source = source  # type: ignore[attr-defined]
    return error


def _decode(data: bytes, encoding: str, errors: str, source: str | None, base: int = 0) -> str:
    try:
        return data[base:].decode(encoding)
    except UnicodeDecodeError as exc:
        if errors == "replace":
            return data[base:].decode(encoding, "replace")
        raise _decode_error(data, exc, encoding, source, base) from None


def _check_binary(data: bytes, source: str | None) -> None:
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if b"\x00" in data or controls > MAX_CONTROL_SHARE * len(sample):
        raise BinaryFileError(f"{_where(source)}: binary data, not text (NUL or control bytes)")


def _utf16_32_guesses(data: bytes) -> list[tuple[float, str, str]]:
    """(plausibility, text, encoding) for each BOM-less UTF-16/32 reading that decodes."""
    out: list[tuple[float, str, str]] = []
    candidates = []
    if len(data) % 4 == 0:
        candidates += ["utf-32-le", "utf-32-be"]
    if len(data) % 2 == 0:
        candidates += ["utf-16-le", "utf-16-be"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        out.append((_text_likeness(text), text, encoding))
    out.sort(key=lambda guess: -guess[0])
    return out


def _utf8_damage(data: bytes) -> tuple[int, int]:
    """(invalid bytes, valid multi-byte sequences) when reading ``data`` as UTF-8."""
    text = data.decode("utf-8", "surrogateescape")
    invalid = sum(1 for c in text if "\udc80" <= c <= "\udcff")
    multibyte = sum(1 for c in text if "\x80" <= c and not "\udc80" <= c <= "\udcff")
    return invalid, multibyte


def decode_bytes(
    data: bytes,
    *,
    encoding: str | None = None,
    errors: str = "strict",
    source: str | None = None,
) -> Decoded:
    """Decode ``data``, detecting the encoding unless ``encoding`` is given.

    ``errors`` is ``"strict"`` (raise :class:`~wenben.errors.DecodeError`) or ``"replace"``
    (U+FFFD for bytes that do not decode).  ``source`` names the input in error messages.
    Binary data raises :class:`~wenben.errors.BinaryFileError` whatever ``errors`` says.

    >>> decode_bytes("中文".encode("gb18030"))
    Decoded(text='中文', encoding='gb18030', bom=False)
    """
    if errors not in ("strict", "replace"):
        raise ConfigError(f"errors must be 'strict' or 'replace', not {errors!r}")
    if encoding is not None:
        return _decode_as(data, _canonical(encoding), errors, source)
    if not data:
        return Decoded("", "utf-8", False)

    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(_decode(data, name, errors, source, len(bom)), name, True)

    if b"\x00" in data:
        guesses = _utf16_32_guesses(data)
        if guesses and guesses[0][0] >= MIN_UTF16_PLAUSIBILITY:
            return Decoded(guesses[0][1], guesses[0][2], False)
        _check_binary(data, source)

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc
    else:
        _check_binary(data, source)
        if b"\x1b$" in data or b"\x1b(" in data:
            iso2022 = _iso2022(data)
            if iso2022 is not None:
                return iso2022
        if mixed_two_byte_scripts(text):
            for score, gb_text, name in _legacy_candidates(data):
                if score >= MIN_UTF8_OVERRIDE:
                    return Decoded(gb_text, name, False)
        return Decoded(text, "utf-8", False)

    invalid, multibyte = _utf8_damage(data)
    if multibyte >= 2 and invalid <= MAX_UTF8_DAMAGE * multibyte:
        _check_binary(data, source)
        if errors == "replace":
            return Decoded(data.decode("utf-8", "replace"), "utf-8", False)
        raise _decode_error(data, first_error, "utf-8", source)

    candidates = _legacy_candidates(data)
    if candidates and candidates[0][0] >= MIN_PLAUSIBILITY:
        return Decoded(candidates[0][1], candidates[0][2], False)
    _check_binary(data, source)
    other = _charset_normalizer(data, {c[2]: c for c in candidates})
    if candidates and candidates[0][0] >= MIN_UNCERTAIN:
        # Between the two: only a clearly Japanese or Korean reading beats the Chinese prior.
        if other is not None and _native_japanese_or_korean(other):
            return other
        return Decoded(candidates[0][1], candidates[0][2], False)
    if other is not None:
        return other
    if errors == "replace":
        # The mainland prior: GB18030 when it loses fewer bytes than UTF-8.
        gb = data.decode("gb18030", "replace")
        utf8 = data.decode("utf-8", "replace")
        if gb.count("\ufffd") < utf8.count("\ufffd"):
            return Decoded(gb, "gb18030", False)
        return Decoded(utf8, "utf-8", False)
    raise _decode_error(data, first_error, "utf-8", source)


#: A valid-UTF-8 file made only of 2-byte sequences from mixed scripts is GB text instead
#: (the 联通 problem: 未知 is CE B4 D6 AA, valid UTF-8 for δ֪) when GB reads this well.
MIN_UTF8_OVERRIDE = 0.9
_SCRIPT_BLOCKS = (0x250, 0x300, 0x370, 0x400, 0x530, 0x590, 0x600, 0x700, 0x800)


def mixed_two_byte_scripts(text: str) -> bool:
    """Only 2-byte UTF-8 characters, no script dominating: what GBK bytes look like as UTF-8.

    ``未知`` in GBK is CE B4 D6 AA, valid UTF-8 for ``δ֪`` (Greek, Hebrew); real text in the
    U+0080-U+07FF range keeps to one script (``été``, ``Привет``).
    """
    blocks: dict[int, int] = {}
    for char in text:
        if char >= "\x80":
            code = ord(char)
            if code >= 0x800:
                return False
            block = next(i for i, limit in enumerate(_SCRIPT_BLOCKS) if code < limit)
            blocks[block] = blocks.get(block, 0) + 1
    total = sum(blocks.values())
    return total >= 2 and max(blocks.values()) < 0.8 * total


def _iso2022(data: bytes) -> Decoded | None:
    """7-bit ISO-2022 (JP, with the GB2312 and KS X 1001 sets of -JP-2; KR), which is valid ASCII."""
    for encoding in ("iso2022_jp_2", "iso2022_kr"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text != data.decode("ascii"):
            return Decoded(text, _canonical(encoding), False)
    return None


def _decode_as(data: bytes, encoding: str, errors: str, source: str | None) -> Decoded:
    """Decode with the encoding the caller named; drop a BOM that matches it."""
    family = encoding.replace("_", "-")
    if family in ("utf-16", "utf-32"):
        for bom, name in _BOMS:
            if name.startswith(family) and data.startswith(bom):
                return Decoded(_decode(data, name, errors, source, len(bom)), name, True)
        # No BOM: the byte order that reads as more plausible text.
        guesses = [g for g in _utf16_32_guesses(data) if g[2].startswith(family)]
        if guesses:
            return Decoded(guesses[0][1], guesses[0][2], False)
        return Decoded(_decode(data, family + "-le", errors, source), family + "-le", False)
    for bom, name in _BOMS:
        matches = name == family or (family == "utf-8-sig" and name == "utf-8")
        if matches and data.startswith(bom):
            return Decoded(_decode(data, name, errors, source, len(bom)), name, True)
    if family == "utf-8-sig":
        encoding = "utf-8"
    try:
        return Decoded(data.decode(encoding), encoding, False)
    except UnicodeDecodeError as exc:
        superset = _SUPERSET.get(encoding)
        if superset is not None:
            try:
                return Decoded(data.decode(superset), superset, False)
            except UnicodeDecodeError:
                pass
        if errors == "replace":
            return Decoded(data.decode(encoding, "replace"), encoding, False)
        raise _decode_error(data, exc, encoding, source) from None


_DOUBLE_BYTE = re.compile(rb"[\x81-\xfe](?:([\x40-\x7e])|[\x80-\xfe])")
_INSIDE_LATIN_WORD = re.compile("[A-Za-z][^\x00-\x7f]+[A-Za-z]")
#: Real Big5 text has about 60% of its trail bytes at 0xA1 or above, GB2312 all of them.
MIN_HIGH_TRAILS = 0.4


def _legacy_candidates(data: bytes) -> list[tuple[float, str, str]]:
    """(plausibility, text, encoding) of GB18030 and Big5-HKSCS (or NUL-less UTF-16), best first.

    GB18030 is first on a tie (the mainland prior).
    """
    found: list[tuple[float, str, str]] = []
    pairs = _DOUBLE_BYTE.findall(data[:262144])
    ascii_trails = sum(1 for trail in pairs if trail)
    # Share of double-byte characters whose second byte is high: ~1.0 for GB2312, ~0.6 for
    # Big5, ~0.2 for Latin-1 text (ü then a letter), which GB18030 decodes strictly too.
    high_trails = 1 - ascii_trails / len(pairs) if pairs else 1.0
    for encoding in ("gb18030", "big5hkscs"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = plausibility(text) * min(1.0, high_trails / MIN_HIGH_TRAILS)
        # An accented letter plus the next letter read as one Han character leaves it inside
        # a Latin word ("f黵", "B章d"); Chinese text almost never has that.
        inside = len(_INSIDE_LATIN_WORD.findall(text))
        if inside:
            others = sum(1 for c in text if c >= "\x80")
            score *= max(0.0, 1 - 4 * inside / others)
        found.append((score, text, encoding))
    if not found:
        utf16 = _nul_less_utf16(data)
        if utf16 is not None:
            found.append(utf16)
    found.sort(key=lambda candidate: -candidate[0])
    return found


#: UTF-16 without BOM and without NULs (no ASCII at all) is guessed only from this many bytes.
MIN_NUL_LESS_UTF16 = 32


def _nul_less_utf16(data: bytes) -> tuple[float, str, str] | None:
    """Pure-Chinese UTF-16 without BOM: only when it is nearly all common CJK.

    Any byte string of even length decodes as UTF-16, and ASCII letter pairs land in the Han
    block ("Bush hid the facts"), so this is tried last, on long data, with a high bar.
    """
    if len(data) < MIN_NUL_LESS_UTF16 or len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        cjk = sum(1 for c in text if c in _COMMON or _is_cjk_punct(ord(c)))
        if cjk >= 0.95 * len(text):
            return (plausibility(text), text, encoding)
    return None


# Encodings whose verdict belongs to the detection above, not to charset-normalizer.
_UNICODE = frozenset(["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
_FAMILY = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "hz": "gb18030",
           "big5": "big5hkscs", "big5hkscs": "big5hkscs", "cp950": "big5hkscs"}


def _charset_normalizer(
    data: bytes, candidates: dict[str, tuple[float, str, str]]
) -> Decoded | None:
    """charset-normalizer's best reading, or None.

    A GB or Big5 verdict is only taken when the strict decode above agrees (its reading,
    not charset-normalizer's, is returned), and Unicode verdicts are ignored: the checks above
    are stricter than charset-normalizer's.
    """
    import charset_normalizer

    for match in charset_normalizer.from_bytes(data):
        try:
            encoding = _canonical(match.encoding)
        except ConfigError:
            continue
        if encoding in _UNICODE:
            continue
        if encoding in _FAMILY:
            candidate = candidates.get(_FAMILY[encoding])
            if candidate is not None and candidate[0] > 0:
                return Decoded(candidate[1], candidate[2], False)
            continue
        try:
            return Decoded(data.decode(encoding), encoding, False)
        except UnicodeDecodeError:
            continue
    return None


def _native_japanese_or_korean(decoded: Decoded) -> bool:
    """Does a Japanese/Korean reading look like real Japanese or Korean?

    Japanese has kana in most sentences and little halfwidth katakana (Chinese bytes read as
    Shift_JIS are full of it); Korean is Hangul with hardly any Hanja (Chinese bytes read as
    EUC-KR mix them syllable by syllable).
    """
    kana = halfwidth = hangul = han = 0
    for char in decoded.text:
        if "\u3040" <= char <= "\u30ff":
            kana += 1
        elif "\uff61" <= char <= "\uff9f":
            halfwidth += 1
        elif "\uac00" <= char <= "\ud7a3":
            hangul += 1
        elif "\u4e00" <= char <= "\u9fff":
            han += 1
    letters = kana + halfwidth + hangul + han
    if not letters:
        return False
    if hangul:
        return hangul >= 0.9 * letters
    return kana >= 0.2 * letters and halfwidth <= 0.1 * letters
