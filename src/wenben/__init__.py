"""wenben (\u6587\u672c): clean, canonical Chinese text from OCR, PDF and web extraction.

>>> import wenben
>>> wenben.clean("\u6570 \u5b57\u7ecf\u6d4e")
'\u6570\u5b57\u7ecf\u6d4e\\n'
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Iterable, Iterator

from .edits import Edit
from .engine import STREAM_PART_SIZE, Cleaner, Explanation
from .errors import WenbenError
from .profiles import PROFILES
from .rules import RULES

__version__ = "0.1.0"


@lru_cache(maxsize=32)
def _cleaner(profile: str, options: tuple[tuple[str, object], ...]) -> Cleaner:
    return Cleaner(profile, **dict(options))


def _key(options: dict[str, object]) -> tuple[tuple[str, object], ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in options.items()))


def clean(text: str, *, profile: str = "default", format: str = "text", **options: object) -> str:
    """Return the canonical form of ``text`` (see the rule catalogue in ``docs/rules.md``).

    ``format`` is ``text``, ``markdown`` (only the prose is cleaned, the syntax is kept byte
    for byte) or ``jsonl`` (the ``jsonl_fields`` of each record, default ``text``); see
    ``docs/formats.md``.
    """
    return _cleaner(profile, _key({**options, "format": format})).clean(text)


def explain(text: str, *, profile: str = "default", format: str = "text", **options: object) -> Explanation:
    """Clean ``text`` and say which rule changed what, with an offset map back to the source
    (for a Markdown or JSON Lines ``format``, edits are on the document as written)."""
    return _cleaner(profile, _key({**options, "format": format})).explain(text)


def clean_pdf(
    source: "str | os.PathLike[str] | bytes", *, password: str | None = None, profile: str = "default", **options: object
) -> str:
    """The canonical text of a PDF: extracted with pypdf, running headers, footers and page
    numbers removed, wrapped lines rejoined into paragraphs, then cleaned like any text.

    Raises :class:`wenben.errors.PdfError` (encrypted, corrupt, or image-only: OCR needed).
    """
    from .io.pdf import extract_pdf_text

    return clean(extract_pdf_text(source, password=password).text, profile=profile, **options)


def clean_stream(
    chunks: Iterable[str],
    *,
    profile: str = "default",
    part_size: int = STREAM_PART_SIZE,
    format: str = "text",
    **options: object,
) -> Iterator[str]:
    """Clean text arriving in pieces; the joined output equals ``clean()`` of the joined input.

    Output comes in parts of at least ``part_size`` characters (see :meth:`Cleaner.clean_stream`);
    JSON Lines come record by record, Markdown is gathered and cleaned whole.
    """
    return _cleaner(profile, _key({**options, "format": format})).clean_stream(chunks, part_size=part_size)


__all__ = [
    "Cleaner",
    "Edit",
    "Explanation",
    "PROFILES",
    "RULES",
    "WenbenError",
    "__version__",
    "clean",
    "clean_pdf",
    "clean_stream",
    "explain",
]
