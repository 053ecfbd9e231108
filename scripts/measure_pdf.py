#!/usr/bin/env python3
"""Measure how well PDF text keeps its structure: wenben's reader against raw extractors.

For each PDF in fixtures/pdf/ (with expected.json, written by make_real_pdfs.py) it prints,
per extractor (wenben's reader, wenben.clean_pdf, pypdf, pdfminer.six, pdftotext, PyMuPDF,
and wenben.clean() over each raw text):

- whole: prose paragraphs and list items that come out as one paragraph of their own
  (whitespace ignored, a list bullet or number before an item allowed);
- kept: the same, but a paragraph may have other text glued to it (a looser count);
- furniture: running headers, footers and page numbers found inside the running text;
- notes-in-text: footnotes not set apart after the running text (inside or between
  body paragraphs, or glued to them);
- glued: Latin word pairs of the source that come out without their space;
- han-lost / han-added: Han characters missing from, or extra in, the output.

Usage: python scripts/measure_pdf.py [--json]. pdfminer.six, PyMuPDF and pdftotext are
optional; missing ones are skipped.
"""

from __future__ import annotations

import collections
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import wenben  # noqa: E402
from wenben.io.pdf import extract_pdf_text  # noqa: E402

FIXTURES = ROOT / "fixtures" / "pdf"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ITEM_MARK = re.compile(r"^(?:[\u2022\u25cf\u00b7\u2219\u25e6]|\d{1,2}[.\uff0e\u3001)])")
MARK = re.compile(r"\[(\d+)\]")


def norm(text: str) -> str:
    return "".join(text.split())


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def raw_extractors(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    from pypdf import PdfReader

    out["pypdf"] = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    try:
        from pdfminer.high_level import extract_text

        out["pdfminer.six"] = extract_text(str(path))
    except ImportError:
        pass
    if shutil.which("pdftotext"):
        out["pdftotext"] = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    try:
        import pymupdf

        with pymupdf.open(path) as doc:
            out["PyMuPDF"] = "".join(page.get_text() for page in doc)
    except ImportError:
        pass
    return out


def measure(text: str, expected: dict, strict_marks: bool) -> dict:
    paras = paragraphs(text)
    normed = [norm(p) for p in paras]
    normed_bare = [ITEM_MARK.sub("", n) for n in normed]
    units = expected["prose"] + expected["items"]
    whole = kept = 0
    for unit in units:
        target = norm(unit)
        loose = norm(MARK.sub(r"\1", unit))  # raw extractors glue the mark's digit
        if target in normed_bare or (not strict_marks and loose in normed_bare):
            whole += 1
        if any(target in n or (not strict_marks and loose in n) for n in normed):
            kept += 1
    notes = [norm(n) for n in expected["footnotes"]]
    # Footnotes must come after every body paragraph, each in a paragraph of its own.
    last_body = max((i for i, n in enumerate(normed_bare)
                     for u in units[-3:] if norm(MARK.sub("", u))[:12] in MARK.sub("", n)), default=-1)
    notes_in_text = 0
    for note in notes:
        places = [i for i, n in enumerate(normed) if note[:15] in n]
        if not places or any(i < last_body or len(normed[i]) > len(note) + 8 for i in places):
            notes_in_text += 1
    title = norm(expected["title"])
    headers = [norm(h) for h in expected["headers"]]
    headings = {norm(h) for h in expected["headings"]} | {norm(h) for h in expected.get("shown_headings", [])}
    furniture = 0
    for n in normed:
        furniture += n.count(title)
        if re.fullmatch(r"\d{1,3}|[-\u2013]?\d+[-\u2013]?|\u7b2c\d+\u9875", n):
            furniture += 1
        for header in headers:
            # A header is "1 简介" plus a page number; the heading alone is legitimate text.
            if re.search(re.escape(header) + r"\d", n) or (header in n and n not in headings
                                                            and ITEM_MARK.sub("", n) not in headings
                                                            and not any(n.endswith(h) for h in headings)):
                furniture += 1
    glued = 0
    flat = " ".join(paras)
    for unit in units:
        for a, b in re.findall(r"(?=\b([A-Za-z]{2,}) ([A-Za-z]{2,})\b)", unit):
            if re.search(rf"(?<![A-Za-z]){a}{b}(?![A-Za-z])", flat):
                glued += 1
    source = collections.Counter(HAN.findall("".join(
        units + expected["footnotes"] + expected["code"] + expected["headings"]
        + ["".join(row) for row in expected["table"]])))
    # Headings show their number; running headers repeat them (not counted as added).
    got_headings = collections.Counter(HAN.findall("".join(expected["headings"])))
    got = collections.Counter(HAN.findall(text))
    return {"whole": whole, "kept": kept, "units": len(units), "furniture": furniture,
            "notes-in-text": notes_in_text, "glued": glued,
            "han-lost": sum((source - got).values()), "han-added": sum((got - source).values())}


def run() -> dict:
    results: dict = {}
    for path in sorted(FIXTURES.glob("*.pdf")):
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        rows = {}
        rows["wenben reader"] = measure(extract_pdf_text(path).text, expected, strict_marks=True)
        rows["wenben.clean_pdf"] = measure(wenben.clean_pdf(path), expected, strict_marks=True)
        for name, text in raw_extractors(path).items():
            rows[name] = measure(text, expected, strict_marks=False)
            rows[f"clean({name})"] = measure(wenben.clean(text), expected, strict_marks=False)
        results[path.name] = rows
    return results


def main() -> None:
    results = run()
    if "--json" in sys.argv:
        print(json.dumps(results, indent=1))
        return
    for name, rows in results.items():
        print(f"\n{name}")
        print(f"  {'extractor':22} {'whole':>9} {'kept':>9} {'furniture':>9} {'notes-in-text':>13} {'glued':>5}"
              f" {'han-lost':>8} {'han-added':>9}")
        for extractor, m in rows.items():
            share = f"{m['whole']}/{m['units']}"
            print(f"  {extractor:22} {share:>9} {m['kept']:>9} {m['furniture']:>9} {m['notes-in-text']:>13}"
                  f" {m['glued']:>5} {m['han-lost']:>8} {m['han-added']:>9}")


if __name__ == "__main__":
    main()
