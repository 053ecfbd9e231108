"""Spans no rule may touch: URLs, e-mail addresses, code, HTML entities, emoticons.

Found once on the text the engine is given and moved along as rules edit around them; an edit
that overlaps one is dropped by the engine.
"""

from __future__ import annotations

import re

from .chars import CJK_LETTER, CJK_PUNCT

# Every protected span contains one of these; most text has none, and then nothing else runs.
_HINT = re.compile(r"://|www\.|@|`|&#?\w{2,8};|[:;]-?[()DPp]")
_PROTECTED = re.compile(
    r"```[^\n]*\n(?:.*\n)*?[ \t]*```[^\n]*"  # fenced code block
    r"|`[^`\n]+`"  # inline code
    r"|(?:[A-Za-z][A-Za-z0-9+.-]{1,15}://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    r"|&(?:[A-Za-z]{2,8}|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});"
    # An emoticon, with the space before it; or glued to Chinese (好的:)), which is also what
    # line-wrap makes of one that started a line, so that it stays protected on a second pass.
    r"|(?:(?<=\S)[ \t]+|(?<!\S)|(?<=[" + CJK_LETTER + CJK_PUNCT + r"]))[:;]-?[()DPp](?!\S)"
)
# Punctuation that ends a sentence rather than a URL: "见 https://example.org/a." keeps its full stop.
_URL_TAIL = ".,;:!?)]}'\""
# How far before a hint a protected span may start (a URL scheme, an e-mail's local part).
_REACH_BACK = 80
# How far after a hint one may end: bounded, so that a long line full of "@" stays linear.
_REACH_FORWARD = 2048  # a URL or inline code
_REACH_FORWARD_SHORT = 256  # an e-mail domain, an entity, an emoticon


_HINT_CHARS = ":@`&;"
# The hints, each a pattern that starts with a literal (found at str.find speed; one pattern
# with alternatives would test every character of the text): "://" and ":)" share one scan.
# Each with its first character: ``in`` rules out a pattern faster than a scan that finds nothing.
_HINT_PATTERNS = tuple(
    (re.compile(pattern), pattern[0])
    for pattern in (r":(?://|-?[()DPp])", r"www\.", "@", "`", r"&#?\w{2,8};", r";-?[()DPp]")
)
# An e-mail's local part: the only text that can start a protected span before an "@" or
# "www." hint (a scheme or a backquote before it is a hint of its own, found first).
_LOCAL_PART_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-"
_SCHEME_REACH = 16  # [A-Za-z][A-Za-z0-9+.-]{1,15} before "://"
# Hints whose span may reach _REACH_FORWARD after them.
_FAR_HINTS = frozenset(("://", "www.", "`"))


def _hints(text: str) -> list[tuple[int, int, str]]:
    """Every hint as (start, end, hint), in order."""
    found = [
        (match.start(), match.end(), match.group())
        for pattern, first in _HINT_PATTERNS
        if first in text
        for match in pattern.finditer(text)
    ]
    found.sort()
    return found


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, disjoint ``(start, end)`` spans of ``text`` that rules must leave alone."""
    if "www." not in text and not any(char in text for char in _HINT_CHARS):
        return []
    spans: list[tuple[int, int]] = []
    covered = 0
    search = _PROTECTED.search
    for hint_start, hint_end, hint in _hints(text):
        if hint_start < covered:
            continue
        if hint == "`" and text.startswith("```", hint_start):
            window_start, window_end = hint_start, len(text)
        else:
            # The window starts at the latest of: the end of the last span, the start of the
            # line, the reach back (one search for a newline, only as far back as the reach).
            reach_back = _SCHEME_REACH if hint == "://" else _REACH_BACK
            window_start = max(covered, hint_start - reach_back)
            window_start = text.rfind("\n", window_start, hint_start) + 1 or window_start
            if hint == "@" or hint == "www.":
                # Back over the e-mail local part (rstrip: the same, in C).
                window_start += len(text[window_start:hint_start].rstrip(_LOCAL_PART_CHARS))
            reach = _REACH_FORWARD if hint in _FAR_HINTS else _REACH_FORWARD_SHORT
            window_end = text.find("\n", hint_end, hint_end + reach)
            if window_end < 0:
                window_end = min(len(text), hint_end + reach)
        # The first match covering the hint (matches cannot be empty: search on after one).
        match = search(text, window_start, window_end)
        while match is not None:
            start, end = match.span()
            if start > hint_start:
                break
            if end <= hint_start:
                match = search(text, end, window_end)
                continue
            found = match.group()
            if "://" in found or found.startswith("www."):
                end = start + len(found.rstrip(_URL_TAIL))
            spans.append((start, end))  # start >= covered: the window starts there
            covered = end
            break
    return spans
