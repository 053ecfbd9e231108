"""pdfminer.six ends a text line where the font changes inside a printed line (inline code),
leaving a space before the break and one after: such a break is a wrap when the pieces fit in
the document's wrap width together (issue 12: ``scheme-medium`` ¶ ``加上…`` ¶ ``够``)."""

from __future__ import annotations

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
