"""Legacy single-byte files: the right codec, or a refusal naming --encoding; never another script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from wenben.errors import DecodeError
from wenben.io.decode import decode_bytes, single_byte_choice

# (encoding, text): each decoded by charset-normalizer into another script or language before.
RIGHT = [
    ("latin-1", "café naïve\n"),  # was cp1006: "cafﻠ naﺅve"
    ("cp1252", "Il était très content d'être déjà là, à côté de sa sœur.\n"),  # was cp1250: "trčs", "déją"
    ("latin-1", "Où est la gare ? Je ne sais pas, demandez à l'hôtel.\n"),
    ("cp1252", "Die Straße ist wegen Bauarbeiten gesperrt; bitte über Köln fahren.\n"),
    ("cp1252", "¿Qué tal, señor? El niño pidió un café.\n"),
    ("cp1250", "Zażółć gęślą jaźń, powiedziała pani w sklepie.\n"),
    ("iso8859-2", "Zażółć gęślą jaźń, powiedziała pani w sklepie.\n"),
    ("cp1250", "Příliš žluťoučký kůň úpěl ďábelské ódy.\n"),
    ("cp1250", "Árvíztűrő tükörfúrógép a műhelyben áll.\n"),
    ("cp1251", "Съешь же ещё этих мягких французских булок, да выпей чаю.\n"),
    ("koi8-r", "Съешь же ещё этих мягких французских булок, да выпей чаю.\n"),
    ("iso8859-5", "Съешь же ещё этих мягких французских булок, да выпей чаю.\n"),
    ("cp1251", "Чуєш їх, доцю, га? Кумедна ж ти, прощайся без ґольфів!\n"),
    ("cp1253", "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία. Αύριο θα πάμε στην Αθήνα.\n"),
    ("iso8859-7", "Άλλο ένα τρένο για την Αθήνα.\n"),
    ("cp1254", "Pijamalı hasta yağız şoföre çabucak güvendi.\n"),
    ("iso8859-9", "Yarın İstanbul'a otobüsle gideceğiz.\n"),
]


@pytest.mark.parametrize(("encoding", "text"), RIGHT, ids=[f"{e}-{t[:12]}" for e, t in RIGHT])
def test_single_byte_text_decodes_to_itself(encoding: str, text: str) -> None:
    assert decode_bytes(text.encode(encoding)).text == text


def test_latin1_is_named_latin1_without_c1_bytes_and_cp1252_with_them() -> None:
    assert decode_bytes("café naïve\n".encode("latin-1")).encoding == "iso8859-1"
    assert decode_bytes("l’été — déjà\n".encode("cp1252")).encoding == "cp1252"


def test_never_letters_of_another_script_inside_words() -> None:
    for _, text in RIGHT:
        for encoding in ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254"):
            try:
                data = text.encode(encoding)
            except UnicodeEncodeError:
                continue
            try:
                decoded = decode_bytes(data).text
            except DecodeError:
                continue
            assert not any("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff" for c in decoded), decoded


#: Too short to tell: a short Russian word is also Greek in cp1253, and Greek is also Russian.
TIES = [("Мир\n", "cp1251"), ("Ευχαριστώ\n", "cp1253")]


def test_a_tie_is_refused_with_encoding_named() -> None:
    # Czech "Dobrý den" in cp1250 and ISO 8859-2 is the same text; what is tested is that
    # whatever the detector cannot settle is refused, never guessed.
    for text, encoding in TIES:
        data = text.encode(encoding)
        decoded, torn = single_byte_choice(data)
        assert decoded is None and len(torn) >= 2, (text, decoded)
        with pytest.raises(DecodeError, match="--encoding") as error:
            decode_bytes(data, source="f.txt")
        assert str(error.value).startswith("f.txt: cannot tell the encoding")
        assert "\n" not in str(error.value)


def test_refusal_message_is_one_line() -> None:
    from wenben.io.decode import _ambiguous_error

    error = _ambiguous_error(b"", ["cp1251", "koi8-r"], "f.txt")
    assert str(error) == (
        "f.txt: cannot tell the encoding: the bytes read as text in cp1251, koi8-r;"
        " pass --encoding NAME (encoding= in the API)"
    )


def test_must_not_change_utf8_and_chinese() -> None:
    for text in ["café naïve\n", "中文文本，测试。\n", "Привет\n"]:
        assert decode_bytes(text.encode("utf-8")).text == text
    for codec, text in [("gbk", "今天天气很好，我们去公园散步吧。\n"), ("big5", "今天天氣很好，我們去公園散步吧。\n")]:
        assert decode_bytes(text.encode(codec)).text == text


def test_explicit_encoding_is_obeyed() -> None:
    data = "café\n".encode("latin-1")
    assert decode_bytes(data, encoding="cp1250").text == "café\n"  # é is the same byte
    assert decode_bytes("naïve\n".encode("latin-1"), encoding="cp1250").text == "naďve\n"


def _cli(path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wenben", "--no-config", *args, str(path)],
                          capture_output=True, timeout=120)


def test_cli_decodes_latin1_file(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes("café naïve\n".encode("latin-1"))
    done = _cli(path)
    assert done.returncode == 0
    assert done.stdout.decode("utf-8") == "café naïve\n"


def test_cli_refusal_exits_2_and_names_encoding(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes("Мир\n".encode("cp1251"))
    done = _cli(path)
    assert done.returncode == 2
    assert done.stdout == b""
    err = done.stderr.decode()
    assert "--encoding" in err and err.count("\n") == 1 and "f.txt" in err
    again = _cli(path, "--encoding", "cp1251")
    assert again.returncode == 0 and again.stdout.decode() == "Мир\n"
