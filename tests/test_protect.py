"""protect.protected_spans agrees with its plain definition (the hint loop as first written:
a newline search back to the line start, the local part walked back one character at a
time, finditer over each window)."""

from __future__ import annotations

import random

import pytest

from wenben import protect
from wenben.protect import (
    _PROTECTED,
    _REACH_BACK,
    _REACH_FORWARD,
    _REACH_FORWARD_SHORT,
    _SCHEME_REACH,
    _URL_TAIL,
    protected_spans,
)

_LOCAL_PART = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-")
# (pattern, kind), as protect's hints, written out again.
_HINT_PATTERNS = [
    (protect.re.compile(p), kind)
    for p, kind in (
        (r"://", "colon"), (r":-?[()DPp]", "colon"), (r"www\.", "www"), ("@", "at"), ("`", "code"),
        (r"&#?\w{2,8};", "short"), (r";-?[()DPp]", "short"), (r"\.(?<=[A-Za-z0-9]\.)(?=[a-z]{2})", "domain"),
        (r":\\", "short"), (r"/(?=[A-Za-z0-9._+~-])", "short"), (r"--(?=[a-z])", "short"),
        (r"\$", "math"), (r"\\[(\[]", "math"),
    )
]


def reference_spans(text: str) -> list[tuple[int, int]]:
    hints = sorted(
        (m.start(), m.end(), m.group(), kind) for pattern, kind in _HINT_PATTERNS for m in pattern.finditer(text)
    )
    spans: list[tuple[int, int]] = []
    covered = 0
    for hint_start, hint_end, hint, kind in hints:
        if hint_start < covered:
            continue
        if hint == "`" and text.startswith("```", hint_start):
            window_start, window_end = hint_start, len(text)
        else:
            line_start = text.rfind("\n", 0, hint_start) + 1
            window_start = max(covered, line_start, hint_start - _REACH_BACK)
            if hint == "://":
                window_start = max(window_start, hint_start - _SCHEME_REACH)
            elif hint in ("/", "--"):
                window_start = max(window_start, hint_start - 3)
            elif kind in ("at", "www", "domain"):
                local_start = hint_start
                while local_start > window_start and text[local_start - 1] in _LOCAL_PART:
                    local_start -= 1
                window_start = local_start
            reach = _REACH_FORWARD if kind in ("colon", "www", "code", "math") else _REACH_FORWARD_SHORT
            window_end = min(len(text), hint_end + reach)
            if kind != "math" and "\n" in text[hint_end:window_end]:
                window_end = text.index("\n", hint_end)
        for match in _PROTECTED.finditer(text, window_start, window_end):
            if match.start() > hint_start:
                break
            start, end = match.span()
            if end <= hint_start and not (start <= hint_start < end):
                continue
            if match.group()[0].isalnum() or match.group()[0] in "/.~-":
                while end > start and text[end - 1] in _URL_TAIL:
                    if text[end - 1] == ")" and text.count("(", start, end) >= text.count(")", start, end):
                        break
                    if text[end - 1] == "]" and text.count("[", start, end) >= text.count("]", start, end):
                        break
                    end -= 1
            if start < covered or end <= hint_start:
                break
            spans.append((start, end))
            covered = end
            break
    return spans


def with_code_lines(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` joined with the runs of code lines (tested on their own below): overlapping
    spans become one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans + protect.code_line_spans(text)):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# Pieces that make and unmake spans: schemes, addresses, entities, emoticons, code, and what
# ends or bounds them (newlines, spaces, Chinese, full-width forms, URL tail punctuation).
PIECES = [
    "http://", "https://a.b/c", "www.", "www.x.org", "@", "a@b.cn", "x_y%z@", "`", "```", "&amp;",
    "&#12;", "&#x1F;", "&#5;", "&", "#", "\n", " ", "\t", "x", "ab", "Ab9", "ftp", "mailto:", ".",
    ",", ")", "(", ":", ";", "-", "D", "P", "p", "::", "//", "%", "+", "~", "?", "'", '"', "中",
    "文", "\uff0c", "\u3002", "\uff21\uff22", "\u200b", "\u3000", "$", "$$", "\\(", "\\)", "\\[", "/", "./",
    "C:\\", "--", "--x", ".com", "example.com", "/a/b", "_", "\u5317\u4eac",
]


def random_text(rnd: random.Random, pieces: int = 30) -> str:
    return "".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, pieces)))


@pytest.mark.parametrize("seed", range(10))
def test_protected_spans_match_the_reference(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(2000):
        text = random_text(rnd)
        assert protected_spans(text) == with_code_lines(text, reference_spans(text)), repr(text)


def test_protected_spans_at_the_reach_limits() -> None:
    """Windows cut by the reach limits, not by a newline."""
    rnd = random.Random(7)
    for _ in range(200):
        filler = rnd.choice(["a", "中", "a.b", "-"]) * rnd.choice([70, 79, 80, 81, 250, 256, 2047, 2050])
        text = random_text(rnd, 8) + filler + random_text(rnd, 8) + filler + random_text(rnd, 8)
        assert protected_spans(text) == with_code_lines(text, reference_spans(text)), repr(text)


@pytest.mark.parametrize("seed", range(5))
def test_edit_columns_shift_any_spans_after_without_overlaps(seed: int) -> None:
    """without_overlaps keeps where the spans fall among the edits for shift; shifting other
    spans afterwards must not use it."""
    from wenben.edits import Edit, EditColumns

    rnd = random.Random(seed)
    for _ in range(300):
        length = rnd.randint(0, 40)
        edits, position = [], 0
        while position < length:
            start = position + rnd.randint(0, 5)
            end = min(length, start + rnd.randint(0, 3))
            if start > length:
                break
            edits.append(Edit("r", start, end, "x" * rnd.randint(0, 3)))
            position = end + 1
        free = [p for p in range(length + 1) if not any(e.start < p < e.end for e in edits)]
        points = sorted(rnd.sample(free, min(len(free), 6)))
        spans = list(zip(points[0::2], points[1::2]))
        columns = EditColumns(edits)
        kept = columns.without_overlaps(spans)

        def moved(start: int, end: int, kept: EditColumns = kept) -> tuple[int, int]:
            delta = sum(len(e.replacement) - (e.end - e.start) for e in kept.edits if e.end <= start)
            return start + delta, end + delta

        other = [(0, 0), *spans]
        assert kept.shift(other) == [moved(*span) for span in other]
        assert kept.shift(spans) == [moved(*span) for span in spans]


@pytest.mark.parametrize(
    "text",
    [
        "This paragraph is English.\nIt is wrapped; really.\n",
        "for the rest of the day\nwe walked along the river\nand talked about nothing;\nit was good.\n",
        "- first item\n- second item\n- third item\n",
        "# \u6807\u9898\n\n\u6b63\u6587\u3002\n",
        "\u7b2c\u4e00\u884c\uff0c\u7ee7\u7eed\n\u7b2c\u4e8c\u884c\u3002\n",
        "1. Install it.\n2. Run it.\n",
        "Price: $5 and $10\nTotal: 15\n",
    ],
)
def test_prose_is_not_code(text: str) -> None:
    assert protect.code_line_spans(text) == []


def test_code_lines_are_one_span_with_the_breaks_around_them() -> None:
    intro = "\u8bf7\u8fd0\u884c\uff1a\n"
    code = "#!/bin/sh\nLOG=$HOME/x.log\nfi"
    text = intro + code + "\n\u5b8c\u6210\u3002\n"
    start = len(intro)
    assert protect.code_line_spans(text) == [(start - 1, start + len(code) + 1)]
    assert protected_spans(text)[0] == (start - 1, start + len(code) + 1)


def test_code_line_spans_are_linear_on_long_lines() -> None:
    # One long line of quotes and Chinese, and many short code-like lines: no backtracking blow-up.
    text = ("\"\u4e2d" * 200_000) + "\n" + "x = 1;\n" * 50_000
    spans = protect.code_line_spans(text)
    assert spans == [(400_000, len(text) - 1)]
