"""JSON Lines: one string field (or several) of each record cleaned; everything else kept.

A record is a line holding one JSON object. The string at each named field is cleaned as a
text document (all rules, like a file), and only that string's literal is rewritten in the
line: the other fields, the key order, the spacing and the spelling of numbers and escapes stay
byte for byte, and a record whose fields do not change comes out byte-identical. The line count
never changes.

The field is ``text`` by default (the convention of LLM data pipelines); a dotted path names a
nested one (``meta.text``, ``messages.0.content``; an exact key wins over a path). A line that
is not a JSON object, lacks a field, or has a non-string value there is a *problem*: reported
with its line number and copied unchanged (``errors="copy"``), or raised as
:class:`~wenben.errors.InputError` (``errors="fail"``). Blank lines pass through.

Edits are on the file's text (line = record number), so ``--check`` reports
``path:record:col``, and ``--diff`` and ``--report`` show the records as written.
The per-record functions (:func:`clean_record`, :func:`explain_record`) are pure and can be
mapped over records in worker processes.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field
from json.decoder import scanstring
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

from ..edits import Edit, EditTracker
from ..errors import ConfigError, InputError

if TYPE_CHECKING:
    from ..engine import Cleaner, Explanation

#: The field cleaned when none is named.
DEFAULT_FIELD = "text"
ERROR_POLICIES = ("copy", "fail")

_DECODER = json.JSONDecoder()
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SURROGATE = re.compile("[\ud800-\udfff]")


class JsonlWarning(UserWarning):
    """A JSON Lines record that could not be cleaned and was copied unchanged."""


@dataclass
class JsonlOptions:
    """How JSON Lines records are cleaned.

    ``on_problem(line_number, message)`` is told of every problem record (with
    ``errors="copy"``); without it a :class:`JsonlWarning` is issued.
    """

    fields: Sequence[str] = (DEFAULT_FIELD,)
    errors: str = "copy"
    on_problem: Callable[[int, str], None] | None = None
    source: str | None = None
    records: int = field(default=0, compare=False)
    """Records whose fields were cleaned (a running count)."""

    def __post_init__(self) -> None:
        if isinstance(self.fields, str):
            self.fields = (self.fields,)
        self.fields = tuple(name.strip() for value in self.fields for name in value.split(",") if name.strip())
        if not self.fields:
            raise ConfigError("no JSON Lines field given")
        if self.errors not in ERROR_POLICIES:
            raise ConfigError(f"unknown JSON Lines error policy {self.errors!r}; choose copy or fail")

    def problem(self, number: int, message: str) -> None:
        if self.errors == "fail":
            name = f"{self.source}:{number}" if self.source else f"line {number}"
            raise InputError(f"{name}: {message}")
        if self.on_problem is not None:
            self.on_problem(number, message)
        else:
            name = f"{self.source}:{number}" if self.source else f"line {number}"
            warnings.warn(f"{name}: {message}; copied unchanged", JsonlWarning, stacklevel=4)


class _Problem(Exception):
    pass


# --------------------------------------------------------------------------------------------
# Finding a field's string literal in a line, without re-serialising anything


def _skip(s: str, index: int) -> int:
    return _WHITESPACE.match(s, index).end()  # type: ignore[union-attr]


def _members(s: str, index: int) -> tuple[dict[str, tuple[int, int, Any]], int]:
    """The members of the object at ``s[index] == "{"``: key -> (value start, end, value)."""
    members: dict[str, tuple[int, int, Any]] = {}
    index = _skip(s, index + 1)
    if s.startswith("}", index):
        return members, index + 1
    while True:
        if not s.startswith('"', index):
            raise _Problem(f"not JSON (expected a key at column {index + 1})")
        try:
            key, index = scanstring(s, index + 1)
        except ValueError as error:
            raise _Problem(f"not JSON ({error})") from None
        index = _skip(s, index)
        if not s.startswith(":", index):
            raise _Problem(f"not JSON (expected ':' at column {index + 1})")
        start = _skip(s, index + 1)
        try:
            value, end = _DECODER.raw_decode(s, start)
        except ValueError as error:
            raise _Problem(f"not JSON ({error})") from None
        if key in members:
            raise _Problem(f"duplicate key {key!r}: the record is kept unchanged")
        members[key] = (start, end, value)
        index = _skip(s, end)
        if s.startswith(",", index):
            index = _skip(s, index + 1)
            continue
        if s.startswith("}", index):
            return members, index + 1
        raise _Problem(f"not JSON (expected ',' or '}}' at column {index + 1})")


def _elements(s: str, index: int) -> list[tuple[int, int, Any]]:
    """The elements of the array at ``s[index] == "["``."""
    elements: list[tuple[int, int, Any]] = []
    index = _skip(s, index + 1)
    if s.startswith("]", index):
        return elements
    while True:
        value, end = _DECODER.raw_decode(s, index)
        elements.append((index, end, value))
        index = _skip(s, end)
        if s.startswith(",", index):
            index = _skip(s, index + 1)
            continue
        return elements


def _record(body: str) -> dict[str, tuple[int, int, Any]]:
    """The top-level members of a record line (validated: one object, nothing after it)."""
    start = _skip(body, 0)
    if not body.startswith("{", start):
        try:
            value = json.loads(body)
        except ValueError as error:
            raise _Problem(f"not JSON ({error})") from None
        raise _Problem(f"not a JSON object but {type(value).__name__}")
    members, end = _members(body, start)
    if _skip(body, end) != len(body):
        raise _Problem(f"not JSON (extra data at column {end + 1})")
    return members


def _find(body: str, members: dict[str, tuple[int, int, Any]], name: str) -> tuple[int, int, Any] | None:
    """The (start, end, value) of field ``name``: an exact key, else a dotted path through
    objects and list indices."""
    if name in members:
        return members[name]
    parts = name.split(".")
    current: tuple[int, int, Any] | None = None
    scope: dict[str, tuple[int, int, Any]] | list[tuple[int, int, Any]] = members
    for number, part in enumerate(parts):
        if isinstance(scope, dict):
            if part not in scope:
                return None
            current = scope[part]
        elif part.isdigit() and int(part) < len(scope):
            current = scope[int(part)]
        else:
            return None
        if number == len(parts) - 1:
            return current
        start, _, value = current
        if isinstance(value, dict):
            scope = _members(body, start)[0]
        elif isinstance(value, list):
            scope = _elements(body, start)
        else:
            return None
    return None  # pragma: no cover


def _literal_offsets(literal: str) -> list[int]:
    """For a JSON string literal (with its quotes), the offset in it of each character of the
    decoded string, and of its end (the closing quote)."""
    offsets: list[int] = []
    index = 1
    end = len(literal) - 1
    while index < end:
        offsets.append(index)
        if literal[index] != "\\":
            index += 1
        elif literal[index + 1] != "u":
            index += 2
        else:
            code = int(literal[index + 2 : index + 6], 16)
            if 0xD800 <= code < 0xDC00 and literal.startswith("\\u", index + 6):
                low = int(literal[index + 8 : index + 12], 16)
                index += 12 if 0xDC00 <= low < 0xE000 else 6
            else:
                index += 6
    offsets.append(end)
    return offsets


def _encoder(literal: str) -> Callable[[str], str]:
    """Write a string (without quotes) as this literal's writer did: ``\\uXXXX`` for non-ASCII
    if it is all ASCII with such escapes, else UTF-8 as it is."""
    ascii_style = literal.isascii() and "\\u" in literal

    def encode(text: str) -> str:
        out = json.dumps(text, ensure_ascii=ascii_style)
        if not ascii_style and _SURROGATE.search(out):
            out = json.dumps(text, ensure_ascii=True)  # lone surrogates are not UTF-8
        return out[1:-1]

    return encode


def _value_edits(cleaner: "Cleaner", value: str) -> tuple[str, list[Edit]]:
    """The cleaned value and its edits; like ``clean()`` but without the final newline that a
    file gets (a record's text is not a file)."""
    explained = cleaner.explain(value)
    text = explained.text
    edits = list(explained.edits)
    if text.endswith("\n") and not value.endswith("\n") and edits:
        last = edits[-1]
        if last.replacement.endswith("\n") and last.end == len(value):
            trimmed = Edit(last.rule, last.start, last.end, last.replacement[:-1])
            edits[-1] = trimmed
            if trimmed.start == trimmed.end and not trimmed.replacement:
                edits.pop()
            text = text[:-1]
    return text, edits


def _clean_value(cleaner: "Cleaner", value: str) -> str:
    cleaned = cleaner.clean(value)
    if cleaned.endswith("\n") and not value.endswith("\n"):
        cleaned = cleaned[:-1]
    return cleaned


# --------------------------------------------------------------------------------------------
# Records


def _line_ending(line: str) -> int:
    if line.endswith("\r\n"):
        return 2
    if line.endswith("\n"):
        return 1
    return 0


def _targets(body: str, options: JsonlOptions, number: int) -> list[tuple[int, int, str]] | None:
    """The string literals to clean in a record: (start, end, value), sorted; None (after
    reporting the problem) if the record is to be copied."""
    try:
        members = _record(body)
    except _Problem as problem:
        options.problem(number, str(problem))
        return None
    found: dict[int, tuple[int, int, str]] = {}
    for name in options.fields:
        try:
            target = _find(body, members, name)
        except (_Problem, ValueError) as problem:  # pragma: no cover - validated above
            options.problem(number, str(problem))
            continue
        if target is None:
            options.problem(number, f"no field {name!r}")
            continue
        start, end, value = target
        if not isinstance(value, str):
            kind = "null" if value is None else type(value).__name__
            options.problem(number, f"field {name!r} is {kind}, not a string")
            continue
        found[start] = (start, end, value)
    return [found[start] for start in sorted(found)]


def _split_bom(line: str, number: int) -> tuple[str, str]:
    if number == 1 and line.startswith("\ufeff"):
        return "\ufeff", line[1:]
    return "", line


def explain_record(line: str, cleaner: "Cleaner", options: JsonlOptions, number: int = 1) -> tuple[str, list[Edit]]:
    """One line of a JSON Lines file cleaned, and the edits on that line that make it."""
    bom, rest = _split_bom(line, number)
    body = rest[: len(rest) - _line_ending(rest)]
    if not body.strip():
        return line, []
    targets = _targets(body, options, number)
    if not targets:
        return line, []
    options.records += 1
    shift = len(bom)
    edits: list[Edit] = []
    for start, end, value in targets:
        _, value_edits = _value_edits(cleaner, value)
        if not value_edits:
            continue
        literal = body[start:end]
        offsets = _literal_offsets(literal)
        encode = _encoder(literal)
        base = shift + start
        for edit in value_edits:
            edits.append(
                Edit(edit.rule, base + offsets[edit.start], base + offsets[edit.end], encode(edit.replacement))
            )
    if not edits:
        return line, []
    pieces = []
    position = 0
    for edit in edits:
        pieces += (line[position : edit.start], edit.replacement)
        position = edit.end
    pieces.append(line[position:])
    return "".join(pieces), edits


def clean_record(line: str, cleaner: "Cleaner", options: JsonlOptions, number: int = 1) -> str:
    """One line of a JSON Lines file cleaned (the line itself when nothing changes)."""
    bom, rest = _split_bom(line, number)
    body = rest[: len(rest) - _line_ending(rest)]
    if not body.strip():
        return line
    targets = _targets(body, options, number)
    if not targets:
        return line
    options.records += 1
    pieces: list[str] = []
    position = 0
    for start, end, value in targets:
        cleaned = _clean_value(cleaner, value)
        if cleaned == value:
            continue
        literal = body[start:end]
        encode = _encoder(literal)
        if encode(value) != literal[1:-1]:
            # The literal spells some character its own way (``\\/``, an escape the encoder
            # would not write): splice edit by edit, so that the rest stays as spelt.
            return explain_record(line, cleaner, _Silent(options), number)[0]
        pieces += (body[position:start], '"', encode(cleaned), '"')
        position = end
    if not pieces:
        return line
    pieces.append(rest[position:])
    return bom + "".join(pieces)


class _Silent(JsonlOptions):
    """The same options, with problems already reported (a record looked at twice)."""

    def __init__(self, options: JsonlOptions) -> None:  # noqa: D107 - no validation again
        self.fields = options.fields
        self.errors = "copy"
        self.on_problem = lambda number, message: None
        self.source = options.source
        self.records = 0


def clean_jsonl_lines(lines: Iterable[str], cleaner: "Cleaner", options: JsonlOptions) -> Iterator[str]:
    """Clean each line of a JSON Lines stream (lines with their endings); yield the lines."""
    for number, line in enumerate(lines, 1):
        yield clean_record(line, cleaner, options, number)


def _iter_lines_with_offsets(text: str) -> Iterator[tuple[int, str]]:
    position = 0
    length = len(text)
    while position < length:
        end = text.find("\n", position)
        end = length if end < 0 else end + 1
        yield position, text[position:end]
        position = end


def clean_jsonl_text(cleaner: "Cleaner", text: str, options: JsonlOptions | None = None) -> str:
    """A whole JSON Lines document cleaned."""
    options = options if options is not None else JsonlOptions()
    return "".join(clean_record(line, cleaner, options, number) for number, (_, line) in enumerate(_iter_lines_with_offsets(text), 1))


def explain_jsonl_text(cleaner: "Cleaner", text: str, options: JsonlOptions | None = None) -> "Explanation":
    """A whole JSON Lines document cleaned, with every edit on the document (line = record)."""
    from ..engine import Explanation

    options = options if options is not None else JsonlOptions()
    edits: list[Edit] = []
    for number, (offset, line) in enumerate(_iter_lines_with_offsets(text), 1):
        _, line_edits = explain_record(line, cleaner, options, number)
        edits.extend(Edit(e.rule, e.start + offset, e.end + offset, e.replacement) for e in line_edits)
    return explanation_from_edits(text, edits)


def explain_jsonl_block(
    fields: Sequence[str], errors: str, source: str | None, cleaner: "Cleaner", task: tuple[int, int, str]
) -> tuple[list[Edit], list[tuple[int, str]], int]:
    """The edits of a block of whole lines of a JSON Lines document (``text``, starting at
    character ``offset`` with line ``number``), on the document, as
    :func:`explain_jsonl_text` finds them; with the problems met (line number, message) and
    the records cleaned, for the caller to report in order (a worker's share of ``-j``)."""
    offset, number, text = task
    problems: list[tuple[int, str]] = []
    options = JsonlOptions(fields, errors, lambda line, message: problems.append((line, message)), source)
    edits: list[Edit] = []
    for index, (position, line) in enumerate(_iter_lines_with_offsets(text)):
        _, line_edits = explain_record(line, cleaner, options, number + index)
        base = offset + position
        edits.extend(Edit(e.rule, e.start + base, e.end + base, e.replacement) for e in line_edits)
    return edits, problems, options.records


def jsonl_blocks(text: str, size: int) -> Iterator[tuple[int, int, str]]:
    """``text`` cut after line breaks into blocks of about ``size`` characters, as
    (offset, number of the first line, block)."""
    start, number = 0, 1
    while start < len(text):
        end = text.find("\n", min(start + size, len(text)) - 1)
        end = len(text) if end < 0 else end + 1
        block = text[start:end]
        yield start, number, block
        number += block.count("\n")
        start = end


def explanation_from_edits(text: str, edits: Sequence[Edit]) -> "Explanation":
    """The explanation of sorted, disjoint edits on ``text``, built in one pass (one
    ``EditTracker.apply`` over a whole large file cuts its pieces once per edit)."""
    from ..edits import OffsetMap, _Piece
    from ..engine import Explanation

    pieces: list[_Piece] = []
    position = 0
    out: list[str] = []
    for edit in edits:
        if edit.start > position:
            pieces.append(_Piece(position, edit.start, text[position : edit.start]))
        pieces.append(_Piece(edit.start, edit.end, edit.replacement, tuple(edit.rules)))
        out += (text[position : edit.start], edit.replacement)
        position = edit.end
    if position < len(text):
        pieces.append(_Piece(position, len(text), text[position:]))
    out.append(text[position:])
    cleaned = "".join(out) if edits else text
    kept = tuple(e for e in edits if text[e.start : e.end] != e.replacement)
    return Explanation(text, cleaned, kept, OffsetMap(pieces, len(text)))
