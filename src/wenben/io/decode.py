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
7. ``charset-normalizer`` when it reads clearly Japanese or Korean.
8. Single-byte codecs (cp1252, cp1250, cp1251, ISO 8859, KOI8 ...) by words and alphabets
   (:func:`single_byte_choice`): charset-normalizer read short French as cp1006 (Urdu).  A tie
   it cannot settle is refused with a :class:`DecodeError` naming ``--encoding``.
9. Uncertain GB18030/Big5, then charset-normalizer's other verdicts if their words pass.

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
    # Every verdict is weighed, not only charset-normalizer's first: its order changes between
    # releases (3.5 ranks cp932 before big5 on short Big5 text).
    readings = _charset_normalizer(data, {c[2]: c for c in candidates})
    other = readings[0] if readings else None
    native = next((r for r in readings if _native_japanese_or_korean(r)), None)
    if native is not None:
        return native
    # Single-byte codecs are told apart here, not by charset-normalizer (see single_byte_choice).
    # Mostly valid UTF-8 with some damage is not a single-byte file.
    single, torn = single_byte_choice(data) if multibyte <= invalid else (None, [])
    if single is not None:
        if other is not None and other.encoding in _MULTI_BYTE and not _has_accented_letters(single.text):
            return other  # Shift_JIS read as cp1252 is symbols only ("••“›"): no evidence
        return single
    if candidates and candidates[0][0] >= MIN_UNCERTAIN:
        # Between the two: only a clearly Japanese or Korean reading beats the Chinese prior.
        return Decoded(candidates[0][1], candidates[0][2], False)
    if torn:
        raise _ambiguous_error(data, torn, source)
    sane = next((r for r in readings if _sane(r)), None)
    if sane is not None:
        return sane
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
) -> list[Decoded]:
    """charset-normalizer's readings, best first (one per encoding).

    A GB or Big5 verdict is only taken when the strict decode above agrees (its reading,
    not charset-normalizer's, is returned), and Unicode verdicts are ignored: the checks above
    are stricter than charset-normalizer's.
    """
    import charset_normalizer

    readings: list[Decoded] = []
    seen: set[str] = set()
    for match in charset_normalizer.from_bytes(data):
        try:
            encoding = _canonical(match.encoding)
        except ConfigError:
            continue
        if encoding in _UNICODE:
            continue
        if encoding in _FAMILY:
            candidate = candidates.get(_FAMILY[encoding])
            if candidate is not None and candidate[0] > 0 and candidate[2] not in seen:
                seen.add(candidate[2])
                readings.append(Decoded(candidate[1], candidate[2], False))
            continue
        if encoding in seen:
            continue
        try:
            readings.append(Decoded(data.decode(encoding), encoding, False))
        except UnicodeDecodeError:
            continue
        seen.add(encoding)
    return readings


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


# --------------------------------------------------------------------------- single-byte codecs
#
# charset-normalizer reads short Latin-1 text as cp1006 (Urdu: "café" -> "cafﻠ") and French
# as cp1250 ("très" -> "trčs"): every single-byte codec decodes every byte, and its scores
# cannot tell on a few accented letters.  What can: in the right reading each word is written
# in one script, with letters only (no "¿³" between letters, no lower-then-upper case inside a
# word), and all the accented letters of the text belong to the alphabet of one language (or
# two: a German text quotes a French name).  In the wrong one a word mixes scripts (Arabic
# letters in French words) or its letters come from no language (é with ą, ö with ð).

#: Accented letters (lower case, beyond ASCII) of the languages written in the codecs below.
ALPHABETS: dict[str, str] = {
    "fr": "àâæçéèêëîïôœùûüÿ", "de": "äöüß", "es": "áéíñóúü", "ca": "àçéèíïòóúü",
    "pt": "áâãàçéêíóôõú", "it": "àèéìíîòóùú", "nl": "áäéëèïíóöúü", "da": "æøåé", "nb": "æøåéèóôò",
    "sv": "åäöé", "fi": "äöåšž", "is": "áðéíóúýþæö", "ga": "áéíóú", "et": "äöõüšž",
    "cs": "áčďéěíňóřšťúůýž", "sk": "áäčďéíĺľňóôŕšťúýž", "pl": "ąćęłńóśźż",
    "hu": "áéíóöőúüű", "sl": "čšž", "hr": "čćđšž", "ro": "ăâîșțşţ", "sq": "çë",
    "tr": "çğıöşüâîû\u0130", "lv": "āčēģīķļņšūž", "lt": "ąčęėįšųūž",
    "ru": "абвгдежзийклмнопрстуфхцчшщъыьэюяё", "uk": "абвгдежзийклмнопрстуфхцчшщьюяєіїґ",
    "be": "абвгдежзйклмнопрстуўфхцчшыьэюяёі", "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "sr": "абвгдђежзијклљмнњопрстћуфхцчџш", "mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    "el": "αβγδεζηθικλμνξοπρστυφχψωςάέήίόύώϊϋΐΰ",
}
_ALPHABET_SETS = {language: frozenset(letters) for language, letters in ALPHABETS.items()}
#: How much legacy text there is in each language, roughly: a tie between two readings that
#: fit equally well goes to the larger language (French "très", not Czech "trčs"; Turkish
#: "bağı", not Icelandic "baðý").  Languages not listed weigh 1.
LANGUAGE_WEIGHTS = {"fr": 3, "de": 3, "es": 3, "pt": 3, "it": 3, "nl": 3,
                    "pl": 2, "cs": 2, "hu": 2, "ru": 2, "uk": 2, "tr": 2, "el": 2}
#: Letters that join no language: ordinal indicators (1º, Nª) count as symbols.
_NEUTRAL = frozenset("ªº")
#: Characters that are never glued to a letter in correct text (the symbols wrong codecs put
#: there: iso8859-7 "Ά" read as cp1253 is "¶"), and box drawing.
_NEVER_BESIDE_LETTERS = re.compile("[\u20ac\u00a4\u00a6\u00a8\u00ac\u00af\u00b4\u00b6\u00b8\u2500-\u259f]")
#: Non-letters that may stand between two letters of a word: apostrophes, middle dot (l·l),
#: soft hyphen, hyphens.
_INSIDE_WORD = frozenset("\u2019\u02bc\u00b7\u00ad\u2010\u2011")

#: The codecs tried, each with a rank: on a tie between different texts the lower rank wins
#: (cp1252 is the commonest legacy codec; ISO 8859 and KOI8 less so than their Windows
#: cousins); a tie within one rank is refused.  Latin-1 is cp1252 without 0x80-0x9F.
SINGLE_BYTE_CODECS: tuple[tuple[str, int], ...] = (
    ("cp1252", 0),
    ("cp1250", 1), ("cp1251", 1), ("cp1253", 1), ("cp1254", 1),
    ("iso8859-2", 2), ("iso8859-5", 2), ("iso8859-7", 2), ("iso8859-9", 2), ("iso8859-15", 2),
    ("koi8-r", 2), ("cp1257", 2), ("koi8-u", 3), ("cp866", 3),
)

#: Letter frequencies of Russian and Ukrainian prose (per mille, lower case): a wrong Cyrillic
#: codec permutes the letters, so the right reading is the one whose letters are frequent.
_CYRILLIC_FREQUENCY = {
    "о": 105, "е": 80, "а": 80, "и": 68, "н": 66, "т": 60, "с": 52, "р": 46, "в": 45, "л": 42,
    "к": 35, "м": 31, "д": 29, "п": 28, "у": 26, "я": 20, "ы": 15, "ь": 17, "г": 17, "з": 17,
    "б": 16, "ч": 14, "й": 12, "х": 10, "ж": 9, "ш": 7, "ю": 6, "ц": 5, "щ": 3, "э": 3, "ф": 3,
    "ъ": 1, "ё": 1, "і": 20, "ї": 4, "є": 3, "ґ": 1,
}
#: Readings whose one-language share of accented letters is this close to the best one's tie.
SINGLE_LANGUAGE_TOLERANCE = 0.02
#: Mean log-frequency a Cyrillic reading must beat the next one by to be preferred on it.
MIN_CYRILLIC_MARGIN = 0.3

_WORD = re.compile(r"[^\s!-/:-@\[-`{-~]+")


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0]


def _reading_flaws(text: str) -> int:
    """Words that no correct text has: mixed scripts, a symbol between letters, a lower-case
    letter followed by an upper-case one (one of them beyond ASCII), a C1 control anywhere."""
    flaws = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        scripts = set()
        previous = ""
        bad = False
        for index, char in enumerate(word):
            if "\x80" <= char <= "\x9f":
                return 1 << 30
            if char.isalpha() and char not in _NEUTRAL:
                if char >= "\x80" or char.isalpha():
                    scripts.add("LATIN" if char < "\x80" else _script(char))
                if previous.islower() and char.isupper() and (previous >= "\x80" or char >= "\x80"):
                    bad = True
            elif char >= "\x80" and char not in _INSIDE_WORD and not unicodedata.category(char).startswith("M"):
                following = word[index + 1 : index + 2]
                if previous.isalpha() and following.isalpha():
                    bad = True
                elif (previous.isalpha() or following.isalpha()) and _NEVER_BESIDE_LETTERS.match(char):
                    bad = True
            previous = char
        if len(scripts) > 1 or bad:
            flaws += 1
    return flaws


def _alphabet_fit(text: str) -> tuple[bool, float, int, float, bool]:
    """(all accented letters from one or two languages' alphabets, the largest share of them
    that one language covers, the largest weight of a language covering that share, mean
    Cyrillic log-frequency, whether there are letters beyond ASCII at all)."""
    import math

    counts: dict[str, int] = {}
    for char in text:
        if char >= "\x80" and char.isalpha() and char not in _NEUTRAL:
            lower = char.lower()
            if len(lower) != 1:  # "İ".lower() is "i" + a combining dot: İ is in tr's alphabet
                lower = char
            counts[lower] = counts.get(lower, 0) + 1
    if not counts:
        return True, 1.0, 0, 0.0, False
    letters = set(counts)
    occurrences = sum(counts.values())
    shares = {language: sum(n for c, n in counts.items() if c in alphabet)
              for language, alphabet in _ALPHABET_SETS.items()}
    single = max(shares.values())
    weight = max(LANGUAGE_WEIGHTS.get(language, 1) for language, share in shares.items() if share == single)
    fits = [language for language, alphabet in _ALPHABET_SETS.items() if letters & alphabet]
    covered = any(letters <= _ALPHABET_SETS[a] | _ALPHABET_SETS[b] for a in fits for b in fits)
    cyrillic = [(c, n) for c, n in counts.items() if "\u0400" <= c <= "\u04ff"]
    total = sum(n for _, n in cyrillic)
    score = (sum(n * math.log(_CYRILLIC_FREQUENCY.get(c, 0.5)) for c, n in cyrillic) / total) if total else 0.0
    return covered, single / occurrences, weight, score, True


_GREEK_WORD = re.compile("[\u0370-\u03ff]{4,}")
_GREEK_TONOS = re.compile("[\u0386\u0388-\u038a\u038c\u038e-\u0390\u03ac-\u03b0\u03cc-\u03ce]")


def _greek_without_accents(text: str) -> bool:
    """Lower-case Greek words and not one accent: modern Greek marks the stressed vowel of
    every word of two syllables or more, so this is another codec read as Greek
    (KOI8-R "ВНИМАНИЕ" as cp1253 is "χξιναξιε")."""
    words = [w for w in _GREEK_WORD.findall(text) if not w.isupper()]
    return bool(words) and _GREEK_TONOS.search(text) is None


@dataclass(frozen=True)
class _Reading:
    encoding: str
    rank: int
    text: str
    single: float
    weight: int
    cyrillic: float
    letters: bool


def _single_byte_readings(data: bytes) -> list[_Reading]:
    """The readings of ``data`` by :data:`SINGLE_BYTE_CODECS` that look like correct text."""
    clean: list[_Reading] = []
    for encoding, rank in SINGLE_BYTE_CODECS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _reading_flaws(text) or _greek_without_accents(text):
            continue
        covered, single, weight, cyrillic, letters = _alphabet_fit(text)
        if covered:
            clean.append(_Reading(encoding, rank, text, single, weight, cyrillic, letters))
    return clean


def single_byte_choice(data: bytes) -> tuple[Decoded | None, list[str]]:
    """The single-byte reading of ``data`` that looks like correct text, or the codecs it is
    torn between (empty when none reads as text).

    The readings whose accented letters one language covers best are kept (Turkish read as
    Latin-1 is Icelandic ð þ ý with French ç ü; as cp1254 it is all Turkish); among Cyrillic
    ones, the one whose letters are clearly more frequent; those of the heaviest language
    (:data:`LANGUAGE_WEIGHTS`); then the lowest rank.  Different
    texts left at one rank are a tie: refused.
    """
    readings = _single_byte_readings(data)
    if not readings:
        return None, []
    best_single = max(r.single for r in readings)
    readings = [r for r in readings if r.single >= best_single - SINGLE_LANGUAGE_TOLERANCE]
    if any(r.cyrillic for r in readings):
        best = max(r.cyrillic for r in readings)
        cyrillic = sorted((r for r in readings if r.cyrillic), key=lambda r: -r.cyrillic)
        others = [r.cyrillic for r in cyrillic if r.text != cyrillic[0].text]
        if not others or best - others[0] >= MIN_CYRILLIC_MARGIN:
            readings = [r for r in readings if not r.cyrillic or r.text == cyrillic[0].text]
    heaviest = max(r.weight for r in readings)
    readings = [r for r in readings if r.weight == heaviest]
    top = min(r.rank for r in readings)
    first = [r for r in readings if r.rank == top]
    texts = {r.text for r in first}
    if len(texts) > 1:
        return None, [r.encoding for r in first]
    chosen = first[0]
    encoding = chosen.encoding
    if encoding == "cp1252" and not any(0x80 <= b <= 0x9F for b in data):
        encoding = "latin-1"  # the same text; Latin-1 never rejects a later byte of a stream
    return Decoded(chosen.text, _canonical(encoding), False), []


#: charset-normalizer's multi-byte verdicts (Japanese and Korean; GB and Big5 are decided above).
_MULTI_BYTE = frozenset(["shift_jis", "cp932", "euc_jp", "euc_jis_2004", "shift_jis_2004", "euc_kr",
                         "cp949", "johab", "iso2022_jp", "iso2022_kr"])


def _has_accented_letters(text: str) -> bool:
    return any(char >= "\x80" and char.isalpha() for char in text)


def _ambiguous_error(data: bytes, torn: list[str], source: str | None) -> DecodeError:
    """One line: the data reads as correct text in several codecs, which one is not told."""
    names = ", ".join(dict.fromkeys(_canonical(name) for name in torn))
    error = DecodeError(
        f"{_where(source)}: cannot tell the encoding: the bytes read as text in {names};"
        " pass --encoding NAME (encoding= in the API)"
    )
    error.offset = 0  # type: ignore[attr-defined]
    error.encoding = None  # type: ignore[attr-defined]
    error.source = source  # type: ignore[attr-defined]
    return error


def _sane(decoded: Decoded) -> bool:
    """Does another detector's reading pass the word checks of the single-byte readings?"""
    return not _reading_flaws(decoded.text)
