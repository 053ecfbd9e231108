"""Tests for wenben.io.pdf on real PDFs made with reportlab and compared with their source.

Each document is typeset by ``pdf_factory`` from known paragraphs (justified Chinese with
Latin words and digits, first-line indents, headings, a running header and footer, page
numbers, a paragraph crossing a page break, hyphenated English words), so the extraction
can be checked paragraph by paragraph and by character error rate (CER).
"""

from __future__ import annotations

import io
import logging
import os
import re
from pathlib import Path

import pytest

pytest.importorskip("reportlab")
pytest.importorskip("pypdf")

try:
    import pdf_factory as factory
except ImportError:  # pragma: no cover - tests imported as a package
    from tests import pdf_factory as factory

from wenben.errors import (
    CorruptPdfError,
    EncryptedPdfError,
    ImageOnlyPdfError,
    PdfError,
    WenbenError,
)
from wenben.io.pdf import PdfText, _joint, extract_pdf_text

DocSpec = factory.DocSpec
SAMPLE = factory.SAMPLE_PARAGRAPHS
HEADER = DocSpec(SAMPLE).header
FOOTER = DocSpec(SAMPLE).footer
# Han characters separated by ASCII whitespace (the source has none; U+3000 in headings is real).
HAN_SPACE_HAN = re.compile(r"[\u4e00-\u9fff][ \t\n]+[\u4e00-\u9fff]")


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions), two rows at a time.

    The common prefix and suffix are cut first: extraction errors are local, so this
    keeps a whole-document comparison fast.
    """
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def char_error_rate(got: str, expected: str) -> float:
    """Edits needed to turn the extraction into the source, per source character."""
    return levenshtein(got, expected) / max(1, len(expected))


def extract(made: factory.MadePdf, tmp_path: Path) -> PdfText:
    """Write the PDF to a file and read it back, as a user would."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(made.data)
    return extract_pdf_text(path)


# --- helpers of the test itself -----------------------------------------------------------


def test_levenshtein_helper() -> None:
    assert levenshtein("", "abc") == 3
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("数字经济", "数字 经济") == 1
    assert char_error_rate("abc", "abc") == 0.0


def test_sample_document_exercises_every_feature() -> None:
    """Guards the factory: the default document must keep covering what the reader undoes."""
    made = factory.make_pdf(DocSpec(SAMPLE))
    assert made.pages >= 2
    assert made.hyphenated, "no word was hyphenated"
    assert made.paragraphs_across_pages >= 1, "no paragraph crosses a page break"
    assert any(isinstance(block, factory.Heading) for block in SAMPLE)


def test_sample_text_uses_full_width_punctuation_next_to_han() -> None:
    """The sample is written with literal Chinese; guard it against ASCII look-alikes."""
    ascii_next_to_han = re.compile(r"[\u4e00-\u9fff][,.;:!?()]|[,;:!?()][\u4e00-\u9fff]")
    for block in SAMPLE:
        text = block.text if isinstance(block, factory.Heading) else block
        assert not ascii_next_to_han.search(text), ascii(text)


# --- clean documents: exact paragraphs ---------------------------------------------------------

CLEAN_LAYOUTS = {
    "justified-charspace": {},
    "justified-glyph-by-glyph": {"justify": "glyphs"},
    "ragged-right": {"justify": "left"},
    "number-dash": {"page_number": "- {page} -"},
    "number-di-ye": {"page_number": "\u7b2c {page} \u9875"},  # 第 3 页
    "number-di-ye-gong": {"page_number": "\u7b2c{page}\u9875 \u5171{pages}\u9875"},  # 第3页 共12页
    "number-slash": {"page_number": "{page}/{pages}"},
    "number-page-en": {"page_number": "Page {page}"},
    "number-bare-bottom": {"page_number": "{page}"},
    "number-bare-top": {"page_number": "{page}", "page_number_at": "top"},
    "number-in-header": {"header": "\u6570\u5b57\u7ecf\u6d4e\u53d1\u5c55\u62a5\u544a\u3000{page}", "page_number": None},
    "mirror-margins-12pt": {"mirror_margins": True, "font_size": 12.0},
    "block-paragraphs": {"first_line_indent": 0.0, "paragraph_space": 8.0},
    "three-pages-14pt": {"font_size": 14.0, "line_spacing": 1.25},
    "glyphs-14pt": {"font_size": 14.0, "justify": "glyphs"},
    "no-furniture": {"header": None, "footer": None, "page_number": None},
    "indent-of-ideographic-spaces": {"indent_with_glyphs": True},
    "indent-of-ideographic-spaces-glyphs": {"indent_with_glyphs": True, "justify": "glyphs"},
    "font-size-in-text-matrix": {"size_in_matrix": True},
}


@pytest.mark.parametrize("layout", CLEAN_LAYOUTS)
def test_clean_layouts_give_the_exact_paragraphs(layout: str, tmp_path: Path) -> None:
    made = factory.make_pdf(DocSpec(SAMPLE, **CLEAN_LAYOUTS[layout]))
    result = extract(made, tmp_path)
    assert result.pages == made.pages
    assert result.warnings == []
    assert char_error_rate(result.text, made.expected_text) == 0.0
    assert result.text.split("\n\n") == list(made.paragraphs)


def test_header_footer_and_page_numbers_are_removed(tmp_path: Path) -> None:
    made = factory.make_pdf(DocSpec(SAMPLE, page_number="\u7b2c{page}\u9875 \u5171{pages}\u9875"))
    text = extract(made, tmp_path).text
    assert HEADER not in text and FOOTER not in text
    assert not re.search(r"\u5171\s*\d+\s*\u9875", text)  # 共12页
    assert made.pages >= 2


def test_paragraph_across_a_page_break_is_joined(tmp_path: Path) -> None:
    made = factory.make_pdf(DocSpec(SAMPLE, font_size=14.0, line_spacing=1.25))
    assert made.paragraphs_across_pages >= 2
    assert extract(made, tmp_path).text.split("\n\n") == list(made.paragraphs)


def test_hyphenated_words_are_mended_and_real_hyphens_kept(tmp_path: Path) -> None:
    made = factory.make_pdf(DocSpec(SAMPLE))
    text = extract(made, tmp_path).text
    for word in made.hyphenated:
        assert re.search(rf"\b{word}\b", text), word
    assert "medium-sized" in text and "cross-border" in text


def test_nothing_is_inserted_between_chinese_characters(tmp_path: Path) -> None:
    for justify in ("charspace", "glyphs"):
        made = factory.make_pdf(DocSpec(SAMPLE, justify=justify))
        for paragraph in extract(made, tmp_path).text.split("\n\n"):
            assert not HAN_SPACE_HAN.search(paragraph), paragraph


def test_a_number_inside_the_body_is_kept(tmp_path: Path) -> None:
    paragraphs = list(SAMPLE[:3]) + ["2024"] + list(SAMPLE[3:])
    made = factory.make_pdf(DocSpec(paragraphs, font_size=14.0, first_line_indent=0.0, paragraph_space=8.0))
    assert made.pages > 1
    assert extract(made, tmp_path).text.split("\n\n") == list(made.paragraphs)


# 第一条　为了规范数据交易行为，制定本办法。 / 第二条　本办法适用于本市行政区域内的数据交易活动。 /
# （一）建立数据分类分级制度； / （二）完善数据安全评估机制。 / 第三条　本办法自2025年1月1日起施行。
CLAUSES = (
    "\u7b2c\u4e00\u6761\u3000\u4e3a\u4e86\u89c4\u8303\u6570\u636e\u4ea4\u6613\u884c\u4e3a\uff0c\u5236\u5b9a\u672c\u529e\u6cd5\u3002",
    "\u7b2c\u4e8c\u6761\u3000\u672c\u529e\u6cd5\u9002\u7528\u4e8e\u672c\u5e02\u884c\u653f\u533a\u57df\u5185\u7684\u6570\u636e\u4ea4\u6613\u6d3b\u52a8\u3002",
    "\uff08\u4e00\uff09\u5efa\u7acb\u6570\u636e\u5206\u7c7b\u5206\u7ea7\u5236\u5ea6\uff1b",
    "\uff08\u4e8c\uff09\u5b8c\u5584\u6570\u636e\u5b89\u5168\u8bc4\u4f30\u673a\u5236\u3002",
    "\u7b2c\u4e09\u6761\u3000\u672c\u529e\u6cd5\u81ea2025\u5e741\u67081\u65e5\u8d77\u65bd\u884c\u3002",
)


@pytest.mark.parametrize("justify", ["charspace", "glyphs"])
def test_one_line_paragraphs_that_repeat_across_pages_are_kept(justify: str, tmp_path: Path) -> None:
    """Short clauses, none indented, the same text at the same height on several pages:
    neither mistaken for running headers nor run together."""
    made = factory.make_pdf(DocSpec(CLAUSES * 9, first_line_indent=0.0, justify=justify))
    assert made.pages >= 2
    assert extract(made, tmp_path).text.split("\n\n") == list(made.paragraphs)


def test_single_page_loses_its_page_number(tmp_path: Path) -> None:
    made = factory.make_pdf(DocSpec(SAMPLE[1:3], header=None, footer=None, page_number="- {page} -"))
    assert made.pages == 1
    assert extract(made, tmp_path).text == made.expected_text


# --- harder layouts: measured, not exact ------------------------------------------------------

# No indent and no space between paragraphs: a paragraph whose last line is full cannot
# be told from one that goes on, so a few boundaries may be lost; characters must not be.
MEASURED_LAYOUTS = {
    "no-indent-no-space": ({"first_line_indent": 0.0}, 0.005),
    "no-indent-glyphs": ({"first_line_indent": 0.0, "justify": "glyphs"}, 0.005),
    # One page: a header cannot be told from body text by repetition, so it stays.
    "single-page-a4": ({"page_size": (595.3, 841.9), "font_size": 10.0, "line_spacing": 1.3,
                        "margin_inner": 72.0, "margin_outer": 72.0}, 0.03),
}


@pytest.mark.parametrize("layout", MEASURED_LAYOUTS)
def test_harder_layouts_stay_within_measured_error(layout: str, tmp_path: Path) -> None:
    options, max_cer = MEASURED_LAYOUTS[layout]
    made = factory.make_pdf(DocSpec(SAMPLE, **options))
    result = extract(made, tmp_path)
    cer = char_error_rate(result.text, made.expected_text)
    assert cer <= max_cer, f"{layout}: CER {cer:.4f}"
    # what is lost are paragraph breaks or furniture, never characters of the body
    assert "".join(result.text.split()).count("\u6570\u5b57") >= "".join(made.expected_text.split()).count("\u6570\u5b57")


# --- a second, independent producer -----------------------------------------------------------

FLOWING_LAYOUTS = {
    "platypus-indented": {},
    "platypus-12pt-3-pages": {"font_size": 12.0},
    "platypus-block-paragraphs": {"first_line_indent": 0.0, "paragraph_space": 6.0},
    "platypus-di-ye": {"page_number": "\u7b2c {page} \u9875"},
    "platypus-bare-number": {"page_number": "{page}"},
}


@pytest.mark.parametrize("layout", FLOWING_LAYOUTS)
def test_documents_from_reportlabs_own_layout_engine(layout: str) -> None:
    """Structure must match exactly; whitespace is ignored because platypus loses some."""
    made = factory.make_flowing_pdf(DocSpec(SAMPLE, **FLOWING_LAYOUTS[layout]))
    result = extract_pdf_text(made.data)
    assert made.pages >= 2 and result.pages == made.pages and result.warnings == []
    squeeze = lambda text: "".join(text.split())
    assert [squeeze(p) for p in result.text.split("\n\n")] == [squeeze(p) for p in made.paragraphs]


# --- sources -------------------------------------------------------------------------------------


def test_every_kind_of_source_gives_the_same_text(tmp_path: Path) -> None:
    made = factory.make_pdf(DocSpec(SAMPLE[:4], header=None, footer=None))
    path = tmp_path / "doc.pdf"
    path.write_bytes(made.data)
    expected = made.expected_text
    assert extract_pdf_text(str(path)).text == expected
    assert extract_pdf_text(path).text == expected
    assert extract_pdf_text(made.data).text == expected
    assert extract_pdf_text(bytearray(made.data)).text == expected
    assert extract_pdf_text(io.BytesIO(made.data)).text == expected
    with open(path, "rb") as handle:
        assert extract_pdf_text(handle).text == expected


def test_result_is_a_small_dataclass() -> None:
    result = extract_pdf_text(factory.make_pdf(DocSpec(SAMPLE[:2], header=None, footer=None)).data)
    assert isinstance(result, PdfText)
    assert isinstance(result.text, str) and result.pages == 1 and result.warnings == []


# --- errors ----------------------------------------------------------------------------------------


def assert_one_line(error: Exception) -> None:
    message = str(error)
    assert message and "\n" not in message and "Traceback" not in message
    assert len(message) < 250
    assert isinstance(error, PdfError) and isinstance(error, WenbenError)


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return factory.make_pdf(DocSpec(SAMPLE)).data


def test_encrypted_without_password(sample_pdf: bytes) -> None:
    with pytest.raises(EncryptedPdfError) as caught:
        extract_pdf_text(factory.encrypt_pdf(sample_pdf, "s3cret"))
    assert_one_line(caught.value)
    assert "password" in str(caught.value)


def test_encrypted_with_wrong_password(sample_pdf: bytes) -> None:
    with pytest.raises(EncryptedPdfError, match="wrong") as caught:
        extract_pdf_text(factory.encrypt_pdf(sample_pdf, "s3cret"), password="guess")
    assert_one_line(caught.value)


@pytest.mark.parametrize("algorithm", ["AES-128", "RC4-128", "AES-256"])
def test_encrypted_with_right_password(sample_pdf: bytes, algorithm: str) -> None:
    plain = extract_pdf_text(sample_pdf).text
    encrypted = factory.encrypt_pdf(sample_pdf, "s3cret", algorithm=algorithm)
    assert extract_pdf_text(encrypted, password="s3cret").text == plain


def test_encrypted_only_against_editing_opens_without_password(sample_pdf: bytes) -> None:
    encrypted = factory.encrypt_pdf(sample_pdf, "", owner_password="owner")
    assert extract_pdf_text(encrypted).text == extract_pdf_text(sample_pdf).text


def test_password_for_an_unencrypted_file_is_ignored(sample_pdf: bytes) -> None:
    assert extract_pdf_text(sample_pdf, password="x").text == extract_pdf_text(sample_pdf).text


@pytest.mark.parametrize("fraction", [0.05, 0.3, 0.6, 0.9, 0.995])
def test_truncated_file_is_corrupt(sample_pdf: bytes, fraction: float) -> None:
    with pytest.raises(CorruptPdfError) as caught:
        extract_pdf_text(sample_pdf[: int(len(sample_pdf) * fraction)])
    assert_one_line(caught.value)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(os.urandom(4096), id="random"),
        pytest.param(b"%PDF-1.7\n" + os.urandom(4096), id="random-after-header"),
        pytest.param("\u6570\u5b57\u7ecf\u6d4e\n".encode("utf-8") * 50, id="text-file"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(200), id="png"),
    ],
)
def test_not_a_pdf_is_corrupt(data: bytes) -> None:
    with pytest.raises(CorruptPdfError) as caught:
        extract_pdf_text(data)
    assert_one_line(caught.value)


@pytest.mark.parametrize("with_image", [True, False], ids=["embedded-image", "drawn-shapes"])
def test_image_only_pdf_needs_ocr(with_image: bool) -> None:
    with pytest.raises(ImageOnlyPdfError, match="OCR") as caught:
        extract_pdf_text(factory.make_image_only_pdf(pages=2, with_image=with_image))
    assert_one_line(caught.value)


# --- damaged pages ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def three_pages() -> factory.MadePdf:
    made = factory.make_pdf(DocSpec(SAMPLE, font_size=14.0, line_spacing=1.25))
    assert made.pages == 3
    return made


@pytest.mark.parametrize("how", ["bad-flate", "bad-operators"])
def test_a_damaged_page_does_not_lose_the_others(three_pages: factory.MadePdf, how: str) -> None:
    result = extract_pdf_text(factory.damage_page(three_pages.data, 1, how))
    assert result.pages == 3
    assert len(result.warnings) == 1 and result.warnings[0].startswith("page 2: text could not be extracted")
    assert "\n" not in result.warnings[0]
    paragraphs = result.text.split("\n\n")
    assert paragraphs[:3] == list(three_pages.paragraphs[:3])  # page 1
    assert paragraphs[-1] == three_pages.paragraphs[-1]  # page 3


def test_glyphs_without_unicode_mapping_are_reported(three_pages: factory.MadePdf) -> None:
    result = extract_pdf_text(factory.damage_page(three_pages.data, 1, "broken-font"))
    assert result.pages == 3
    assert any(w.startswith("page 2:") and "U+FFFD" in w for w in result.warnings)


def test_a_scanned_page_among_text_pages_is_reported(three_pages: factory.MadePdf) -> None:
    data = factory.insert_pages(three_pages.data, factory.make_image_only_pdf(pages=1), at=1)
    result = extract_pdf_text(data)
    assert result.pages == 4
    assert result.warnings == ["page 2: no text layer (blank, or an image that needs OCR)"]
    assert result.text.split("\n\n") == list(three_pages.paragraphs)


def test_all_pages_damaged_is_corrupt(sample_pdf: bytes) -> None:
    data = factory.damage_page(factory.damage_page(sample_pdf, 0, "bad-flate"), 1, "bad-operators")
    with pytest.raises(CorruptPdfError) as caught:
        extract_pdf_text(data)
    assert_one_line(caught.value)


def test_pypdf_logging_is_silenced_and_restored(three_pages: factory.MadePdf, caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("pypdf")
    before = (logger.level, logger.propagate, list(logger.handlers))
    damaged = factory.damage_page(three_pages.data, 1, "bad-flate")
    with caplog.at_level(logging.DEBUG):
        extract_pdf_text(damaged)
        with pytest.raises(CorruptPdfError):
            extract_pdf_text(three_pages.data[:5000])
    assert [r for r in caplog.records if r.name.startswith("pypdf")] == []
    assert (logger.level, logger.propagate, list(logger.handlers)) == before


# --- how wrapped lines are joined -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("\u6570\u5b57", "\u7ecf\u6d4e", "\u6570\u5b57\u7ecf\u6d4e"),  # 数字 + 经济
        ("inter-", "national", "international"),
        ("COVID-", "19", "COVID-19"),
        ("non-", "European", "non-European"),
        ("soft\u00ad", "ware", "software"),
        ("open", "standards", "open standards"),
        ("costs,", "and", "costs, and"),
        ("GDP", "\u589e\u957f", "GDP\u589e\u957f"),  # GDP + 增长
        ("\u8fbe\u5230", "53.9", "\u8fbe\u523053.9"),  # 达到 + 53.9
        ("\u4e00\u7f51\u901a\u529e\u201d", "\u201c\u8de8\u7701", "\u4e00\u7f51\u901a\u529e\u201d\u201c\u8de8\u7701"),  # 办” + “跨
        ("\u201cOK\u201d", "he said", "\u201cOK\u201d he said"),
        ("\u201cOK\u201d", "\u7684\u610f\u601d", "\u201cOK\u201d\u7684\u610f\u601d"),  # “OK” + 的意思
        ("\u89c1https://example.org/a/", "b.html", "\u89c1https://example.org/a/b.html"),
        ("see www.example.org/", "page", "see www.example.org/page"),
        ("\u4ed6\u2014\u2014", "Tom", "\u4ed6\u2014\u2014Tom"),  # 他—— + Tom
    ],
)
def test_joint(left: str, right: str, joined: str) -> None:
    head, separator = _joint(left, right)
    assert head + separator + right == joined


def test_clean_pdf_and_the_cli_read_pdfs(tmp_path):
    """The public entry points: wenben.clean_pdf() and `wenben doc.pdf` give the same text."""
    import subprocess
    import sys

    import wenben

    paragraphs = [
        "\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\u7ecf\u6d4e\u3001\u5de5\u4e1a\u7ecf\u6d4e\u4e4b\u540e\u7684\u4e3b\u8981\u7ecf\u6d4e\u5f62\u6001\u3002" * 4,
        "\u672c\u6b21\u5927\u8d5b\u5171\u5438\u5f15384\u4e07\u4eba\u6b21\u5728\u7ebf\u89c2\u770b\u3002" * 5,
    ]
    path = tmp_path / "doc.pdf"
    made = factory.make_pdf(factory.DocSpec(paragraphs=paragraphs, header=None, footer=None), path)
    assert made.pages >= 1
    expected = "\n\n".join(paragraphs) + "\n"
    assert wenben.clean_pdf(path) == expected
    result = subprocess.run([sys.executable, "-m", "wenben", str(path)], capture_output=True, check=True)
    assert result.stdout.decode("utf-8") == expected
