"""The nearest letter on either side of a position: what rules judge context from.

Rules that decide from the surroundings of a mark (is this comma, bracket, dash, digit group in
a Chinese sentence?) must decide the same way on a second pass, or ``clean`` is not idempotent.
Punctuation is a poor witness: ``ascii-punctuation``, ``brackets``, ``quotes``, ``dash`` and
``ellipsis`` turn ASCII marks into full-width ones, and spacing removes spaces next to them. Letters
(and digits) are never added, removed or changed by any rule after ``fullwidth-alphanumerics``,
so a judgement made from the nearest letter, with punctuation and spaces skipped, is stable.
"""

from __future__ import annotations

import re

from ..lazyre import lazy

# What counts as a letter: ``LETTER_OR_DIGIT`` (Han, kana, Latin, digits) or ``LETTER`` (digits
# skipped as well, for judging the words around a number).
LETTER_OR_DIGIT = r"[^\W_]"
LETTER = r"[^\W\d_]"


def _compile(letter: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The next letter or line break; the last letter or line break of a stretch."""
    other = r"(?:(?!" + letter + r")[^\n])"
    return lazy(f"{letter}|\\n"), lazy(f"(?:{letter}|\\n){other}*\\Z")


# Compiled once, at import, for the two kinds of letter the rules use (no cache to fill).
_PATTERNS = {letter: _compile(letter) for letter in (LETTER_OR_DIGIT, LETTER)}


def _patterns(letter: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return _PATTERNS.get(letter) or _compile(letter)


class Nearest:
    """The nearest letter before or after a position, on the same line.

    Each side remembers its last answer for the whole stretch it crossed, so a run of nested
    brackets or of digit groups is crossed once, not once per query; a search back widens its
    window step by step, so its cost is proportional to the distance crossed.
    """

    def __init__(self, text: str, letter: str = LETTER_OR_DIGIT) -> None:
        self.text = text
        self._next, self._last = _patterns(letter)
        self._before = (1, 0, -1)  # queries in (low, high] found the letter at ...
        self._after = (1, 0, -1)  # queries in [low, high] found the letter at ...

    def before(self, index: int) -> str:
        """The nearest letter before ``index`` on its line, or ""."""
        low, high, found = self._before
        if not low < index <= high:
            found = self._search_back(index)
            self._before = (found, index, found)
        return self._letter(found)

    def after(self, index: int) -> str:
        """The nearest letter at or after ``index`` on its line, or ""."""
        low, high, found = self._after
        if not low <= index <= high:
            match = self._next.search(self.text, index)
            found = match.start() if match is not None else len(self.text)
            self._after = (index, found, found)
        return self._letter(found)

    def _letter(self, position: int) -> str:
        if 0 <= position < len(self.text) and self.text[position] != "\n":
            return self.text[position]
        return ""

    def _search_back(self, index: int) -> int:
        end, width = index, 32
        while end > 0:
            start = max(0, end - width)
            match = self._last.search(self.text, start, end)
            if match is not None:
                return match.start()
            end, width = start, width * 2
        return -1
