"""No rule joins two digit groups that a space separates: ``12 34`` is two numbers (a table
row), and joining them changes a number (issue 12). Nor across a separator with a space next to
it (``230 .85``, ``10 :30``, ``1 \u3002 12``): only the space before a percent sign goes
(``50 %``), and the space after a time's ASCII colon (``10: 30``, as line-wrap joins a time
wrapped after its colon). tests/properties/test_number_promise.py states the whole promise."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wenben

_DIGITS = re.compile("[0-9]+")
_FOLD = str.maketrans("\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19", "0123456789")


def digit_groups(text: str) -> list[str]:
    return _DIGITS.findall(text.translate(_FOLD))


@pytest.mark.parametrize(
    "text",
    [
        "\u5408\u8ba1 12 34 56",
        "\u5168\u5e02GDP\u8fbe\u52301 000 000 \u4e07\u5143",
        "\u6570\u636e 2020 100 000 \u9879",
        "\u5171 12\u00a034 \u4eba",
        "\uff11\uff12\u3000\uff13\uff14\u4eba",
        "| 2020 | 12 345 | 6 |",
        "\u7532 1 2 3 \u4e59",
    ],
)
def test_digit_groups_are_not_joined(text: str) -> None:
    assert digit_groups(wenben.clean(text)) == digit_groups(text)


def test_only_the_spaces_of_a_percent_sign_and_a_time_go() -> None:
    assert wenben.clean("\u589e\u957f 230 .85\uff0c\u4e0a\u5348 10: 30\uff0c\u5360 50 %\uff0c\u4e0a\u5348 10 :30") == (
        "\u589e\u957f230 .85\uff0c\u4e0a\u534810:30\uff0c\u536050%\uff0c\u4e0a\u534810 :30\n"
    )


@pytest.mark.parametrize(
    "text",
    ["\u5171\u6709 1 \u3002 12 \u4eba", "\u5171\u6709 1\u3002 12 \u4eba", "\u5171\u6709 1 \uff0e12 \u4eba",
     "\u7b2c 3 \uff1a30 \u9875", "\u7b2c 3\uff1a 30 \u9875", "2020 \uff0d07", "1 \uff0f 2 \u676f"],
)
def test_a_separator_with_a_space_joins_no_numbers(text: str) -> None:
    """The mark stays a mark and keeps its space, on every pass: spacing does not make it tight
    for number-punctuation to turn into a decimal point on the next pass (it did: 1.12)."""
    once = wenben.clean(text)
    assert digit_groups(once) == digit_groups(text)
    assert "." not in once and ":" not in once and "/" not in once and "-" not in once
    assert wenben.clean(once) == once


_PIECES = st.sampled_from(
    ["1", "23", "456", "7 ", " ", "\u3000", "\u00a0", "\u4e07", "\u5143", "\u4eba", "\uff0c", ",", ".", ":",
     "%", "\uff11", "-", "/", "GDP", "\t"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=20).map("".join), st.sampled_from(["default", "spaced", "tw"]))
def test_no_profile_joins_digit_groups(text: str, profile: str) -> None:
    assert digit_groups(wenben.clean(text, profile=profile)) == digit_groups(text)
