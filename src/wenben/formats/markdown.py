"""Markdown: the prose of a CommonMark/GFM document is cleaned, its syntax kept byte for byte.

The document is parsed with markdown-it-py (the parser mdformat is built on) with the plugins
for front matter, footnotes, tables, strikethrough, dollar math, GFM task lists and bare URLs.
Every inline run (a paragraph's, a heading's, a table cell's text) is turned into one *prose
run* for the engine, in which

* prose (text, link text, image alt text, emphasised text) is copied as it is;
* *opaque* syntax (inline code, math, autolinks, bare URLs, escapes, entities, footnote
  references) is copied too, so that the rules judge the sentence around it as in plain text,
  but no edit may touch it;
* *delimiters* (``*``/``**``/``~~``, ``[`` and ``](url "title")``, inline HTML and comments)
  are left out, so ``中文[链接](u),继续`` is judged as the sentence ``中文链接,继续``;
* a soft or hard line break is a ``\\n`` that no edit may touch (the line structure and the
  indentation of the source stay as written).

All runs are cleaned in one engine call (separated by blank lines, across which no rule
looks), and every edit is mapped back to the source. Then the cleaned document is parsed again
and compared with the original (:func:`tree_signature`): an inline run whose cleaning changed
the structure (for example ``**“引用”**`` whose emphasis a removed space would undo) is cleaned
again without the edits that touch its syntax, and left alone if that still changes it. See
docs/adr/0005-formats.md.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from ..edits import Edit, EditTracker, apply_edits
from ..edits import line_starts as _line_starts
from ..rules.base import Context, Options

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from ..engine import Cleaner, Explanation

#: Rules that judge a whole text file's lines and paragraphs: in Markdown the line structure is
#: the writer's (and the parser's), so they do not run on prose runs.
LINE_RULES = frozenset({"line-wrap", "paragraph-breaks", "blank-lines"})

_KEY = "_wenben_recorder"
_PROSE, _ZERO, _NEWLINE, _OPAQUE = 0, 1, 2, 3
# Inline rules whose source is left out of the prose run (zero width; no edit may span them).
_DELIMITER_RULES = frozenset({"emphasis", "strikethrough", "html_inline"})
# Rules whose source is prose (the text rule, and characters no rule takes).
_TEXT_RULES = frozenset({"text"})
_SEPARATOR = "\n\n"
# How many times the document is re-parsed to find runs whose cleaning changed its structure.
_MAX_ROUNDS = 6


@dataclass
class _Recorder:
    """Source ranges (in the inline content) that inline rules consumed, while parsing one
    inline run: ``spans`` holds ``(start, end, kind, role)``."""

    content: str
    spans: list[tuple[int, int, int, str]] = field(default_factory=list)
    bases: list[int | None] = field(default_factory=list)
    next_base: int | None = None


def _record_rule(name: str, function: Any) -> Any:
    def rule(state: Any, silent: bool) -> bool:
        recorder: _Recorder | None = state.env.get(_KEY) if not silent else None
        if recorder is None or not recorder.bases or recorder.bases[-1] is None or name in _TEXT_RULES:
            return function(state, silent)
        base = recorder.bases[-1]
        assert base is not None
        start = state.pos
        src = state.src
        label_end = -1
        if name == "link" and src.startswith("[", start):
            label_end = state.md.helpers.parseLinkLabel(state, start, True)
        elif name == "image" and src.startswith("![", start):
            label_end = state.md.helpers.parseLinkLabel(state, start + 1, False)
            recorder.next_base = base + start + 2
        try:
            matched = function(state, silent)
        finally:
            recorder.next_base = None
        if not matched:
            return False
        end = state.pos
        spans = recorder.spans
        if name in ("link", "image") and label_end >= 0:
            opener = 1 if name == "link" else 2
            spans.append((base + start, base + start + opener, _ZERO, "open"))
            spans.append((base + label_end, base + end, _ZERO, "close"))
            tail = src[label_end:end]
            if tail in ("]", "][]"):
                # A shortcut or collapsed reference: its text is the label that names the
                # definition, and cleaning it would break the link.
                spans.append((base + start + opener, base + label_end, _OPAQUE, ""))
        elif name == "newline":
            begin = start
            while begin > 0 and src[begin - 1] == " ":
                begin -= 1  # trailing spaces make a hard break: part of the break
            spans.append((base + begin, base + end, _NEWLINE, ""))
        elif name in _DELIMITER_RULES:
            spans.append((base + start, base + end, _ZERO, _delimiter_role(name, src, start, end)))
        else:
            spans.append((base + start, base + end, _OPAQUE, ""))
        return True

    return rule


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _delimiter_role(name: str, src: str, start: int, end: int) -> str:
    """``open`` or ``close`` (where a space inserted at it belongs outside), else ``""``."""
    if name == "html_inline":
        tag = src[start:end]
        if tag.startswith("</"):
            return "close"
        return "" if tag.startswith("<!") or tag.startswith("<?") or tag.endswith("/>") else "open"
    before = src[start - 1] if start > 0 else " "
    after = src[end] if end < len(src) else " "
    left = not after.isspace() and (not _is_punctuation(after) or before.isspace() or _is_punctuation(before))
    right = not before.isspace() and (not _is_punctuation(before) or after.isspace() or _is_punctuation(after))
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    return ""


@lru_cache(maxsize=1)
def parser() -> "MarkdownIt":
    """The markdown-it-py parser wenben reads Markdown with (CommonMark, GFM tables,
    strikethrough, bare URLs, task lists, front matter, footnotes, dollar math), instrumented so
    that a parse can record where each inline rule matched."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    try:
        import linkify_it  # noqa: F401

        linkify = True
    except ImportError:  # pragma: no cover - linkify-it-py is a dependency
        linkify = False
    md = MarkdownIt("commonmark", {"linkify": linkify})
    md.enable(["table", "strikethrough"] + (["linkify"] if linkify else []))
    md.use(front_matter_plugin).use(footnote_plugin).use(dollarmath_plugin).use(tasklists_plugin)
    # Keep escapes and entities as tokens of their own (their source is not their text).
    md.disable("text_join", ignoreInvalid=True)
    for rule in list(md.inline.ruler.get_all_rules()):
        function = md.inline.ruler.__rules__[md.inline.ruler.__find__(rule)].fn
        md.inline.ruler.at(rule, _record_rule(rule, function))
    inline = md.inline
    original_parse = inline.parse

    def parse(src: str, md_: Any, env: Any, tokens: list["Token"]) -> list["Token"]:
        recorder: _Recorder | None = env.get(_KEY) if isinstance(env, dict) else None
        if recorder is None:
            return original_parse(src, md_, env, tokens)
        if not recorder.bases:
            base: int | None = 0
        else:
            base = recorder.next_base  # an image's alt text: the label's offset; else unknown
        recorder.next_base = None
        recorder.bases.append(base)
        try:
            return original_parse(src, md_, env, tokens)
        finally:
            recorder.bases.pop()

    inline.parse = parse  # type: ignore[method-assign]
    return md


def _parse(text: str, *, record: bool) -> tuple[list["Token"], dict[int, _Recorder]]:
    """Tokens of ``text``; with ``record``, the inline rules' spans of each inline token."""
    md = parser()
    recorders: dict[int, _Recorder] = {}
    if not record:
        return md.parse(text, {}), recorders
    # The core "inline" rule, one token at a time, with a recorder in the environment.
    from markdown_it.rules_core import StateCore

    env: dict[str, Any] = {}
    state = StateCore(text, md, env)
    for rule in md.core.ruler.getRules(""):
        if getattr(rule, "__name__", "") == "inline":
            for index, token in enumerate(state.tokens):
                if token.type == "inline":
                    if token.children is None:
                        token.children = []
                    recorder = _Recorder(token.content)
                    env[_KEY] = recorder
                    try:
                        md.inline.parse(token.content, md, env, token.children)
                    finally:
                        env.pop(_KEY, None)
                    recorders[id(token)] = recorder
        else:
            rule(state)
    return state.tokens, recorders


# --------------------------------------------------------------------------------------------
# The structure of a document, for the round-trip check


_TEXTY = frozenset({"text", "inline"})


def _signature(token: "Token", keep_lines: bool) -> tuple[Any, ...]:
    attrs = tuple(sorted((k, str(v)) for k, v in (token.attrs or {}).items() if k != "alt"))
    content = "" if token.type in _TEXTY or token.type == "image" else token.content
    children: tuple[Any, ...] = ()
    if token.children:
        merged: list[tuple[Any, ...]] = []
        for child in token.children:
            sig = _signature(child, keep_lines)
            if merged and sig[0] == "text" and merged[-1][0] == "text":
                continue  # adjacent text tokens: one text
            merged.append(sig)
        children = tuple(merged)
    meta = repr(sorted(token.meta.items())) if token.meta else ""
    line_map = tuple(token.map) if keep_lines and token.map and token.type != "inline" else ()
    return (token.type, token.tag, token.nesting, token.markup, token.info, attrs, content, meta, line_map, children)


def tree_signature(text: str, *, keep_lines: bool = True) -> list[tuple[Any, ...]]:
    """The document's structure: every token but the text of its prose. Two documents with
    the same signature have the same blocks, inline structure, URLs, code, HTML and math, and
    (with ``keep_lines``) the same line numbers."""
    tokens, _ = _parse(text, record=False)
    return [_signature(token, keep_lines) for token in tokens]


def _normalised(text: str) -> str:
    """The text as markdown-it sees it, with the same line and column numbers."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


# --------------------------------------------------------------------------------------------
# Prose runs


def _build_batch(source: str, tokens: list["Token"], recorders: dict[int, _Recorder]) -> tuple[str, "_Mapping"]:
    norm = _normalised(source)
    norm_starts = _line_starts(norm)
    src_starts = _line_starts(source) if len(source) != len(norm) else norm_starts
    mapping = _Mapping()
    in_cell = False
    cursor: dict[int, int] = {}
    previous: "Token | None" = None
    in_list_paragraph = False
    inline_index = -1
    for token in tokens:
        if token.type in ("th_open", "td_open"):
            in_cell = True
        elif token.type in ("th_close", "td_close"):
            in_cell = False
        if token.type == "paragraph_open":
            in_list_paragraph = previous is not None and previous.type == "list_item_open"
        if token.type == "inline":
            inline_index += 1
        if token.type == "inline" and token.map:
            recorder = recorders.get(id(token))
            if recorder is not None and recorder.content.strip():
                located = _locate(recorder.content, token, norm, norm_starts, src_starts, in_cell, cursor)
                if located is not None:
                    kinds, roles = _kinds(recorder, task=in_list_paragraph)
                    mapping.add(recorder.content, located, kinds, roles, inline_index)
        previous = token
    return mapping.text(), mapping


def _line_text(norm: str, starts: list[int], line: int) -> str | None:
    if line >= len(starts):
        return None
    end = starts[line + 1] - 1 if line + 1 < len(starts) else len(norm)
    return norm[starts[line] : end]


def _locate(
    content: str,
    token: "Token",
    norm: str,
    norm_starts: list[int],
    src_starts: list[int],
    in_cell: bool,
    cursor: dict[int, int],
) -> list[int] | None:
    """Source offset of every content offset (and of its end), or None if the content is not
    the source with line prefixes removed (then the run is left alone)."""
    assert token.map is not None
    first = token.map[0]
    lines = content.split("\n")
    positions: list[int] = []
    for number, part in enumerate(lines):
        line = first + number
        text = _line_text(norm, norm_starts, line)
        if text is None:
            return None
        if in_cell:
            column = text.find(part, cursor.get(line, 0))
            if column >= 0:
                cursor[line] = column + len(part)
        elif text.endswith(part):
            column = len(text) - len(part)
        elif text.rstrip().endswith(part):
            column = len(text.rstrip()) - len(part)
        else:
            column = text.find(part)
            # An ATX heading's text is followed by its closing sequence only.
            if column < 0 or text[column + len(part) :].strip(" \t#"):
                return None
        if column < 0:
            return None
        base = src_starts[line] + column
        positions.extend(range(base, base + len(part)))
        positions.append(base + len(part))  # the newline after this line, or the end
    # positions has one entry per content character plus the end (the newlines are entries too).
    if len(positions) != len(content) + 1:
        return None
    return positions


def _kinds(recorder: _Recorder, *, task: bool) -> tuple[list[int], dict[int, str]]:
    content = recorder.content
    kinds = [_PROSE] * len(content)
    roles: dict[int, str] = {}
    order = {_ZERO: 0, _NEWLINE: 1, _OPAQUE: 2}
    for start, end, kind, role in sorted(recorder.spans, key=lambda s: order[s[2]]):
        end = min(end, len(content))
        kinds[start:end] = [kind] * (end - start)
        if kind == _ZERO:
            roles[start] = role
    for index, char in enumerate(content):
        if char == "\n" and kinds[index] == _PROSE:
            kinds[index] = _NEWLINE
    if task and content[:4] in ("[ ] ", "[x] ", "[X] "):
        kinds[:3] = [_OPAQUE] * 3
    return kinds, roles


class _Mapping:
    """The batch text and, for each of its offsets, the source offsets (see _Batch)."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.length = 0
        self.left: list[int] = []
        self.right: list[int] = []
        self.fixed = bytearray()
        self.zero_points: list[int] = []
        self.zero_roles: dict[int, str] = {}
        self.zero_spans: dict[int, tuple[int, int]] = {}
        self.edges: set[int] = set()
        self.run_starts: list[int] = []
        self.run_ends: list[int] = []
        self.run_inline: list[int] = []  # the index of each run's inline token among all
        self._break_ends: dict[int, int] = {}  # batch offset after a line break -> source
        self._run_end_source: dict[int, int] = {}

    def text(self) -> str:
        return "".join(self.pieces)

    def _emit(self, text: str, sources: Sequence[int], fixed: bool) -> None:
        self.pieces.append(text)
        self.left.extend(sources)
        self.right.extend(sources)
        self.fixed.extend(b"\1" * len(text) if fixed else b"\0" * len(text))
        self.length += len(text)

    def add(self, content: str, positions: list[int], kinds: list[int], roles: dict[int, str], inline: int) -> None:
        self.run_inline.append(inline)
        if self.run_starts:
            self._emit(_SEPARATOR, [-1] * len(_SEPARATOR), True)
        self.run_starts.append(self.length)
        n = len(content)
        index = 0
        while index < n:
            kind = kinds[index]
            stop = index + 1
            while stop < n and kinds[stop] == kind and not (kind == _ZERO and stop in roles):
                stop += 1
            if kind == _ZERO:
                point = self.length
                role = roles.get(index, "")
                if self.zero_points and self.zero_points[-1] == point:
                    role = role if self.zero_roles[point] == role else ""
                    self.zero_spans[point] = (self.zero_spans[point][0], positions[stop])
                else:
                    self.zero_points.append(point)
                    self.zero_spans[point] = (positions[index], positions[stop])
                self.zero_roles[point] = role
            elif kind == _NEWLINE:
                self.edges.add(self.length)
                self._emit("\n", [positions[index]], True)
                # After the break, the source continues at the next line's text.
                self.edges.add(self.length)
                self._break_ends[self.length] = positions[stop]
            else:
                fixed = kind == _OPAQUE
                if fixed:
                    self.edges.add(self.length)
                self._emit(content[index:stop], positions[index:stop], fixed)
                if fixed:
                    self.edges.add(self.length)
            index = stop
        self.run_ends.append(self.length)
        self._run_end_source[self.length] = positions[n]

    def source_at(self, offset: int, *, after_delimiters: bool) -> int:
        """The source offset of batch offset ``offset`` (a position between characters)."""
        zero = self.zero_spans.get(offset)
        if zero is not None:
            return zero[1] if after_delimiters else zero[0]
        if offset in self._break_ends:
            return self._break_ends[offset]
        if offset in self._run_end_source:
            return self._run_end_source[offset]
        return self.left[offset]

    def run_of(self, offset: int) -> int:
        return bisect_right(self.run_starts, offset) - 1

    def map_edit(self, edit: Edit, *, strict: bool) -> tuple[int, Edit] | None:
        """The run an edit belongs to and the edit on the source; None if it would touch syntax."""
        start, end = edit.start, edit.end
        if start < end and any(self.fixed[start:end]):
            return None
        run = self.run_of(start)
        if run < 0 or end > self.run_ends[run] or start < self.run_starts[run]:
            return None
        low = bisect_right(self.zero_points, start)
        if low < len(self.zero_points) and self.zero_points[low] < end:
            return None  # a delimiter inside the edit
        if strict:
            if start in self.edges or end in self.edges or start in self.zero_spans or end in self.zero_spans:
                return None
        if start == end:
            zero = self.zero_spans.get(start)
            if zero is not None:
                role = self.zero_roles.get(start, "")
                if role == "open":
                    at = zero[0]
                elif role == "close":
                    at = zero[1]
                else:
                    return None
            else:
                at = self.source_at(start, after_delimiters=False)
            return run, Edit(edit.rule, at, at, edit.replacement)
        return run, Edit(
            edit.rule,
            self.source_at(start, after_delimiters=True),
            self.source_at(end, after_delimiters=False),
            edit.replacement,
        )


# --------------------------------------------------------------------------------------------
# Cleaning


def _prose_cleaner(cleaner: "Cleaner") -> "Cleaner":
    """The cleaner for prose runs: the same rules, without those that judge a file's lines."""
    cached = getattr(cleaner, "_markdown_prose", None)
    if cached is not None:
        return cached
    from ..engine import Cleaner

    rules = [name for name in cleaner._rule_names if name not in LINE_RULES]
    prose = Cleaner(cleaner.profile, rules=rules, engine=cleaner.engine_request, **cleaner._options)
    try:
        cleaner._markdown_prose = prose  # type: ignore[attr-defined]
    except AttributeError:  # pragma: no cover
        pass
    return prose


def explain_markdown(
    cleaner: "Cleaner", source: str, explain_prose: "Callable[[Cleaner, str], Explanation] | None" = None
) -> "Explanation":
    """Clean the prose of a Markdown document; every edit is on the source document.
    ``explain_prose(prose_cleaner, prose)``: how the prose runs, gathered into one text, are
    explained (default ``prose_cleaner.explain``; ``-j`` passes one that uses the workers)."""
    from ..engine import Explanation

    tokens, recorders = _parse(source, record=True)
    batch_text, mapping = _build_batch(source, tokens, recorders)
    if not batch_text.strip():
        tracker = EditTracker(source)
        return Explanation(source, source, (), tracker.offset_map())
    prose = _prose_cleaner(cleaner)
    explained = prose.explain(batch_text) if explain_prose is None else explain_prose(prose, batch_text)
    candidates: list[tuple[int, Edit, Edit | None]] = []  # run, edit, strict edit
    for edit in explained.edits:
        mapped = mapping.map_edit(edit, strict=False)
        if mapped is None:
            continue
        strict = mapping.map_edit(edit, strict=True)
        candidates.append((mapped[0], mapped[1], strict[1] if strict is not None else None))
    candidates = _outside_inline_control(source, candidates)
    levels: dict[int, int] = {}
    original = [_signature(token, True) for token in tokens]
    text = source
    for _ in range(_MAX_ROUNDS):
        chosen = _choose(candidates, levels)
        text = apply_edits(source, chosen)
        if text == source:
            break
        bad = _bad_runs(original, text, mapping, candidates, levels)
        if not bad:
            break
        for run in bad:
            levels[run] = levels.get(run, 0) + 1
    else:
        chosen = []
        text = source
    from .jsonl import explanation_from_edits

    return explanation_from_edits(source, chosen)


def _outside_inline_control(
    source: str, candidates: list[tuple[int, Edit, Edit | None]]
) -> list[tuple[int, Edit, Edit | None]]:
    """The candidates that no ``<!-- wenben: ... -->`` directive of the document forbids. The
    directives are HTML comments, syntax the prose runs leave out, so they are read from the
    source and the edits, mapped back to it, are judged there (wenben.inline)."""
    from ..inline import MARK, controls

    control = controls(source) if MARK in source else None
    if control is None:
        return candidates
    protected = Context(Options(), control.protected)

    def allowed(edit: Edit | None) -> bool:
        return edit is not None and not protected.is_protected(edit.start, edit.end) and not control.disabled(
            edit.rule, edit.start, edit.end
        )

    return [
        (run, edit, strict if allowed(strict) else None) for run, edit, strict in candidates if allowed(edit)
    ]


def _choose(candidates: Iterable[tuple[int, Edit, Edit | None]], levels: dict[int, int]) -> list[Edit]:
    chosen = []
    for run, edit, strict in candidates:
        level = levels.get(run, 0)
        if level == 0:
            chosen.append(edit)
        elif level == 1 and strict is not None:
            chosen.append(strict)
    chosen.sort(key=lambda e: (e.start, e.end))
    # Never overlapping (runs are disjoint in the source, and one run's edits are disjoint),
    # but a guard costs nothing.
    result: list[Edit] = []
    end = -1
    for edit in chosen:
        if edit.start < end or (edit.start == end and result and edit.start == edit.end == result[-1].start):
            continue
        result.append(edit)
        end = edit.end
    return result


def _bad_runs(
    original: list[tuple[Any, ...]],
    text: str,
    mapping: "_Mapping",
    candidates: list[tuple[int, Edit, Edit | None]],
    levels: dict[int, int],
) -> set[int]:
    """Runs whose edits (may) have changed the document's structure."""
    cleaned = tree_signature(text)
    if cleaned == original:
        return set()
    changed_runs = sorted({run for run, _, _ in candidates if levels.get(run, 0) < 2})
    if len(cleaned) == len(original):
        inline_index = -1
        bad_inline: set[int] = set()
        structural = False
        for a, b in zip(original, cleaned):
            if a[0] == "inline":
                inline_index += 1
                if a != b:
                    bad_inline.add(inline_index)
            elif a != b:
                structural = True
                break
        if not structural and bad_inline:
            # Inline index to run: runs are numbered in token order, but only the inline
            # tokens that had prose; find them by source position instead.
            runs = {run for run in changed_runs if mapping.run_inline[run] in bad_inline}
            return runs or set(changed_runs)
    # The block structure changed: demote every run that was changed (rare).
    return set(changed_runs)


def clean_markdown(cleaner: "Cleaner", source: str) -> str:
    """The document with its prose cleaned (see :func:`explain_markdown`)."""
    return explain_markdown(cleaner, source).text
