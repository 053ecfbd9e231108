"""No rule joins two digit groups that a space separates: ``12 34`` is two numbers (a table
row), and joining them changes a number (issue 12). Only spaces inside one number's
punctuation go (``230 .85``, ``10: 30``, ``50 %``)."""

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


def test_spaces_inside_one_number_still_go() -> None:
    assert wenben.clean("\u589e\u957f 230 .85\uff0c\u4e0a\u5348 10: 30\uff0c\u5360 50 %") == (
        "\u589e\u957f230.85\uff0c\u4e0a\u534810:30\uff0c\u536050%\n"
    )


_PIECES = st.sampled_from(
    ["1", "23", "456", "7 ", " ", "\u3000", "\u00a0", "\u4e07", "\u5143", "\u4eba", "\uff0c", ",", ".", ":",
     "%", "\uff11", "-", "/", "GDP", "\t"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=20).map("".join), st.sampled_from(["default", "spaced", "tw"]))
def test_no_profile_joins_digit_groups(text: str, profile: str) -> None:
    assert digit_groups(wenben.clean(text, profile=profile)) == digit_groups(text)
