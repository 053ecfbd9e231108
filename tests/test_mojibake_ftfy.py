"""Never worse than ftfy: generated mojibake of ftfy's kinds, wenben and ftfy side by side.

The generator makes the kinds ftfy repairs (UTF-8 read as Latin-1, as Windows-1252 the way
browsers do it, as MacRoman, as cp437; once, and with one and two extra layers), from sentences
whose UTF-8 puts C1 controls and NEL (U+0085) into the mojibake: ``…`` is E2 80 A6, ``Å`` is
C3 85.  On every case where ``ftfy.fix_text`` with wenben's configuration gives the original
back, wenben's ``mojibake`` rule must too, and so must the whole pipeline, where the repair runs
before the rules that delete control characters and turn NEL into a line break.
"""

from __future__ import annotations

import ftfy
import pytest

from wenben import Cleaner
from wenben.rules.mojibake import FTFY_CONFIG, fix_unicode

# Realistic sentences in the scripts wenben meets; each has a character whose UTF-8 holds a
# byte of 0x80-0x9F (C1 when read as Latin-1): … ’ “ ” — € Å š à (C3 A0: NBSP) and the like.
SENTENCES = [
    "C\u2019est d\u00e9j\u00e0 l\u00e0\u2026 Tu sais, \u00e7a m\u2019a pris du temps.",
    "\u00c0 tous mes fr\u00e8res et s\u0153urs, \u00ab bonne ann\u00e9e \u00bb !",
    "Die Stra\u00dfe ist gesperrt \u2014 bitte die Umleitung \u00fcber M\u00fcnchen nehmen.",
    "\u00c5ngstr\u00f6m m\u00e4tte v\u00e5gl\u00e4ngden i \u00c5re och \u00d6rebro.",
    "El ni\u00f1o pidi\u00f3 un caf\u00e9 y dijo: \u201c\u00a1qu\u00e9 rico!\u201d",
    "A li\u00e7\u00e3o de hoje custa 5 \u20ac por pessoa, n\u00e3o \u00e9?",
    "Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144 \u2013 powiedzia\u0142a \u0160imon.",
    "P\u0159\u00edli\u0161 \u017elu\u0165ou\u010dk\u00fd k\u016f\u0148 \u00fap\u011bl \u010f\u00e1belsk\u00e9 \u00f3dy.",
    "T\u00fcrk\u00e7e \u00f6\u011frenmek \u015fa\u015f\u0131rt\u0131c\u0131 derecede kolay de\u011fil mi?",
    "\u0421\u044a\u0435\u0448\u044c \u0436\u0435 \u0435\u0449\u0451 \u044d\u0442\u0438\u0445 \u043c\u044f\u0433\u043a\u0438\u0445 \u0444\u0440\u0430\u043d\u0446\u0443\u0437\u0441\u043a\u0438\u0445 \u0431\u0443\u043b\u043e\u043a.",
    "\u039e\u03b5\u03c3\u03ba\u03b5\u03c0\u03ac\u03b6\u03c9 \u03c4\u03b7\u03bd \u03c8\u03c5\u03c7\u03bf\u03c6\u03b8\u03cc\u03c1\u03b1 \u03b2\u03b4\u03b5\u03bb\u03c5\u03b3\u03bc\u03af\u03b1.",
    "\u4eca\u5929\u5929\u6c14\u5f88\u597d\uff0c\u6211\u4eec\u53bb\u516c\u56ed\u6563\u6b65\u5427\u3002",
    "\u300c\u4f60\u597d\u300d\u2014\u2014\u4ed6\u8aaa\uff0c\u201c\u9019\u662f\u6e2c\u8a66\u201d\u2026\u2026",
    "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8\u3067\u3059\u3002\u3072\u3089\u304c\u306a\u3068\u30ab\u30bf\u30ab\u30ca\u3002",
    "\ud55c\uad6d\uc5b4 \ud14d\uc2a4\ud2b8\uc785\ub2c8\ub2e4. \uac10\uc0ac\ud569\ub2c8\ub2e4.",
    "He\u2019s Justin \u2764 and the \u201cbest\u201d \U0001f60d so far\u2026",
    "Price: 12,50 \u20ac \u2022 30 % off \u2022 \u2122 \u00a9 2024",
    "Saeim\u0101 iev\u0113l\u0113t\u0101s partijas \u201cProgres\u012bvie\u201d l\u012bdzvad\u012bt\u0101ja",
    "Le Vigne di Zam\u00f2, Barolo 2016 \u2014 \u00abottimo\u00bb.",
    "na\u00efve co\u00f6perate r\u00e9sum\u00e9 fa\u00e7ade \u00fcber-cool",
]

CHARMAPS = {
    "latin-1": lambda data: data.decode("latin-1"),
    # Windows-1252 as browsers decode it: the five undefined bytes become C1 controls.
    "cp1252": lambda data: "".join(
        chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in data
    ),
    "macroman": lambda data: data.decode("mac_roman"),
    "cp437": lambda data: data.decode("cp437"),
}

#: The configuration ftfy is compared with: the one the brief names, which is wenben's.
BRIEF_CONFIG = dict(fix_character_width=False, uncurl_quotes=False, fix_latin_ligatures=False)


def _mojibake(text: str, charmap: str, layers: int) -> str | None:
    for _ in range(layers):
        try:
            text = CHARMAPS[charmap](text.encode("utf-8"))
        except UnicodeDecodeError:
            return None
    return text


def _cases() -> list[tuple[str, str, int, str]]:
    cases = []
    for sentence in SENTENCES:
        for charmap in CHARMAPS:
            for layers in (1, 2, 3):
                mojibake = _mojibake(sentence, charmap, layers)
                if mojibake is not None and mojibake != sentence:
                    cases.append((sentence, charmap, layers, mojibake))
    return cases


CASES = _cases()
ONLY_MOJIBAKE = Cleaner(rules=["mojibake"])
# The rules that used to see C1 controls and NEL before the repair could (line-endings turned
# NEL into a line break, invisible-characters deleted \x9d), with the repair in front.
STREAM_RULES = Cleaner(rules=["mojibake", "line-endings", "invisible-characters", "unicode-normalization"])


def _rule_only(text: str) -> str:
    out = ONLY_MOJIBAKE.clean(text)
    return out[:-1] if out.endswith("\n") and not text.endswith("\n") else out


def test_the_generator_makes_c1_controls_and_nel() -> None:
    assert len(CASES) > 200
    assert sum("\x85" in case[3] for case in CASES) >= 5
    assert sum(any("\x80" <= c <= "\x9f" for c in case[3]) for case in CASES) >= 40


def test_wenben_is_never_worse_than_ftfy_on_generated_mojibake() -> None:
    ftfy_right = wenben_right = 0
    worse = []
    for original, charmap, layers, mojibake in CASES:
        by_ftfy = ftfy.fix_text(mojibake, **BRIEF_CONFIG) == original
        by_wenben = _rule_only(mojibake) == original
        ftfy_right += by_ftfy
        wenben_right += by_wenben
        if by_ftfy and not by_wenben:
            worse.append((charmap, layers, mojibake, _rule_only(mojibake)))
    assert worse == []
    assert wenben_right >= ftfy_right
    # The comparison has teeth: most of the cases are ftfy's to repair.
    assert ftfy_right >= 0.8 * len(CASES)


@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("charmap", sorted(CHARMAPS))
def test_pipeline_repairs_before_it_removes_controls_or_breaks_lines(charmap: str, layers: int) -> None:
    for original in SENTENCES:
        mojibake = _mojibake(original, charmap, layers)
        if mojibake is None or ftfy.fix_text(mojibake, **BRIEF_CONFIG) != original:
            continue
        assert STREAM_RULES.clean(mojibake).removesuffix("\n") == original, (charmap, layers, mojibake)


def test_ftfy_configuration_is_the_one_named() -> None:
    for option, value in BRIEF_CONFIG.items():
        assert getattr(FTFY_CONFIG, option) is value


# --------------------------------------------------------------------------- from ftfy's kinds


@pytest.mark.parametrize(
    ("mojibake", "expected"),
    [
        # An extra layer with a 0x9D byte (sloppy cp1252 keeps it as a C1 control).
        ("He\u2019s Justin\u00c3\u00a2\u00c2\x9d\u00c2\u00a4", "He\u2019s Justin\u2764"),
        # MacRoman, which has no Latin-1 character at all.
        ("Le Vigne di Zam\u221a\u2264", "Le Vigne di Zam\u00f2"),
        ("caf\u251c\u2310 con leche", "caf\u00e9 con leche"),  # cp437
        # A C1 control that is cp1252's ellipsis, not a line break.
        ("parl\u00e9\x85 Tu sais", "parl\u00e9\u2026 Tu sais"),
        # CESU-8 emoji, lossy sequences, a combining mark after a digit.
        ("Hi guys \u00ed\u00a0\u00bd\u00ed\u00b8\u008d", "Hi guys \U0001f60d"),
        ("\u00e2\u20ac\u0153lossy decoding\u00e2\u20ac\ufffd", "\u201clossy decoding\ufffd"),
        ("hotel $49 $\u00cc\u00b66\u00cc\u00b63\u00cc\u00b6", "hotel $49 $\u03366\u03363\u0336"),
        # UTF-8 pieces inside a line that also has correct accented text.
        ("Le bar\u00e8me permet l\u2019\u00c3\u00a9valuation des frais", "Le bar\u00e8me permet l\u2019\u00e9valuation des frais"),
    ],
)
def test_kinds_ftfy_repairs_and_wenben_used_to_leave(mojibake: str, expected: str) -> None:
    assert ftfy.fix_text(mojibake, **BRIEF_CONFIG) == expected
    assert fix_unicode(mojibake) == expected
    assert _rule_only(mojibake) == expected


@pytest.mark.parametrize(
    "text",
    [
        "This is signi\ufb01cantly lower",  # a ligature is a letter as written
        "\u0149 is an old Afrikaans letter",
        "x \u2264 y and \u221a2 \u2248 1.414",  # math, not MacRoman
        "\u2502 box \u2500 drawing \u2510",  # cp437 look-alikes that are real
        "These control characters \x1a are apparently intentional \x81",
        "na\u00efve caf\u00e9 \u2014 \u00bfqu\u00e9?",
    ],
)
def test_correct_text_with_ftfy_suspects_is_left_alone(text: str) -> None:
    assert fix_unicode(text) == text
    assert _rule_only(text) == text
