"""A typeset document that marks no paragraphs (no blank lines, no indents): a line that ends a
sentence is a paragraph end, unless it reaches the document's wrap width -- then the sentence
merely ended at the margin and the paragraph goes on (issue 12: pdftotext, PyMuPDF and pypdf
text of a LibreOffice PDF)."""

from __future__ import annotations

import wenben
from wenben.rules.lines import document_evidence

# Lines as a typesetter breaks them: widths vary with the Latin words in them.
_LINES = [
    "可以删除不再需要的宏包。每次运行 tlmgr update --all 时，它会先更新自己，再更新",
    "其他所有宏包，并且在更新之前自动备份旧的版本，万一新版本有问题，可以用 tlmgr",
    "restore 恢复到以前的状态。",
    "{full}",
    "把它放进 crontab 之前，请先手动运行一遍，确认没有错误，然后再交给系统去定期",
    "执行，这样出了问题也容易发现。",
    "安装程序会询问安装方案，完整方案大约需要七个 GB 的磁盘空间，中等方案则小得多，",
    "基本方案只包含最常用的宏包，适合磁盘空间紧张的机器，以后也可以随时补充缺少",
    "的宏包。",
    "选择方案时不必过于担心，因为以后随时可以用 tlmgr install 补充缺少的宏包，对于",
    "只写中文论文的读者来说，中等方案加上中文宏包集合通常已经足够，能够满足绝大",
    "多数学位论文模板的要求。",
]
_FULL = "下面的脚本每周运行一次，它先检查网络，再更新全部宏包，最后把结果写进日志文件。"
_SHORT = "下面的脚本每周运行一次，它先检查网络。"


def _document(third: str) -> str:
    return "\n".join(line.replace("{full}", third) for line in _LINES) + "\n"


def test_evidence_is_typeset_without_paragraph_marks() -> None:
    evidence = document_evidence(_document(_FULL))
    assert evidence.width and not evidence.exact and not evidence.blank_paragraphs


def test_full_line_ending_a_sentence_is_a_wrap() -> None:
    cleaned = wenben.clean(_document(_FULL))
    assert "\u65e5\u5fd7\u6587\u4ef6\u3002\u628a\u5b83\u653e\u8fdb" in cleaned  # 日志文件。把它放进
    # The short lines that end a sentence still end their paragraphs.
    assert "\u72b6\u6001\u3002\n\n\u4e0b\u9762" in cleaned  # 状态。 ¶ 下面
    assert "\u5b8f\u5305\u3002\n\n\u9009\u62e9" in cleaned  # 宏包。 ¶ 选择
    assert "\u53d1\u73b0\u3002\n\n\u5b89\u88c5" in cleaned  # 发现。 ¶ 安装


def test_short_line_ending_a_sentence_stays_a_paragraph_end() -> None:
    cleaned = wenben.clean(_document(_SHORT))
    assert "\u68c0\u67e5\u7f51\u7edc\u3002\n\n\u628a\u5b83" in cleaned  # 检查网络。 ¶ 把它


def test_joined_document_is_stable() -> None:
    # A second pass makes the same decisions: the joined line is measured from content.
    once = wenben.clean(_document(_FULL))
    assert wenben.clean(once) == once
