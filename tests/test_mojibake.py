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


@lru_cache(maxsize=1)
def salad_lines() -> tuple[str, ...]:
    """The OpenCC phrase salad alone: unlike :func:`corpus_lines`, it does not depend on the
    fixtures or the machine's gettext catalogues, so a sample of it stays put when they change."""
    return tuple(corpus_module().salad_corpus())


@lru_cache(maxsize=1)
def real_lines() -> tuple[str, ...]:
    """The Chinese gettext sentences installed on this machine (none of the fixtures)."""
    return tuple(line for text in corpus_module().locale_texts() for line in text.splitlines()
                 if line.strip())


def apply_spans(text: str) -> str:
    out, pos = [], 0
    for start, end, replacement in mojibake_spans(text):
        out += [text[pos:start], replacement]
        pos = end
    return "".join(out) + text[pos:]


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


# --------------------------------------------------------------------------- ftfy inside GBK/Big5 runs

# GBK/Big5 read as Latin-1 that the Chinese repair leaves alone (short, read as well by the other
# codec, or with characters outside the common sets), with a pair inside that is UTF-8 for a
# Latin or Greek letter: Î» is λ, Ã¨ è, Ã© é, Ã¼ ü, Ã¶ ö, Ã± ñ.  ftfy used to "repair" the pair
# ('ºê´ïµçÃÎ»Ã' -> 'ºê´ïµçÃλÃ').  Either the right Chinese or the mojibake as it was.
DECLINED_LATIN1_WORDS = [
    ("gbk", "宏达电梦幻"),  # ºê´ïµçÃÎ»Ã
    ("gbk", "蒙嘉慧"),  # ÃÉ¼Î»Û
    ("gbk", "猫耳面"),  # Ã¨¶úÃæ
    ("gbk", "茅蒐"),  # Ã©ÉL
    ("gbk", "眉分八彩"),  # Ã¼·Ö°Ë²Ê
    ("gbk", "灿烂多彩"),  # ²ÓÀÃ¶à²Ê
    ("gbk", "拿笔杆"),  # ÄÃ±Ê¸Ë
    ("gbk", "正在依伫列等待"),  # ÕýÔÚÒÀØùÁÐµÈ´ý: ÁÐµÈ´ became Ðµȴ
    ("gbk", "莫德皇后地"),  # ÄªµÂ»ÊºóµØ: Äª became Ī
    ("gbk", "华富里府"),  # »ª¸»Àï¸®: ï¸® became ︮
    ("gbk", "警告: 已不建议使用 Elgamal 签署暨加密金钥"),  # a whole gettext line
    ("gbk", "      -T  设定之后，DEBUG 和 RETURN 陷阱会被 shell 函数继承。"),
    ("big5", "欺矇"),  # ´ÛÃ©
    ("big5", "癡蟲"),  # Ã¨ÂÎ
    ("big5", "矇蔽"),  # Ã©½ª
    # Big5 reads the last run as 檔的說明﹔, with a symbol (U+FE54) that is not Han: ªº was ɪ.
    ("big5", "輸入 dpkg-deb --help 以取得如何操作 *.deb 檔的說明﹔"),
]


def test_the_reported_case_gets_no_greek_letter() -> None:
    mojibake = "宏达电梦幻".encode("gbk").decode("latin-1")
    assert mojibake == "\u00ba\u00ea\u00b4\u00ef\u00b5\u00e7\u00c3\u00ce\u00bb\u00c3"  # ºê´ïµçÃÎ»Ã
    assert [f for f in find_mojibake(mojibake) if f.kind == "ftfy"] == []
    assert fix_unicode(mojibake) in (mojibake, "宏达电梦幻")
    assert "\u03bb" not in apply_spans(mojibake)  # λ


@pytest.mark.parametrize(("codec", "word"), DECLINED_LATIN1_WORDS, ids=[w for _, w in DECLINED_LATIN1_WORDS])
@pytest.mark.parametrize("decode", [lambda b: b.decode("latin-1"), sloppy_cp1252], ids=["latin1", "cp1252"])
@pytest.mark.parametrize("context", ["{}", "Title: {} (draft)", "{} - Wikipedia", "<b>{}</b>"],
                         ids=["alone", "title", "wiki", "html"])
def test_declined_latin1_run_is_repaired_whole_or_not_at_all(codec, word, decode, context) -> None:  # type: ignore[no-untyped-def]
    mojibake = context.format(decode(word.encode(codec)))
    right = context.format(word)
    for out in (repair_cjk_mojibake(mojibake), fix_unicode(mojibake),
                fix_unicode(repair_cjk_mojibake(mojibake)), apply_spans(mojibake)):
        assert out in (right, mojibake), (mojibake, out)


def test_ftfy_still_repairs_utf8_next_to_a_held_gbk_run() -> None:
    held = "蒙嘉慧".encode("gbk").decode("latin-1")  # ÃÉ¼Î»Û
    assert fix_unicode(f"x {held} y \u00e4\u00b8\u00ad\u00e6\u2013\u2021 z") == f"x {held} y 中文 z"
    assert fix_unicode(f"{held}: caf\u00c3\u00a9, na\u00c3\u00afve, r\u00c3\u00a9sum\u00c3\u00a9") == (
        f"{held}: caf\u00e9, na\u00efve, r\u00e9sum\u00e9")


def test_utf8_run_on_a_gbk_line_is_held_too() -> None:
    # 使 is CA B9 in GBK, UTF-8 for U+02B9; on a line of GBK mojibake it is GBK.
    for line in ["宏达电梦幻 使 宏达电梦幻", "警告: 使 Elgamal 签署暨加密金钥"]:
        mojibake = line.encode("gbk").decode("latin-1")
        assert "\u00ca\u00b9" in mojibake
        assert fix_unicode(mojibake) == mojibake
        assert apply_spans(mojibake) in (mojibake, line)


def test_utf8_reading_that_is_not_text_stays_for_the_chinese_repair() -> None:
    # 叹 and 坛 in GBK are CC BE and CC B3: UTF-8 for lone combining marks (U+033E, U+0333).
    for word in ["叹", "坛"]:
        mojibake = word.encode("gbk").decode("latin-1")
        assert fix_unicode(mojibake) == mojibake
        assert fix_unicode("Title: " + mojibake) == "Title: " + mojibake
    # After a letter a combining mark is what it seems: NFD "é" (e + U+0301) read as Latin-1.
    assert fix_unicode("cafe\u00cc\u0081") == "cafe\u0301"


def test_ftfy_restores_a_space_that_was_byte_a0() -> None:
    assert fix_unicode("voil\u00c3  tout") == "voil\u00e0 tout"


def test_fix_unicode_keeps_control_characters() -> None:
    # gettext catalogues use U+001F as a separator; removing controls is another rule's job.
    assert fix_unicode("a\x1fb caf\u00c3\u00a9") == "a\x1fb caf\u00e9"
    mojibake = "%s數字\x1f: %s%%0A持有者\x1f: %s%s".encode().decode("big5hkscs", "replace")
    assert apply_spans(mojibake).count("\x1f") == 2


# Lines whose repair used to change again when repaired a second time: a window that ran into
# mojibake repaired later on the line was implausible, the same window on the repaired text not.
IDEMPOTENT_LINES = [
    ("big5hkscs", (
        "數據結構痢疾桿菌拍板𨊸：孃老子經濟槓桿。掛衣鉤後壁鄉朱利亞尼制限選舉，濃雲密佈經制脣乾南極仙翁"
        "並流：乾撂臺價值連城。「興高采烈」？"
    )),
    ("gb18030", (
        "回肠荡气丰俭由人许愿树河里，储备干部…板皮苛政猛于虎大班制当局称迷傍观必审。升降梯过河抽板，"
        "冲锋枪不大精采。善后借款签名簿，“受制”…巴斯德菌症：《魁北克省赔尽于正昌啰苏𨱅》。"
    )),
    ("gbk", (
        "出谷迁乔纵断面咽不了郭台成黄金存折UTF-8、发已霜白：菜单，瞅下钟日出日落英姿焕发1944年。症侯群"
        "Python，“工厂法落落寡合”，打太极拳绋挂钩儿矫1477年。三余；家里𩙩芬郁𨐇，「吸回去变了又变擒获𪉉𫎌」。"
    )),
]


@pytest.mark.parametrize(("codec", "original"), IDEMPOTENT_LINES, ids=[c for c, _ in IDEMPOTENT_LINES])
def test_repair_is_idempotent_on_lossy_lines(codec: str, original: str) -> None:
    mojibake = original.encode("utf-8").decode(codec, "replace")
    repaired = repair_cjk_mojibake(mojibake)
    assert repaired != mojibake
    assert repair_cjk_mojibake(repaired) == repaired
    assert_never_invents(original, mojibake)


def test_hkscs_cells_of_two_code_points_are_not_misread() -> None:
    # （b is EF BC 88 62; Big5-HKSCS reads 88 62 as Ê + U+0304, and a lone Ê is 88 66, so
    # re-encoding the Ê alone made （f.
    original = "Pyspread 電子表格（bzip 壓縮）"
    mojibake = original.encode("utf-8").decode("big5hkscs", "replace")
    assert "\u00ca\u0304" in mojibake
    assert_never_invents(original, mojibake)
    assert "（f" not in repair_cjk_mojibake(mojibake)


def assert_never_invents(original: str, mojibake: str, kind: str = "") -> None:
    """Every replacement is, piece by piece (U+FFFD aside), text of ``original`` in order."""
    for fix in find_mojibake(mojibake):
        position = 0
        for piece in (p for p in fix.replacement.split("\ufffd") if p):
            found = original.find(piece, position)
            assert found >= 0, (kind, original, mojibake, fix)
            position = found + len(piece)


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


def _mojibake_cases(lines: tuple[str, ...], seed: int = 11, count: int = 250) -> list[tuple[str, str, str]]:
    import opencc

    rng = random.Random(seed)
    han = [line for line in lines if sum("\u4e00" <= c <= "\u9fff" for c in line) >= 4]
    if len(han) < count:
        pytest.skip("no Chinese gettext catalogues on this machine")
    s2t = opencc.OpenCC("s2t")
    t2s = opencc.OpenCC("t2s")
    cases = []
    for line in rng.sample(han, count):
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


# Exact repairs required, per kind.  The samples come from sources the fixtures are not part
# of, so adding fixture files does not reshuffle them: the phrase salad (the same on every
# machine; dictionary phrases are full of rare characters, which keeps some plausibility checks
# from passing, hence the lower floors) and the gettext sentences, where installed.
ROUND_TRIP_FLOORS = {
    "salad": {"utf8-as-gb18030": 0.8, "utf8-as-gbk": 0.8, "gbk-as-latin1": 0.9,
              "gbk-as-cp1252": 0.9, "big5-as-latin1": 0.9},
    "gettext": {"utf8-as-gb18030": 0.95, "utf8-as-gbk": 0.95, "gbk-as-latin1": 0.95,
                "gbk-as-cp1252": 0.95, "big5-as-latin1": 0.95},
}


@pytest.mark.parametrize("source", sorted(ROUND_TRIP_FLOORS))
def test_round_trips_repair_and_never_invent(source: str) -> None:
    lines = salad_lines() if source == "salad" else real_lines()
    results: dict[str, list[int]] = {}
    for kind, original, mojibake in _mojibake_cases(lines):
        repaired = repair_cjk_mojibake(mojibake)
        tally = results.setdefault(kind, [0, 0])
        tally[1] += 1
        if repaired == original or ("\ufffd" in mojibake and consistent(repaired, original)):
            tally[0] += 1
        # Whatever was changed was changed into the right text (or an honest U+FFFD).
        assert_never_invents(original, mojibake, kind)
        assert repair_cjk_mojibake(repaired) == repaired, (kind, original, repaired)  # idempotent
    rates = {kind: right / total for kind, (right, total) in results.items()}
    for kind, floor in ROUND_TRIP_FLOORS[source].items():
        assert rates[kind] >= floor, rates


def test_round_trip_sample_does_not_depend_on_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    module = corpus_module()

    def forbidden(*args: object) -> list[str]:
        raise AssertionError("the phrase salad must not read fixtures or catalogues")

    monkeypatch.setattr(module, "fixture_texts", forbidden)
    monkeypatch.setattr(module, "locale_texts", forbidden)
    assert module.salad_corpus(20_000)[:5] == list(salad_lines()[:5])


# ----------------------------------------------------------------------- the ftfy gate


def _badness_characters() -> set[str]:
    """Every non-ASCII character a literal or class of ftfy's BADNESS_RE can match."""
    import warnings

    from ftfy.badness import BADNESS_RE

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import sre_parse

    found: set[str] = set()

    def walk(parsed: object) -> None:
        for op, arg in parsed:  # type: ignore[attr-defined]
            name = str(op)
            if name == "LITERAL":
                found.add(chr(arg))
            elif name == "IN":
                for inner, value in arg:
                    if str(inner) == "LITERAL":
                        found.add(chr(value))
                    elif str(inner) == "RANGE":
                        found.update(map(chr, range(value[0], value[1] + 1)))
            elif name == "BRANCH":
                for branch in arg[1]:
                    walk(branch)
            elif name == "SUBPATTERN":
                walk(arg[-1])
            elif name in ("MAX_REPEAT", "MIN_REPEAT"):
                walk(arg[2])

    walk(sre_parse.parse(BADNESS_RE.pattern, re.VERBOSE))
    return {c for c in found if c >= "\x80"}


def test_ftfy_gate_lets_through_every_character_ftfy_calls_bad() -> None:
    from wenben.rules.mojibake import FTFY_HARMLESS, FTFY_SUSPECT

    characters = _badness_characters()
    assert len(characters) > 300  # the parse really saw ftfy's classes
    missed = sorted(c for c in characters if c not in FTFY_HARMLESS and not FTFY_SUSPECT.match(c))
    assert missed == []


def test_ftfy_never_flags_text_made_of_harmless_characters_only() -> None:
    """Exhaustive up to 4 characters: the harmless set, ASCII and CJK stand-ins."""
    import itertools

    from ftfy.badness import is_bad

    from wenben.rules.mojibake import FTFY_HARMLESS

    alphabet = FTFY_HARMLESS + "aZ1 .,!(\n\u4e2d\u3002\u3000\uff0c"
    flagged = [
        "".join(chars)
        for n in range(1, 5)
        for chars in itertools.product(alphabet, repeat=n)
        if is_bad("".join(chars))
    ]
    assert flagged == []
