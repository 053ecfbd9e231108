"""pdfminer.six ends a text line where the font changes inside a printed line (inline code),
leaving a space before the break and one after: such a break is a wrap when the pieces fit in
the document's wrap width together (issue 12: ``scheme-medium`` ¶ ``加上…`` ¶ ``够``)."""

from __future__ import annotations

import pytest

import wenben
from wenben.rules.lines import document_evidence

_DOCUMENT = (
    "安装程序会询问安装方案，完整方案大约需要七个 GB 的磁盘空间，中等方案则小得多，\n"
    "基本方案只包含最常用的宏包，适合磁盘空间紧张的机器，以后也可以随时补充缺少\n"
    "的宏包。\n"
    "\n"
    "选择方案时不必过于担心，因为以后随时可以用 tlmgr install 补充缺少的宏包。对于只\n"
    "写中文论文的读者来说，scheme-medium \n"
    " 加上 collection-langchinese 通常已经足\n"
    "够，它包含了 ctex、xeCJK \n"
    " 和 zhnumber 等常用宏包，能够满足绝大多数学位论文模\n"
    "板的要求。\n"
    "\n"
    "最后，遇到问题时，请先查阅宏包自带的文档，再到问答网站上搜索类似的问题。提问时\n"
    "附上一个最小的可以编译的例子，别人才能快速地找到原因，这是所有社区共同遵守的\n"
    "礼仪。\n"
)


def test_breaks_inside_a_printed_line_are_wraps() -> None:
    assert not document_evidence(_DOCUMENT).exact
    cleaned = wenben.clean(_DOCUMENT)
    paragraph = cleaned.split("\n\n")[1]
    assert "\n" not in paragraph.strip(), ascii(paragraph)
    assert "\u8db3\u591f" in paragraph  # 足够: not cut mid-word
    assert cleaned.count("\n\n") == 2


def test_indented_paragraph_after_trailing_space_is_kept() -> None:
    # Must not change: a first-line indent after a line with a trailing space that ends a
    # sentence starts a paragraph.
    text = (
        "这是第一段的第一行，内容比较长，一直写到这一行的末尾为止，没有停下来的\n"
        "意思，直到这里才结束。 \n"
        "  这是第二段，它用行首缩进来表示段落的开始，内容同样写到这一行的末尾为\n"
        "止，然后换行继续写下去，最后在这里结束。\n"
        "  这是第三段，它也用行首缩进开始，内容写到这一行的末尾为止，然后换行继\n"
        "续写下去，最后结束。\n"
    )
    cleaned = wenben.clean(text)
    assert cleaned.count("\n\n") == 2, ascii(cleaned)


# pdfminer.six's text of a pandoc-made PDF (issue 12): a text line ends where the font changes
# from a Latin word to Chinese, the word space kept on the first piece and none after the break.
_FONT_CHANGE = (
    "\u65e5\u5e38\u7ef4\u62a4\n"  # 日常维护
    "\n"
    "TeX Live \n"
    "\u7684\u5b8f\u5305\u7ba1\u7406\u5de5\u5177\u53eb\u505a tlmgr\u3002\u5b83\u53ef\u4ee5\u5b89\u88c5\u65b0\u7684\u5b8f\u5305\u3001\u66f4\u65b0\u5df2\u7ecf\u5b89\u88c5\u7684\u5b8f\u5305\uff0c\u4e5f\n"
    "\u53ef\u4ee5\u5220\u9664\u4e0d\u518d\u9700\u8981\u7684\u5b8f\u5305\u3002\u6bcf\u6b21\u8fd0\u884c tlmgr update --all \u65f6\uff0c\u5b83\u4f1a\u5148\u66f4\u65b0\u81ea\u5df1\uff0c\u518d\u66f4\u65b0\n"
    "\u5176\u4ed6\u6240\u6709\u5b8f\u5305\uff0c\u5e76\u4e14\u5728\u66f4\u65b0\u4e4b\u524d\u81ea\u52a8\u5907\u4efd\u65e7\u7684\u7248\u672c\uff0c\u4e07\u4e00\u65b0\u7248\u672c\u6709\u95ee\u9898\uff0c\u53ef\u4ee5\u7528 tlmgr \n"
    "restore \u6062\u590d\u5230\u4ee5\u524d\u7684\u72b6\u6001\u3002\n"
    "\n"
    "\u6392\u7248\u4e2d\u6587\u9700\u8981\u4e2d\u6587\u5b57\u4f53\u3002TeX Live \n"
    "\u81ea\u5e26\u4e86 Fandol \u5b57\u4f53\uff0c\u5b83\u4eec\u53ef\u4ee5\u4fdd\u8bc1\u6587\u6863\u5728\u4efb\u4f55\u7cfb\u7edf\n"
    "\u4e0a\u90fd\u80fd\u7f16\u8bd1\uff0c\u4f46\u5b57\u5f62\u6570\u91cf\u6709\u9650\uff0c\u9047\u5230\u751f\u50fb\u5b57\u65f6\u4f1a\u7f3a\u5b57\u3002\u6b63\u5f0f\u7684\u51fa\u7248\u7269\u6700\u597d\u4f7f\u7528\u7cfb\u7edf\u91cc\u5b89\u88c5\n"
    "\u7684\u5546\u4e1a\u5b57\u4f53\u6216\u8005\u601d\u6e90\u5b8b\u4f53\u3001\u601d\u6e90\u9ed1\u4f53\u7b49\u5f00\u6e90\u5b57\u4f53\uff0c\u5e76\u5728\u5bfc\u8a00\u533a\u7528 \\setCJKmainfont \u6307\n"
    "\u5b9a\uff0c\u8fd9\u6837\u6392\u51fa\u6765\u7684\u6548\u679c\u66f4\u597d\uff0c\u4e5f\u4e0d\u4f1a\u51fa\u73b0\u7f3a\u5b57\u7684\u95ee\u9898\u3002\n"
)


def _engines() -> list[str]:
    try:
        import wenben._core  # noqa: F401
    except ImportError:
        return ["python"]
    return ["python", "core"]


@pytest.mark.parametrize("engine", _engines())
def test_latin_to_chinese_font_change_inside_a_printed_line_is_a_wrap(engine: str) -> None:
    assert not document_evidence(_FONT_CHANGE).exact
    cleaned = wenben.Cleaner(engine=engine).clean(_FONT_CHANGE)
    paragraphs = cleaned.strip("\n").split("\n\n")
    assert len(paragraphs) == 3, ascii(cleaned)
    assert paragraphs[1].startswith("TeX Live\u7684\u5b8f\u5305")  # TeX Live的宏包
    assert "TeX Live\u81ea\u5e26\u4e86Fandol" in paragraphs[2]  # TeX Live自带了Fandol
    assert "\u7cfb\u7edf\u4e0a\u90fd" in paragraphs[2]  # 系统上都: the printed line goes on


@pytest.mark.parametrize("engine", _engines())
def test_heading_with_a_trailing_space_before_a_short_line_keeps_its_break(engine: str) -> None:
    # Must not change: pieces that together are short of a full line are two lines (a heading
    # ending with a Latin word and a space, then a one-line paragraph).
    text = _FONT_CHANGE + "\n\u5b89\u88c5 TeX Live \n\u8fd9\u4e00\u8282\u5f88\u77ed\u3002\n"  # 安装 TeX Live / 这一节很短。
    cleaned = wenben.Cleaner(engine=engine).clean(text)
    assert cleaned.endswith("\u5b89\u88c5TeX Live\n\n\u8fd9\u4e00\u8282\u5f88\u77ed\u3002\n"), ascii(cleaned[-40:])


def test_sentence_ends_inside_blocks_are_judged_against_the_blank_line_breaks() -> None:
    # pdfminer.six's text: many blocks, a few sentence ends inside them where it put list
    # pieces out of order; still a document of blank-line paragraphs. Without blank lines
    # between its paragraphs the same prose is not.
    piece = "\u7b2c\u4e00\u6b65\u3002\n\u7b2c\u4e8c\u6b65\u7684\u8bf4\u660e\u5199\u5728\u8fd9\u91cc\u3002\n"  # 第一步。/ 第二步的说明写在这里。
    blocks = [_FONT_CHANGE] * 6 + [piece] * 4 + ["\u6807\u9898\n"] * 30
    text = "\n".join(blocks)
    assert document_evidence(text).blank_paragraphs
    dense = "\n".join(block.replace("\n\n", "\n") for block in blocks[:10])
    assert not document_evidence(dense).blank_paragraphs
