"""Make real PDFs of Chinese text with a known source, for tests and benchmarks.

The PDF reader has to undo what a typesetter does: wrap lines inside words, justify them,
indent first lines, break paragraphs across pages and stamp running headers, footers and
page numbers on every page. This module does exactly those things with reportlab, and
returns the source paragraphs with the PDF, so a test can compare what comes out with
what went in.  It is deliberately deterministic (no randomness, no clock in the
output that matters) so that a benchmark or a held-out run can make more documents by
varying :class:`DocSpec`.

reportlab's built-in CID font ``STSong-Light`` needs no font file and pypdf extracts
it correctly, which is why every document uses it.

Example::

    made = make_pdf(DocSpec(paragraphs=SAMPLE_PARAGRAPHS, page_number="第 {page} 页"))
    made.data          # the PDF bytes
    made.expected_text # the paragraphs joined by one blank line
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from reportlab.lib.pagesizes import A5
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
IDEOGRAPHIC_SPACE = "\u3000"

# Characters that may not begin a line (Chinese line-breaking rules, "kinsoku"): the
# typesetter pulls the previous character down with them, which leaves a line short
# of the margin although the paragraph goes on, a case the reader must not mistake
# for a paragraph end.
NO_LINE_START = set("\uff0c\u3002\u3001\uff1b\uff1a\uff1f\uff01\uff09\u300b\u300d\u300f\u201d\u2019%,.;:?!)")
# Characters that may not end a line: opening brackets and quotes.
NO_LINE_END = set("\uff08\u300a\u300c\u300e\u201c\u2018(")
# Shortest Latin word the typesetter hyphenates, and the fewest letters on each side.
MIN_HYPHENATED_WORD = 8
MIN_HYPHEN_PIECE = 3

JustifyMode = Literal["charspace", "glyphs", "left"]


@dataclass(frozen=True)
class Heading:
    """A centred, larger line: a block that is short and not indented by design."""

    text: str


Block = str | Heading


@dataclass(frozen=True)
class DocSpec:
    """What to typeset and how.

    ``header``, ``footer`` and ``page_number`` are format strings that may use
    ``{page}`` and ``{pages}``. ``justify`` picks how full lines reach the right margin:
    ``charspace`` sets the PDF character spacing (Tc) for the line, as many word
    processors do; ``glyphs`` places every Chinese character and every run of Latin
    words at its own position, as converters and some typesetters do; ``left`` does not
    justify. ``size_in_matrix`` moves the font size from ``Tf`` into the text matrix
    (for ``charspace`` and ``left``), a common producer habit. ``indent_with_glyphs``
    makes the first-line indent out of U+3000 IDEOGRAPHIC SPACE characters instead of
    moving the line.
    """

    paragraphs: Sequence[Block]
    header: str | None = "\u6570\u5b57\u7ecf\u6d4e\u53d1\u5c55\u62a5\u544a\uff082024\uff09"  # 数字经济发展报告（2024）
    footer: str | None = "\u5185\u90e8\u8d44\u6599\u3000\u6ce8\u610f\u4fdd\u5b58"  # 内部资料　注意保存
    page_number: str | None = "- {page} -"
    page_number_at: Literal["top", "bottom"] = "bottom"
    page_size: tuple[float, float] = A5
    margin_inner: float = 50.0
    margin_outer: float = 40.0
    margin_top: float = 60.0
    margin_bottom: float = 60.0
    mirror_margins: bool = False
    font_size: float = 11.0
    line_spacing: float = 1.5
    first_line_indent: float = 2.0  # in ems (characters)
    paragraph_space: float = 0.0  # extra points between paragraphs
    justify: JustifyMode = "charspace"
    hyphenate: bool = True
    size_in_matrix: bool = False
    indent_with_glyphs: bool = False  # indent first lines with U+3000 characters, as Word users do


@dataclass(frozen=True)
class MadePdf:
    """A PDF and what the reader should recover from it."""

    data: bytes
    pages: int
    paragraphs: tuple[str, ...]
    hyphenated: tuple[str, ...] = ()
    paragraphs_across_pages: int = 0
    lines: int = 0

    @property
    def expected_text(self) -> str:
        """The source as the reader should give it back: one blank line between paragraphs."""
        return "\n\n".join(self.paragraphs)


@dataclass
class _Line:
    tokens: list[str]
    x: float  # left edge of the line
    width: float  # width of the measure the line sits in (for justification)
    justify: bool
    size: float
    block: int
    centred: bool = False
    hyphen: str = ""  # the word this line ends by hyphenating, if any


@dataclass
class _Page:
    lines: list[tuple[float, _Line]] = field(default_factory=list)  # (baseline y, line)


def register_font() -> None:
    """Register the built-in CID font (idempotent)."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


# Punctuation of "ambiguous" East Asian width that Chinese fonts (STSong-Light too) set
# one em wide: curly quotes, em dash, ellipsis, middle dot.
FULL_WIDTH_IN_CHINESE = set("\u201c\u201d\u2018\u2019\u2014\u2026\u00b7")


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F") or ch in FULL_WIDTH_IN_CHINESE


def tokenize(text: str) -> list[str]:
    """Split a paragraph into line-breaking units: one Chinese character, a Latin word, a space."""
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ch == " " or _is_wide(ch) or ch in NO_LINE_END and not word:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        else:
            word += ch
    if word:
        tokens.append(word)
    return tokens


def _width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def _split_word(word: str, room: float, size: float) -> tuple[str, str] | None:
    """The longest ``head-`` of ``word`` that fits ``room``, or None if hyphenating is not allowed."""
    if len(word) < MIN_HYPHENATED_WORD or not word.isalpha() or not word.islower():
        return None
    for cut in range(len(word) - MIN_HYPHEN_PIECE, MIN_HYPHEN_PIECE - 1, -1):
        if _width(word[:cut] + "-", size) <= room:
            return word[:cut] + "-", word[cut:]
    return None


def _break_lines(text: str, measure: float, indent: float, size: float, hyphenate: bool) -> list[tuple[list[str], str]]:
    """Greedy line breaking with Chinese kinsoku and optional hyphenation.

    Returns (tokens, hyphenated word) per line; trailing and leading spaces are dropped
    like every typesetter drops them.
    """
    tokens = tokenize(text)
    lines: list[tuple[list[str], str]] = []
    current: list[str] = []
    used = indent
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == " " and not current:
            i += 1
            continue
        w = _width(tok, size)
        if used + w <= measure + 1e-6 or not current:
            current.append(tok)
            used += w
            i += 1
            continue
        # tok does not fit
        hyphen = ""
        if tok == " ":
            i += 1
        elif hyphenate and (piece := _split_word(tok, measure - used, size)):
            current.append(piece[0])
            tokens[i] = piece[1]
            hyphen = piece[0][:-1] + piece[1]
        elif tok[0] in NO_LINE_START and len(current) > 1:
            # pull the previous unit down so the punctuation does not start a line
            i -= 1
            current.pop()
        while current and current[-1] == " ":
            current.pop()
        while len(current) > 1 and current[-1][-1] in NO_LINE_END:
            current.pop()
            i -= 1
        lines.append((current, hyphen))
        current = []
        used = 0.0
    while current and current[-1] == " ":
        current.pop()
    if current:
        lines.append((current, ""))
    return lines


def _layout(spec: DocSpec) -> tuple[list[_Page], list[str], int]:
    """Place every line on a page; return the pages, hyphenated words and split-paragraph count."""
    page_w, page_h = spec.page_size
    measure = page_w - spec.margin_inner - spec.margin_outer
    leading = spec.font_size * spec.line_spacing
    top = page_h - spec.margin_top
    pages = [_Page()]
    y = top
    hyphenated: list[str] = []
    across = 0
    for block_no, block in enumerate(spec.paragraphs):
        heading = isinstance(block, Heading)
        text = block.text if isinstance(block, Heading) else block
        size = spec.font_size * (1.3 if heading else 1.0)
        indent = 0.0 if heading else spec.first_line_indent * size
        broken = _break_lines(text, measure, indent, size, spec.hyphenate and not heading)
        if heading:
            y -= leading * 0.5
        start_page = len(pages)
        for n, (tokens, hyphen) in enumerate(broken):
            step = size * spec.line_spacing
            if y - step < spec.margin_bottom:
                pages.append(_Page())
                y = top
            y -= step
            last = n == len(broken) - 1
            glyph_indent = n == 0 and spec.indent_with_glyphs and indent > 0
            if glyph_indent:
                tokens = [IDEOGRAPHIC_SPACE] * round(spec.first_line_indent) + tokens
            line = _Line(
                tokens=tokens,
                x=indent if n == 0 and not glyph_indent else 0.0,
                width=measure - (indent if n == 0 and not glyph_indent else 0.0),
                justify=not last and not heading and spec.justify != "left",
                size=size,
                block=block_no,
                centred=heading,
                hyphen=hyphen,
            )
            if hyphen:
                hyphenated.append(hyphen)
            pages[-1].lines.append((y, line))
        if len(pages) != start_page:
            across += 1
        y -= spec.paragraph_space + (leading * 0.5 if heading else 0.0)
    return pages, hyphenated, across


def _draw_line(c: canvas.Canvas, line: _Line, left: float, y: float, mode: JustifyMode, size_in_matrix: bool) -> None:
    text = "".join(line.tokens)
    natural = _width(text, line.size)
    c.setFont(FONT, line.size)
    if line.centred:
        c.drawString(left + (line.width - natural) / 2, y, text)
        return
    x = left + line.x
    extra = line.width - natural if line.justify else 0.0
    if mode == "glyphs":
        # Every Chinese character on its own, every run of Latin words as one string;
        # the justification goes into the gaps between those pieces.
        pieces: list[str] = []
        for tok in line.tokens:
            if pieces and not _is_wide(tok[0]) and not _is_wide(pieces[-1][-1]):
                pieces[-1] += tok
            else:
                pieces.append(tok)
        if len(pieces) > 1:
            for piece in pieces:
                c.drawString(x, y, piece)
                x += _width(piece, line.size) + extra / (len(pieces) - 1)
            return
    obj = c.beginText(x, y)
    scale = 1.0
    if size_in_matrix:
        scale = line.size
        obj.setTextTransform(scale, 0, 0, scale, x, y)
    obj.setFont(FONT, line.size / scale)
    if extra > 0 and len(text) > 1:
        obj.setCharSpace(extra / (len(text) - 1) / scale)  # Tc is in text space units
    obj.textOut(text)
    c.drawText(obj)


def _draw_furniture(c: canvas.Canvas, spec: DocSpec, page: int, pages: int, left: float, right: float) -> None:
    """Running header, footer and page number: the text the reader must remove."""
    page_w, page_h = spec.page_size
    size = spec.font_size * 0.8
    c.setFont(FONT, size)
    head_y = page_h - spec.margin_top / 2
    foot_y = spec.margin_bottom / 2
    fmt = {"page": page, "pages": pages}
    if spec.header:
        c.drawCentredString(page_w / 2, head_y, spec.header.format(**fmt))
        c.setLineWidth(0.5)
        c.line(left, head_y - 4, right, head_y - 4)
    if spec.footer:
        c.drawString(left, foot_y, spec.footer.format(**fmt))
    if spec.page_number:
        number = spec.page_number.format(**fmt)
        y = head_y - size * 1.6 if spec.page_number_at == "top" else foot_y - size * 1.6
        c.drawCentredString(page_w / 2, y, number)


def make_pdf(spec: DocSpec, path: str | Path | None = None) -> MadePdf:
    """Typeset ``spec`` into a PDF (also written to ``path`` if given)."""
    register_font()
    pages, hyphenated, across = _layout(spec)
    page_w, _ = spec.page_size
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=spec.page_size, invariant=1)
    c.setTitle("wenben test document")
    for number, page in enumerate(pages, start=1):
        even = spec.mirror_margins and number % 2 == 0
        left = spec.margin_outer if even else spec.margin_inner
        right = page_w - (spec.margin_inner if even else spec.margin_outer)
        _draw_furniture(c, spec, number, len(pages), left, right)
        for y, line in page.lines:
            _draw_line(c, line, left, y, spec.justify, spec.size_in_matrix)
        c.showPage()
    c.save()
    data = buf.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    texts = tuple(b.text if isinstance(b, Heading) else b for b in spec.paragraphs)
    return MadePdf(
        data=data,
        pages=len(pages),
        paragraphs=texts,
        hyphenated=tuple(hyphenated),
        paragraphs_across_pages=across,
        lines=sum(len(p.lines) for p in pages),
    )


def make_image_only_pdf(pages: int = 2, with_image: bool = True) -> bytes:
    """A 'scan': pages with a drawn rectangle and (if Pillow is there) an embedded image, no text."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A5, invariant=1)
    for _ in range(pages):
        c.rect(40, 40, 340, 500, stroke=1, fill=0)
        c.setFillGray(0.6)
        c.rect(80, 300, 200, 120, stroke=0, fill=1)
        if with_image:
            try:
                from PIL import Image
            except ImportError:  # pragma: no cover - Pillow is optional
                pass
            else:
                from reportlab.lib.utils import ImageReader

                img = Image.new("L", (64, 32), 200)
                c.drawImage(ImageReader(img), 80, 100, width=128, height=64)
        c.showPage()
    c.save()
    return buf.getvalue()


def encrypt_pdf(data: bytes, user_password: str, owner_password: str | None = None, algorithm: str = "AES-128") -> bytes:
    """Encrypt a PDF with pypdf (the reader side must then ask for ``user_password``)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password, owner_password or user_password + "-owner", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# Source paragraphs in wenben's canonical compact style (punctuation checked with ascii(); a
# test guards against ASCII look-alikes): no space between Chinese and
# Latin letters or digits, one space between Latin words. They carry long Latin words
# (hyphenation), digits, percentages, brackets and quotes.
SAMPLE_PARAGRAPHS: tuple[Block, ...] = (
    Heading("第一章\u3000总体情况"),
    ("数字经济是继农业经济、工业经济之后的主要经济形态，是以数据资源为关键要素，以现代信息网络为主要载体，"
    "以信息通信技术融合应用、全要素数字化转型为重要推动力，促进公平与效率更加统一的新经济形态。"),
    ("2023年我国数字经济规模达到53.9万亿元，占GDP比重达到42.8%，同比提升1.3个百分点。其中，"
    "数字产业化规模为9.9万亿元，产业数字化规模为44万亿元，分别占数字经济比重的18.7%和81.3%。"),
    ("在国际合作方面，我国积极参与internationalization进程，与多个国家签署了关于telecommunications "
    "infrastructure的合作备忘录，推动“数字丝绸之路”建设走深走实。相关企业在5G、云计算和人工智能等"
    "领域加快布局，海外营业收入年均增长超过15%。"),
    ("数据要素市场建设取得积极进展。各地陆续成立数据交易机构，探索数据确权、定价和交易规则，"
    "数据资源的价值得到进一步释放。与此同时，数据安全和个人信息保护制度不断完善，为数据的合规流通"
    "提供了制度保障。"),
    Heading("第二章\u3000主要任务"),
    ("加快建设信息基础设施。建设高速泛在、天地一体、云网融合、智能敏捷、绿色低碳、安全可控的智能化"
    "综合性数字信息基础设施，打通经济社会发展的信息“大动脉”。到2025年，千兆宽带用户数超过6000万户，"
    "5G基站数量达到每万人26个。"),
    ("The framework emphasises interoperability between regional platforms and encourages open "
    "standards, so that small and medium-sized enterprises can participate in cross-border "
    "digital trade without prohibitive compliance costs."),
    ("推进产业数字化转型。实施中小企业数字化赋能专项行动，支持企业“上云用数赋智”，培育一批具有"
    "国际竞争力的工业互联网平台（Industrial Internet Platform），推动制造业向高端化、智能化、"
    "绿色化发展。"),
    ("提升公共服务数字化水平。推进“互联网+政务服务”，加快全国一体化政务服务平台建设，"
    "实现更多政务服务事项“一网通办”“跨省通办”，让数据多跑路、群众少跑腿。"),
    ("Implementation guidelines require telecommunications operators, infrastructure providers and "
    "municipal administrations to coordinate internationalization strategies, interoperability "
    "requirements and cybersecurity responsibilities within standardized accountability frameworks."),
    Heading("第三章\u3000保障措施"),
    ("加强组织领导。各地区、各部门要高度重视数字经济发展，结合实际制定具体实施方案，明确时间表和路线图，"
    "确保各项任务落到实处。要建立健全统计监测体系，定期发布数字经济发展指数（Digital Economy Index，DEI），"
    "及时评估政策实施效果。"),
    ("强化人才支撑。加快培养既懂技术又懂业务的复合型人才，支持高校设置数据科学、人工智能等相关专业，"
    "鼓励企业与科研院所联合建立实训基地。力争到2025年，数字技能培训覆盖人数达到1000万人次以上。"),
    ("完善数字经济治理体系。健全法律法规和政策制度，完善体制机制，提高我国在数字经济领域的"
    "国际规则制定能力和话语权，营造良好的数字生态。"),
)


DamageKind = Literal["bad-flate", "bad-operators", "broken-font"]


def damage_page(data: bytes, index: int, how: DamageKind = "bad-flate") -> bytes:
    """Break one page of a PDF the way real files break, leaving the others intact.

    ``bad-flate``: the content stream does not decompress (pypdf logs, gives no text);
    ``bad-operators``: the content stream is cut inside an operand (pypdf raises);
    ``broken-font``: the page's fonts are not dictionaries (glyphs map to U+FFFD).
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject, NumberObject, StreamObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    page = writer.pages[index]
    if how == "bad-flate":
        stream = StreamObject()
        stream._data = b"this is not zlib data"
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
        page[NameObject("/Contents")] = writer._add_object(stream)
    elif how == "bad-operators":
        stream = DecodedStreamObject()
        stream.set_data(b"BT /F1 12 Tf 1 0 0 1 50 300 Tm [ (abc) 1 Tj ET")
        page[NameObject("/Contents")] = writer._add_object(stream)
    elif how == "broken-font":
        resources: Any = page["/Resources"].get_object()
        fonts: Any = resources["/Font"].get_object()
        for name in list(fonts):
            fonts[NameObject(name)] = NumberObject(3)
    else:  # pragma: no cover - guarded by the Literal type
        raise ValueError(how)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def insert_pages(data: bytes, extra: bytes, at: int) -> bytes:
    """Insert all pages of ``extra`` (e.g. an image-only 'scan') before page index ``at``."""
    from pypdf import PdfReader, PdfWriter

    base = PdfReader(io.BytesIO(data))
    writer = PdfWriter()
    for page in base.pages[:at]:
        writer.add_page(page)
    for page in PdfReader(io.BytesIO(extra)).pages:
        writer.add_page(page)
    for page in base.pages[at:]:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_flowing_pdf(spec: DocSpec) -> MadePdf:
    """The same document typeset by reportlab's own layout engine (platypus), not by ours.

    A second, independent producer keeps the reader from fitting one typesetter. Its
    Chinese wrapping is not ours: it may break a Latin word without a hyphen, drops some
    spaces next to Latin words, and sets U+3000 as a plain space, so compare its output
    ignoring whitespace. Page numbers and the header use ``spec``'s formats; the
    ``justify``, ``hyphenate``, ``mirror_margins`` and ``size_in_matrix`` options do not apply.
    """
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    register_font()
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=spec.font_size, leading=spec.font_size * spec.line_spacing,
        alignment=TA_JUSTIFY, wordWrap="CJK", firstLineIndent=spec.first_line_indent * spec.font_size,
        spaceAfter=spec.paragraph_space,
    )
    head = ParagraphStyle(
        "heading", parent=body, fontSize=spec.font_size * 1.3, leading=spec.font_size * 2.0,
        alignment=TA_CENTER, firstLineIndent=0,
    )
    story = [Paragraph(b.text, head) if isinstance(b, Heading) else Paragraph(b, body) for b in spec.paragraphs]
    page_w, _ = spec.page_size
    state = {"pages": 0}

    def furniture(c: canvas.Canvas, doc: SimpleDocTemplate) -> None:
        state["pages"] = max(state["pages"], doc.page)
        c.saveState()
        _draw_furniture(c, spec, doc.page, 0, spec.margin_inner, page_w - spec.margin_outer)
        c.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=spec.page_size, leftMargin=spec.margin_inner, rightMargin=spec.margin_outer,
        topMargin=spec.margin_top, bottomMargin=spec.margin_bottom, invariant=1,
    )
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    texts = tuple(b.text if isinstance(b, Heading) else b for b in spec.paragraphs)
    return MadePdf(data=buf.getvalue(), pages=state["pages"], paragraphs=texts)
