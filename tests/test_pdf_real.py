"""wenben.io.pdf on PDFs made by real typesetters.

XeLaTeX + ctex (Fandol fonts without ToUnicode), XeLaTeX + xeCJK with Noto CJK (two-sided
running headers), latex + CJK + dvipdfmx (Type 1 fonts, fake bold), LibreOffice Writer
from flat ODF, and pandoc -> docx -> LibreOffice. The PDFs in fixtures/pdf/ are committed
(CI may have no TeX); scripts/make_real_pdfs.py makes them from fixtures/pdf/content*.py
and writes NAME.expected.json, what a reader should give back. The structure is checked against it the way scripts/measure_pdf.py measures
(docs/pdf.md has the figures): prose paragraphs and list items whole, no running header,
footer, page number or footnote inside the running text, no Latin words glued, no Han
character lost or added.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import wenben
from wenben.io.pdf import _joint, _Vocabulary, extract_pdf_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "pdf"
PDFS = sorted(FIXTURES.glob("*.pdf"))
# Known shortfalls, measured and reported in docs/pdf.md (not hidden by a looser test):
# units not whole, Han characters added.
KNOWN = {
    # LibreOffice does not break "tex.stackexchange.com搜索" before the Han character, so a
    # line ends early where the reader expects the URL to have fitted.
    "pandoc-docx-libreoffice.pdf": {"not_whole": 1, "han_added": 0},
    # The CJK package's fake bold draws a heading three times; part of it stays doubled.
    "latex-cjk-dvipdfmx.pdf": {"not_whole": 0, "han_added": 2},
}


def expected_for(name: str) -> dict:
    return json.loads((FIXTURES / name).with_suffix(".expected.json").read_text(encoding="utf-8"))


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


measure_pdf = _script("measure_pdf")


_CACHE: dict[str, tuple[str, str]] = {}


@pytest.fixture(params=[p.name for p in PDFS])
def extracted(request) -> tuple[str, str, str]:
    if request.param not in _CACHE:
        path = FIXTURES / request.param
        _CACHE[request.param] = (extract_pdf_text(path).text, wenben.clean_pdf(path))
    return (request.param, *_CACHE[request.param])


def test_fixtures_exist() -> None:
    assert {p.name for p in PDFS} == {"xelatex-ctex.pdf", "libreoffice.pdf", "xecjk-noto-twoside.pdf",
                                      "latex-cjk-dvipdfmx.pdf", "pandoc-docx-libreoffice.pdf"}
    assert all(p.stat().st_size < 250_000 for p in PDFS)


@pytest.mark.parametrize("which", ["reader", "clean_pdf"])
def test_structure_measures(extracted, which: str) -> None:
    name, raw, cleaned = extracted
    known = KNOWN.get(name, {"not_whole": 0, "han_added": 0})
    m = measure_pdf.measure(raw if which == "reader" else cleaned, expected_for(name), strict_marks=True)
    assert m["whole"] >= m["units"] - known["not_whole"], (name, m)
    assert m["furniture"] == 0, (name, m)
    assert m["notes-in-text"] == 0, (name, m)
    assert m["glued"] == 0, (name, m)
    assert m["han-lost"] == 0 and m["han-added"] <= known["han_added"], (name, m)


def test_prose_whole_over_all_documents() -> None:
    whole = units = 0
    for path in PDFS:
        m = measure_pdf.measure(extract_pdf_text(path).text, expected_for(path.name), strict_marks=True)
        whole, units = whole + m["whole"], units + m["units"]
    assert whole >= 0.95 * units, (whole, units)


def test_running_headers_that_change_per_section_are_gone(extracted) -> None:
    name, raw, _ = extracted
    expected = expected_for(name)
    paragraphs = ["".join(p.split()) for p in raw.split("\n\n")]
    for number, (title, shown) in enumerate(zip(expected["headings"], expected["shown_headings"]), 1):
        # The heading itself stays, once; the running header ("1 简介 … 3") does not.
        if name not in KNOWN or not KNOWN[name]["han_added"]:
            assert paragraphs.count("".join(shown.split())) == 1, (name, title)
        assert not re.search(rf"{number}\s*{re.escape(title)}\s*\d", raw), (name, title)
    assert expected["title"] not in raw


def test_footnotes_follow_the_text_with_marks_set_off(extracted) -> None:
    name, raw, cleaned = extracted
    expected = expected_for(name)
    paragraphs = raw.split("\n\n")
    notes = paragraphs[-len(expected["footnotes"]):]
    for number, (got, note) in enumerate(zip(notes, expected["footnotes"]), 1):
        assert got.startswith(f"[{number}] ")
        assert "".join(got.split()) == f"[{number}]" + "".join(note.split())
    for text in (raw, cleaned):
        if "content.py" in expected.get("source", "content.py") and "\u5929\u624d" in text:
            assert "\u5929\u624d[4]\u3002" in text  # 天才[4]。 — not 天才。4
        assert not re.search(r"\u3002\d", text)  # no mark glued after a full stop


def test_code_is_fenced_verbatim_and_survives_cleaning(extracted) -> None:
    name, raw, cleaned = extracted
    block = "```\n" + "\n".join(expected_for(name)["code"]) + "\n```"
    assert block in raw, name
    assert block in cleaned, name  # the engine protects fenced code: "#!/bin/sh" stays


def test_table_rows_keep_their_cells_apart(extracted) -> None:
    name, raw, cleaned = extracted
    for row in expected_for(name)["table"]:
        line = "| " + " | ".join(row) + " |"
        assert line in raw.splitlines(), (name, line)
        # clean() may drop the space between full-width punctuation and "|"; cells stay apart.
        rows = [[cell.strip() for cell in got.strip().strip("|").split("|")] for got in cleaned.splitlines()]
        assert row in rows, (name, line)


def test_latin_words_hyphens_and_greek(extracted) -> None:
    name, raw, cleaned = extracted
    if expected_for(name)["headings"][0] != "\u7b80\u4ecb":  # the TeX Live manual
        for text in (raw, cleaned):
            assert "The installer is a Perl script called install-tl, and it works the same way" in text
            assert "tlmgr list --only-installed" in text and "/x" not in text
        return
    for text in (raw, cleaned):
        assert "17 years of Free Software and many more years of community work" in text
        assert "How can you help Debian?" in text
        assert "debian-user@lists.debian.org" in text
        assert "texlive-base" in text and "texlive-latex-extra" in text
        assert "\u03b5" in text and "\u03b4" in text  # ε δ, not a quote mark
        assert "/x" not in text  # no glyph names
    assert not re.search(r"\n\n[\uff0c\u3001\u3002]", raw)  # no paragraph starts with ，


def test_list_items_are_one_paragraph_each(extracted) -> None:
    name, raw, _ = extracted
    paragraphs = ["".join(p.split()) for p in raw.split("\n\n")]
    for item in expected_for(name)["items"]:
        target = "".join(item.split())
        # (latex + dvipdfmx draws the bullet from cmsy with no Unicode for it: no bullet.)
        assert any(re.fullmatch(r"(?:\u2022|\d\.)?" + re.escape(target), p) for p in paragraphs), (name, item[:20])


def test_cid_fonts_without_tounicode_are_read() -> None:
    """XeLaTeX's default Fandol fonts carry no ToUnicode map: pypdf alone prints nonsense."""
    from pypdf import PdfReader

    path = FIXTURES / "xelatex-ctex.pdf"
    plain = PdfReader(path).pages[0].extract_text()
    assert "\u672c\u6587\u662f\u4e00\u4efd" not in plain  # the premise: pypdf cannot read it
    assert "\u672c\u6587\u662f\u4e00\u4efd" in extract_pdf_text(path).text  # 本文是一份


@pytest.mark.parametrize(
    ("left", "right", "vocabulary", "joined"),
    [
        ("texlive-", "base", "texlive-latex-extra", "texlive-base"),
        ("pack-", "age", "package", "package"),
        ("de-", "bian", "", "debian"),
        ("debian-", "user@lists.debian.org", "", "debian-user@lists.debian.org"),
    ],
)
def test_hyphen_at_a_wrap_follows_the_documents_spelling(left: str, right: str, vocabulary: str, joined: str) -> None:
    from wenben.io.pdf import _Line

    words = _Vocabulary.of([[_Line(text=vocabulary, x=0, x_end=0, y=0, size=10)]])
    head, sep = _joint(left, right, words)
    assert head + sep + right == joined


@pytest.mark.skipif(not (shutil.which("xelatex") and shutil.which("soffice")), reason="needs xelatex and soffice")
def test_regenerated_pdfs_read_the_same(tmp_path: Path) -> None:
    """The committed PDFs are what the script makes: rebuilt, they extract to the same text."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_real_pdfs.py"), str(tmp_path)],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]
    for path in PDFS:
        assert expected_for(path.name) == json.loads(
            (tmp_path / path.name).with_suffix(".expected.json").read_text(encoding="utf-8"))
        assert extract_pdf_text(tmp_path / path.name).text == extract_pdf_text(path).text, path.name
