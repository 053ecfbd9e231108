"""Unified diffs (``--diff``) in time about linear in the input.

``difflib.unified_diff`` is quadratic on the texts wenben diffs most: long, mostly clean
documents whose changed lines are few and far apart between many equal lines, and whose
blank lines are frequent (its longest-match search then takes the leftmost short match, and
its recursion goes one match at a time). Here the lines are matched as ``git diff
--patience`` does: lines that occur once in each side are the anchors, their longest
increasing run (patience sorting, n log n) splits the texts into short gaps, and the gaps
are matched again the same way, a bounded number of levels deep. A small gap, and a small
whole file, goes to difflib itself (bounded work there), so the output of a short file is
exactly difflib's. Lines are cut at ``"\\n"`` only, as ``patch`` and ``git apply`` cut them
(``str.splitlines`` would also cut at U+2028, U+0085, form feeds..., which made diffs that
did not apply).

The format is ``diff -u``'s (and black's): ``---``/``+++`` headers, ``@@`` hunks with three
lines of context, ``\\ No newline at end of file`` after a last line without one.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence

__all__ = ["line_opcodes", "split_lines", "unified_diff"]

NO_NEWLINE = "\\ No newline at end of file\n"
# A gap whose sides multiply to at most this many line pairs is matched by difflib (whose work
# is then bounded by a constant): a short file gets difflib's own diff.
SMALL = 10_000
# How many times a gap is split again by its own unique lines; past it, a gap is one
# replacement (its common start and end still matched). Each level costs one pass over the
# lines, so the whole costs at most this many passes.
LEVELS = 8

Opcode = tuple[str, int, int, int, int]


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` with their ``"\\n"`` (a last line may lack it)."""
    lines = text.split("\n")
    last = lines.pop()
    lines = [line + "\n" for line in lines]
    if last:
        lines.append(last)
    return lines


def _matches(a: Sequence[int], b: Sequence[int]) -> list[tuple[int, int, int]]:
    """Matching blocks ``(i, j, size)`` of two sequences of line ids, in order, not
    necessarily merged when adjacent."""
    found: list[tuple[int, int, int]] = []
    work = [(0, len(a), 0, len(b), 0)]
    while work:
        alo, ahi, blo, bhi, level = work.pop()
        if level == 0 and (ahi - alo) * (bhi - blo) <= SMALL:
            _small(a, b, alo, ahi, blo, bhi, found)
            continue
        start = alo
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            alo += 1
            blo += 1
        if alo > start:
            found.append((start, blo - (alo - start), alo - start))
        end = ahi
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi -= 1
            bhi -= 1
        if ahi < end:
            found.append((ahi, bhi, end - ahi))
        if alo == ahi or blo == bhi:
            continue
        if ahi - alo + bhi - blo <= 8 and set(a[alo:ahi]).isdisjoint(b[blo:bhi]):
            continue  # the commonest gap: a line or two changed (cheaper than a matcher)
        if (ahi - alo) * (bhi - blo) <= SMALL:
            _small(a, b, alo, ahi, blo, bhi, found)
            continue
        if level >= LEVELS:
            continue
        anchors = _anchors(a, b, alo, ahi, blo, bhi)
        previous_i, previous_j = alo, blo
        for i, j in anchors:
            found.append((i, j, 1))
            if i > previous_i or j > previous_j:
                work.append((previous_i, i, previous_j, j, level + 1))
            previous_i, previous_j = i + 1, j + 1
        if anchors and (ahi > previous_i or bhi > previous_j):
            work.append((previous_i, ahi, previous_j, bhi, level + 1))
    found.sort()
    return found


def _small(a: Sequence[int], b: Sequence[int], alo: int, ahi: int, blo: int, bhi: int, found: list[tuple[int, int, int]]) -> None:
    matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=ahi - alo == len(a) and bhi - blo == len(b))
    for i, j, size in matcher.get_matching_blocks():
        if size:
            found.append((alo + i, blo + j, size))


def _anchors(a: Sequence[int], b: Sequence[int], alo: int, ahi: int, blo: int, bhi: int) -> list[tuple[int, int]]:
    """The lines that occur once in ``a[alo:ahi]`` and once in ``b[blo:bhi]``, paired, and
    of those pairs the longest run increasing on both sides (patience sorting)."""
    in_a = Counter(a[alo:ahi])
    in_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if in_b[b[j]] == 1 and in_a.get(b[j]) == 1}
    if not where_b:
        return []
    pairs = [(i, where_b[a[i]]) for i in range(alo, ahi) if a[i] in where_b]
    # Longest increasing subsequence on j (the i are increasing already).
    tails: list[int] = []  # the smallest last j of a run of each length
    tail_index: list[int] = []  # which pair ends that run
    back = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        length = bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[length] = j
            tail_index[length] = index
        back[index] = tail_index[length - 1] if length else -1
    run: list[tuple[int, int]] = []
    index = tail_index[-1]
    while index >= 0:
        run.append(pairs[index])
        index = back[index]
    run.reverse()
    return run


def line_opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """``difflib.SequenceMatcher(None, a, b).get_opcodes()``'s form (equal, replace, delete,
    insert), found in about linear time: see the module's docstring."""
    ids: dict[str, int] = {}
    a_ids = [ids.setdefault(line, len(ids)) for line in a]
    b_ids = [ids.setdefault(line, len(ids)) for line in b]
    codes: list[Opcode] = []
    i = j = 0
    for mi, mj, size in [*_merged(_matches(a_ids, b_ids)), (len(a), len(b), 0)]:
        if i < mi and j < mj:
            codes.append(("replace", i, mi, j, mj))
        elif i < mi:
            codes.append(("delete", i, mi, j, mj))
        elif j < mj:
            codes.append(("insert", i, mi, j, mj))
        if size:
            codes.append(("equal", mi, mi + size, mj, mj + size))
        i, j = mi + size, mj + size
    return codes


def _merged(blocks: list[tuple[int, int, int]]) -> Iterator[tuple[int, int, int]]:
    current: tuple[int, int, int] | None = None
    for i, j, size in blocks:
        if current is not None and current[0] + current[2] == i and current[1] + current[2] == j:
            current = (current[0], current[1], current[2] + size)
            continue
        if current is not None:
            yield current
        current = (i, j, size)
    if current is not None:
        yield current


def _grouped(codes: list[Opcode], context: int) -> Iterator[list[Opcode]]:
    """The opcodes in hunks with ``context`` equal lines around each change
    (``SequenceMatcher.get_grouped_opcodes``)."""
    if not codes:
        codes = [("equal", 0, 1, 0, 1)]
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = tag, max(i1, i2 - context), i2, max(j1, j2 - context), j2
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)
    group: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * context:
            group.append((tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)))
            yield group
            group = []
            i1, j1 = max(i1, i2 - context), max(j1, j2 - context)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _range(start: int, stop: int) -> str:
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start if not length else start + 1},{length}"


def _line(prefix: str, line: str) -> str:
    return prefix + line if line.endswith("\n") else prefix + line + "\n" + NO_NEWLINE


def unified_diff(a: str, b: str, fromfile: str, tofile: str, context: int = 3) -> Iterator[str]:
    """The unified diff that turns text ``a`` into ``b``, line by line (each ends with
    ``"\\n"``; a last line without one is followed by ``\\ No newline at end of file``).
    Nothing when they are equal."""
    if a == b:
        return
    a_lines, b_lines = split_lines(a), split_lines(b)
    started = False
    for group in _grouped(line_opcodes(a_lines, b_lines), context):
        if not started:
            started = True
            yield f"--- {fromfile}\n"
            yield f"+++ {tofile}\n"
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for line in a_lines[i1:i2]:
                    yield _line(" ", line)
                continue
            if tag in ("replace", "delete"):
                for line in a_lines[i1:i2]:
                    yield _line("-", line)
            if tag in ("replace", "insert"):
                for line in b_lines[j1:j2]:
                    yield _line("+", line)
