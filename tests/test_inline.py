"""Inline control: ``wenben: off`` / ``on`` / ``disable=RULE`` / ``enable`` directives in the text."""

from __future__ import annotations

import wenben
from wenben.inline import controls, unknown_rules

DIRTY = "\u6570 \u5b57\u7ecf\u6d4e, \u5f88\u597d\u3002"  # 数 字经济, 很好。
CLEANED = "\u6570\u5b57\u7ecf\u6d4e\uff0c\u5f88\u597d\u3002"


def test_off_on_leaves_the_region_alone_across_paragraphs():
    text = f"{DIRTY}\n\n<!-- wenben: off -->\n{DIRTY}\n\n{DIRTY}\n<!-- wenben: on -->\n{DIRTY}\n"
    assert wenben.clean(text) == f"{CLEANED}\n\n<!-- wenben: off -->\n{DIRTY}\n\n{DIRTY}\n<!-- wenben: on -->\n{CLEANED}\n"


def test_off_without_on_runs_to_the_end_and_bare_form_works():
    text = f"{DIRTY}\nwenben: off\n{DIRTY}\n\n{DIRTY}\n"
    cleaned = wenben.clean(text)
    assert cleaned.startswith(CLEANED) and cleaned.endswith(f"wenben: off\n{DIRTY}\n\n{DIRTY}\n")


def test_disable_one_rule_then_enable():
    text = f"# wenben: disable=ascii-punctuation\n{DIRTY}\n# wenben: enable\n{DIRTY}\n"
    expected_first = "\u6570\u5b57\u7ecf\u6d4e, \u5f88\u597d\u3002"  # spaces fixed, comma kept
    assert wenben.clean(text) == f"# wenben: disable=ascii-punctuation\n{expected_first}\n# wenben: enable\n{CLEANED}\n"


def test_disable_several_rules_and_enable_one():
    text = f"// wenben: disable=ascii-punctuation,space-between-chinese\n{DIRTY}\n// wenben: enable=space-between-chinese\n{DIRTY}\n"
    lines = wenben.clean(text).splitlines()
    assert lines[1] == DIRTY
    assert lines[3] == "\u6570\u5b57\u7ecf\u6d4e, \u5f88\u597d\u3002"


def test_directive_inside_a_sentence_is_plain_text():
    text = f"\u8bf7\u5199 wenben: off \u5173\u95ed\u3002{DIRTY}\n"
    assert controls(text) is None
    assert wenben.clean(text).endswith(CLEANED + "\n")


def test_directive_lines_are_never_changed_nor_joined():
    text = "\u7b2c\u4e00\u884c\n<!-- wenben: disable=dash, ellipsis -->\n\u7b2c\u4e8c\u884c\n"
    assert "<!-- wenben: disable=dash, ellipsis -->\n" in wenben.clean(text)


def test_explain_stream_and_long_text_agree_with_clean():
    paragraph = f"{DIRTY}\n\n"
    text = paragraph * 3 + "<!-- wenben: off -->\n\n" + paragraph * 40_000 + "<!-- wenben: on -->\n\n" + paragraph * 3
    cleaned = wenben.clean(text)  # long enough to be cleaned in parts
    assert cleaned.count(CLEANED) == 6 and cleaned.count(DIRTY) == 40_000
    small = paragraph * 2 + "wenben: off\n" + paragraph * 3 + "wenben: on\n" + paragraph
    assert wenben.explain(small).text == wenben.clean(small)
    pieces = [small[i : i + 7] for i in range(0, len(small), 7)]
    assert "".join(wenben.clean_stream(pieces, part_size=0)) == wenben.clean(small)


def test_unknown_rules_are_named_but_never_fail():
    text = f"wenben: disable=no-such-rule\n{DIRTY}\n"
    assert unknown_rules(text, wenben.RULES) == ["no-such-rule"]
    assert wenben.clean(text).endswith(CLEANED + "\n")
