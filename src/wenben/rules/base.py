"""The rule contract.

A rule is a small pure function ``(text, context) -> iterable of Edit`` with an ID, a one-line
message, and before/after examples that the docs catalogue and the tests both use. The engine
runs rules in order, each on the previous one's output, and drops any edit that touches a
protected span (URLs, e-mail addresses, code).
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Callable, Iterable, Literal, Sequence

from ..edits import Edit
from ..lazyre import lazy

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
    """What a rule may know besides the text: the options, the protected spans, and the
    document the text is part of."""

    options: Options
    protected: Sequence[tuple[int, int]] = field(default_factory=list)
    document: str | None = None
    """The start of the whole document (``lines.EVIDENCE_SIZE`` characters) when ``text`` is a
    part of it: document-level evidence (how paragraphs are marked, the wrap width) is taken
    from it, so that every part is judged as the whole would be. None: the text is the
    document."""

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


Quick = Callable[[str], bool]

JointFunction = Callable[[str, Context, frozenset[str]], Iterable[Edit]]
"""One pass computing the edits of several rules that look at the same things (the line breaks
of a block, the space runs of a line); it gets the IDs of the rules that are enabled and names
every edit it makes after the rule it belongs to."""


@dataclass(frozen=True)
class Rule:
    """A named, documented transformation."""

    id: str
    message: str
    function: RuleFunction
    examples: tuple[tuple[str, str], ...] = ()
    triggers: frozenset[str] = frozenset()
    """Characters of which at least one must be in the text for the rule to have work. The
    engine finds all rules' trigger characters in one scan and skips rules with none."""
    quick: Quick | None = None
    """A cheap test that must pass for the rule to have work (after ``triggers``)."""
    joint: JointFunction | None = None
    """Set when the rule is computed in one pass with its neighbours in the pipeline that have
    the same ``joint``; the engine then makes one scan for all of them. ``function`` is that
    pass with only this rule enabled."""

    def edits(self, text: str, context: Context, *, named: bool = True) -> list[Edit]:
        """The rule's edits on ``text``; ``named=False`` skips stamping the rule ID on them
        (plain cleaning never reads it, and it costs one tuple per edit)."""
        if self.quick is not None and not self.quick(text):
            return []
        if not named:
            return list(self.function(text, context))
        rule_id = self.id
        return [
            edit if edit.rule else Edit(rule_id, edit.start, edit.end, edit.replacement)
            for edit in self.function(text, context)
        ]


def joint_rule(
    joint: JointFunction,
    id: str,
    message: str,
    *,
    examples: Sequence[tuple[str, str]] = (),
    triggers: str | frozenset[str] = "",
    quick: str | Quick | None = None,
    doc: str | None = None,
) -> Rule:
    """A rule computed by ``joint`` together with the other rules of the same pass; ``doc``
    is what the rule catalogue says about it."""
    only = frozenset({id})

    def function(text: str, context: Context) -> Iterable[Edit]:
        return joint(text, context, only)

    function.__doc__ = doc
    made = rule(id, message, examples=examples, triggers=triggers, quick=quick)(function)
    return dataclasses.replace(made, joint=joint)


def expand_class(body: str) -> frozenset[str]:
    """The characters of a regex character-class body such as ``"a-z\u3000"``."""
    chars: set[str] = set()
    index = 0
    while index < len(body):
        if index + 2 < len(body) and body[index + 1] == "-":
            chars.update(map(chr, range(ord(body[index]), ord(body[index + 2]) + 1)))
            index += 3
        else:
            chars.add(body[index])
            index += 1
    return frozenset(chars)


def rule(
    id: str,
    message: str,
    *,
    examples: Sequence[tuple[str, str]] = (),
    triggers: str | frozenset[str] = "",
    quick: str | Quick | None = None,
) -> Callable[[RuleFunction], Rule]:
    """Decorator turning a function into a :class:`Rule`.

    ``triggers`` is a string of characters (``expand_class`` syntax for a string); ``quick`` a
    callable, or a regex that must be found. A regex that starts with a literal character is
    searched at ``str.find`` speed; one that starts with a class costs a pass over the text.
    """

    def wrap(function: RuleFunction) -> Rule:
        check: Quick | None
        if isinstance(quick, str):
            check = _found(lazy(quick))
        else:
            check = quick
        return Rule(
            id=id,
            message=message,
            function=function,
            examples=tuple(examples),
            triggers=triggers if isinstance(triggers, frozenset) else expand_class(triggers),
            quick=check,
        )

    return wrap


def _found(pattern: re.Pattern[str]) -> Quick:
    return lambda text: pattern.search(text) is not None


def contains_any(*substrings: str) -> Quick:
    """A quick test: at least one of the substrings occurs (``str.__contains__`` speed)."""
    return lambda text: any(substring in text for substring in substrings)


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
