"""Whole documents, end to end: the news article with every artifact the core issue lists, and
real tesseract chi_sim output (fixtures/ocr, made by scripts/make_ocr_fixtures.py)."""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest

import wenben

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "fixtures" / "docs"
OCR = ROOT / "fixtures" / "ocr"
OCR_NAMES = sorted(path.name[: -len(".source.txt")] for path in OCR.glob("*.source.txt"))


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("name", sorted(p.name[: -len(".raw.txt")] for p in DOCS.glob("*.raw.txt")))
def test_document_through_clean(name):
    raw = read(DOCS / f"{name}.raw.txt")
    expected = read(DOCS / f"{name}.expected.txt")
    assert wenben.clean(raw) == expected


@pytest.mark.parametrize("name", sorted(p.name[: -len(".raw.txt")] for p in DOCS.glob("*.raw.txt")))
def test_document_through_cli(name):
    result = subprocess.run(
        [sys.executable, "-m", "wenben", str(DOCS / f"{name}.raw.txt")],
        capture_output=True,
        check=True,
    )
    assert result.stdout.decode("utf-8") == read(DOCS / f"{name}.expected.txt")
    assert result.stderr == b""


@pytest.mark.parametrize("name", OCR_NAMES)
def test_printed_page_becomes_its_source(name):
    """The page exactly as typeset (hard wraps, two-U+3000 indents) comes back as the source."""
    printed = read(OCR / f"{name}.printed.txt")
    source = read(OCR / f"{name}.source.txt").rstrip("\n") + "\n"
    assert wenben.clean(printed) == source


def _differences(a: str, b: str) -> int:
    """Characters that differ (replaced, inserted or deleted) between a and b."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal")


# What tesseract misread (Han confusions, a dash read as 一, 12.7%4, a lost quote): content
# wenben must not guess at. Everything else -- spaces, punctuation width, brackets, line
# structure -- is repaired, so what remains is at most this many characters per document.
OCR_MISREAD_BUDGET = {
    "essay_autumn": 10,
    "news_digital_economy": 3,
    "news_digital_economy_lowres": 26,
    "notice_training": 1,
    "notice_training_spaced": 5,
    "report_statistics": 3,
    "tech_python_text": 12,
}


@pytest.mark.parametrize("name", OCR_NAMES)
def test_tesseract_output_is_repaired_up_to_misreads(name):
    raw = read(OCR / f"{name}.tesseract.txt")
    source = read(OCR / f"{name}.source.txt").rstrip("\n") + "\n"
    cleaned = wenben.clean(raw)
    remaining = _differences(cleaned, source)
    assert remaining <= OCR_MISREAD_BUDGET[name]
    assert remaining < _differences(raw, source) / 3
