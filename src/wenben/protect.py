"""Spans no rule may touch: URLs, e-mail addresses, code, HTML entities, emoticons.

Found afresh on the text each rule sees; an edit that overlaps one is dropped by the engine.
"""

from __future__ import annotations

import re

_HINT = re.compile(r"://|www\.|@|`|&#?\w+;|[:;]-?[()DPp]")
_PROTECTED = re.compile(
    r"```[^\n]*\n(?:.*\n)*?[ \t]*```[^\n]*"  # fenced code block
    r"|`[^`\n]+`"  # inline code
    r"|(?:[A-Za-z][A-Za-z0-9+.-]{1,15}://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    r"|&(?:[A-Za-z]{2,8}|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});"
    r"|(?:(?<=\S)[ \t]+|(?<!\S))[:;]-?[()DPp](?!\S)"  # emoticon, with the space before it
)
# Punctuation that ends a sentence rather than a URL: "见 https://example.org/a." keeps its full stop.
_URL_TAIL = ".,;:!?)]}'\""


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, disjoint ``(start, end)`` spans of ``text`` that rules must leave alone."""
    if _HINT.search(text) is None:
        return []
    spans = []
    for match in _PROTECTED.finditer(text):
        start, end = match.span()
        if "://" in match.group() or match.group().startswith("www."):
            while end > start and text[end - 1] in _URL_TAIL:
                end -= 1
        spans.append((start, end))
    return spans
