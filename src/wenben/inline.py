"""Inline control: comments in the text that turn wenben off, or some of its rules, for a stretch.

As autocorrect (``autocorrect-disable``) and zhlint (``<!-- zhlint disabled -->``) do, a
document can say where it must be left alone. A directive is a line of its own, bare or as a
comment (``<!-- -->`` as in Markdown and HTML, or after ``#``, ``//``, ``%`` or ``;``)::

    <!-- wenben: off -->            nothing is changed from here ...
    <!-- wenben: on -->             ... to here (or to the end of the text)
    wenben: disable=dash,ellipsis   these rules do not fire from here ...
    wenben: enable=dash             ... to here for ``dash`` (``enable`` alone, or ``on``, ends all)

The directive lines themselves are never changed (nor joined to their neighbours). A
directive inside a sentence (not alone on its line) is text like any other. Rule IDs that do
not exist are ignored: text never makes cleaning fail (``wenben --check`` names them, see
:func:`unknown_rules`).

The engine asks :func:`controls` for the spans: ``protected`` (off regions and directive lines)
join the spans that rules must leave alone; ``rules`` maps a rule ID to the spans where it is
disabled. A text without the marker ``wenben:`` costs one substring search.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .lazyre import lazy

__all__ = ["MARK", "Controls", "controls", "open_at", "unknown_rules"]

#: Every directive contains this; text without it has no inline control.
MARK = "wenben:"

_DIRECTIVE = lazy(
    r"^[ \t]*(?:<!--|(?:#|//|%|;)+)?[ \t]*wenben:[ \t]*"
    r"(?P<verb>off|on|disable|enable)(?:[ \t]*=[ \t]*(?P<rules>[A-Za-z0-9_,\- \t]*?))?"
    r"[ \t]*(?:-->)?[ \t]*\r?$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Controls:
    """What the directives of one text say, as spans of that text."""

    #: Sorted, disjoint spans to leave alone: off regions and the directive lines.
    protected: list[tuple[int, int]] = field(default_factory=list)
    #: Rule ID -> sorted, disjoint spans where that rule is disabled.
    rules: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    #: Rule IDs named by directives (known or not), in order of appearance.
    named: tuple[str, ...] = ()
    #: Whether a region (off, or a rule disabled) is still open at the end of the text.
    open_at_end: bool = False

    def disabled(self, rule: str, start: int, end: int) -> bool:
        """Whether ``rule`` is disabled on ``[start, end)`` (an insertion: at ``start``)."""
        spans = self.rules.get(rule)
        if not spans:
            return False
        index = bisect_right(spans, (start, float("inf"))) - 1
        if index >= 0 and spans[index][1] > start:
            return True
        # A span starting inside [start, end) also overlaps.
        return index + 1 < len(spans) and spans[index + 1][0] < end


    def covers(self, offset: int) -> bool:
        """Whether ``offset`` falls strictly inside a region (off, a disabled rule, or a
        directive line): a text cut there and cleaned in parts would lose the directive's
        effect on the second part."""
        for spans in (self.protected, *self.rules.values()):
            index = bisect_right(spans, (offset, float("inf"))) - 1
            if index >= 0 and spans[index][0] < offset < spans[index][1]:
                return True
        return False


def _names(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    return tuple(name.strip() for name in raw.replace("\t", " ").replace(" ", ",").split(",") if name.strip())


def controls(text: str) -> Controls | None:
    """The inline control of ``text``, or ``None`` if it has no directive."""
    if MARK not in text:
        return None
    directives = _directives(text)
    if not directives:
        return None
    protected: list[tuple[int, int]] = []
    rules: dict[str, list[tuple[int, int]]] = {}
    disabled_since: dict[str, int] = {}
    named: list[str] = []
    off_since: int | None = None
    length = len(text)
    for match in directives:
        # The line with its newlines on both sides: line rules must not join it to another.
        line_start = match.start() - 1 if match.start() > 0 else 0
        line_end = match.end() + 1 if match.end() < length else length
        verb, names = match.group("verb"), _names(match.group("rules"))
        named.extend(names)
        if verb == "off":
            if off_since is None:
                off_since = line_start
        elif verb == "on":
            if off_since is not None:
                protected.append((off_since, line_end))
                off_since = None
            for rule, since in disabled_since.items():
                rules.setdefault(rule, []).append((since, line_start))
            disabled_since.clear()
        elif verb == "disable":
            for rule in names:
                disabled_since.setdefault(rule, line_end)
        else:  # enable
            for rule in names or tuple(disabled_since):
                since = disabled_since.pop(rule, None)
                if since is not None:
                    rules.setdefault(rule, []).append((since, line_start))
        protected.append((line_start, line_end))
    open_at_end = off_since is not None or bool(disabled_since)
    if off_since is not None:
        protected.append((off_since, length))
    for rule, since in disabled_since.items():
        rules.setdefault(rule, []).append((since, length))
    return Controls(_merged(protected), {rule: _merged(spans) for rule, spans in rules.items()}, tuple(dict.fromkeys(named)), open_at_end)


def _directives(text: str) -> list[re.Match[str]]:
    """The directive lines, found from the occurrences of the marker (a substring search)
    rather than by trying the pattern at every line start."""
    found: list[re.Match[str]] = []
    index = text.find(MARK)
    while index >= 0:
        line_start = text.rfind("\n", 0, index) + 1
        line_end = text.find("\n", index)
        if line_end < 0:
            line_end = len(text)
        match = _DIRECTIVE.match(text, line_start, line_end)
        if match is not None:
            found.append(match)
        index = text.find(MARK, line_end)
    return found


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint spans covering the same ground (touching spans are joined)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def with_protected(spans: Sequence[tuple[int, int]], control: Controls | None) -> Sequence[tuple[int, int]]:
    """``spans`` (sorted, disjoint) joined with the spans the directives protect."""
    if control is None or not control.protected:
        return spans
    return _merged([*spans, *control.protected])


def open_at(text: str, offset: int) -> bool:
    """Whether an off region or a disabled rule is open at ``offset`` (see
    :meth:`Controls.covers`; to test many offsets, call :func:`controls` once)."""
    control = controls(text)
    return control is not None and control.covers(offset)


def unknown_rules(text: str, known: Iterable[str]) -> list[str]:
    """Rule IDs named in the directives of ``text`` that are not in ``known``."""
    control = controls(text)
    if control is None:
        return []
    known = set(known)
    return [name for name in control.named if name not in known]
