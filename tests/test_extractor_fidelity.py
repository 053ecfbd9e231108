"""Issue #12: ``clean()`` never lowers paragraph fidelity of a common extractor's output.

Runs the real extractors (pypdf; pdftotext, pdfminer.six and PyMuPDF when installed) on the
real-typesetter PDFs in fixtures/pdf and counts, with scripts/measure_pdf.py's measure, the
paragraphs kept unbroken before and after cleaning, on both engines."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

import wenben
from tests.properties.engines import ENGINES

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("measure_pdf", ROOT / "scripts" / "measure_pdf.py")
assert _spec is not None and _spec.loader is not None
measure_pdf = importlib.util.module_from_spec(_spec)
sys.modules["measure_pdf"] = measure_pdf
_spec.loader.exec_module(measure_pdf)

PDFS = sorted((ROOT / "fixtures" / "pdf").glob("*.pdf"))


@pytest.fixture(scope="module")
def extracted() -> dict[str, dict[str, str]]:
    return {path.name: measure_pdf.raw_extractors(path) for path in PDFS}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("pdf", [path.name for path in PDFS])
def test_clean_keeps_every_paragraph_the_raw_text_keeps(
    pdf: str, engine: str, extracted: dict[str, dict[str, str]]
) -> None:
    expected = json.loads((ROOT / "fixtures" / "pdf" / pdf).with_suffix(".expected.json").read_text("utf-8"))
    texts = extracted[pdf]
    assert "pypdf" in texts
    for name, raw in texts.items():
        before = measure_pdf.measure(raw, expected, strict_marks=False)
        after = measure_pdf.measure(wenben.Cleaner(engine=engine).clean(raw), expected, strict_marks=False)
        assert after["kept"] >= before["kept"], (name, before, after)
        assert after["han-lost"] <= before["han-lost"], (name, before, after)
