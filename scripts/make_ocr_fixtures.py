#!/usr/bin/env python3
"""Make real tesseract ``chi_sim`` OCR fixtures for wenben.

Each document below is written in canonical mainland typography (GB/T 15834-2011 punctuation,
compact spacing: no space between Han and digits or Latin letters). The script typesets it as a
printed page would look (title line, paragraphs with a two-character first-line indent,
hard-wrapped lines of about 34 Han characters, justified), renders the page to a PNG with Pillow,
runs the ``tesseract`` binary on it and writes, for each document ``NAME``, to ``fixtures/ocr/``:

``NAME.source.txt``
    the exact source text: title, then the paragraphs, separated by blank lines, no hard wraps, no
    indents; this is what a perfect cleaner should give back.
``NAME.printed.txt``
    the text as it was laid out on the page, one printed line per line, with the U+3000 indents:
    what a perfect OCR engine would give back.
``NAME.tesseract.txt``
    tesseract's raw standard output, byte for byte.

``fixtures/ocr/README.md`` records the tesseract version, language data, fonts and render settings.

Needs (Debian): tesseract-ocr, tesseract-ocr-chi-sim, fonts-noto-cjk, fonts-wqy-zenhei; Pillow.

Usage::

    python scripts/make_ocr_fixtures.py              # render, OCR, write fixtures
    python scripts/make_ocr_fixtures.py --keep-png   # also keep the page images in fixtures/ocr/
    python scripts/make_ocr_fixtures.py --only news_digital_economy
    python scripts/make_ocr_fixtures.py --analyse    # only compare existing fixtures, print a report

Only the standard library and Pillow are used. Rendering is deterministic (seeded noise), so a
re-run with the same tesseract, language data and fonts reproduces the files exactly.
"""

from __future__ import annotations

import argparse
import collections
import difflib
import io
import os
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "fixtures" / "ocr"

# Page-layout constants (pixels at the "300 dpi" rendering).
BODY_SIZE = 40  # ~9.6 pt at 300 dpi: a book / newspaper body size
TITLE_SIZE = 54
CHARS_PER_LINE = 34  # Han characters in a full line
MARGIN = 120
LINE_GAP = 0.75  # extra leading, as a fraction of the font size

# Page segmentation mode 6 ("a single uniform block of text") reads these one-column pages in
# order, one output line per printed line. The default mode 3 (automatic layout analysis) gives
# nearly the same text on most pages, but it is fragile: on the letter-spaced notice it moved the
# title's last character to the end of the document, and on an earlier layout of the news page
# (a line holding only a closing quote) it cut the page into blocks and emitted them out of
# order, which no text cleaner can be expected to repair.
DEFAULT_PSM = 6

IDEOGRAPHIC_SPACE = "\u3000"
INDENT = IDEOGRAPHIC_SPACE * 2

# Kinsoku (line-breaking) classes, written as escapes so that look-alikes are unambiguous.
# May not start a line: closing marks, pause/stop marks, ellipsis, dash, middle dot, percent.
NO_LINE_START = set(
    "\uff0c\u3002\u3001\uff1b\uff1a\uff1f\uff01\uff09\u300b\u3009\u201d\u2019"
    "\u2026\u2014\u00b7%"
)
# May not end a line: opening marks.
NO_LINE_END = set("\uff08\u300a\u3008\u201c\u2018")

FONTS = {
    "serif": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),  # Noto Serif CJK SC
    "serif-bold": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
    "sans": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # Noto Sans CJK SC
    "sans-bold": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    "wqy": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),  # WenQuanYi Zen Hei
}


# --------------------------------------------------------------------------------------------
# The source documents. Paragraph styles: "" (indented body), "noindent", "right".
# --------------------------------------------------------------------------------------------


@dataclass
class Doc:
    name: str
    title: str
    paragraphs: list  # of str or (style, str)
    body_font: str = "serif"
    title_font: str = "serif-bold"
    degrade: bool = False  # low resolution, blur, skew, noise, JPEG
    tracking: float = 0.0  # extra letter spacing, in ems (official documents are often set loose)
    note: str = ""

    def paras(self) -> list[tuple[str, str]]:
        return [p if isinstance(p, tuple) else ("", p) for p in self.paragraphs]

    def source_text(self) -> str:
        return self.title + "\n\n" + "\n\n".join(text for _, text in self.paras()) + "\n"


NEWS = Doc(
    name="news_digital_economy",
    note="news report: dates, times, decimals, percentages, GDP/5G/Python, quotes, "
    "book title, parentheses, ellipsis, dash, URL, e-mail",
    title="第三届“数字经济”创新大赛决赛在成都举行",
    paragraphs=[
        "本报成都7月15日电（记者李明、王芳）2020年7月15日上午10:30，第三届“数字经济”创新大赛决赛"
        "在成都天府国际会议中心开幕。本届大赛共吸引来自全国31个省（区、市）的1286支团队报名，其中"
        "进入决赛的48支团队分别来自成都、绵阳、德阳等8个分赛区。",
        "据大赛组委会介绍，2019年四川省数字经济总量达到1.4万亿元，占全省GDP的30.5%；全省5G基站"
        "累计建成3.2万个，同比增长215.6%。今年上半年，全省软件和信息技术服务业实现营业收入"
        "230.85亿元，同比增长12.7%。",
        "来自德阳的参赛团队（德阳分赛区）展示了一套基于Python和开源深度学习框架的工业质检系统。"
        "团队负责人张伟说：“我们用了不到半年时间，把产品缺陷的识别准确率从85%提高到了99.2%……"
        "这在两年前是不敢想象的。”",
        "评审专家、《中国信息化》杂志副主编陈静认为，数字经济的竞争归根到底是人才的竞争——谁能"
        "吸引和留住人才，谁就能赢得未来。她建议各地进一步完善人才政策，为青年创业者提供更多的"
        "“试验田”。",
        "据悉，决赛将持续至7月17日，颁奖典礼定于7月17日14:00举行。大赛详细信息可登录官方网站"
        "https://www.scdigital.example.cn/2020/final查询，媒体垂询请发送邮件至"
        "press@scdigital.example.cn。",
    ],
)

NOTICE = Doc(
    name="notice_training",
    note="official notice: salutation, enumerated list 一、二、 and （1）（2）, times, phone "
    "number, e-mail, URL, book title, right-aligned signature",
    body_font="sans",
    title_font="sans-bold",
    title="关于举办2020年度数据分析技能培训班的通知",
    paragraphs=[
        ("noindent", "各学院、各部门："),
        "为进一步提升教职工的数据分析能力，推动学校数字化转型，经研究，决定举办2020年度数据分析"
        "技能培训班。现将有关事项通知如下：",
        "一、培训时间和地点",
        "培训时间为2020年9月8日至9月10日，每天上午8:30至11:45、下午14:00至17:30。培训地点为"
        "图书馆三楼报告厅（305室）。",
        "二、培训内容",
        "（1）Python基础语法与常用数据结构；",
        "（2）使用pandas进行数据清洗与统计分析；",
        "（3）数据可视化与报告撰写。",
        "三、报名方式",
        "请各单位于8月31日前将报名表（见附件）发送至邮箱training@univ.example.edu.cn，联系电话："
        "028-85401234。每个单位限报3人，名额有限，额满即止！",
        "四、其他事项",
        "参训人员须自带笔记本电脑，并提前安装Python 3.8或以上版本。培训结束后，考核合格者将获得"
        "《数据分析技能培训结业证书》。有关课程资料可从https://it.univ.example.edu.cn/training下载。",
        "附件：2020年度数据分析技能培训班报名表",
        ("right", "信息化建设与管理办公室"),
        ("right", "2020年8月20日"),
    ],
)

TECH = Doc(
    name="tech_python_text",
    note="technical article in WenQuanYi Zen Hei (narrow Western-style curly quotes): Latin "
    "words and identifiers, version numbers, a decimal in quotes, ？！, book title, e-mail",
    body_font="wqy",
    title_font="wqy",
    title="用Python处理中文文本的几个常见问题",
    paragraphs=[
        "在日常工作中，我们经常需要处理从网页、PDF文件或扫描件中提取出来的中文文本。这些文本往往"
        "夹杂着多余的空格、半角标点和错误的换行，直接用于检索或统计会带来不少麻烦。",
        "第一个问题是编码。Python 3默认使用UTF-8编码读写源文件，但很多旧系统导出的文本仍然是GBK"
        "或GB 18030编码的。如果打开文件时没有指定encoding参数，就可能出现UnicodeDecodeError错误，"
        "或者得到一堆“乱码”。",
        "第二个问题是标点。中文排版应当使用全角的逗号、句号、问号和叹号，而英文句子中则应使用半角"
        "标点。那么，“3.14”中的小数点要不要改成全角呢？当然不要！数字、网址和电子邮件地址中的符号"
        "都必须原样保留。",
        "第三个问题是分词。与英文不同，中文词与词之间没有空格，因此统计词频之前通常要先分词。常用"
        "的工具有jieba、HanLP等，它们在新闻语料上的准确率一般可以达到95%以上。",
        "总之，文本清洗看似简单，实则处处是细节。正如《程序员修炼之道》一书中所说：“不要容忍破"
        "窗户。”发现一个小问题，就及时修好它。",
        "（作者邮箱：wang.lei@example.com）",
    ],
)

ESSAY = Doc(
    name="essay_autumn",
    note="literary essay: dialogue quotes with nested ‘’, ellipsis, dash, ？！, middle dot "
    "in a foreign name, book title",
    title="故乡的秋天",
    paragraphs=[
        "离开故乡已经整整二十年了。每到秋天，我总会想起老屋门前那棵桂花树，想起母亲在树下晒谷子"
        "的身影……",
        "那年我十二岁，刚刚读完列夫·托尔斯泰的《童年》。我问母亲：“人为什么要长大呢？”母亲笑了笑，"
        "没有回答，只是说：“等你到了城里，就会明白的。”",
        "后来我真的去了城里，读书、工作、成家——日子像流水一样过去。有一天，女儿指着课本上的一句话"
        "问我：“爸爸，老师说‘故乡是回不去的地方’，这是什么意思？”我愣住了，半天说不出话来。",
        "今年国庆节，我终于带着全家回了一趟故乡。老屋早已翻新，桂花树却还在，比记忆中更高、更粗了。"
        "站在树下，我忽然想起母亲当年的话。是啊，人总要长大，可故乡永远在那里等着我们！",
    ],
)

REPORT = Doc(
    name="report_statistics",
    note="statistical bulletin: many decimals and percentages, （GDP）, 一是/二是, a note "
    "with （1）（2）, URL followed by 。",
    body_font="sans",
    title_font="sans-bold",
    title="2020年上半年全市经济运行情况",
    paragraphs=[
        "根据地区生产总值统一核算结果，2020年上半年全市实现地区生产总值（GDP）5412.36亿元，按可比"
        "价格计算，同比增长1.8%，比一季度提高4.3个百分点。其中，第一产业增加值210.45亿元，增长"
        "2.1%；第二产业增加值1987.02亿元，增长0.9%；第三产业增加值3214.89亿元，增长2.3%。",
        "从主要指标看，呈现以下特点：",
        "一是工业生产稳步回升。6月份，规模以上工业增加值同比增长5.6%，增速连续三个月保持正增长。"
        "新能源汽车、工业机器人、集成电路产量分别增长38.2%、21.7%和16.4%。",
        "二是消费市场逐步恢复。上半年社会消费品零售总额2156.7亿元，同比下降6.2%，降幅比一季度"
        "收窄5.9个百分点。通过网络实现的商品零售额增长24.5%，占社会消费品零售总额的比重为28.3%。",
        "三是居民收入保持增长。上半年全市居民人均可支配收入23458元，同比名义增长3.5%。其中，城镇"
        "居民人均可支配收入28761元，农村居民人均可支配收入12903元。",
        "注：（1）本公报中部分数据因四舍五入，存在总计与分项合计不等的情况；（2）更多数据请访问"
        "市统计局网站http://tjj.city.example.gov.cn/sjfb/。",
    ],
)

NEWS_LOWRES = Doc(
    name="news_digital_economy_lowres",
    note="the news report again, scanned badly: ~135 dpi, 0.6 degree skew, blur, speckle "
    "noise, JPEG artefacts",
    title=NEWS.title,
    paragraphs=NEWS.paragraphs,
    degrade=True,
)

NOTICE_SPACED = Doc(
    name="notice_training_spaced",
    note="the notice again, set loose (0.35 em letter spacing, as official documents often "
    "are): ~25 characters per line",
    body_font=NOTICE.body_font,
    title_font=NOTICE.title_font,
    title=NOTICE.title,
    paragraphs=NOTICE.paragraphs,
    tracking=0.35,
)

DOCS = [NEWS, NOTICE, TECH, ESSAY, REPORT, NEWS_LOWRES, NOTICE_SPACED]


# --------------------------------------------------------------------------------------------
# Checking that the sources themselves are canonical.
# --------------------------------------------------------------------------------------------

HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
CJK_PUNCT_CHARS = "\uff0c\u3002\u3001\uff1b\uff1a\uff1f\uff01\uff08\uff09\u300a\u300b\u201c\u201d\u2018\u2019\u2026\u2014\u00b7"


def check_source(doc: Doc) -> None:
    """Fail loudly if a source text is not in the canonical form the fixtures promise."""
    text = doc.source_text()
    problems = []
    # ASCII , ; ? ! ( ) next to a Han character or full-width mark; ':' likewise (times are digit:digit).
    for m in re.finditer(r"[,;?!()\[\]:]", text):
        i = m.start()
        near = text[max(0, i - 1) : i + 2]
        if any(HAN_RE.match(c) or c in CJK_PUNCT_CHARS for c in near):
            problems.append(f"ASCII punctuation in Chinese context: {ascii(near)}")
    if re.search("[\"'`]", text):
        problems.append("straight quote")
    if re.search(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])", text):
        problems.append("space between Han characters")
    for a, b in ["\u201c\u201d", "\u2018\u2019", "\u300a\u300b", "\uff08\uff09"]:
        if text.count(a) != text.count(b):
            problems.append(f"unbalanced {ascii(a + b)}")
    if re.search("(?<!\u2026)\u2026(?!\u2026)", text) or re.search("(?<!\u2014)\u2014(?!\u2014)", text):
        problems.append("single \\u2026 or \\u2014 (ellipsis and dash are doubled)")
    if unicodedata.normalize("NFC", text) != text:
        problems.append("not NFC")
    if problems:
        raise SystemExit(f"{doc.name}: source is not canonical:\n  " + "\n  ".join(problems))


# --------------------------------------------------------------------------------------------
# Typesetting.
# --------------------------------------------------------------------------------------------


def load_font(key: str, size: int) -> ImageFont.FreeTypeFont:
    path, index = FONTS[key]
    return ImageFont.truetype(path, size, index=index, layout_engine=ImageFont.Layout.BASIC)


TOKEN_RE = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9.@/:%_\-]*[A-Za-z0-9/%]|[A-Za-z0-9]"  # Latin words, numbers, URLs
    r"|\u2026\u2026|\u2014\u2014"  # ellipsis and dash stay in one piece
    r"|."
)


@dataclass
class Line:
    tokens: list = field(default_factory=list)
    indent: int = 0  # in ems
    last: bool = False  # last line of its paragraph: not justified
    align: str = "justify"

    def text(self) -> str:
        return IDEOGRAPHIC_SPACE * self.indent + "".join(self.tokens)


def char_width(font: ImageFont.FreeTypeFont, ch: str, em: int) -> float:
    if (HAN_RE.match(ch) or ch in CJK_PUNCT_CHARS) and ch != "\u00b7":
        return em
    return font.getlength(ch)


def token_width(font: ImageFont.FreeTypeFont, tok: str, em: int, track: float = 0.0) -> float:
    """Advance width of a token; ``track`` is extra letter spacing in pixels per character."""
    if tok in ("\u2026\u2026", "\u2014\u2014"):
        return 2 * em + 2 * track
    if track:
        return sum(char_width(font, ch, em) + track for ch in tok)
    if len(tok) == 1:
        return char_width(font, tok, em)
    return font.getlength(tok)


def split_long(tok: str, font, em: int, track: float, room: float) -> int:
    """How many characters of a long Latin run (a URL) fit in ``room``; prefer to break after / . @"""
    n = 0
    while n < len(tok) and token_width(font, tok[: n + 1], em, track) <= room:
        n += 1
    for k in range(n, max(n - 8, 0), -1):
        if tok[k - 1] in "/.@-_":
            return k
    return n


def break_paragraph(text: str, font, em: int, width: float, indent: int, track: float) -> list[Line]:
    tokens = TOKEN_RE.findall(text)
    lines: list[Line] = []
    cur = Line(indent=indent)
    x = indent * (em + track)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == " " and not cur.tokens:
            i += 1  # a space that falls on a line break is not printed
            continue
        w = token_width(font, tok, em, track)
        if x + w <= width + 0.5:
            cur.tokens.append(tok)
            x += w
            i += 1
            continue
        # tok does not fit.
        if len(tok) > 1 and w > 6 * em:
            # A long Latin run (a URL, an e-mail address): break it to fill the line.
            k = split_long(tok, font, em, track, width - x)
            if k >= 3:
                cur.tokens.append(tok[:k])
                tokens[i : i + 1] = [tok[:k], tok[k:]]
                i += 1
        elif tok[0] in NO_LINE_START and x + w <= width + em * 0.6:
            # Hanging punctuation: let a closing mark stick out into the margin a little.
            cur.tokens.append(tok)
            i += 1
        elif tok[0] in NO_LINE_START:
            # Pull the previous character(s) down with it, so no line starts with a closing mark.
            while len(cur.tokens) > 1 and tokens[i][0] in NO_LINE_START:
                cur.tokens.pop()
                i -= 1
        while cur.tokens and cur.tokens[-1] in NO_LINE_END:
            cur.tokens.pop()
            i -= 1
        while cur.tokens and cur.tokens[-1] == " ":
            cur.tokens.pop()
        lines.append(cur)
        cur, x = Line(), 0.0
    if cur.tokens:
        lines.append(cur)
    lines[-1].last = True
    return lines


def layout(doc: Doc, em: int, width: float) -> tuple[list[Line], ImageFont.FreeTypeFont]:
    font = load_font(doc.body_font, em)
    track = doc.tracking * em
    lines: list[Line] = []
    for style, text in doc.paras():
        if style == "right":
            lines.append(Line(tokens=TOKEN_RE.findall(text), last=True, align="right"))
        else:
            indent = 0 if style == "noindent" else 2
            lines.extend(break_paragraph(text, font, em, width, indent, track))
    return lines, font


def render(doc: Doc, scale: float = 1.0) -> tuple[Image.Image, list[str]]:
    """Typeset the document; return the page image and the printed lines."""
    em = round(BODY_SIZE * scale)
    width = CHARS_PER_LINE * em
    margin = round(MARGIN * scale)
    lines, font = layout(doc, em, width)
    track = doc.tracking * em
    title_font = load_font(doc.title_font, round(TITLE_SIZE * scale))
    leading = round(em * (1 + LINE_GAP))
    title_h = round(TITLE_SIZE * scale * 2.2)
    page_w = width + 2 * margin
    page_h = margin * 2 + title_h + leading * len(lines)
    img = Image.new("L", (page_w, page_h), 255)
    draw = ImageDraw.Draw(img)

    # Title, centred.
    tsize = title_font.size
    ttrack = doc.tracking * tsize
    tw = sum(token_width(title_font, t, tsize, ttrack) for t in TOKEN_RE.findall(doc.title))
    x = (page_w - tw) / 2
    for tok in TOKEN_RE.findall(doc.title):
        draw_token(draw, title_font, tok, x, margin, tsize, ttrack)
        x += token_width(title_font, tok, tsize, ttrack)

    y = margin + title_h
    for line in lines:
        widths = [token_width(font, t, em, track) for t in line.tokens]
        natural = line.indent * (em + track) + sum(widths)
        gaps = max(len(line.tokens) - 1, 1)
        extra = 0.0
        if line.align == "right":
            x = margin + width - natural
        else:
            x = margin + line.indent * (em + track)
            if not line.last and natural < width:
                extra = (width - natural) / gaps
        for tok, w in zip(line.tokens, widths):
            draw_token(draw, font, tok, x, y, em, track)
            x += w + extra
        y += leading
    return img, [line.text() for line in lines]


def draw_token(draw: ImageDraw.ImageDraw, font, tok: str, x: float, y: float, em: int,
               track: float = 0.0) -> None:
    if tok == "\u2014\u2014":
        # A two-em dash as one unbroken rule at the middle of the em box, as CJK fonts print it.
        top, bottom = font.getbbox("\u4e00")[1], font.getbbox("\u4e00")[3]
        mid = y + (top + bottom) / 2
        th = max(1, round(em / 20))
        end = x + 2 * em + track - em * 0.05
        draw.rectangle([x + em * 0.05, mid - th / 2, end, mid + th / 2], fill=0)
        return
    if tok == "\u2026\u2026":
        for k in range(2):
            draw.text((x + k * (em + track), y), "\u2026", font=font, fill=0)
        return
    if track:
        for ch in tok:
            draw.text((x, y), ch, font=font, fill=0)
            x += char_width(font, ch, em) + track
        return
    draw.text((x, y), tok, font=font, fill=0)


def degrade(img: Image.Image, seed: int) -> Image.Image:
    """A cheap bad scan: downsample to ~135 dpi, skew, blur, speckle, JPEG."""
    rng = random.Random(seed)
    small = img.resize((round(img.width * 0.45), round(img.height * 0.45)), Image.BILINEAR)
    small = small.rotate(0.6, resample=Image.BICUBIC, expand=True, fillcolor=255)
    small = small.filter(ImageFilter.GaussianBlur(0.7))
    px = small.load()
    w, h = small.size
    for _ in range(w * h // 40):  # grey noise on 2.5% of pixels
        x, y = rng.randrange(w), rng.randrange(h)
        px[x, y] = max(0, min(255, px[x, y] + rng.randint(-90, 90)))
    for _ in range(w * h // 2500):  # dark specks
        x, y = rng.randrange(w - 2), rng.randrange(h - 2)
        for dx in range(rng.randint(1, 2)):
            px[x + dx, y] = rng.randint(0, 90)
    buf = io.BytesIO()
    small.save(buf, "JPEG", quality=55)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


# --------------------------------------------------------------------------------------------
# OCR.
# --------------------------------------------------------------------------------------------


def tesseract_version() -> str:
    out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, check=True)
    return (out.stdout or out.stderr).splitlines()[0].strip()


def run_tesseract(png: Path, psm: int) -> bytes:
    cmd = ["tesseract", str(png), "stdout", "-l", "chi_sim", "--psm", str(psm)]
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    proc = subprocess.run(cmd, capture_output=True, env=env)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        raise SystemExit(f"tesseract failed on {png}")
    return proc.stdout


def make(docs: list[Doc], psm: int, keep_png: bool) -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        check_source(doc)
    with tempfile.TemporaryDirectory() as tmp:
        for n, doc in enumerate(docs):
            img, printed = render(doc)
            dpi = 300
            if doc.degrade:
                img = degrade(img, seed=1000 + n)
                dpi = 135
            png = (OUT_DIR if keep_png else Path(tmp)) / f"{doc.name}.png"
            img.save(png, dpi=(dpi, dpi), optimize=True)
            raw = run_tesseract(png, psm)
            (OUT_DIR / f"{doc.name}.source.txt").write_text(doc.source_text(), encoding="utf-8", newline="\n")
            printed_text = doc.title + "\n\n" + "\n".join(printed) + "\n"
            (OUT_DIR / f"{doc.name}.printed.txt").write_text(printed_text, encoding="utf-8", newline="\n")
            (OUT_DIR / f"{doc.name}.tesseract.txt").write_bytes(raw)
            print(f"{doc.name}: {img.width}x{img.height} px, {len(printed)} printed lines, "
                  f"{len(raw)} bytes of OCR")
    write_readme(psm)


def write_readme(psm: int) -> None:
    lines = [
        "# Real tesseract OCR output (chi_sim)",
        "",
        "Generated by `scripts/make_ocr_fixtures.py`; do not edit by hand. Per document `NAME`:",
        "",
        "- `NAME.source.txt`: the canonical text (title, blank line, paragraphs separated by blank",
        "  lines, no hard wraps, no indents). What cleaning should give back.",
        "- `NAME.printed.txt`: the page as typeset, one printed line per line, first lines indented",
        "  with two U+3000. What a perfect OCR would read.",
        "- `NAME.tesseract.txt`: tesseract's raw stdout, byte for byte (UTF-8, LF line ends; this",
        "  tesseract ends a one-page output with a single LF and writes no form feed).",
        "",
        "Regenerate (Debian packages tesseract-ocr, tesseract-ocr-chi-sim, fonts-noto-cjk,",
        "fonts-wqy-zenhei; Pillow):",
        "",
        "    python scripts/make_ocr_fixtures.py",
        "    python scripts/make_ocr_fixtures.py --analyse   # diff report",
        "",
        f"Engine: `{tesseract_version()}`, `-l chi_sim --psm {psm}`, language data from Debian",
        "`tesseract-ocr-chi-sim` (tessdata_fast); `OMP_THREAD_LIMIT=1`.",
        f"Page: body {BODY_SIZE} px at 300 dpi, title {TITLE_SIZE} px, {CHARS_PER_LINE} Han characters",
        "per line, justified, hanging punctuation, black on white (except where the table says).",
        "The page images are not kept; `--keep-png` writes them here.",
        "",
        "| document | font | content |",
        "| --- | --- | --- |",
    ]
    for doc in DOCS:
        font = FONTS[doc.body_font][0].rsplit("/", 1)[1]
        lines.append(f"| `{doc.name}` | {font} | {doc.note} |")
    lines.append("")
    (OUT_DIR / "README.md").write_text("\n".join(lines), encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------------------------
# Analysis: what did tesseract do to the text?
# --------------------------------------------------------------------------------------------

ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def kind(c: str) -> str:
    if HAN_RE.match(c):
        return "han"
    if c.isascii() and c.isalnum():
        return "ascii"
    if c.isspace():
        return "space"
    if c.isascii():
        return "apunct"
    return "wpunct" if unicodedata.category(c)[0] in "PS" else "other"


def classify_spaces(text: str) -> collections.Counter:
    """Count runs of spaces inside lines by what stands either side."""
    counts: collections.Counter = collections.Counter()
    for line in text.splitlines():
        for m in re.finditer(r"(?<=\S)[ \u3000]+(?=\S)", line):
            a, b = line[m.start() - 1], line[m.end()]
            counts[f"{kind(a)}|{kind(b)}"] += 1
    return counts


def line_report(printed: str, ocr: str) -> list[str]:
    """Compare line structure: printed lines vs OCR lines, blank lines, indents."""
    p_lines = [l for l in printed.splitlines() if l.strip()]
    o_all = ocr.splitlines()
    o_lines = [l for l in o_all if l.strip()]
    out = [f"printed lines {len(p_lines)} (title + body), OCR non-blank lines {len(o_lines)}, "
           f"OCR blank lines {sum(1 for l in o_all if not l.strip())}"]
    lead = [l for l in o_lines if l[:1].isspace()]
    trail = [l for l in o_lines if l != l.rstrip()]
    out.append(f"OCR lines with leading whitespace {len(lead)} {[ascii(l[:12]) for l in lead]}, "
               f"trailing whitespace {len(trail)}")
    out.append(f"OCR ends with {ascii(ocr[-2:])}, form feeds {ocr.count(chr(12))}, "
               f"CR {ocr.count(chr(13))}, U+3000 {ocr.count(IDEOGRAPHIC_SPACE)}")
    if len(p_lines) == len(o_lines):
        # One OCR line per printed line: say where the blank lines fell.
        starts = {k for k, l in enumerate(p_lines) if l.startswith(IDEOGRAPHIC_SPACE)}
        blank_before = set()
        k = 0
        for l in o_all:
            if l.strip():
                k += 1
            elif k < len(p_lines):
                blank_before.add(k)
        out.append(f"lines 1:1; indented paragraph starts {len(starts)}, preceded by a blank OCR "
                   f"line {len(starts & blank_before)}; blank lines elsewhere "
                   f"{sorted(blank_before - starts)} (0 = title, 1 = after title)")
        same_ends = sum(1 for a, b in zip(p_lines, o_lines)
                        if re.sub(r"\s", "", a)[-1:] == re.sub(r"\s", "", b)[-1:])
        out.append(f"lines whose last character matches the printed line: {same_ends}/{len(p_lines)}")
    else:
        out.append("line counts differ: lines were merged or split")
    return out


def align_chars(a: str, b: str):
    """Yield (tag, source segment, OCR segment, context) for every difference."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        yield tag, a[i1:i2], b[j1:j2], a[max(0, i1 - 4) : i1] + "[" + a[i1:i2] + "->" + b[j1:j2] + "]" + a[i2 : i2 + 4]


def classify_diff(tag: str, s: str, o: str) -> str:
    ks = {kind(c) for c in s} | {kind(c) for c in o}
    if tag == "replace" and ks <= {"wpunct", "apunct"}:
        return "punct-subst"
    if tag == "replace" and ks == {"han"}:
        return "han-misread"
    if tag == "replace" and ks <= {"ascii", "apunct"}:
        return "latin-misread"
    if tag == "replace":
        return "replace-mixed"
    return f"{tag}-{'/'.join(sorted(ks))}"


def analyse(names: list[str]) -> None:
    totals: collections.Counter = collections.Counter()
    recurring: collections.Counter = collections.Counter()
    punct_map: collections.Counter = collections.Counter()
    spaces_all: collections.Counter = collections.Counter()
    for name in names:
        src = (OUT_DIR / f"{name}.source.txt").read_text(encoding="utf-8")
        printed = (OUT_DIR / f"{name}.printed.txt").read_text(encoding="utf-8")
        ocr = (OUT_DIR / f"{name}.tesseract.txt").read_bytes().decode("utf-8")
        print(f"=== {name}")
        for line in line_report(printed, ocr):
            print("  " + line)
        sp_src, sp_ocr = classify_spaces(src), classify_spaces(ocr)
        spaces_all.update(sp_ocr - sp_src)
        print(f"  spaces in source: {dict(sp_src)}")
        print(f"  spaces in OCR:    {dict(sp_ocr)}")
        examples = [line[max(0, m.start() - 3) : m.end() + 3]
                    for line in ocr.splitlines() for m in re.finditer(r"(?<=\S) +(?=\S)", line)]
        print(f"  space examples: {' '.join(ascii(e) for e in examples)}")
        a, b = re.sub(r"\s+", "", src), re.sub(r"\s+", "", ocr)
        ops: collections.Counter = collections.Counter()
        for tag, s, o, ctx in align_chars(a, b):
            if tag == "equal":
                for c in s:
                    if kind(c) in ("wpunct", "apunct"):
                        punct_map[(c, c)] += 1
                continue
            if tag == "replace" and len(s) == len(o):
                for c, d in zip(s, o):
                    if kind(c) in ("wpunct", "apunct"):
                        punct_map[(c, d)] += 1
            else:
                for c in s:
                    if kind(c) in ("wpunct", "apunct"):
                        punct_map[(c, "<" + o + ">")] += 1
            cat = classify_diff(tag, s, o)
            ops[cat] += 1
            recurring[(cat, s, o)] += 1
            print(f"    {cat:20s} {ascii(s):>20s} -> {ascii(o):<20s} {ascii(ctx)}")
        ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
        print(f"  similarity without whitespace: {ratio:.4f}; differences: {dict(ops)}")
        totals.update(ops)
    print("=== totals", dict(totals))
    print("=== spaces added by OCR, by neighbours (left|right)", dict(spaces_all.most_common()))
    print("=== punctuation in the source and what OCR made of it")
    by_src: dict = collections.defaultdict(list)
    for (c, d), n in punct_map.items():
        by_src[c].append((n, d))
    for c in sorted(by_src, key=lambda c: -sum(n for n, _ in by_src[c])):
        parts = ", ".join(f"{ascii(d)} x{n}" for n, d in sorted(by_src[c], reverse=True))
        print(f"  {ascii(c)} {unicodedata.name(c, '?').lower()}: {parts}")
    print("=== recurring differences")
    for (cat, s, o), n in recurring.most_common():
        if n > 1:
            print(f"  {n:3d} {cat:20s} {ascii(s)} -> {ascii(o)}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", action="append", help="document name (repeatable)")
    ap.add_argument("--psm", type=int, default=DEFAULT_PSM,
                    help=f"tesseract page segmentation mode (default {DEFAULT_PSM}; 3 is tesseract's own)")
    ap.add_argument("--keep-png", action="store_true", help="keep page images in fixtures/ocr/")
    ap.add_argument("--analyse", action="store_true", help="only analyse existing fixtures")
    args = ap.parse_args(argv)
    docs = [d for d in DOCS if not args.only or d.name in args.only]
    if not docs:
        raise SystemExit(f"no such document; choose from {[d.name for d in DOCS]}")
    if not args.analyse:
        make(docs, args.psm, args.keep_png)
    analyse([d.name for d in docs])


if __name__ == "__main__":
    main()
