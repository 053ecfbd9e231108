"""Rule arguments of the Python API: a string, a comma-separated string, or any iterable."""

from __future__ import annotations

import pytest

import wenben
from wenben.errors import ConfigError

TEXT = "\u6570 \u5b57\u7ecf\u6d4e, \u5f88\u597d\u3002\n"  # 数 字经济, 很好。
# Reference: the rule disabled through the plain tuple the engine always took.
NO_SPACE_RULE = wenben.Cleaner(disable=("space-between-chinese",)).clean(TEXT)
assert NO_SPACE_RULE.startswith("\u6570 \u5b57") and NO_SPACE_RULE != wenben.clean(TEXT)


@pytest.mark.parametrize(
    "value",
    [["space-between-chinese"], ("space-between-chinese",), {"space-between-chinese"}, frozenset({"space-between-chinese"}), "space-between-chinese"],
)
def test_disable_takes_any_collection_or_one_string(value):
    assert wenben.clean(TEXT, disable=value) == NO_SPACE_RULE
    assert wenben.explain(TEXT, disable=value).text == NO_SPACE_RULE
    assert "".join(wenben.clean_stream([TEXT], disable=value)) == NO_SPACE_RULE
    assert wenben.Cleaner(disable=value).clean(TEXT) == NO_SPACE_RULE


def test_comma_separated_string_and_select_rules():
    both = wenben.Cleaner(disable=("space-between-chinese", "ascii-punctuation")).clean(TEXT)
    assert wenben.clean(TEXT, disable="space-between-chinese, ascii-punctuation") == both
    assert "," in both and "\u6570 \u5b57" in both
    only = wenben.Cleaner(rules=("ascii-punctuation", "dash")).clean(TEXT)
    assert "\uff0c" in only and "\u6570 \u5b57" in only
    assert wenben.clean(TEXT, select=["ascii-punctuation", "dash"]) == only
    assert wenben.clean(TEXT, rules="ascii-punctuation,dash") == only
    assert wenben.Cleaner(select={"ascii-punctuation", "dash"}).clean(TEXT) == only


def test_bad_rule_arguments_are_config_errors():
    with pytest.raises(ConfigError, match="unknown rule 'dahs'; did you mean 'dash'"):
        wenben.clean(TEXT, disable="dahs")
    with pytest.raises(ConfigError, match="disable= takes rule IDs"):
        wenben.clean(TEXT, disable=3)
    with pytest.raises(ConfigError, match="either rules= or select="):
        wenben.Cleaner(rules=["dash"], select=["ellipsis"])


def test_clean_pdf_takes_list_arguments():
    pytest.importorskip("reportlab")
    try:
        import pdf_factory as factory
    except ImportError:  # pragma: no cover - tests imported as a package
        from tests import pdf_factory as factory

    made = factory.make_pdf(factory.DocSpec(factory.SAMPLE_PARAGRAPHS))
    assert wenben.clean_pdf(made.data, disable=["dash"]) == wenben.clean_pdf(made.data, disable="dash")
    assert wenben.clean_pdf(made.data, disable={"dash"}) == wenben.clean_pdf(made.data, disable=("dash",))


def test_spacing_option_sets_the_whole_behaviour():
    """``spacing="spaced"`` adds the space the ``spaced`` profile adds, and ``compact`` on the
    ``spaced`` profile removes it: the option and the profile never differ silently."""
    text = "\u4f7f\u7528Python\u7f16\u7a0b\n"  # 使用Python编程
    spaced = "\u4f7f\u7528 Python \u7f16\u7a0b\n"
    assert wenben.clean(text, spacing="spaced") == wenben.clean(text, profile="spaced") == spaced
    assert wenben.clean(spaced, profile="spaced", spacing="compact") == wenben.clean(spaced) == text
