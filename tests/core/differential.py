"""Hold the compiled core to the Python reference, one engine step at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import wenben._core as core
from wenben.engine import Step
from wenben.rules import RULES, Context, Options

ROOT = Path(__file__).resolve().parents[2]


def reference_step(
    ids: Sequence[str], text: str, protected: Sequence[tuple[int, int]] = (), spacing: str = "compact",
    document: str | None = None,
) -> list[tuple[str, int, int, str]]:
    """The edits of the reference's step made of ``ids`` (as the engine asks for them)."""
    context = Context(Options(spacing=spacing), list(protected), document)  # type: ignore[arg-type]
    return [tuple(edit) for edit in Step([RULES[i] for i in ids]).edits(text, context, named=True)]


def assert_same_step(
    ids: Sequence[str], text: str, protected: Sequence[tuple[int, int]] = (), spacing: str = "compact",
    document: str | None = None,
) -> list[tuple[str, int, int, str]]:
    """The core's edits for the step are the reference's: the same rules, spans and
    replacements in the same order (so they make the same text); returns the edits."""
    expected = reference_step(ids, text, protected, spacing, document)
    found = [tuple(row) for row in core.step_edits(list(ids), text, list(protected), spacing, document)]
    assert found == expected, (ids, ascii(text))
    return found


def fixture_texts() -> list[str]:
    """Every raw text among the fixtures (the documents the rules are tried on)."""
    texts = []
    for path in sorted((ROOT / "fixtures").rglob("*.txt")):
        if ".raw" in path.name or "input" in path.name or path.parent.name in ("wrapped", "ocr"):
            try:
                texts.append(path.read_text(encoding="utf-8"))
            except UnicodeDecodeError:
                continue
    return texts
