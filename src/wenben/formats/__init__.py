"""Document formats: what of a document is prose for the engine, and what is syntax to keep.

A format splits a document into prose (cleaned by the engine) and syntax (kept byte for byte),
then puts it back together, with every edit on the *source* document, so that ``explain()``,
``--check`` positions, ``--diff`` and ``--report`` point into the file as written.

* ``text``: the whole document is prose (the engine as it is);
* ``markdown``: CommonMark/GFM through markdown-it-py (:mod:`wenben.formats.markdown`);
* ``jsonl``: JSON Lines, one string field (or several) of each record (:mod:`wenben.formats.jsonl`).

The format of a file is chosen by its name (:func:`format_for_name`), or named explicitly.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from ..errors import ConfigError

if TYPE_CHECKING:
    from ..engine import Cleaner, Explanation

#: The formats, by name.
FORMATS = ("text", "markdown", "jsonl")
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
#: Compression suffixes looked through to find a file's format (``corpus.jsonl.gz``).
_COMPRESSED = (".gz", ".bz2", ".xz")


def format_for_name(name: "str | PurePath | None") -> str:
    """The format of a file by its name: ``.md``/``.markdown`` Markdown, ``.jsonl``/``.ndjson``
    JSON Lines (also compressed: ``x.jsonl.gz``), anything else text."""
    if name is None:
        return "text"
    base = PurePath(str(name)).name.lower()
    for suffix in _COMPRESSED:
        if base.endswith(suffix):
            base = base[: -len(suffix)]
            break
    dot = base.rfind(".")
    suffix = base[dot:] if dot > 0 else ""
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return "text"


def check_format(name: str) -> str:
    if name not in FORMATS:
        raise ConfigError(f"unknown format {name!r}; formats are {', '.join(FORMATS)}")
    return name


class Document:
    """A cleaner bound to a format: ``clean``, ``explain`` and ``clean_stream`` of whole
    documents of that format (duck-compatible with :class:`~wenben.engine.Cleaner`)."""

    def __init__(self, cleaner: "Cleaner", format: str = "text", *, jsonl: "JsonlOptions | None" = None) -> None:
        self.cleaner = cleaner
        self.format = check_format(format)
        from .jsonl import JsonlOptions

        self.jsonl = jsonl if jsonl is not None else JsonlOptions()

    def clean(self, text: str) -> str:
        if self.format == "markdown":
            from .markdown import clean_markdown

            return clean_markdown(self.cleaner, text)
        if self.format == "jsonl":
            from .jsonl import clean_jsonl_text

            return clean_jsonl_text(self.cleaner, text, self.jsonl)
        return self.cleaner.clean(text)

    def explain(self, text: str) -> "Explanation":
        if self.format == "markdown":
            from .markdown import explain_markdown

            return explain_markdown(self.cleaner, text)
        if self.format == "jsonl":
            from .jsonl import explain_jsonl_text

            return explain_jsonl_text(self.cleaner, text, self.jsonl)
        return self.cleaner.explain(text)

    def clean_stream(self, chunks: Iterable[str], **kwargs: object) -> Iterator[str]:
        """Text in pieces. Markdown is parsed whole (a reference definition anywhere changes
        what a link is), so it is gathered first; JSON Lines go record by record."""
        if self.format == "markdown":
            yield self.clean("".join(chunks))
        elif self.format == "jsonl":
            from .jsonl import clean_jsonl_lines

            yield from clean_jsonl_lines(_lines(chunks), self.cleaner, self.jsonl)
        else:
            yield from self.cleaner.clean_stream(chunks, **kwargs)  # type: ignore[arg-type]


def _lines(chunks: Iterable[str]) -> Iterator[str]:
    """Lines (with their ``\\n``) of text arriving in pieces."""
    pending = ""
    for chunk in chunks:
        if not chunk:
            continue
        pending += chunk
        if "\n" not in chunk:
            continue
        lines = pending.split("\n")
        pending = lines.pop()
        for line in lines:
            yield line + "\n"
    if pending:
        yield pending


from .jsonl import JsonlOptions  # noqa: E402

__all__ = ["FORMATS", "JSONL_SUFFIXES", "MARKDOWN_SUFFIXES", "Document", "JsonlOptions", "check_format", "format_for_name"]
