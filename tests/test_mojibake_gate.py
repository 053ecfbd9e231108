"""mojibake_candidate, the one-scan gate of the mojibake rule: it may say "maybe" too often,
but never "no" where find_mojibake finds something."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from wenben.rules.mojibake import (
    _BIG5_STARTERS,
    _CANDIDATE,
    _GB,
    _GB_STARTERS,
    _HIGH_CHAR,
    _SUSPECT_CHARS,
    _TO_BYTE,
    FTFY_SUSPECT,
    find_mojibake,
    mojibake_candidate,
)

from test_mojibake import NEGATIVES, corpus_module, salad_lines, sloppy_cp1252


def _gate_agrees(text: str) -> bool:
    return mojibake_candidate(text) is not None or find_mojibake(text) == []


def test_first_class_lets_through_every_character_a_search_begins_with() -> None:
    head = re.compile(_CANDIDATE.pattern[: _CANDIDATE.pattern.index("](?:") + 1])
    planes = [*range(0x80, 0x10000), *range(0x10000, 0x110000, 97)]
    missed = [
        hex(code) for code in planes
        if (chr(code) in _SUSPECT_CHARS or FTFY_SUSPECT.match(chr(code))) and not head.match(chr(code))
    ]
    assert missed == []


def test_latin1_characters_are_not_starters() -> None:
    """The regex drops a Latin-1 character that begins no pair: none is a GBK or Big5 starter."""
    assert not set(_TO_BYTE) & (_GB_STARTERS | _BIG5_STARTERS)
    assert all(_HIGH_CHAR.match(char) for char in _TO_BYTE)


def test_says_no_on_chinese_with_quotes_dashes_and_rare_characters() -> None:
    text = "他说：“这是‘引号’……”——对。 \u00a0Python 3.14 ·愣住了\n" * 3
    assert mojibake_candidate(text) is None
    assert mojibake_candidate("") is None and mojibake_candidate("plain ASCII") is None


def test_negatives_and_correct_lines() -> None:
    lines = list(NEGATIVES) + list(salad_lines()[:3000])
    lines += corpus_module().foreign_lines(("fr", "de", "fi", "sv", "ja", "ko"))[:2000]
    assert [line for line in lines if not _gate_agrees(line)] == []
    assert _gate_agrees("\n".join(lines))


def _misreadings(original: str) -> list[str]:
    out = []
    for encode, decodes in (
        ("utf-8", ("gbk", "gb18030", "big5hkscs", "cp1252", "latin-1", "cp1251", "mac_roman", "cp437")),
        ("gbk", ("latin-1", "cp1252")),
        ("big5", ("latin-1", "cp1252")),
    ):
        try:
            data = original.encode(encode)
        except UnicodeEncodeError:
            continue
        for decode in decodes:
            out.append(data.decode(decode, "replace"))
        out.append(sloppy_cp1252(data))
        out.append(data[:-1].decode("gbk", "replace") + "?")  # a lost last byte
    return out


def test_says_maybe_wherever_a_repair_is_found() -> None:
    rng = random.Random(6)
    lines = rng.sample(salad_lines(), 300)
    found = 0
    for line in lines + ["café naïve résumé", "Привет мир", "Ελληνικά", "“quoted” — dash"]:
        for mojibake in _misreadings(line[:40]):
            for text in (mojibake, f"正确的中文{mojibake}\n", f"“{mojibake}”——English {mojibake[:5]}"):
                assert _gate_agrees(text), text
                found += find_mojibake(text) != []
    assert found > 1000  # the cases really have repairs


def test_utf8_read_as_big5_with_nothing_else_suspect() -> None:
    """Clean Big5 runs (no lost byte, which ftfy's test would catch first): only the Big5
    starter tells."""
    lines = salad_lines()
    texts = []
    for line in lines[len(lines) // 2 :: 7]:  # the traditional half
        for length in (2, 3, 4, 6, 12):
            try:
                texts.append(line[:length].encode("utf-8").decode("big5hkscs"))
            except UnicodeDecodeError:
                continue
    assert [text for text in texts if not _gate_agrees(text)] == []
    assert sum(find_mojibake(text) != [] for text in texts) >= 10


# The Latin-1 characters that ftfy's test lets through: a run of them (and ASCII @-~) decides
# on the Latin-1 branch alone.
_HARMLESS_BYTES = [b for char, b in _TO_BYTE.items() if not FTFY_SUSPECT.match(char)]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_HARMLESS_BYTES), st.integers(0x40, 0x7E)), max_size=12),
       st.sampled_from(["{}", "中{}", "{}文", "a {} b\n{}"]))
def test_latin1_runs_that_only_the_latin1_branch_sees(data: list[int], context: str) -> None:
    run = bytes(data).decode("cp1252")
    assert _gate_agrees(context.format(run, run[::-1]))


_PIECES = (
    sorted(_TO_BYTE)[::3] + sorted(_GB_STARTERS)[::40] + sorted(_BIG5_STARTERS)[::20]
    + sorted(_GB.continues)[::400] + list("\ufffd?\n \u00a0“”‘’…—·中文的是了ABCxyz@~é")
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.sampled_from(_misreadings("你好，世界。我们是中国人"))),
                max_size=30))
def test_never_says_no_where_a_repair_is_found(pieces: list[str]) -> None:
    assert _gate_agrees("".join(pieces))


def test_the_light_gate_is_the_candidate_scans_first_class():
    """mojibake_inert.OUTSIDE (the rule's first scan, without the mojibake module's tables)
    is exactly the class a candidate of _CANDIDATE begins with, from the same sets."""
    from wenben.rules import mojibake_inert

    assert mojibake_inert.starters("gb18030") == _GB_STARTERS
    assert mojibake_inert.starters("big5hkscs") == _BIG5_STARTERS
    assert mojibake_inert.latin_bytes() == set(_TO_BYTE)
    assert _CANDIDATE.pattern.startswith(mojibake_inert.OUTSIDE.pattern)
    rng = random.Random(15)
    for code in rng.sample(range(0x80, 0x10000), 4000) + list(range(0x3000, 0x3100)):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        begins = re.compile(_CANDIDATE.pattern[: len(mojibake_inert.OUTSIDE.pattern)]).match(char) is not None
        assert (mojibake_inert.OUTSIDE.match(char) is not None) == begins, ascii(char)


def test_chinese_text_is_gated_without_the_mojibake_tables():
    """The rule's quick test says no to Chinese text without importing wenben.rules.mojibake
    (text with \u201c\u201d does import it: cp1252 reads them from bytes 0x93 and 0x94)."""
    import subprocess
    import sys

    code = (
        "import sys, wenben\n"
        "sys.modules.pop('wenben.rules.mojibake', None)\n"
        "assert wenben.clean('\\u6570\\u5b57\\u7ecf\\u6d4e\\uff0c\\u300c\\u53d1\\u5c55\\u300d\\u3002') is not None\n"
        "print('wenben.rules.mojibake' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert mojibake_candidate("\u6570\u5b57 \u00c4\u00e3\u00ba\u00c3", 3) == mojibake_candidate("\u6570\u5b57 \u00c4\u00e3\u00ba\u00c3")
