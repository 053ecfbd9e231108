"""The engine: run a profile's rules in order, apply their edits, keep the map to the source.

``clean()``, ``explain()``, ``--check``, ``--diff`` and streaming are all views of one run.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
from functools import partial
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, NamedTuple, Sequence

from . import inline
from .chars import HSPACE, class_runs
from .edits import Edit, EditColumns, EditList, EditTracker, OffsetMap, composed_from_columns, sorted_disjoint
from .errors import ConfigError
from .profiles import get_profile
from .protect import protected_spans
from .rules import ALL_RULES, RULES, Context, Options, Rule
from .rules.lines import EVIDENCE_SIZE
from .rules.unicode import LINE_BREAKS, lf_line_endings

#: Characters per part when ``clean()`` cuts a long text (see Cleaner.clean).
PART_SIZE = 1 << 18
#: Characters gathered by ``clean_stream`` before it cleans (see Cleaner.clean_stream).
STREAM_PART_SIZE = 1 << 16


@dataclass(frozen=True)
class Explanation:
    """The result of cleaning, with every change accounted for.

    ``edits`` are on the *source* text, sorted and non-overlapping; applying them to the source
    gives ``text``. ``source_offset(i)`` maps an offset in ``text`` to the source. ``edits`` is
    a sequence of :class:`Edit` (an :class:`~wenben.edits.EditList`, which makes each ``Edit``
    as it is read, so that millions of edits cost columns of numbers, not objects; it equals
    the tuple of the same edits; ADR 0008).
    """

    source: str
    text: str
    edits: Sequence[Edit]
    _offsets: OffsetMap

    def source_offset(self, offset: int) -> int:
        return self._offsets(offset)

    @property
    def changed(self) -> bool:
        return self.text != self.source


_OPTION_NAMES = {f.name for f in dataclasses.fields(Options)}


class Cleaner:
    """A reusable pipeline: a profile's rules and options, with some rules disabled or chosen.

    >>> Cleaner().clean("7 \u6708 13 \u65e5\u4e0a\u5348, \u5fb7\u9633\u5e02(\u5fb7\u9633\u5206\u8d5b\u533a)")
    '7\u670813\u65e5\u4e0a\u5348\uff0c\u5fb7\u9633\u5e02\uff08\u5fb7\u9633\u5206\u8d5b\u533a\uff09\\n'
    """

    def __init__(
        self,
        profile: str = "default",
        *,
        rules: str | Iterable[str] | None = None,
        disable: str | Iterable[str] | None = (),
        select: str | Iterable[str] | None = None,
        format: str = "text",
        jsonl_fields: Sequence[str] | str | None = None,
        jsonl_errors: str = "copy",
        engine: str = "auto",
        **options: object,
    ) -> None:
        chosen = get_profile(profile)
        core = _engine_core(engine)
        rules_given, select_given = rule_names(rules, "rules"), rule_names(select, "select")
        if rules_given is not None and select_given is not None and rules_given != select_given:
            raise ConfigError("give either rules= or select= (they mean the same), not both")
        explicit = rules_given if rules_given is not None else select_given
        names = list(explicit) if explicit is not None else list(chosen.rules)
        disabled = set(rule_names(disable, "disable") or ())
        for name in [*names, *disabled]:
            if name not in RULES:
                raise ConfigError(_unknown_rule_message(name))
        unknown = set(options) - _OPTION_NAMES
        if unknown:
            raise ConfigError(
                f"unknown option {sorted(unknown)[0]!r}; options are {', '.join(sorted(_OPTION_NAMES))}"
            )
        self.profile = chosen.name
        try:
            self.options: Options = dataclasses.replace(chosen.options, **options)  # type: ignore[arg-type]
        except TypeError as error:  # pragma: no cover - guarded above
            raise ConfigError(str(error)) from None
        _validate_options(self.options)
        wanted = set(names)
        if explicit is None and "spacing" in options:
            # ``spacing=`` sets the whole behaviour, as the profile ``spaced`` does: the option
            # and the rule that adds the missing space (ADR 0001; docs/configuration.md).
            if self.options.spacing == "spaced":
                wanted.add(SPACED_RULE)
            else:
                wanted.discard(SPACED_RULE)
        wanted -= disabled
        if self.options.convert:
            wanted.add("convert-variants")
        self.rules: tuple[Rule, ...] = tuple(r for r in ALL_RULES if r.id in wanted)
        self._rule_names = tuple(r.id for r in self.rules)
        self.steps: tuple[Step, ...] = _plan(self.rules)
        self._options = dict(options)
        # Which rules' trigger characters occur at all (see Rule.triggers): the frequent ones
        # are looked up one by one (``in`` stops at the first), the others found in one scan.
        trigger_chars = sorted(set().union(*(r.triggers for r in self.rules)))
        self._frequent_triggers = tuple(c for c in trigger_chars if c in _FREQUENT_TRIGGERS)
        self._trigger_scan = _class_scan([c for c in trigger_chars if c not in _FREQUENT_TRIGGERS])
        # The engine (docs/engines.md): the compiled core, asking the reference's steps for the
        # rules it does not have, or the reference itself.
        self.engine_request = engine
        self.engine = "python" if core is None else "core"
        self._core = core
        self._plan = None if core is None else core.Plan([_plan_entry(step, self.options) for step in self.steps])
        # A document format other than text (see wenben.formats): clean, explain and
        # clean_stream go through it, with a text cleaner of the same rules for the prose.
        self.format = format
        self._format_args: dict[str, object] = {}
        self._document = None
        if format != "text" or jsonl_fields is not None:
            from .formats import Document, JsonlOptions, check_format

            check_format(format)
            fields = jsonl_fields if jsonl_fields is not None else ("text",)
            self._format_args = {"format": format, "jsonl_fields": fields, "jsonl_errors": jsonl_errors}
            if format != "text":
                text_cleaner = Cleaner(profile, rules=self._rule_names, engine=engine, **options)
                self._document = Document(text_cleaner, format, jsonl=JsonlOptions(fields, jsonl_errors))

    def clean(self, text: str) -> str:
        """The canonical form of ``text``."""
        if self._document is not None:
            return self._document.clean(text)
        return self.clean_part(text, text[:EVIDENCE_SIZE])

    def clean_part(self, text: str, document: str) -> str:
        """The canonical form of ``text``, a part of a document that starts with ``document``
        (its first ``EVIDENCE_SIZE`` characters, or all of it if shorter): paragraph evidence
        is taken from ``document``, so every part is judged as in the whole (ADR 0002)."""
        if len(text) <= 2 * PART_SIZE or "```" in text:
            return self._run(text, None, document)
        # A long text is cleaned in parts cut at blank lines, exactly as clean_stream does
        # (no rule looks across a blank line): the same result, at the speed of text that
        # fits in the CPU's caches (one 4 M-character string is ~25 % slower per MB). Not with
        # code fences: where a fence ends is not decided the same way in parts (clean_stream
        # has that problem, see tests/test_fuzz_regressions.py).
        return "".join(join_cleaned(self._run(part, None, document) for part in _parts(text, PART_SIZE)))

    def explain(self, text: str) -> Explanation:
        """Clean ``text`` and account for every change (rule, source span, replacement)."""
        if self._document is not None:
            return self._document.explain(text)
        if len(text) <= 2 * PART_SIZE or "```" in text:
            return Explanation(text, *self._explain_part(text))
        # Long texts in parts, as clean() does (the same edits; see joined_explanation).
        # (Every part with the paragraph evidence of the document's start: ADR 0002.)
        return joined_explanation(self, text, partial(map, partial(self._explain_part, document=text[:EVIDENCE_SIZE])))

    def _explain_part(self, text: str, document: str | None = None) -> tuple[str, EditList, OffsetMap]:
        """The explanation of ``text``, a part of the document starting with ``document`` (None:
        ``text`` is the document), as (text, edits, offsets)."""
        tracker = EditTracker(text)
        result = self._run(text, tracker, text[:EVIDENCE_SIZE] if document is None else document)
        return result, tracker.edit_list(), tracker.offset_map()

    def clean_stream(self, chunks: Iterable[str], *, part_size: int = STREAM_PART_SIZE) -> Iterator[str]:
        """Clean text arriving in pieces, in memory bounded by ``part_size`` plus the longest
        paragraph.

        The output, joined, equals ``clean("".join(chunks))``: the text is cut only at blank
        lines outside code fences, and no rule looks across a blank line. Pieces are gathered
        into parts of at least ``part_size`` characters before cleaning, because each clean
        has a fixed cost (a file read by lines, one paragraph per part, ran 5x slower);
        ``part_size=0`` cleans each paragraph as soon as it is complete. The first
        ``EVIDENCE_SIZE`` characters are gathered before anything is cleaned: they are the
        document's paragraph evidence, for every part as for ``clean()`` (ADR 0002).
        """
        if self._document is not None:
            return self._document.clean_stream(chunks, part_size=part_size)
        document, pieces = document_start(chunks)
        return join_cleaned(
            self.clean_part(part, document) for part in paragraph_chunks(pieces, min_size=part_size)
        )

    def __reduce__(self):  # type: ignore[no-untyped-def]
        """Pickle as the arguments that build it (for worker processes)."""
        arguments = {**self._options, **self._format_args, "engine": self.engine_request}
        return (_rebuild_cleaner, (self.profile, self._rule_names, arguments))

    def _present(self, text: str) -> set[str]:
        """The trigger characters that occur in ``text``."""
        present = {char for char in self._frequent_triggers if char in text}
        if self._trigger_scan is not None:
            present.update("".join(self._trigger_scan.findall(text)))
        return present

    def _run(self, text: str, tracker: EditTracker | None, document: str | None = None) -> str:
        if self._plan is not None and inline.MARK not in text:
            # The compiled core, exactly the reference's run below, except with inline control
            # (it stays in Python) and with a lone surrogate (which cannot cross as UTF-8).
            try:
                result, applied = self._core.run(text, self._plan, self.options.spacing, document, tracker is not None)
            except UnicodeEncodeError:
                pass
            else:
                if tracker is not None:
                    # The core composed the steps' edits itself (its tracker is the
                    # reference's EditTracker), as columns: no Python object per step's edit
                    # or per piece (an edit-dense line: issue #15).
                    tracker.adopt(*composed_from_columns(*applied, len(text)))
                return result
        return self._run_reference(text, tracker, document)

    def _run_reference(self, text: str, tracker: EditTracker | None, document: str | None = None) -> str:
        """The reference engine: every step in Python."""
        # Inline control (``wenben: off``, ``wenben: disable=RULE``; see inline.py): its spans
        # join the protected ones, and a rule disabled somewhere is checked edit by edit.
        control = inline.controls(text) if inline.MARK in text else None
        protected = inline.with_protected(protected_spans(text), control)
        present = self._present(text)
        reshaped = False  # a reshaping step changed the text since the spans were found
        unmoved: EditColumns | None = None  # edits applied since ``protected`` was last moved
        for current in self.steps:
            if reshaped and not current.reshapes:
                # Converting full-width digits, removing an invisible character or joining
                # lines can make or unmake a URL or an emoticon: find the spans again, as the
                # next pass would, before the rules that judge punctuation and spaces. (Only
                # when something changed, so a paragraph cleaned alone gets the same spans as
                # inside the whole text.)
                if control is not None:
                    control = inline.controls(text)
                protected = inline.with_protected(protected_spans(text), control)
                reshaped = False
                unmoved = None
            if current.triggers and current.triggers.isdisjoint(present):
                continue
            if unmoved is not None:
                # Spans are moved only when a step needs them: not before they are found
                # again, nor after the last step.
                protected = unmoved.shift(protected)
                unmoved = None
            limited = control is not None and not current.ids.isdisjoint(control.rules)
            if tracker is None and current.rewrite is not None and not limited:
                rewrite = current.rewrite
                if not any(char in text for char in rewrite.marks):
                    continue  # no edit
                present.update(rewrite.writes)
                rewritten = _rewrite_outside(rewrite, text, protected)
                if rewritten is not None:
                    if rewritten[0] is not text:
                        text, protected = rewritten
                        reshaped = reshaped or current.reshapes
                    continue
            context = Context(self.options, protected, document)
            edits = current.edits(text, context, named=tracker is not None or limited)
            if limited:
                control = inline.controls(text)  # on the text as it is now
                if control is not None:
                    edits = [e for e in edits if not any(control.disabled(r, e.start, e.end) for r in e.rule.split("+"))]
            if not edits:
                continue
            columns = EditColumns(edits)
            if not columns.disjoint():
                columns = EditColumns(sorted_disjoint(edits))
            # Characters a rule writes may trigger later rules.
            present.update("".join(columns.replacements))
            if protected:
                columns = columns.without_overlaps(protected)
                if not columns.edits:
                    continue
            text = columns.apply(text)
            if tracker is not None:
                tracker.apply(columns.edits)
            reshaped = reshaped or current.reshapes
            if protected:
                unmoved = columns
        return text


# Trigger characters that most text has (spaces, ASCII punctuation, CR): ``in`` finds them
# at memchr speed, where a regex scan would make a match, and a string, for each of them.
_FREQUENT_TRIGGERS = frozenset(" !\"'(),.:;?\t\r\xa0")


def _class_scan(chars: Sequence[str]) -> re.Pattern[str] | None:
    """A pattern finding the runs of ``chars`` (None if there are none)."""
    return class_runs("".join(re.escape(c) for c in chars)) if chars else None


class _Rewrite(NamedTuple):
    """A rule whose edits, all applied, are a plain string rewrite: plain cleaning (no
    ``explain()``) calls ``function`` on the text between protected spans instead of making
    and applying an edit per match."""

    function: Callable[[str], str]
    """The text with all the rule's edits applied; the text itself when it has none."""
    marks: str
    """Every edit's span holds one of these characters, and only edits' spans do."""
    writes: str
    """The characters the edits write (they may trigger later rules)."""
    straddles: Callable[[str, int], bool]
    """Whether an edit of the rule on ``text`` could start before ``offset`` and end after it
    (then rewriting the text on either side of ``offset`` apart would not be the same)."""


def _rewrite_outside(
    rewrite: _Rewrite, text: str, spans: Sequence[tuple[int, int]]
) -> tuple[str, Sequence[tuple[int, int]]] | None:
    """``text`` rewritten outside ``spans`` (``text`` itself if that changes nothing) and the
    spans moved with it; None if an edit could straddle a span's edge. The same as applying
    the rule's edits that overlap no span: the rule's matches are local (one depends only on
    the characters it covers), so those between two spans are the rewrite of that stretch."""
    function = rewrite.function
    if not spans:
        return function(text), spans
    straddles = rewrite.straddles
    pieces: list[str] = []
    moved: list[tuple[int, int]] = []
    position = length = 0
    changed = False
    for start, end in spans:
        if straddles(text, start) or straddles(text, end):
            return None
        gap = text[position:start]
        new = function(gap)
        changed = changed or new is not gap
        length += len(new)
        moved.append((length, length + end - start))
        length += end - start
        pieces += (new, text[start:end])
        position = end
    gap = text[position:]
    new = function(gap)
    if not changed and new is gap:
        return text, spans
    pieces.append(new)
    return "".join(pieces), moved


def _crlf_at(text: str, offset: int) -> bool:
    return offset > 0 and text.startswith("\r\n", offset - 1)


# Rules with a plain-cleaning rewrite (see _Rewrite).
_REWRITES = {"line-endings": _Rewrite(lf_line_endings, LINE_BREAKS, "\n", _crlf_at)}


# Rules whose edits can change what is protected (protect.py looks at the characters of an
# address, at whitespace and at line boundaries); they run first, and the engine finds the
# protected spans again after them.
_RESHAPING_RULES = frozenset({
    "mojibake", "line-endings", "invisible-characters", "unicode-normalization",
    "fullwidth-alphanumerics", "ocr-digits", "convert-variants", "line-wrap", "paragraph-breaks",
})


class Step:
    """What the engine runs: one rule, or neighbouring rules that share a joint pass."""

    __slots__ = ("id", "rules", "triggers", "reshapes", "rewrite", "_joint", "_ids", "ids")

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self.id = "+".join(r.id for r in self.rules)
        # No triggers on a member means it may always have work.
        self.triggers: frozenset[str] = (
            frozenset().union(*(r.triggers for r in self.rules))
            if all(r.triggers for r in self.rules)
            else frozenset()
        )
        self._joint = self.rules[0].joint if len(self.rules) > 1 else None
        self._ids = self.ids = frozenset(r.id for r in self.rules)
        self.reshapes = all(r.id in _RESHAPING_RULES for r in self.rules)
        self.rewrite: _Rewrite | None = _REWRITES.get(self.id)

    def edits(self, text: str, context: Context, *, named: bool = True) -> list[Edit]:
        if self._joint is None:
            return self.rules[0].edits(text, context, named=named)
        if all(r.quick is not None and not r.quick(text) for r in self.rules):
            return []
        return list(self._joint(text, context, self._ids))


def _plan(rules: Sequence[Rule]) -> tuple[Step, ...]:
    """Group consecutive rules with the same joint pass into one step."""
    steps: list[Step] = []
    index = 0
    while index < len(rules):
        end = index + 1
        joint = rules[index].joint
        while joint is not None and end < len(rules) and rules[end].joint is joint:
            end += 1
        steps.append(Step(rules[index:end]))
        index = end
    return tuple(steps)


#: The engines a Cleaner can run (docs/engines.md).
ENGINES = ("auto", "core", "python")
#: Set to 1, it makes every cleaner run the Python reference, whatever its ``engine``.
PURE_PYTHON_VARIABLE = "WENBEN_PURE_PYTHON"


def _engine_core(engine: str):  # type: ignore[no-untyped-def]
    """The compiled core module to run, or None for the reference (see ``Cleaner(engine=)``)."""
    if engine not in ENGINES:
        raise ConfigError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine == "python" or os.environ.get(PURE_PYTHON_VARIABLE, "") not in ("", "0"):
        return None
    try:
        from . import _core
    except ImportError:
        if engine == "core":
            raise ConfigError(
                "engine='core' needs the compiled core (wenben._core), which is not built: "
                "pip install -e . or python scripts/build_core.py"
            ) from None
        return None
    return _core


def _plan_entry(step: Step, options: Options) -> tuple[list[str], str, bool, Callable[..., list[Edit]]]:
    """What the compiled core is told of ``step``: its rule IDs, its trigger characters (empty:
    always), whether it reshapes, and the reference's step (called if the core lacks it)."""
    def edits(text: str, protected: list[tuple[int, int]], document: str | None, named: bool) -> list[Edit]:
        return step.edits(text, Context(options, protected, document), named=named)

    return [rule.id for rule in step.rules], "".join(sorted(step.triggers)), step.reshapes, edits


def _rebuild_cleaner(profile: str, rules: tuple[str, ...], options: dict[str, object]) -> Cleaner:
    return Cleaner(profile, rules=rules, **options)


def paragraph_chunks(chunks: Iterable[str], min_size: int = 0) -> Iterator[str]:
    """Regroup text pieces into parts cut only at blank lines outside code fences (each part at
    least ``min_size`` characters where possible). Cleaning each part alone gives the same
    result as cleaning the whole: see :func:`join_cleaned`."""
    buffer = ""
    searched = 0  # the buffer before this offset was searched for a break
    retry_at = 0  # a long buffer with no break to cut at: look again once it has doubled
    for chunk in chunks:
        if not chunk:
            continue
        buffer += chunk
        if len(buffer) < min_size:
            searched = len(buffer)  # a part is cut only after min_size characters
            continue
        if len(buffer) < retry_at:
            continue  # searched stays: the next look covers all the text since the last
        # Only the new text (from the line it continues) can hold a new break.
        start = max(0, buffer.rfind("\n", 0, searched))
        searched = len(buffer)
        cut = _last_paragraph_break(buffer, start)
        if cut <= 0:
            # Every break may be refused (an open code fence or inline-control region), and
            # each look scans the whole buffer: looking at geometric sizes keeps it linear.
            if len(buffer) >= max(4 * min_size, _RETRY_FROM):
                retry_at = 2 * len(buffer)
            continue
        retry_at = 0
        yield buffer[:cut]
        buffer = buffer[cut:]
        searched = len(buffer)
    if buffer:
        yield buffer


#: Buffer size from which paragraph_chunks looks for a break only at doubling sizes.
_RETRY_FROM = 1 << 18


def document_start(chunks: Iterable[str]) -> tuple[str, Iterator[str]]:
    """The first ``EVIDENCE_SIZE`` characters of the text arriving in ``chunks`` (all of it if
    shorter), and the pieces of the whole text, those included."""
    iterator = iter(chunks)
    head: list[str] = []
    size = 0
    for chunk in iterator:
        head.append(chunk)
        size += len(chunk)
        if size >= EVIDENCE_SIZE:
            break
    start = "".join(head)
    return start[:EVIDENCE_SIZE], itertools.chain([start], iterator)


def join_cleaned(parts: Iterable[str]) -> Iterator[str]:
    """Join independently cleaned parts as the whole text would have been cleaned: each ends
    with one newline, so one more makes the blank line between paragraphs."""
    first = True
    for cleaned in parts:
        if cleaned:
            yield cleaned if first else "\n" + cleaned
            first = False


#: The rule that ``spacing="spaced"`` brings with it (the ``spaced`` profile runs it).
SPACED_RULE = "missing-space-chinese-latin"


def rule_names(value: object, argument: str = "rules") -> tuple[str, ...] | None:
    """Rule IDs given as a string (one ID, or several separated by commas), or as any iterable
    of such strings (list, tuple, set, frozenset), as a tuple; ``None`` stays ``None``.

    ``disable="dash"`` means the rule ``dash``, not the letters d, a, s, h."""
    if value is None:
        return None
    items: Iterable[object] = [value] if isinstance(value, str) else value  # type: ignore[assignment]
    try:
        items = list(items)
    except TypeError:
        raise ConfigError(f"{argument}= takes rule IDs (a string or a list of strings), not {type(value).__name__}") from None
    if isinstance(value, (set, frozenset)):
        items = sorted(items, key=str)  # a set has no order: make the result stable
    names: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ConfigError(f"{argument}= takes rule IDs (strings), not {type(item).__name__} {item!r}")
        names.extend(part.strip() for part in item.split(",") if part.strip())
    return tuple(dict.fromkeys(names))

ExplainParts = Callable[[Iterable[str]], Iterable[tuple[str, tuple[Edit, ...], OffsetMap]]]


def explain_cuts(text: str, size: int = PART_SIZE) -> list[int]:
    """Offsets at which ``text`` can be explained in parts of at least ``size`` characters:
    just after a blank line that is two bare newlines between other characters (so that the
    only edit the cut makes at the end of a part is deleting its last newline, which the join
    puts back: see :func:`joined_explanation`). The caller keeps code fences out."""
    cuts: list[int] = []
    search = size
    while len(text) - search > size:
        found = text.find("\n\n", search)
        if found < 0:
            break
        cut = found + 2
        if text[found - 1] != "\n" and text[cut] != "\n":
            cuts.append(cut)
            search = cut + size
        else:
            search = found + 1
    return cuts


def joined_explanation(cleaner: Cleaner, text: str, explain_parts: ExplainParts) -> Explanation:
    """``cleaner.explain(text)`` computed part by part (``explain_parts`` maps the cleaner's
    explanation of one part over the parts, in order, perhaps in other processes).

    A part ends with a blank line, two bare newlines; cleaned alone it loses the last one, which
    joining the parts puts back (see :func:`join_cleaned`). So where that is the part's last edit
    (the second newline deleted, or both replaced by one) and nothing else changed there,
    dropping it gives the edits and offsets of the whole text.
    Elsewhere (rare: a rule also wrote at the very end) the two parts are explained together.
    """
    bounds = [0, *explain_cuts(text), len(text)]
    results = iter(explain_parts(text[start:end] for start, end in zip(bounds, bounds[1:])))
    pieces: list[str] = []
    edits: list[tuple[EditList, int]] = []  # each part's, with where the part starts
    maps: list[tuple[OffsetMap, int, int]] = []
    length = 0
    start = 0
    current = next(results)
    for index, end in enumerate(bounds[1:], 1):
        cleaned, part_edits, offsets = current
        if end == len(text):
            break
        last = part_edits[-1] if part_edits else None
        if last is None or last.end != end - start or (last.end - last.start, last.replacement) not in _LAST_NEWLINE \
                or not cleaned.endswith("\n") or cleaned.endswith("\n\n"):
            next(results)  # the next part's own explanation is not needed
            # (With the document's paragraph evidence, as every part has it: ADR 0002.)
            current = cleaner._explain_part(text[start : bounds[index + 1]], document=text[:EVIDENCE_SIZE])
            continue
        pieces += (cleaned, "\n")
        edits.append((EditList.of(part_edits)[:-1], start))
        maps.append((offsets, length, start))
        length += len(cleaned)
        maps.append((_NEWLINE_MAP, length, end - 1))
        length += 1
        start = end
        current = next(results)
    cleaned, part_edits, offsets = current
    pieces.append(cleaned)
    edits.append((EditList.of(part_edits), start))
    maps.append((offsets, length, start))
    length += len(cleaned)
    return Explanation(text, "".join(pieces), EditList.joined(edits, len(text)), OffsetMap.joined(maps, length, len(text)))


_NEWLINE_MAP = EditTracker("\n").offset_map()
# (length, replacement) of a part's last edit that only takes away the newline the join puts back.
_LAST_NEWLINE = frozenset({(1, ""), (2, "\n")})


def _validate_options(options: Options) -> None:
    if options.spacing not in ("compact", "spaced"):
        raise ConfigError(f"spacing must be 'compact' or 'spaced', not {options.spacing!r}")
    if options.convert:
        from .rules.variants import converter

        converter(options.convert)


def _unknown_rule_message(name: str) -> str:
    import difflib

    close = difflib.get_close_matches(name, RULES, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f"; rules are {', '.join(RULES)}"
    return f"unknown rule {name!r}{hint}"


# A blank line (spaces, tabs, CR allowed on it): the text after it can be cleaned on its own.
_PARAGRAPH_BREAK = re.compile(f"\\n[{HSPACE}\\r]*\\n")


def _parts(text: str, size: int) -> Iterator[str]:
    """``text`` cut after blank lines outside code fences into parts of at least ``size``
    characters (the last may be shorter)."""
    start = 0
    search = size
    fenced = "```" in text  # once: it is a scan of the whole text
    control = inline.controls(text)  # once too (None without a directive)
    while len(text) - start > 2 * size:
        match = _PARAGRAPH_BREAK.search(text, search)
        if match is None:
            break
        cut = match.end()
        if (fenced and _inside_fence(text, cut)) or (control is not None and control.covers(cut)):
            search = cut  # inside a code fence or an inline-control region: try the next blank line
            continue
        yield text[start:cut]
        start = cut
        search = cut + size
    yield text[start:]


def _last_paragraph_break(text: str, search_from: int = 0) -> int:
    """Offset just after the last blank line (at or after ``search_from``) outside a code
    fence, or 0 if there is none."""
    candidates = [m.end() for m in _PARAGRAPH_BREAK.finditer(text, max(0, search_from))]
    if not candidates:
        return 0  # before any scan of the buffer: streaming one long block calls this per line
    fenced = "```" in text
    control = inline.controls(text)
    if not fenced and control is None:
        return candidates[-1]
    # One forward pass: the fence count up to each candidate grows by the fences between
    # candidates (a fence never straddles a cut, which follows a newline), so testing every
    # candidate costs one scan of the text, not one per candidate.
    best = 0
    fences, counted = 0, 0
    for cut in candidates:
        if fenced:
            fences += text.count("```", counted, cut)
            counted = cut
            if fences % 2 == 1:
                continue
        if control is None or not control.covers(cut):
            best = cut
    return best


def _inside_fence(text: str, cut: int) -> bool:
    """Whether ``cut`` falls between an opening and a closing code fence."""
    return text.count("```", 0, cut) % 2 == 1
