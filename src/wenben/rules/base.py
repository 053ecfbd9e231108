"""The rule contract.

A rule is a small pure function ``(text, context) -> iterable of Edit`` with an ID, a one-line
message, and before/after examples that the docs catalogue and the tests both use. The engine
runs rules in order, each on the previous one's output, and drops any edit that touches a
protected span (URLs, e-mail addresses, code).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Callable, Iterable, Literal, Sequence

from ..edits import Edit

Spacing = Literal["compact", "spaced"]


@dataclass(frozen=True)
class Options:
    """Choices that change what the canonical form is; a profile sets them."""

    spacing: Spacing = "compact"
    """``compact``: no space between Chinese and Latin letters or digits (``Debian项目``);
    ``spaced``: exactly one (``Debian 项目``), as pangu and many Markdown writers prefer."""

    convert: str | None = None
    """An OpenCC configuration (``t2s``, ``s2twp``...) to convert variants with; off by default."""


@dataclass
class Context:
    """What a rule may know besides the text: the options and the protected spans."""

    options: Options
    protected: Sequence[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._protected_starts = [start for start, _ in self.protected]

    def is_protected(self, start: int, end: int) -> bool:
        """True if ``[start, end)`` overlaps a protected span (or an insertion falls inside one)."""
        if not self.protected:
            return False
        # Spans are sorted and disjoint, so only the last one starting before ``end`` can
        # overlap (for an insertion: the last one starting strictly before it).
        index = bisect_right(self._protected_starts, max(start, end - 1) if end > start else start - 1) - 1
        return index >= 0 and self.protected[index][1] > start

    def protected_at(self, index: int) -> bool:
        """True if the character at ``index`` is inside a protected span."""
        return self.is_protected(index, index + 1)


RuleFunction = Callable[[str, Context], Iterable[Edit]]


@dataclass(frozen=True)
class Rule:
    """A named, documented transformation."""

    id: str
    message: str
    function: RuleFunction
    examples: tuple[tuple[str, str], ...] = ()
    quick: re.Pattern[str] | None = None
    """Fast path: if this pattern is not found, the rule has nothing to do."""

    def edits(self, text: str, context: Context) -> list[Edit]:
        if self.quick is not None and self.quick.search(text) is None:
            return []
        return [
            edit if edit.rule else Edit(self.id, edit.start, edit.end, edit.replacement)
            for edit in self.function(text, context)
        ]


def rule(
    id: str,
    message: str,
    *,
    examples: Sequence[tuple[str, str]] = (),
    quick: str | None = None,
) -> Callable[[RuleFunction], Rule]:
    """Decorator turning a function into a :class:`Rule`."""

    def wrap(function: RuleFunction) -> Rule:
        return Rule(
            id=id,
            message=message,
            function=function,
            examples=tuple(examples),
            quick=re.compile(quick) if quick else None,
        )

    return wrap


def sub_edits(
    pattern: re.Pattern[str], text: str, replace: Callable[[re.Match[str]], str | None], rule_id: str = ""
) -> Iterable[Edit]:
    """Edits for each match of ``pattern`` whose ``replace`` result differs from the match.

    ``replace`` returns ``None`` to leave a match alone.
    """
    for match in pattern.finditer(text):
        replacement = replace(match)
        if replacement is not None and replacement != match.group():
            yield Edit(rule_id, match.start(), match.end(), replacement)
