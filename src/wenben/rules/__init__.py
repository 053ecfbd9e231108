"""All rules, by ID, in the order a pipeline runs them."""

from __future__ import annotations

from .base import Context, Options, Rule, rule
from .lines import blank_lines, line_edge_whitespace, line_wrap, paragraph_breaks
from .numbers import number_punctuation, number_spacing, ocr_digits
from .punctuation import ascii_punctuation, brackets, corner_quotes, dash, ellipsis, quotes
from .spacing import missing_space_chinese_latin, space_between_chinese, space_chinese_latin, space_collapse
from .unicode import invisible_characters, line_endings, mojibake, unicode_normalization
from .variants import convert_variants
from .width import fullwidth_alphanumerics

# The canonical order. A profile picks a subset; the engine always runs them in this order,
# because later rules rely on earlier ones (punctuation is judged on rejoined lines, spaces are
# judged after punctuation has its final width).
ALL_RULES: tuple[Rule, ...] = (
    mojibake,
    line_endings,
    invisible_characters,
    unicode_normalization,
    fullwidth_alphanumerics,
    ocr_digits,
    convert_variants,
    line_wrap,
    paragraph_breaks,
    line_edge_whitespace,
    blank_lines,
    number_spacing,
    number_punctuation,
    ascii_punctuation,
    brackets,
    quotes,
    corner_quotes,
    ellipsis,
    dash,
    space_between_chinese,
    space_chinese_latin,
    space_collapse,
    missing_space_chinese_latin,
)

RULES: dict[str, Rule] = {r.id: r for r in ALL_RULES}

__all__ = ["ALL_RULES", "RULES", "Context", "Options", "Rule", "rule"]
