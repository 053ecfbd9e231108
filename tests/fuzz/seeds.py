"""Seed corpora for the fuzz targets (``fuzz_text.py``, ``fuzz_readers.py``).

Text seeds come from ``fixtures/`` (the OCR samples, the document pair, the ``cases/*.json``
originals).  Reader seeds add the same text in legacy encodings (GB18030, Big5, UTF-16 with and
without BOM, UTF-32), a few damaged byte strings, and small real PDFs: typeset with reportlab's
built-in CID font ``STSong-Light`` (no font file needed, and pypdf extracts it), a hand-written
minimal PDF with a Type1 font, a blank page written by pypdf, an encrypted one, a truncated one.
The PDFs are uncompressed where possible so that libFuzzer's byte mutations reach the content
stream operators.

Used by ``run.py`` (written to a corpus directory) and by ``tests/test_fuzz_smoke.py`` (fed to
each target's one-input function without atheris).  Every optional dependency is optional:
a missing one only means fewer seeds.
"""

from __future__ import annotations

import io
import json
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures"

# Mode bytes of ``fuzz_text.text_from_bytes``: the seed text goes through the UTF-8 mode.
UTF8_MODE = b"\x02"

SAMPLE = (
    "\u7b2c\u4e00\u7ae0\u3000\u603b\u4f53\u60c5\u51b5\n"  # 第一章　总体情况
    "2024 \u5e74 7 \u6708 13 \u65e5\u4e0a\u5348, \u5fb7\u9633\u5e02(\u5fb7\u9633\u5206\u8d5b\u533a)"
    "\u4e3e\u884c\u7b7e \u7ea6\u4eea\u5f0f\u3002\u6570\u5b57\u7ecf\u6d4e\u589e\u957f 12.5%\uff0c"
    "\u8be6\u89c1 https://example.org/a?b=1 \u3002\n"
)


def text_fixtures(limit: int = 4000) -> list[str]:
    """Fixture texts, each cut to ``limit`` characters (long inputs make slow fuzzing)."""
    texts: list[str] = [SAMPLE]
    for path in sorted(FIXTURES.rglob("*.txt")):
        texts.append(path.read_text(encoding="utf-8")[:limit])
    for path in sorted((FIXTURES / "cases").glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            if isinstance(case, dict) and isinstance(case.get("original"), str):
                texts.append(case["original"][:limit])
    # A few shapes the fixtures lack: blank, whitespace only, a line without newline, CRLF.
    texts += ["", " \t\u3000\n\n", "\u6570 \u5b57", "a\r\nb\r\n", "\ufeff\u4e2d\u6587"]
    return texts


def text_seeds() -> dict[str, bytes]:
    """name -> input for ``fuzz_text`` (mode byte + UTF-8)."""
    return {f"text-{i:03d}": UTF8_MODE + t.encode("utf-8") for i, t in enumerate(text_fixtures(1500))}


def _encodings_of(text: str) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for name, codec in (
        ("utf8", "utf-8"),
        ("utf8bom", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("big5", "big5hkscs"),
        ("utf16le", "utf-16-le"),
        ("utf16", "utf-16"),
        ("utf32", "utf-32"),
    ):
        try:
            out[name] = text.encode(codec)
        except UnicodeEncodeError:
            continue
    return out


def minimal_pdf(text: bytes = b"Hello wenben") -> bytes:
    """A hand-written one-page PDF with a Type1 font and a correct xref table."""
    stream = b"BT /F1 24 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>"
        ),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def reportlab_pdf(lines: list[str], compress: bool = False) -> bytes | None:
    """A one-page PDF of ``lines`` in STSong-Light, or None without reportlab."""
    try:
        from reportlab.lib.pagesizes import A6
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas
    except ImportError:
        return None
    try:
        pdfmetrics.getFont("STSong-Light")
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A6, invariant=1, pageCompression=1 if compress else 0)
    y = 380.0
    for line in lines:
        c.setFont("STSong-Light", 10)
        c.drawString(20, y, line)
        y -= 14
    c.drawCentredString(150, 20, "- 1 -")
    c.showPage()
    c.save()
    return buf.getvalue()


def pypdf_pdfs(base: bytes) -> dict[str, bytes]:
    """A blank page, and ``base`` encrypted, both written by pypdf (empty without it)."""
    try:
        from pypdf import PdfReader, PdfWriter
    except ImportError:
        return {}
    out: dict[str, bytes] = {}
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    buf = io.BytesIO()
    writer.write(buf)
    out["pdf-blank-page"] = buf.getvalue()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base)))
    try:
        writer.encrypt("s3cret", "owner", algorithm="RC4-40")
    except Exception:  # noqa: BLE001 - no crypto support: no encrypted seed
        return out
    buf = io.BytesIO()
    writer.write(buf)
    out["pdf-encrypted-rc4"] = buf.getvalue()
    return out


def reader_seeds() -> dict[str, bytes]:
    """name -> input for ``fuzz_readers``: encoded texts, damaged bytes, small PDFs."""
    seeds: dict[str, bytes] = {}
    for i, text in enumerate(text_fixtures(600)[:12]):
        for name, data in _encodings_of(text).items():
            seeds[f"enc-{i:02d}-{name}"] = data
    seeds["damaged-utf8"] = SAMPLE.encode("utf-8")[:-1] + b"\xff\xfe"
    seeds["nul"] = b"abc\x00def"
    seeds["iso2022jp"] = "\u65e5\u672c\u8a9e".encode("iso2022_jp")
    seeds["shift-jis"] = "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8".encode("shift_jis")
    seeds["euc-kr"] = "\ud55c\uad6d\uc5b4 \ud14d\uc2a4\ud2b8".encode("euc_kr")
    seeds["cp1251"] = "\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440".encode("cp1251")
    seeds["pdf-minimal"] = minimal_pdf()
    seeds["pdf-minimal-truncated"] = minimal_pdf()[:-40]
    chinese = [
        "\u7b2c\u4e00\u7ae0\u3000\u603b\u4f53\u60c5\u51b5",
        "\u3000\u3000\u6570\u5b57\u7ecf\u6d4e\u6301\u7eed\u589e\u957f\uff0c\u4ea7\u4e1a",
        "\u7ed3\u6784\u4e0d\u65ad\u4f18\u5316\u3002Python 3.12 \u53d1\u5e03\u3002",
    ]
    plain = reportlab_pdf(chinese)
    if plain is not None:
        seeds["pdf-stsong"] = plain
        compressed = reportlab_pdf(chinese, compress=True)
        assert compressed is not None
        seeds["pdf-stsong-compressed"] = compressed
        seeds.update(pypdf_pdfs(plain))
    else:
        seeds.update(pypdf_pdfs(minimal_pdf()))
    # A PDF whose content stream is Flate-compressed by hand and then cut short.
    stream = zlib.compress(b"BT /F1 12 Tf 10 10 Td (abc) Tj ET")
    seeds["pdf-bad-flate"] = minimal_pdf().replace(b"%%EOF", b"") + b"<< /Filter /FlateDecode >>" + stream[:5]
    return seeds


def write_corpus(seeds: dict[str, bytes], directory: Path) -> int:
    """Write seeds as files (libFuzzer corpus layout); returns how many were written."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in seeds.items():
        (directory / f"seed-{name}").write_bytes(data)
    return len(seeds)
