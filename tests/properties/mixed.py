"""Realistic mixed text for the property suite: what nobody has tried yet.

``strategies.documents`` strings whole tokens together and ``test_core.ALPHABET`` packs single
characters densely; this draws *short phrases* in which the characters wenben reacts to meet
the way they do in extracted Chinese text: Han runs next to ASCII and full-width punctuation,
straight, curly and corner quotes, brackets of both widths, numbers with separators (1,000
3.14 10:30 2020-07-15 50%), Latin words and phrases, every kind of space (ASCII, NBSP,
ideographic, tab) between any two of them, line breaks, and Markdown-ish markers at line starts
(``# `` ``- `` ``1. `` ``> ``) and inline (``**`` `` ` `` ``[a](b)``).

Each piece is drawn with a separator before it (nothing, most often, or one of the spaces), so
that two marks end up next to each other, or one space apart, as often as a Han character and
a mark: that is where one rule's decision depends on what another rule makes of a neighbour.
"""

from __future__ import annotations

from functools import lru_cache

from hypothesis import strategies as st

HAN = "\u7684\u4e00\u662f\u5728\u4e0d\u4e86\u6709\u548c\u4eba\u8fd9\u4e2d\u5927\u4e3a\u4e0a\u4e2a\u56fd\u6211\u4ee5\u8981\u4ed6\u65f6\u6765\u7528\u4eec\u751f\u5230\u4f5c\u5730\u4e8e\u51fa\u5c31\u5206\u5bf9\u6210\u4f1a\u53ef\u4e3b\u53d1\u5e74\u52a8\u540c\u5de5\u4e5f\u80fd\u4e0b\u8fc7\u5b50\u8bf4\u4ea7\u79cd\u9762\u800c\u65b9\u540e\u591a\u5b9a\u884c\u5b66\u6cd5\u6240\u6c11\u5f97\u7ecf"
# Sentence and clause marks, ASCII and full-width (GB/T 15834), and the ellipsis and dash.
ASCII_MARKS = list(",.;:!?")
WIDE_MARKS = list("\uff0c\u3002\uff1b\uff1a\uff01\uff1f\u3001") + ["\u2026\u2026", "\u2026", "\u2014\u2014", "\u2014", "...", "--", "\u00b7"]
QUOTES = list("\"'\u201c\u201d\u2018\u2019\u300c\u300d\u300e\u300f")
BRACKETS = list("()[]\uff08\uff09\u300a\u300b\u3008\u3009\u3010\u3011")
NUMBERS = [
    "0", "7", "10", "13", "2020", "1,000", "3.14", "230.85", "10:30", "2020-07-15", "50%", "1/2",
    "\uff11\uff12", "\uff13\uff0e\uff15", "30\u00b0C", "$100", "1.5\u4ebf", "No.5", "v2.0",
]
LATIN = ["a", "I", "OK", "GDP", "Python", "iPhone", "Wi-Fi", "hello", "the", "is", "Caf\u00e9"]
PHRASES = ["hello world", "I love you", "big data", "see page 3", "The book is", "open source"]
# Spaces as separators: nothing most often, then the kinds extraction leaves.
SPACES = ["", "", "", "", " ", " ", "  ", "\u00a0", "\u3000", "\t", " \u3000"]
BREAKS = ["\n", "\n", "\n\n", "\n \n"]
LINE_MARKERS = ["# ", "## ", "- ", "* ", "1. ", "2) ", "> ", "\uff081\uff09", "(1)", "\u4e00\u3001"]
INLINE_MARKERS = ["**", "*", "`", "_", "[\u94fe\u63a5](https://e.org)", "`code`", "~~"]


@lru_cache(maxsize=None)
def _piece() -> st.SearchStrategy[str]:
    han = st.text(alphabet=HAN, min_size=1, max_size=4)
    return st.one_of(
        han,
        han,
        han,
        st.sampled_from(ASCII_MARKS),
        st.sampled_from(ASCII_MARKS),
        st.sampled_from(WIDE_MARKS),
        st.sampled_from(WIDE_MARKS),
        st.sampled_from(QUOTES),
        st.sampled_from(QUOTES),
        st.sampled_from(BRACKETS),
        st.sampled_from(NUMBERS),
        st.sampled_from(LATIN),
        st.sampled_from(PHRASES),
        st.sampled_from(BREAKS),
        st.sampled_from(INLINE_MARKERS),
    )


@st.composite
def _mixed(draw: st.DrawFn, max_pieces: int) -> str:
    count = draw(st.integers(0, max_pieces))
    parts: list[str] = []
    at_line_start = True
    for _ in range(count):
        if at_line_start and draw(st.integers(0, 5)) == 0:
            parts.append(draw(st.sampled_from(LINE_MARKERS)))
        separator = draw(st.sampled_from(SPACES))
        piece = draw(_piece())
        parts.append(separator + piece)
        at_line_start = piece.endswith("\n")
    return "".join(parts)


def mixed_text(max_pieces: int = 16) -> st.SearchStrategy[str]:
    """Short realistic mixed text (see the module docstring): up to ``max_pieces`` pieces."""
    return _mixed(max_pieces)
