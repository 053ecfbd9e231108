"""Chinese mojibake repair and the ftfy wrapper: examples, negatives, a corpus, round trips."""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import pytest

from wenben.rules.mojibake import (
    FTFY_CONFIG,
    find_mojibake,
    fix_unicode,
    mojibake_spans,
    repair_cjk_mojibake,
)

REPO = Path(__file__).resolve().parents[1]

SENTENCE = "你好，世界。我们是中国人，今天天气很好。"
TRADITIONAL = "你好，世界。我們是中國人，今天天氣很好。"


def sloppy_cp1252(data: bytes) -> str:
    """Decode as Windows-1252 the way browsers do: the five undefined bytes become C1 controls."""
    return "".join(bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
                   for b in data)


@lru_cache(maxsize=1)
def corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("chinese_corpus", REPO / "benchmarks" / "chinese_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["chinese_corpus"] = module
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=1)
def corpus_lines() -> tuple[str, ...]:
    return tuple(corpus_module().build_corpus())


def consistent(repaired: str, original: str) -> bool:
    """``repaired`` equals ``original`` except that each U+FFFD may stand for 1-3 lost characters."""
    pattern = "".join(".{1,3}" if char == "\ufffd" else re.escape(char) for char in repaired)
    return re.fullmatch(pattern, original, re.DOTALL) is not None


# --------------------------------------------------------------------------- the four kinds


def test_brief_example_utf8_read_as_gbk() -> None:
    mojibake = "\u6d63\u72b2\u30bd\u6d93\u682b\u666b"  # 浣犲ソ涓栫晫
    assert mojibake == "你好世界".encode().decode("gbk")
    assert repair_cjk_mojibake(mojibake) == "你好世界"


@pytest.mark.parametrize(
    ("codec", "text"),
    [("gbk", "数字经济发展很快"), ("gb18030", "数据资源是数字经济的关键要素"), ("gb18030", "中文文本清洗工具")],
)
def test_utf8_read_as_gbk_sentence(codec: str, text: str) -> None:
    mojibake = text.encode("utf-8").decode(codec)  # these happen to decode without loss
    assert mojibake != text
    assert repair_cjk_mojibake(mojibake) == text


@pytest.mark.parametrize("marker", ["\ufffd", "?"])
def test_utf8_read_as_gbk_last_byte_lost(marker: str) -> None:
    # "你好世界！" is 15 bytes: the last one pairs with nothing and is replaced.
    mojibake = "你好世界！".encode().decode("gb18030", "replace")
    assert mojibake.endswith("\ufffd")
    mojibake = mojibake[:-1] + marker
    # The lost character is not guessed: one U+FFFD marks it.
    assert repair_cjk_mojibake(mojibake) == "你好世界\ufffd"


def test_lost_byte_before_a_real_question_mark() -> None:
    mojibake = "你好吗?".encode().decode("gbk", "replace")  # 浣犲ソ鍚\ufffd?
    assert repair_cjk_mojibake(mojibake) == "你好\ufffd?"


def test_windows_java_style_question_mark() -> None:
    assert repair_cjk_mojibake("鍙戠敓浜嗕竴涓?") == "发生了一\ufffd"


def test_python_gbk_replace_losses_inside_a_run() -> None:
    mojibake = SENTENCE.encode("utf-8").decode("gbk", "replace")
    repaired = repair_cjk_mojibake(mojibake)
    assert repaired.startswith("你好，世界")
    assert consistent(repaired, SENTENCE)


def browser_gbk(data: bytes) -> str:
    """Decode like Windows code page 936 / the WHATWG GBK decoder: a lone 0x80 is the euro sign."""
    out, i = [], 0
    while i < len(data):
        if data[i] < 0x80:
            out.append(chr(data[i]))
            i += 1
        elif data[i] == 0x80:
            out.append("\u20ac")
            i += 1
        else:
            out.append(data[i : i + 2].decode("gb18030", "replace"))
            i += 2
    return "".join(out)


def test_euro_sign_from_byte_0x80() -> None:
    text = "开启了"  # E5 BC 80 E5 90 AF E4 BA 86: the 0x80 lands where a lead byte would be
    mojibake = browser_gbk(text.encode("utf-8"))
    assert "\u20ac" in mojibake
    assert repair_cjk_mojibake(mojibake) == text


@pytest.mark.parametrize("decode", [lambda b: b.decode("latin-1"), sloppy_cp1252])
def test_gbk_read_as_latin1(decode) -> None:  # type: ignore[no-untyped-def]
    assert repair_cjk_mojibake("\xc4\xe3\xba\xc3") == "你好"  # ÄãºÃ
    mojibake = decode(SENTENCE.encode("gbk"))
    assert repair_cjk_mojibake(mojibake) == SENTENCE


@pytest.mark.parametrize("decode", [lambda b: b.decode("latin-1"), sloppy_cp1252])
def test_big5_read_as_latin1(decode) -> None:  # type: ignore[no-untyped-def]
    assert repair_cjk_mojibake("\xa7A\xa6n") == "你好"  # §A¦n
    mojibake = decode(TRADITIONAL.encode("big5"))
    assert repair_cjk_mojibake(mojibake) == TRADITIONAL


def test_short_run_ambiguous_between_gbk_and_big5_is_decided_by_frequency() -> None:
    assert repair_cjk_mojibake("\xbf\xef\xbe\xdc") == "選擇"  # Big5; GBK would say 匡拒


def test_utf8_read_as_big5() -> None:
    for text in ["立即中止", "连接失败", "默认为换行符", "信号编号"]:
        mojibake = text.encode("utf-8").decode("big5hkscs")
        assert repair_cjk_mojibake(mojibake) == text


def test_gbk_read_as_latin1_whose_bytes_are_also_utf8() -> None:
    # 未知 is CE B4 D6 AA: valid UTF-8 for Greek delta + a Hebrew point, which ftfy would pick.
    mojibake = "未知".encode("gbk").decode("latin-1")
    assert repair_cjk_mojibake(", " + mojibake + " CPU") == ", 未知 CPU"
    assert fix_unicode(mojibake) == mojibake  # left for the Chinese repair, not turned into δ֪


# --------------------------------------------------------------------------- locality and spans


def test_mixed_line_keeps_correct_text() -> None:
    line = "English text 浣犲ソ涓栫晫 and 中文正确的文字。"
    assert repair_cjk_mojibake(line) == "English text 你好世界 and 中文正确的文字。"


def test_mojibake_glued_to_correct_chinese() -> None:
    mojibake = "你好世界".encode().decode("gbk")
    assert repair_cjk_mojibake("正确的文字" + mojibake + "，对吗？") == "正确的文字你好世界，对吗？"


def test_mixed_latin1_line_keeps_english() -> None:
    line = "Title: " + "中文标题".encode("gbk").decode("latin-1") + " (draft)"
    assert repair_cjk_mojibake(line) == "Title: 中文标题 (draft)"


def test_spans_are_exact_and_apply_to_the_repair() -> None:
    mojibake = "你好世界".encode().decode("gbk")
    text = f"a {mojibake} b \xc4\xe3\xba\xc3 c \u00e4\u00b8\u00ad\u00e6\u2013\u2021 d"
    spans = mojibake_spans(text)
    assert [text[s:e] for s, e, _ in spans] == [mojibake, "\xc4\xe3\xba\xc3", "\u00e4\u00b8\u00ad\u00e6\u2013\u2021"]
    assert [r for _, _, r in spans] == ["你好世界", "你好", "中文"]
    assert [f.kind for f in find_mojibake(text)] == ["utf8-as-gbk", "gbk-as-latin1", "ftfy"]
    out, pos = [], 0
    for start, end, replacement in spans:
        out += [text[pos:start], replacement]
        pos = end
    assert "".join(out) + text[pos:] == "a 你好世界 b 你好 c 中文 d"


def test_functions_commute() -> None:
    text = "x " + "你好世界".encode().decode("gbk") + " y \u00e4\u00b8\u00ad\u00e6\u2013\u2021 z"
    assert fix_unicode(repair_cjk_mojibake(text)) == repair_cjk_mojibake(fix_unicode(text)) == "x 你好世界 y 中文 z"


# --------------------------------------------------------------------------- ftfy wrapper


def test_ftfy_config_keeps_chinese_typography() -> None:
    assert FTFY_CONFIG.fix_character_width is False
    assert FTFY_CONFIG.uncurl_quotes is False
    assert FTFY_CONFIG.normalization is None


def test_fix_unicode_leaves_fullwidth_punctuation_and_curly_quotes() -> None:
    text = "\u8fd9\u662f\u201c\u5f15\u53f7\u201d\uff0c\uff08\u62ec\u53f7\uff09\uff1a"  # 这是“引号”，（括号）：
    assert fix_unicode(text) == text
    # Even on a line that ftfy does process (it has UTF-8 mojibake), they survive.
    assert fix_unicode(text + " caf\u00c3\u00a9 \u3000\uff11") == text + " caf\u00e9 \u3000\uff11"


def test_fix_unicode_repairs_latin1_mojibake() -> None:
    assert fix_unicode("\u00e4\u00b8\u00ad\u00e6\u2013\u2021") == "中文"  # ä¸­æ–‡
    assert fix_unicode("Er is al een nieuwere versie ge\u00c3\u00afnstalleerd") == (
        "Er is al een nieuwere versie ge\u00efnstalleerd"
    )


def test_fix_unicode_keeps_u0085_inside_a_line() -> None:
    # "Å" in UTF-8 is C3 85; read as Latin-1 the 0x85 is NEL, which str.splitlines() cuts at.
    assert fix_unicode("\u00c3\u0085ngstr\u00c3\u00b6m") == "\u00c5ngstr\u00f6m"


def test_fix_unicode_only_touches_bad_lines() -> None:
    text = "第一行&amp;\n第二行 \u00e4\u00b8\u00ad\u00e6\u2013\u2021\n\ufb01ne"
    # HTML entities stay (unescape_html off), the ligature line is not "bad" so ftfy skips it.
    assert fix_unicode(text) == "第一行&amp;\n第二行 中文\n\ufb01ne"


def test_fix_unicode_leaves_gbk_mojibake_for_the_chinese_repair() -> None:
    mojibake = SENTENCE.encode("gbk").decode("latin-1")
    assert fix_unicode(mojibake) == mojibake


# --------------------------------------------------------------------------- negatives

NEGATIVES = [
    "××××同志：你好！",
    "温度为25°C±0.5°C，湿度≤60%。",
    "café 咖啡，Müller先生，naïve résumé",
    "浣熊是一种动物。涓涓细流，汇成江河。",
    "锟斤拷烫烫烫",
    "史提夫·麥昆（Steve McQueen）",
    "ÅTGÄRD MÄÄRÄ PÄIVÄYS LIITÄNNÄISET",
    "Téléchargement des paquets «\u00a0pushd\u00a0» réussie.",
    "Aufruf: ktremove [-k[eytab] Schlüsseltabelle] [kvno|»all«|»old«]",
    "日本語のテキストです。ひらがなとカタカナ。",
    "한국어 텍스트입니다. 감사합니다.",
    "Приветствую, мир! Ελληνικά κείμενα.",
    "½ + ¼ = ¾; © 2024 ® ™",
    "这是“引号”，（括号）：１２３　全角空格",
    "鐘鼎山林，各有天性。",
    "ÄÖÜ äöü ß",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_negative_unchanged(text: str) -> None:
    assert repair_cjk_mojibake(text) == text
    assert fix_unicode(text) == text
    assert mojibake_spans(text) == []


def test_empty_and_ascii() -> None:
    assert repair_cjk_mojibake("") == "" and fix_unicode("") == ""
    assert mojibake_spans("plain ASCII? yes.") == []


def test_false_positives_on_a_megabyte_of_correct_chinese() -> None:
    lines = corpus_lines()
    size = sum(len(line.encode("utf-8")) + 1 for line in lines)
    assert size >= 1_000_000
    assert [line for line in lines if repair_cjk_mojibake(line) != line] == []
    assert [line for line in lines if fix_unicode(line) != line] == []
    text = "\n".join(lines)
    assert repair_cjk_mojibake(text) == text


def test_false_positives_on_foreign_text() -> None:
    lines = corpus_module().foreign_lines(("fr", "de", "fi", "sv", "hu", "pl", "ja", "ko"))
    if not lines:
        pytest.skip("no gettext catalogues on this machine")
    sample = random.Random(1).sample(lines, min(len(lines), 20000))
    assert [line for line in sample if repair_cjk_mojibake(line) != line] == []


# --------------------------------------------------------------------------- round trips


def _mojibake_cases() -> list[tuple[str, str, str]]:
    import opencc

    rng = random.Random(11)
    han = [line for line in corpus_lines() if sum("\u4e00" <= c <= "\u9fff" for c in line) >= 4]
    s2t = opencc.OpenCC("s2t")
    t2s = opencc.OpenCC("t2s")
    cases = []
    for line in rng.sample(han, 250):
        simplified = t2s.convert(line)
        traditional = s2t.convert(line)
        for kind, text, make in [
            ("utf8-as-gb18030", simplified, lambda s: s.encode("utf-8").decode("gb18030", "replace")),
            ("utf8-as-gbk", simplified, lambda s: s.encode("utf-8").decode("gbk", "replace")),
            ("gbk-as-latin1", simplified, lambda s: s.encode("gbk").decode("latin-1")),
            ("gbk-as-cp1252", simplified, lambda s: sloppy_cp1252(s.encode("gbk"))),
            ("big5-as-latin1", traditional, lambda s: s.encode("big5").decode("latin-1")),
            ("utf8-as-big5", traditional, lambda s: s.encode("utf-8").decode("big5hkscs", "replace")),
        ]:
            try:
                cases.append((kind, text, make(text)))
            except UnicodeEncodeError:
                continue
    return cases


def test_round_trips_repair_and_never_invent() -> None:
    results: dict[str, list[int]] = {}
    for kind, original, mojibake in _mojibake_cases():
        repaired = repair_cjk_mojibake(mojibake)
        tally = results.setdefault(kind, [0, 0])
        tally[1] += 1
        if repaired == original or ("\ufffd" in mojibake and consistent(repaired, original)):
            tally[0] += 1
        # Whatever was changed was changed into the right text (or an honest U+FFFD).
        for fix in find_mojibake(mojibake):
            pieces = [p for p in fix.replacement.split("\ufffd") if p]
            position = 0
            for piece in pieces:
                found = original.find(piece, position)
                assert found >= 0, (kind, original, mojibake, fix)
                position = found + len(piece)
        assert repair_cjk_mojibake(repaired) == repaired, (kind, original, repaired)  # idempotent
    rates = {kind: right / total for kind, (right, total) in results.items()}
    for kind in ("utf8-as-gb18030", "utf8-as-gbk", "gbk-as-latin1", "gbk-as-cp1252", "big5-as-latin1"):
        assert rates[kind] >= 0.95, rates
