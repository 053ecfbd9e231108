"""Paragraph fidelity of extractors' raw text, before and after ``wenben.clean``.

For each PDF with an ``.expected.json`` (its ``prose`` paragraphs) and each extractor (pypdf,
pdfminer.six, pdftotext, PyMuPDF), and for the tesseract fixtures (fixtures/ocr), prints the
share of source paragraphs that appear whole -- inside one paragraph (blank-line separated) of
the text, spaces and line breaks ignored -- in the raw text and in the cleaned text.

    PYTHONPATH=src python scripts/measure_extractors.py [-v] [PDF_DIR]

With ``-v``, each source paragraph that is whole in the raw text but not after cleaning is
printed, with the cleaned paragraphs it is spread over.
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


def comparable(raw: str, cleaned: str, paragraphs: list[str], verbose: bool = False) -> tuple[int, int]:
    """Source paragraphs whole in ``raw`` and in ``cleaned``; with ``verbose``, after the caller's
    line, those whole in ``raw`` that cleaning broke (see _show_lost)."""
    # The source paragraphs are compared cleaned too, so that punctuation repairs do not count.
    sources = [wenben.clean(p).strip() for p in paragraphs]
    if verbose:
        _LOST.append((paragraphs, sources, raw, cleaned))
    return whole(paragraphs, raw), whole(sources, cleaned)


_LOST: list[tuple[list[str], list[str], str, str]] = []


def _flush_lost() -> None:
    while _LOST:
        _show_lost(*_LOST.pop(0))


def _show_lost(paragraphs: list[str], sources: list[str], raw: str, cleaned: str) -> None:
    """Prints each paragraph whole in ``raw`` but not in ``cleaned``, and where cleaning cut it."""
    blocks = _BLANK.split(cleaned)
    for paragraph, source in zip(paragraphs, sources):
        if whole([paragraph], raw) and not whole([source], cleaned):
            target = _norm(source)
            print(f"    LOST {source[:60]!r}")
            for block in blocks:
                piece = _norm(block)
                if piece and (piece in target or target[:12] in piece or target[-12:] in piece):
                    print(f"      | {block[:100]!r}{' ...' if len(block) > 100 else ''}")


def main() -> None:
    arguments = [argument for argument in sys.argv[1:] if argument != "-v"]
    verbose = len(arguments) < len(sys.argv) - 1
    pdf_dir = Path(arguments[0]) if arguments else ROOT / "fixtures" / "pdf"
    totals: dict[str, list[int]] = {}
    for expected in sorted(pdf_dir.glob("*.expected.json")):
        pdf = expected.with_name(expected.name.replace(".expected.json", ".pdf"))
        if not pdf.exists():
            continue
        paragraphs = json.loads(expected.read_text(encoding="utf-8"))["prose"]
        for name in ("pypdf", "pdfminer", "pdftotext", "pymupdf"):
            raw = extract(name, pdf)
            before, after = comparable(raw, wenben.clean(raw), paragraphs, verbose)
            print(f"{pdf.stem:28} {name:10} raw {before:3}/{len(paragraphs)}  cleaned {after:3}/{len(paragraphs)}")
            _flush_lost()
            total = totals.setdefault(name, [0, 0, 0])
            total[0] += before
            total[1] += after
            total[2] += len(paragraphs)
    ocr = ROOT / "fixtures" / "ocr"
    for source in sorted(ocr.glob("*.source.txt")):
        paragraphs = [p for p in source.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        raw = source.with_name(source.name.replace(".source.txt", ".tesseract.txt")).read_text(encoding="utf-8")
        before, after = comparable(raw, wenben.clean(raw), paragraphs, verbose)
        print(f"{source.stem[:-7]:28} tesseract  raw {before:3}/{len(paragraphs)}  cleaned {after:3}/{len(paragraphs)}")
        _flush_lost()
        total = totals.setdefault("tesseract", [0, 0, 0])
        total[0] += before
        total[1] += after
        total[2] += len(paragraphs)
    for name, (before, after, count) in totals.items():
        print(f"TOTAL {name:10} raw {before}/{count} ({before / count:.0%})  cleaned {after}/{count} ({after / count:.0%})")


if __name__ == "__main__":
    main()
