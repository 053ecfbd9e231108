"""Paragraph fidelity of extractors' raw text, before and after ``wenben.clean``.

For each PDF with an ``.expected.json`` (its ``prose`` paragraphs) and each extractor (pypdf,
pdfminer.six, pdftotext, PyMuPDF), and for the tesseract fixtures (fixtures/ocr), prints the
share of source paragraphs that appear whole -- inside one paragraph (blank-line separated) of
the text, spaces and line breaks ignored -- in the raw text and in the cleaned text.

    PYTHONPATH=src python scripts/measure_extractors.py [PDF_DIR]
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import wenben

ROOT = Path(__file__).resolve().parent.parent
_SPACE = re.compile(r"\s+")
_BLANK = re.compile(r"\n[ \t\u3000\xa0]*\n")


def _norm(text: str) -> str:
    return _SPACE.sub("", text)


def whole(paragraphs: list[str], text: str) -> int:
    """How many of ``paragraphs`` appear inside a single paragraph of ``text``."""
    blocks = [_norm(block) for block in _BLANK.split(text)]
    count = 0
    for paragraph in paragraphs:
        target = _norm(paragraph)
        if target and any(target in block for block in blocks):
            count += 1
    return count


def extract(name: str, path: Path) -> str:
    if name == "pypdf":
        import pypdf

        return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)
    if name == "pdfminer":
        from pdfminer.high_level import extract_text

        return extract_text(str(path))
    if name == "pdftotext":
        return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout.decode()
    if name == "pymupdf":
        import pymupdf

        with pymupdf.open(path) as document:
            return "\n".join(page.get_text() for page in document)
    raise ValueError(name)


def comparable(raw: str, cleaned: str, paragraphs: list[str]) -> tuple[int, int]:
    # The source paragraphs are compared cleaned too, so that punctuation repairs do not count.
    sources = [wenben.clean(p).strip() for p in paragraphs]
    return whole(paragraphs, raw), whole(sources, cleaned)


def main() -> None:
    pdf_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "fixtures" / "pdf"
    totals: dict[str, list[int]] = {}
    for expected in sorted(pdf_dir.glob("*.expected.json")):
        pdf = expected.with_name(expected.name.replace(".expected.json", ".pdf"))
        if not pdf.exists():
            continue
        paragraphs = json.loads(expected.read_text(encoding="utf-8"))["prose"]
        for name in ("pypdf", "pdfminer", "pdftotext", "pymupdf"):
            raw = extract(name, pdf)
            before, after = comparable(raw, wenben.clean(raw), paragraphs)
            print(f"{pdf.stem:28} {name:10} raw {before:3}/{len(paragraphs)}  cleaned {after:3}/{len(paragraphs)}")
            total = totals.setdefault(name, [0, 0, 0])
            total[0] += before
            total[1] += after
            total[2] += len(paragraphs)
    ocr = ROOT / "fixtures" / "ocr"
    for source in sorted(ocr.glob("*.source.txt")):
        paragraphs = [p for p in source.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        raw = source.with_name(source.name.replace(".source.txt", ".tesseract.txt")).read_text(encoding="utf-8")
        before, after = comparable(raw, wenben.clean(raw), paragraphs)
        print(f"{source.stem[:-7]:28} tesseract  raw {before:3}/{len(paragraphs)}  cleaned {after:3}/{len(paragraphs)}")
        total = totals.setdefault("tesseract", [0, 0, 0])
        total[0] += before
        total[1] += after
        total[2] += len(paragraphs)
    for name, (before, after, count) in totals.items():
        print(f"TOTAL {name:10} raw {before}/{count} ({before / count:.0%})  cleaned {after}/{count} ({after / count:.0%})")


if __name__ == "__main__":
    main()
