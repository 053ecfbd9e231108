"""Each rule's own before/after examples (the ones the rule catalogue shows), run with that
rule alone, and the rule contract: IDs, messages, edits that are sorted and in bounds."""

from __future__ import annotations

import re

import pytest

import wenben
from wenben.rules import ALL_RULES, RULES, Context, Options
from timing import cpu_seconds

EXAMPLES = [
    pytest.param(rule, before, after, id=f"{rule.id}-{index}")
    for rule in ALL_RULES
    for index, (before, after) in enumerate(rule.examples)
]

OPTIONS_FOR_EXAMPLES: dict[str, dict[str, str]] = {}


@pytest.mark.parametrize("rule,before,after", EXAMPLES)
def test_rule_example(rule, before, after):
    cleaner = wenben.Cleaner(rules=[rule.id], **OPTIONS_FOR_EXAMPLES.get(rule.id, {}))
    assert cleaner.clean(before) == after


def test_every_rule_has_examples():
    without = [rule.id for rule in ALL_RULES if not rule.examples and rule.id != "convert-variants"]
    assert without == []


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_rule_contract(rule):
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.id)
    assert rule.message and not rule.message.endswith(".")
    assert RULES[rule.id] is rule
    context = Context(Options())
    for before, _ in rule.examples:
        edits = rule.edits(before, context)
        previous_end = 0
        for edit in edits:
            assert edit.rule == rule.id
            assert previous_end <= edit.start <= edit.end <= len(before)
            previous_end = edit.end


def test_rule_ids_are_unique():
    assert len({rule.id for rule in ALL_RULES}) == len(ALL_RULES)


def test_convert_variants_only_when_asked():
    text = "\u9762\u6761\u91cc\u9762"
    assert wenben.clean(text) == text + "\n"
    assert wenben.clean(text, convert="s2t") == "\u9eaa\u689d\u88cf\u9762\n"
    assert wenben.clean("\u6f22\u5b57", convert="t2s") == "\u6c49\u5b57\n"


def test_unknown_rule_profile_and_option_are_errors():
    with pytest.raises(wenben.WenbenError, match="did you mean 'line-wrap'"):
        wenben.Cleaner(disable=["line-wrp"])
    with pytest.raises(wenben.WenbenError, match="unknown profile"):
        wenben.Cleaner("mainland")
    with pytest.raises(wenben.WenbenError, match="unknown option"):
        wenben.Cleaner(spacingg="spaced")
    with pytest.raises(wenben.WenbenError, match="unknown OpenCC"):
        wenben.Cleaner(convert="x2y")


def test_disable_a_rule():
    assert wenben.Cleaner(disable=["space-chinese-latin"]).clean("Debian \u9879\u76ee") == "Debian \u9879\u76ee\n"


@pytest.mark.parametrize(
    "unit, tail",
    [
        ("!", ","),  # a run of ! that a comma follows: no sentence end, and no operator (!=)
        ("?!", "\uff0c"),
        ("!", "="),  # ... and one that is an operator
        ("! ", ","),  # spaces between the marks of the run
    ],
)
def test_ascii_punctuation_is_linear_on_a_run_of_marks(unit: str, tail: str) -> None:
    # \u4e2d and a run of ! then a comma: each ! after the first (judged from its line) matched
    # [!?\uff01\uff1f]*= from itself, scanning the rest of the run (8.7 s for 80,000 of them).
    # CPU time, best of three, on eight times the text: a ratio far from both 8 (linear) and
    # 64 (quadratic), so load and caches do not matter.
    function = RULES["ascii-punctuation"].function

    def edits(text: str) -> list:
        return list(function(text, Context(Options())))

    def text(n: int) -> str:
        return "\u4e2d" + unit * (n // len(unit)) + tail

    small, large = text(20_000), text(160_000)
    assert edits(small) == edits(small)  # (a warm-up: the rule's patterns are compiled)
    ratio = cpu_seconds(edits, large) / max(cpu_seconds(edits, small), 1e-3)
    assert ratio < 24, f"ascii-punctuation on 8x the text took {ratio:.1f}x as long"
