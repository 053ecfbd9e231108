"""Edits, and the bookkeeping that maps cleaned text back to its source.

Every change wenben makes is an :class:`Edit`: replace ``text[start:end]`` by ``replacement``,
proposed by a named rule. Rules run one after another, each on the previous rule's output, so
their edits are in different coordinates. :class:`EditTracker` composes them into edits on the
*original* text (merging edits of later rules that touch text earlier rules produced), which is
what ``explain()``, ``--check`` and the offset map report.
"""

from __future__ import annotations

import itertools
import operator
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Iterable, Iterator, NamedTuple, Sequence, overload


class Edit(NamedTuple):
    """Replace ``[start, end)`` by ``replacement``; ``rule`` is the ID of the rule that asked.

    When several rules changed the same stretch of source, ``rule`` names them joined by ``+``
    in the order they ran (e.g. ``"quotes+corner-quotes"``). A named tuple rather than a
    dataclass: rules make many of them and creating one must be cheap.
    """

    rule: str
    start: int
    end: int
    replacement: str

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(self.rule.split("+"))


Column = Sequence[int]  # an ``array`` or a ``memoryview`` cast to integers


def _code(largest: int) -> str:
    """The narrowest ``array`` typecode of the columns for numbers up to ``largest``."""
    return "I" if largest < 1 << 32 else "q"


def _picklable(column: Column) -> Column:
    """A column as an ``array`` (a ``memoryview`` over the core's bytes does not pickle)."""
    if isinstance(column, memoryview):
        return array(column.format, column.tobytes())  # type: ignore[arg-type]
    return column


class EditList(Sequence[Edit]):
    """The edits of an :class:`~wenben.Explanation`: a sequence of :class:`Edit` held as
    columns, each ``Edit`` made when it is read (indexing, slicing, iterating).

    An edit-dense line has an edit every few bytes, and an ``Edit`` object costs ~150 bytes;
    as columns one costs ~16 (issue #15, ADR 0008). It compares equal to a tuple or list of
    the same edits, and to another ``EditList`` of them; ``len``, ``bool``, indexing, slicing
    (another ``EditList``), iteration, ``in``, ``index`` and ``count`` work as on a tuple.
    """

    __slots__ = ("_names", "_rules", "_starts", "_ends", "_cuts", "_written")

    def __init__(
        self, names: Sequence[str], rules: Column, starts: Column, ends: Column, cuts: Column, written: str
    ) -> None:
        # rules[i]: index of edit i's rule (names joined by "+") in ``names``; its replacement
        # is written[cuts[i]:cuts[i + 1]] (``cuts`` has one more entry than there are edits).
        self._names = names
        self._rules = rules
        self._starts = starts
        self._ends = ends
        self._cuts = cuts
        self._written = written

    @classmethod
    def of(cls, edits: Iterable[Edit]) -> "EditList":
        """The edits as an ``EditList`` (itself if it is one)."""
        if isinstance(edits, EditList):
            return edits
        names: dict[str, int] = {}
        rules, starts, ends, cuts = array("I"), array("q"), array("q"), array("q", [0])
        parts: list[str] = []
        total = 0
        for edit in edits:
            rules.append(names.setdefault(edit.rule, len(names)))
            starts.append(edit.start)
            ends.append(edit.end)
            parts.append(edit.replacement)
            total += len(edit.replacement)
            cuts.append(total)
        return cls(list(names), rules, starts, ends, cuts, "".join(parts))

    @classmethod
    def joined(cls, parts: Sequence[tuple["EditList", int]], length: int) -> "EditList":
        """One list from lists of edits of consecutive parts of a text of ``length``
        characters, each given with the offset at which its part starts in the text."""
        if len(parts) == 1 and parts[0][1] == 0:
            return parts[0][0]  # (one long line: its columns as they are, not copied)
        names: dict[str, int] = {}
        code = _code(length + sum(len(part._written) for part, _ in parts))
        rules, starts, ends, cuts = array("I"), array(code), array(code), array(code, [0])
        written: list[str] = []
        total = 0
        for part, offset in parts:
            index = [names.setdefault(name, len(names)) for name in part._names]
            rules.extend(index[rule] for rule in part._rules)
            starts.extend(start + offset for start in part._starts)
            ends.extend(end + offset for end in part._ends)
            first, last = part._cuts[0], part._cuts[len(part)]
            cuts.extend(cut - first + total for cut in itertools.islice(part._cuts, 1, len(part) + 1))
            written.append(part._written[first:last])
            total += last - first
        return cls(list(names), rules, starts, ends, cuts, "".join(written))

    def __len__(self) -> int:
        return len(self._starts)

    def _edit(self, index: int) -> Edit:
        cuts = self._cuts
        return Edit(
            self._names[self._rules[index]], self._starts[index], self._ends[index],
            self._written[cuts[index] : cuts[index + 1]],
        )

    @overload
    def __getitem__(self, index: int) -> Edit: ...

    @overload
    def __getitem__(self, index: slice) -> "EditList": ...

    def __getitem__(self, index: int | slice) -> "Edit | EditList":
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return EditList.of([self._edit(i) for i in range(start, stop, step)])
            stop = max(start, stop)
            return EditList(
                self._names, self._rules[start:stop], self._starts[start:stop], self._ends[start:stop],
                self._cuts[start : stop + 1], self._written,
            )
        index = operator.index(index)
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("edit index out of range")
        return self._edit(index)

    def __iter__(self) -> Iterator[Edit]:
        names, written, cuts = self._names, self._written, self._cuts
        ends = itertools.islice(cuts, 1, None)
        for rule, start, end, cut, cut_end in zip(self._rules, self._starts, self._ends, cuts, ends):
            yield Edit(names[rule], start, end, written[cut:cut_end])

    def __reversed__(self) -> Iterator[Edit]:
        for index in range(len(self) - 1, -1, -1):
            yield self._edit(index)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (EditList, tuple, list)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"EditList({list(self)!r})"

    def __reduce__(self):  # type: ignore[no-untyped-def]
        columns = (self._rules, self._starts, self._ends, self._cuts)
        return (EditList, (list(self._names), *map(_picklable, columns), self._written))


def edits_from_rows(rows: Iterable[tuple[str, int, int, str]]) -> list[Edit]:
    """Edits made from ``(rule, start, end, replacement)`` rows."""
    return [Edit(rule, start, end, replacement) for rule, start, end, replacement in rows]


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply sorted, non-overlapping edits to ``text``.

    Raises ``ValueError`` on overlapping or unsorted edits: that is a bug in a rule, and applying
    them anyway could lose text silently.
    """
    if not edits:
        return text
    columns = EditColumns(edits)
    if not columns.disjoint():
        raise ValueError(f"overlapping or unsorted edit {columns.first_disorder()!r}")
    return columns.apply(text)


class EditColumns:
    """One rule's edits on one text, as the engine handles them: checked for order, filtered
    against the protected spans, applied, and used to move those spans.

    ``starts``, ``ends`` and ``replacements`` are the edits' fields as parallel lists. Once the
    edits are sorted and disjoint (:meth:`disjoint`), both ``starts`` and ``ends`` are sorted,
    which lets the questions about a span be answered by binary search.
    """

    __slots__ = ("edits", "starts", "ends", "replacements")

    def __init__(self, edits: Sequence[Edit]) -> None:
        self.edits = edits
        self.starts: list[int] = [edit.start for edit in edits]
        self.ends: list[int] = [edit.end for edit in edits]
        self.replacements: list[str] = [edit.replacement for edit in edits]

    def disjoint(self) -> bool:
        """Sorted and non-overlapping: no edit ends before it starts, and none starts before the
        previous one ends (touching edits, and insertions at the same point, are allowed)."""
        previous_end = self.starts[0] if self.starts else 0
        for start, end in zip(self.starts, self.ends):
            if start < previous_end or end < start:
                return False
            previous_end = end
        return True

    def first_disorder(self) -> Edit:
        """The first edit that breaks :meth:`disjoint`, for the error message."""
        for index, edit in enumerate(self.edits):
            if edit.end < edit.start or (index and self.ends[index - 1] > edit.start):
                return edit
        return self.edits[0]  # pragma: no cover - only called when disjoint() is False

    def apply(self, text: str) -> str:
        """``text`` with every edit applied (the edits must be disjoint)."""
        pieces: list[str] = []
        copied_from = 0  # where the text not yet copied starts
        for start, end, replacement in zip(self.starts, self.ends, self.replacements):
            pieces.append(text[copied_from:start])
            pieces.append(replacement)
            copied_from = end
        pieces.append(text[copied_from:])
        return "".join(pieces)

    def _overlapping(self, span_start: int, span_end: int) -> range:
        """The indexes of the edits that overlap ``[span_start, span_end)``: those that end
        after the span starts and start before it ends. An insertion at either edge of a span
        is outside it; one strictly inside it overlaps it. As ``ends`` and ``starts`` are
        sorted, those edits are consecutive."""
        first = bisect_right(self.ends, span_start)  # the edits before it end at or before the start
        last = bisect_left(self.starts, span_end)  # the edits from it on start at or after the end
        return range(first, last)

    def without_overlaps(self, spans: Sequence[tuple[int, int]]) -> "EditColumns":
        """The edits that leave every span alone (``self`` when they all do)."""
        dropped: set[int] = set()
        for span_start, span_end in spans:
            dropped.update(self._overlapping(span_start, span_end))
        if not dropped:
            return self
        return EditColumns([edit for index, edit in enumerate(self.edits) if index not in dropped])

    def shift(self, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """Where ``spans`` (which no edit overlaps) are once the edits are applied: a span
        moves by how much the edits that end at or before its start lengthen the text."""
        # growth_before[i]: how much the first i edits lengthen the text.
        growth_before = [0]
        for start, end, replacement in zip(self.starts, self.ends, self.replacements):
            growth_before.append(growth_before[-1] + len(replacement) - (end - start))
        shifted = []
        for span_start, span_end in spans:
            delta = growth_before[bisect_right(self.ends, span_start)]
            shifted.append((span_start + delta, span_end + delta))
        return shifted


def sorted_disjoint(edits: list[Edit]) -> list[Edit]:
    """Edits in order, without overlaps. Rules should already yield them so; if one does not,
    the later of two overlapping edits is dropped rather than the text put at risk."""
    ordered = True
    previous_end = 0
    for edit in edits:
        if edit.start < previous_end:
            ordered = False
            break
        previous_end = edit.end
    if ordered:
        return edits
    result: list[Edit] = []
    previous_end = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start >= previous_end:
            result.append(edit)
            previous_end = edit.end
    return result


@dataclass(slots=True)
class _Piece:
    """A stretch of the current text: either copied from ``source[src_start:src_end]``
    (``rules`` empty, ``text`` None: the source is not sliced until the text is asked for, so
    cutting a long copied stretch at an edit costs nothing however long it is) or ``text``
    written by the rules in ``rules`` in place of that source stretch."""

    src_start: int
    src_end: int
    text: str | None = None
    rules: tuple[str, ...] = ()

    def __len__(self) -> int:
        text = self.text
        return self.src_end - self.src_start if text is None else len(text)


class EditTracker:
    """Composes per-rule edits into edits on the original text, and maps offsets back.

    Linear in the text and the edits: each rule's edits are merged with the current pieces in
    one walk, and a copied piece is two offsets, so cutting it never copies text (it did, and
    ``explain()`` on one long line was quadratic: 110 s for 9.6 MB).
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self._pieces: list[_Piece] = [_Piece(0, len(source))] if source else []
        self._rules: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._composed: tuple[EditList, OffsetMap] | None = None

    def adopt(self, edits: EditList, offsets: "OffsetMap") -> None:
        """Take a composition made elsewhere (the compiled core's tracker, which is this one
        ported) as this tracker's: its edits and offset map are then these."""
        self._pieces = []
        self._composed = (edits, offsets)

    def apply(self, edits: Iterable[Edit]) -> None:
        """Record edits made on the current text (the result of all edits recorded so far).

        An edit that touches text an earlier rule wrote is merged with that earlier edit, so the
        composed edits never overlap and always apply cleanly to the source.
        """
        new: list[_Piece] = []
        append = new.append
        interned = self._rules
        remaining = iter(self._pieces)
        pending = next(remaining, None)
        position = 0  # offset in the current text where ``pending`` starts
        source_length = len(self.source)
        for edit in edits:
            start, end = edit.start, edit.end
            while pending is not None and position + len(pending) <= start:
                append(pending)
                position += len(pending)
                pending = next(remaining, None)
            rules: list[str] = []
            prefix = suffix = ""
            if pending is None:
                src_start = source_length
            elif pending.rules:
                prefix = pending.text[: start - position]  # type: ignore[index]
                src_start = pending.src_start
            else:
                cut = start - position
                if cut:
                    append(_Piece(pending.src_start, pending.src_start + cut))
                    pending = _Piece(pending.src_start + cut, pending.src_end)
                    position = start
                src_start = pending.src_start
            src_end = src_start
            carried = False  # the edit ends inside a written piece: its tail stays pending
            while pending is not None and (position < end or (pending.rules and position < start)):
                piece_end = position + len(pending)
                if pending.rules:
                    rules.extend(rule for rule in pending.rules if rule not in rules)
                    src_end = pending.src_end
                    if piece_end > end:
                        suffix = pending.text[end - position :]  # type: ignore[index]
                        carried = True
                        break
                elif piece_end > end:
                    src_end = pending.src_start + (end - position)
                    pending = _Piece(src_end, pending.src_end)
                    position = end
                    break
                else:
                    src_end = pending.src_end
                position = piece_end
                pending = next(remaining, None)
            if edit.rule not in rules:
                rules.append(edit.rule)
            names = tuple(rules)
            # One tuple per distinct list of rules, shared by the pieces that have it.
            names = interned.setdefault(names, names)
            merged = _Piece(src_start, src_end, prefix + edit.replacement + suffix, names)
            if carried:
                # Later edits may still fall in ``suffix``; place the merged piece so that its
                # suffix keeps the current-text offsets the edits are expressed in.
                pending = merged
                position = end - len(prefix) - len(edit.replacement)
            else:
                append(merged)
        if pending is not None:
            append(pending)
        new.extend(remaining)
        self._pieces = _merge_adjacent(new)

    @property
    def text(self) -> str:
        if self._composed is not None:
            return apply_edits(self.source, self._composed[0])
        source = self.source
        return "".join(
            source[piece.src_start : piece.src_end] if piece.text is None else piece.text
            for piece in self._pieces
        )

    def edit_list(self) -> EditList:
        """:meth:`edits` as an :class:`EditList` (the core's columns as they came)."""
        if self._composed is not None:
            return self._composed[0]
        return EditList.of(self.edits())

    def edits(self) -> list[Edit]:
        """The composed edits on the source, sorted, non-overlapping; no-op pieces dropped."""
        if self._composed is not None:
            return list(self._composed[0])
        result = []
        source = self.source
        for piece in self._pieces:
            if piece.rules and source[piece.src_start : piece.src_end] != piece.text:
                result.append(Edit("+".join(piece.rules), piece.src_start, piece.src_end, piece.text))  # type: ignore[arg-type]
        return result

    def offset_map(self) -> "OffsetMap":
        if self._composed is not None:
            return self._composed[1]
        return OffsetMap(self._pieces, len(self.source))


def composed_from_columns(
    edit_columns: tuple[list[str], tuple[str, bytes], tuple[str, bytes], tuple[str, bytes], tuple[str, bytes], str],
    offset_columns: tuple[tuple[str, bytes], tuple[str, bytes], bytes, int],
    source_length: int,
) -> tuple[EditList, "OffsetMap"]:
    """The edits and offset map of a composition handed over as columns (the compiled core's
    tracker; each column an ``array`` typecode and its native-endian bytes, read in place):
    the rule names, per edit the index of its names, start, end, and where its replacement
    ends in the joined replacements (after a leading 0), then those; the map's output starts,
    source starts, one byte per piece (written or copied), and the output's length."""
    names, rules, starts, ends, cuts, written = edit_columns
    edits = EditList(names, *(memoryview(data).cast(code) for code, data in (rules, starts, ends, cuts)), written)
    (start_code, start_bytes), (source_code, source_bytes), flags, length = offset_columns
    offsets = OffsetMap((), source_length)
    offsets._starts = memoryview(start_bytes).cast(start_code)  # type: ignore[assignment]
    offsets._sources = memoryview(source_bytes).cast(source_code)  # type: ignore[assignment]
    offsets._written = flags  # type: ignore[assignment]
    offsets._length = length
    return edits, offsets


def _merge_adjacent(pieces: list[_Piece]) -> list[_Piece]:
    """Drop empty copied pieces and join touching copied pieces, to keep the list short."""
    merged: list[_Piece] = []
    for piece in pieces:
        if not piece.rules:
            if piece.src_start == piece.src_end:
                continue
            if merged and not merged[-1].rules and merged[-1].src_end == piece.src_start:
                merged[-1] = _Piece(merged[-1].src_start, piece.src_end)
                continue
        merged.append(piece)
    return merged


class OffsetMap:
    """Maps an offset in the cleaned text to the offset in the source it came from.

    Inside text copied from the source the map is exact; inside text a rule wrote, every offset
    maps to the start of the source stretch it replaced. The map is monotonic. Kept as columns
    (where each piece starts in the output and in the source, whether a rule wrote it), so that
    maps of parts cleaned apart join into one (:meth:`joined`) and pickle small.
    """

    def __init__(self, pieces: Sequence[_Piece], source_length: int) -> None:
        # Machine-integer arrays, not lists: a list holds an int object (~32 bytes) and a
        # pointer per piece, and an edit-dense line has two pieces per edit (issue #15).
        self._starts = array("q")  # where each piece starts in the output
        position = 0
        for piece in pieces:
            self._starts.append(position)
            position += len(piece)
        self._length = position
        self._sources = array("q", [piece.src_start for piece in pieces])
        self._written = bytearray(bool(piece.rules) for piece in pieces)
        self._source_length = source_length

    @classmethod
    def joined(cls, parts: Iterable[tuple["OffsetMap", int, int]], length: int, source_length: int) -> "OffsetMap":
        """One map from maps of consecutive parts, each given with the offsets at which its part
        starts in the output and in the source."""
        parts = list(parts)
        if len(parts) == 1 and parts[0][1:] == (0, 0) and (parts[0][0]._length, parts[0][0]._source_length) == (length, source_length):
            return parts[0][0]  # (one long line: its columns as they are, not copied)
        joined = cls((), source_length)
        code = _code(max(length, source_length))
        joined._starts, joined._sources = array(code), array(code)
        for part, output_at, source_at in parts:
            joined._starts.extend(start + output_at for start in part._starts)
            joined._sources.extend(start + source_at for start in part._sources)
            joined._written += part._written
        joined._length = length
        return joined

    def __getstate__(self) -> dict[str, object]:
        # (Columns the core made are memoryviews over its bytes: pickled as arrays.)
        state = dict(self.__dict__)
        state["_starts"] = _picklable(state["_starts"])  # type: ignore[arg-type]
        state["_sources"] = _picklable(state["_sources"])  # type: ignore[arg-type]
        return state

    def _steps(self) -> Iterator[tuple[int, int]]:
        """``map(o + 1) - map(o)`` for every ``o`` below the output's length, as runs
        ``(difference, count)``, adjacent equal runs merged: with ``map(0)`` and the lengths it
        says what the map does, however the pieces were cut (a part's map joined to the next,
        an empty piece, a written piece of one character, which maps as a copied one does)."""
        starts, sources, written, length = self._starts, self._sources, self._written, self._length
        value, count = 0, 0
        for index in range(len(starts)):
            end = starts[index + 1] if index + 1 < len(starts) else length
            size = end - starts[index]
            if size <= 0:
                continue
            slope = 0 if written[index] else 1
            last = sources[index] + (size - 1) * slope
            for step, steps in ((slope, size - 1), (self(end) - last, 1)):
                if steps == 0:
                    continue
                if step == value:
                    count += steps
                    continue
                if count:
                    yield value, count
                value, count = step, steps
        if count:
            yield value, count

    def __eq__(self, other: object) -> bool:
        """Whether both maps map every offset of the cleaned text to the same source offset
        (so that an :class:`~wenben.Explanation` equals its pickled copy)."""
        if not isinstance(other, OffsetMap):
            return NotImplemented
        if (self._length, self._source_length, self(0)) != (other._length, other._source_length, other(0)):
            return False
        return all(a == b for a, b in itertools.zip_longest(self._steps(), other._steps()))

    def __hash__(self) -> int:
        return hash((self._length, self._source_length))

    def __call__(self, offset: int) -> int:
        if offset < 0 or offset > self._length:
            raise IndexError(f"offset {offset} outside the cleaned text (length {self._length})")
        if offset == self._length:
            return self._source_length
        index = bisect_right(self._starts, offset) - 1
        if self._written[index]:
            return self._sources[index]
        return self._sources[index] + (offset - self._starts[index])


def line_starts(text: str) -> list[int]:
    """The offset where each line of ``text`` starts (for line:column positions)."""
    starts = [0]
    index = text.find("\n")
    while index >= 0:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts
