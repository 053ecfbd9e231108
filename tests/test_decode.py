"""decode_bytes: BOMs, UTF-8, UTF-16/32 without BOM, GB/Big5 by plausibility, errors, binary."""

from __future__ import annotations

import codecs
import dataclasses
import importlib.util
import sys
from pathlib import Path

import pytest

from wenben.errors import BinaryFileError, ConfigError, DecodeError, InputError
from wenben.io.decode import Decoded, decode_bytes, mixed_two_byte_scripts, plausibility

REPO = Path(__file__).resolve().parents[1]

SIMPLIFIED = "数字经济是继农业经济、工业经济之后的主要经济形态。\n数据资源是关键要素。\n"
TRADITIONAL = "數位經濟是繼農業經濟、工業經濟之後的主要經濟形態。\n資料資源是關鍵要素。\n"


def test_decoded_is_frozen() -> None:
    decoded = decode_bytes(b"abc")
    assert decoded == Decoded("abc", "utf-8", False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        decoded.text = "x"  # type: ignore[misc]


def test_empty() -> None:
    assert decode_bytes(b"") == Decoded("", "utf-8", False)


def test_utf8_and_utf8_bom() -> None:
    assert decode_bytes(SIMPLIFIED.encode("utf-8")) == Decoded(SIMPLIFIED, "utf-8", False)
    assert decode_bytes(SIMPLIFIED.encode("utf-8-sig")) == Decoded(SIMPLIFIED, "utf-8", True)


@pytest.mark.parametrize(
    ("codec", "name", "bom"),
    [("utf-16", "utf-16-le", True), ("utf-32", "utf-32-le", True), ("utf-16-be", "utf-16-be", False),
     ("utf-16-le", "utf-16-le", False), ("utf-32-le", "utf-32-le", False), ("utf-32-be", "utf-32-be", False)],
)
def test_utf16_utf32(codec: str, name: str, bom: bool) -> None:
    decoded = decode_bytes(SIMPLIFIED.encode(codec))
    assert decoded == Decoded(SIMPLIFIED, name, bom)


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE])
def test_big_endian_boms(bom: bytes) -> None:
    codec = "utf-16-be" if len(bom) == 2 else "utf-32-be"
    assert decode_bytes(bom + TRADITIONAL.encode(codec)) == Decoded(TRADITIONAL, codec, True)


def test_utf16_without_bom_or_nul() -> None:
    # Pure Chinese has no NUL byte in UTF-16; long enough, it is still recognised.
    text = "数字经济是继农业经济工业经济之后的主要经济形态数据资源是关键要素"
    assert decode_bytes(text.encode("utf-16-le")) == Decoded(text, "utf-16-le", False)


@pytest.mark.parametrize("codec", ["gb18030", "gbk", "gb2312"])
def test_gb_family(codec: str) -> None:
    assert decode_bytes(SIMPLIFIED.encode(codec)) == Decoded(SIMPLIFIED, "gb18030", False)


def test_gb18030_four_byte_characters() -> None:
    text = "〇㐀𠀀，生僻字测试。\n"
    assert decode_bytes(text.encode("gb18030")) == Decoded(text, "gb18030", False)


@pytest.mark.parametrize("codec", ["big5", "big5hkscs", "cp950"])
def test_big5_family(codec: str) -> None:
    assert decode_bytes(TRADITIONAL.encode(codec)) == Decoded(TRADITIONAL, "big5hkscs", False)


def test_short_gbk_and_big5() -> None:
    assert decode_bytes("中文".encode("gbk")).text == "中文"
    assert decode_bytes("中文".encode("big5")).text == "中文"
    assert decode_bytes("選擇".encode("big5")).text == "選擇"


def test_gbk_bytes_that_are_valid_utf8() -> None:
    # 未知 in GBK is CE B4 D6 AA: valid UTF-8 ("δ֪"), the classic 联通 trap.
    data = "未知-3\n未知-5\n".encode("gbk")
    data.decode("utf-8")
    assert decode_bytes(data) == Decoded("未知-3\n未知-5\n", "gb18030", False)
    assert not mixed_two_byte_scripts("été, naïve")
    assert mixed_two_byte_scripts("δ֪")


def test_real_two_byte_utf8_stays_utf8() -> None:
    for text in ["Привет, мир", "Καλημέρα κόσμε", "été à Paris", "שלום עולם"]:
        assert decode_bytes(text.encode("utf-8")) == Decoded(text, "utf-8", False)


def test_other_encodings_via_charset_normalizer() -> None:
    text = "これは日本語のテキストです。ひらがなとカタカナを含みます。\n" * 3
    assert decode_bytes(text.encode("shift_jis")).text == text
    assert decode_bytes(text.encode("iso2022_jp")).text == text
    korean = "이것은 한국어 텍스트입니다. 감사합니다.\n" * 3
    assert decode_bytes(korean.encode("euc_kr")).text == korean


def test_encoding_override() -> None:
    data = SIMPLIFIED.encode("gbk")
    assert decode_bytes(data, encoding="GBK") == Decoded(SIMPLIFIED, "gbk", False)
    # A narrower label falls back to its superset for the characters it lacks.
    assert decode_bytes("镕".encode("gbk"), encoding="gb2312") == Decoded("镕", "gb18030", False)
    assert decode_bytes(b"caf\xe9", encoding="latin-1") == Decoded("café", "iso8859-1", False)
    assert decode_bytes(codecs.BOM_UTF8 + b"x", encoding="utf-8") == Decoded("x", "utf-8", True)
    assert decode_bytes("文".encode("utf-16-be"), encoding="utf-16") == Decoded("文", "utf-16-be", False)
    assert decode_bytes(b"", encoding="gbk") == Decoded("", "gbk", False)


def test_unknown_encoding_and_errors_value() -> None:
    with pytest.raises(ConfigError):
        decode_bytes(b"x", encoding="no-such-codec")
    with pytest.raises(ConfigError):
        decode_bytes(b"x", errors="ignore")


def test_invalid_utf8_names_offset_encoding_and_source() -> None:
    data = SIMPLIFIED.encode("utf-8") + b"\xff" + SIMPLIFIED.encode("utf-8")
    with pytest.raises(DecodeError) as caught:
        decode_bytes(data, source="notes.txt")
    message = str(caught.value)
    offset = len(SIMPLIFIED.encode("utf-8"))
    assert "notes.txt" in message and f"offset {offset}" in message and "utf-8" in message
    assert "0xFF" in message and "\n" not in message
    assert caught.value.offset == offset  # type: ignore[attr-defined]
    assert isinstance(caught.value, InputError)


def test_invalid_bytes_with_replace() -> None:
    data = "中文".encode() * 5 + b"\xff" + "结束".encode()
    decoded = decode_bytes(data, errors="replace")
    assert decoded == Decoded("中文" * 5 + "\ufffd" + "结束", "utf-8", False)


def test_invalid_with_forced_encoding() -> None:
    with pytest.raises(DecodeError, match=r"not valid gbk: byte 0xFF at offset 2"):
        decode_bytes(b"ab\xff", encoding="gbk", source="x.txt")
    assert decode_bytes(b"ab\xff", encoding="gbk", errors="replace").text == "ab\ufffd"


def test_invalid_after_bom() -> None:
    with pytest.raises(DecodeError, match="offset 5"):
        decode_bytes(codecs.BOM_UTF8 + b"ab\xff")
    with pytest.raises(DecodeError, match="utf-16-le"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8a\x00")  # lone surrogate


def test_undecidable_bytes_raise() -> None:
    # Not UTF-8, not plausible GB/Big5, nothing charset-normalizer believes either.
    with pytest.raises(DecodeError):
        decode_bytes(bytes(range(0x80, 0x100)) * 3)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"%PDF-1.7\n\x00\x01\x02\x03binary stream",
        b"\x7fELF\x02\x01\x01\x00" + bytes(64),
        b"text\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15",
        "中文".encode("gbk") + b"\x00abc",
    ],
)
def test_binary(data: bytes) -> None:
    with pytest.raises(BinaryFileError, match="binary"):
        decode_bytes(data, source="blob.bin")
    with pytest.raises(BinaryFileError):
        decode_bytes(data, errors="replace")


def test_control_bytes_that_text_has_are_fine() -> None:
    text = "列1\t列2\r\n\x0c\x1b[1m粗体\x1b[0m\n"
    assert decode_bytes(text.encode("utf-8")).text == text


def test_plausibility() -> None:
    assert plausibility("数字经济是主要经济形态。") == 1.0
    korean_read_as_gb = "한국어 텍스트입니다".encode("euc_kr").decode("gb18030")
    assert plausibility(korean_read_as_gb) < 0.3
    assert plausibility("plain ascii") == 1.0


def _corpus_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("chinese_corpus", REPO / "benchmarks" / "chinese_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("chinese_corpus", module)
    spec.loader.exec_module(module)
    return module


def test_detection_accuracy_on_encoded_corpus() -> None:
    corpus = _corpus_module()
    lines = corpus.build_corpus(min_bytes=300_000)
    samples = corpus.encoded_samples(lines, per_encoding=60)
    wrong = [(encoding, text[:30]) for text, encoding, data in samples if decode_bytes(data).text != text]
    assert len(samples) >= 13 * 50
    assert len(wrong) <= len(samples) // 100, wrong


def test_short_big5_is_read_whatever_charset_normalizer_ranks_first() -> None:
    # 14 bytes of Big5 (two place names): charset-normalizer 3.5 ranks cp932 first, 3.4 big5;
    # the decoder weighs every verdict, so both read it as Big5.
    data = "\u6ce2\u7d0d\u4f69\n\u798f\u5ef7\u5cac\n".encode("big5")
    decoded = decode_bytes(data)
    assert decoded.text == "\u6ce2\u7d0d\u4f69\n\u798f\u5ef7\u5cac\n"
    assert decoded.encoding.startswith("big5")
