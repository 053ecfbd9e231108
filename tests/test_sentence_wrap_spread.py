"""A paragraph's first line that ends a sentence, in a typeset document that marks no
paragraphs, just short of the measured wrap width but as full as the document's wrapped lines
(``Evidence.floor``): the sentence ended at the margin and the paragraph goes on, when the next
line runs on. Later lines, lines short of the spread, and runs of one-sentence lines (footnotes)
keep their paragraph ends (issue 12: pypdf, pdftotext and PyMuPDF text of a LibreOffice PDF,
pdfminer.six text of a pandoc PDF)."""

from __future__ import annotations

import pytest

import wenben
from wenben.chars import content_width
from wenben.rules.lines import MIN_SPREAD_LINES, document_evidence

# Lines as a typesetter breaks them: content widths vary with their punctuation and Latin words.
_LINES = [
    "\u672c\u6587\u662f\u4e00\u4efd\u5199\u7ed9\u65b0\u7ef4\u62a4\u8005\u7684\u5165\u95e8\u6307\u5357\uff0c\u4ecb\u7ecd\u5982\u4f55\u628a\u4e00\u4e2a\u4e0a\u6e38\u8f6f\u4ef6\u505a\u6210",
    "Debian \u8f6f\u4ef6\u5305\uff0c\u5e76\u628a\u5b83\u4e0a\u4f20\u5230\u5b98\u65b9\u4ed3\u5e93\u3002\u8bfb\u8005\u53ea\u9700\u8981\u4f1a\u7528\u547d\u4ee4\u884c\uff0c",
    "\u80fd\u770b\u61c2\u7b80\u5355\u7684 shell \u811a\u672c\u5c31\u591f\u4e86\u3002",
    "{first}",
    "{second}",
    "\u6bcf\u4e00\u4e2a\u8f6f\u4ef6\u5305\u80cc\u540e\u90fd\u6709\u4e00\u4f4d\u6216\u51e0\u4f4d\u7ef4\u62a4\u8005\uff0c\u4ed6\u4eec\u65e2\u8981\u8ddf\u8fdb\u4e0a\u6e38\u7684",
    "\u65b0\u7248\u672c\uff0c\u53c8\u8981\u4fee\u590d\u5b89\u5168\u95ee\u9898\uff0c\u8fd8\u8981\u56de\u7b54\u7528\u6237\u5728\u90ae\u4ef6\u5217\u8868\u4e0a\u7684\u63d0\u95ee\u3002",
    "\u6709\u95ee\u9898\u65f6\uff0c\u6700\u597d\u5148\u5728\u90ae\u4ef6\u5217\u8868\u4e0a\u641c\u7d22\u4e00\u4e0b\u65e7\u7684\u8ba8\u8bba\uff0c\u518d\u5199\u4fe1\u63d0\u95ee\uff0c",
    "\u5199\u4fe1\u65f6\u8bf7\u8bf4\u660e\u4f60\u7528\u7684\u53d1\u884c\u7248\u672c\u3001\u8f6f\u4ef6\u5305\u7684\u7248\u672c\u53f7\uff0c\u4ee5\u53ca\u5b8c\u6574\u7684\u9519\u8bef",
    "\u4fe1\u606f\uff0c\u8fd9\u6837\u522b\u4eba\u624d\u80fd\u5e2e\u4f60\u3002",
    "\u4e0a\u9762\u4e09\u4e2a\u5de5\u5177\u662f\u6253\u5305\u5de5\u4f5c\u7684\u57fa\u7840\uff0c\u63a5\u4e0b\u6765\u7684\u51e0\u8282\u4f1a\u4f9d\u6b21\u4ecb\u7ecd\u6e90\u7801\u5305",
    "\u7684\u7ed3\u6784\u3001\u6784\u5efa\u8fc7\u7a0b\u548c\u4e0a\u4f20\u6d41\u7a0b\uff0c\u6bcf\u4e00\u8282\u7684\u6700\u540e\u90fd\u6709\u4e00\u4e2a\u5c0f\u7ec3\u4e60\uff0c\u5efa",
    "\u8bae\u8bfb\u8005\u52a8\u624b\u505a\u4e00\u904d\u3002",
]
# 项目创立于一九九三年，到今天已经有三十多年的悠久历史了。 (52 of the width 58; floor 52)
_FULL = "\u9879\u76ee\u521b\u7acb\u4e8e\u4e00\u4e5d\u4e5d\u4e09\u5e74\uff0c\u5230\u4eca\u5929\u5df2\u7ecf\u6709\u4e09\u5341\u591a\u5e74\u7684\u60a0\u4e45\u5386\u53f2\u4e86\u3002"
# 项目创立于一九九三年，到今天已经有三十年了。 (a one-line paragraph well short of the spread)
_SHORT = "\u9879\u76ee\u521b\u7acb\u4e8e\u4e00\u4e5d\u4e5d\u4e09\u5e74\uff0c\u5230\u4eca\u5929\u5df2\u7ecf\u6709\u4e09\u5341\u5e74\u4e86\u3002"
# 它的社会契约写道：我们将始终保持软件自由，这句话并不夸张， (runs on)
_RUNS_ON = "\u5b83\u7684\u793e\u4f1a\u5951\u7ea6\u5199\u9053\uff1a\u6211\u4eec\u5c06\u59cb\u7ec8\u4fdd\u6301\u8f6f\u4ef6\u81ea\u7531\uff0c\u8fd9\u53e5\u8bdd\u5e76\u4e0d\u5938\u5f20\uff0c"
# 它的社会契约写道：我们将始终保持软件自由，这句话并不夸张。 (ends a sentence itself)
_ENDS = _RUNS_ON[:-1] + "\u3002"

_JOINED = "\u5386\u53f2\u4e86\u3002\u5b83\u7684"  # 历史了。它的
_SPLIT = "\u5386\u53f2\u4e86\u3002\n\n\u5b83\u7684"  # 历史了。 ¶ 它的


def _document(first: str, second: str) -> str:
    return "\n".join(line.replace("{first}", first).replace("{second}", second) for line in _LINES) + "\n"


def _clean(text: str, engine: str = "python") -> str:
    return wenben.Cleaner(engine=engine).clean(text)


def _engines() -> list[str]:
    try:
        import wenben._core  # noqa: F401
    except ImportError:
        return ["python"]
    return ["python", "core"]


def test_floor_is_where_wrapped_lines_start() -> None:
    evidence = document_evidence(_document(_FULL, _RUNS_ON))
    assert not evidence.exact and not evidence.blank_paragraphs
    assert evidence.unit == "content" and evidence.width == 58
    assert evidence.floor == 52
    # The candidate line is within the spread, short of the width: the old test missed it.
    assert evidence.floor <= content_width(_FULL) + 2 and content_width(_FULL) < evidence.width


def test_floor_needs_enough_wrapped_lines() -> None:
    # An exact tool wrap, or a document with too few full lines, has no floor.
    assert MIN_SPREAD_LINES > 1
    few = "\n".join(_LINES[:3]) + "\n" + _FULL + "\n" + _RUNS_ON + "\n" + _LINES[5] + "\n"
    assert document_evidence(few).floor == 0
    line = "\u6570\u5b57\u7ecf\u6d4e" * 5
    exact = (f"{line}\n" * 12) + "\n" + (f"{line}\n" * 12)
    assert document_evidence(exact).exact and document_evidence(exact).floor == 0


@pytest.mark.parametrize("engine", _engines())
def test_first_line_as_full_as_wrapped_lines_is_a_wrap(engine: str) -> None:
    cleaned = _clean(_document(_FULL, _RUNS_ON), engine)
    assert _JOINED in cleaned
    # The short lines that end a sentence still end their paragraphs.
    assert "\u591f\u4e86\u3002\n\n\u9879\u76ee" in cleaned  # 够了。 ¶ 项目
    assert "\u5e2e\u4f60\u3002\n\n\u4e0a\u9762" in cleaned  # 帮你。 ¶ 上面


@pytest.mark.parametrize("engine", _engines())
def test_one_sentence_lines_keep_their_breaks(engine: str) -> None:
    # The next line ends a sentence too: lines may be one sentence each (footnotes).
    cleaned = _clean(_document(_FULL, _ENDS), engine)
    assert _SPLIT in cleaned


@pytest.mark.parametrize("engine", _engines())
def test_short_one_line_paragraph_stays(engine: str) -> None:
    cleaned = _clean(_document(_SHORT, _RUNS_ON), engine)
    assert "\u5341\u5e74\u4e86\u3002\n\n\u5b83\u7684" in cleaned  # 十年了。 ¶ 它的


@pytest.mark.parametrize("engine", _engines())
def test_later_line_within_spread_still_ends_its_paragraph(engine: str) -> None:
    # The same line as the second line of a paragraph: a full last line is as likely as a
    # sentence ending at a wrap, and the stricter test (the whole width) applies.
    # 到今天已经有三十多年的悠久历史了，项目创立于一九九三年。 (52, as _FULL)
    second = "\u5230\u4eca\u5929\u5df2\u7ecf\u6709\u4e09\u5341\u591a\u5e74\u7684\u60a0\u4e45\u5386\u53f2\u4e86\uff0c\u9879\u76ee\u521b\u7acb\u4e8e\u4e00\u4e5d\u4e5d\u4e09\u5e74\u3002"
    text = _document(_RUNS_ON, second)
    evidence = document_evidence(text)
    assert evidence.floor <= content_width(second) + 2 and content_width(second) < evidence.width
    cleaned = _clean(text, engine)
    assert "\u4e09\u5e74\u3002\n\n\u6bcf\u4e00" in cleaned  # 三年。 ¶ 每一


@pytest.mark.parametrize("engine", _engines())
def test_two_line_block_ending_with_a_colon(engine: str) -> None:
    # In a block of its own, the line before a colon clause at least half its width joins it;
    # a short lead-in (例如：) and a salutation after a title keep their own lines.
    long = "\u628a\u5b83\u653e\u8fdb crontab \u4e4b\u524d\uff0c\u8bf7\u5148\u624b\u52a8\u8fd0\u884c\u4e00\u904d\uff0c\u786e\u8ba4\u6ca1\u6709\u9519\u8bef\uff1a"
    head = _document(_SHORT, _RUNS_ON)
    cleaned = _clean(head + "\n" + _FULL + "\n" + long + "\n", engine)
    assert _FULL + "\u628a\u5b83" in cleaned
    cleaned = _clean(head + "\n" + _FULL + "\n\u4f8b\u5982\uff1a\n", engine)  # 例如：
    assert _FULL + "\n\n\u4f8b\u5982\uff1a" in cleaned
    notice = "\u5173\u4e8e\u4e3e\u529e\u57f9\u8bad\u73ed\u7684\u901a\u77e5\n\u5404\u5b66\u9662\uff1a"
    assert _clean(notice, engine) == notice.replace("\n", "\n\n") + "\n"


@pytest.mark.parametrize("engine", _engines())
def test_stable_and_stream_is_whole(engine: str) -> None:
    text = _document(_FULL, _RUNS_ON)
    once = _clean(text, engine)
    assert _clean(once, engine) == once
    cleaner = wenben.Cleaner(engine=engine)
    assert "".join(cleaner.clean_stream(iter(text.splitlines(keepends=True)))) == once


@pytest.mark.parametrize("engine", _engines())
def test_note_mark_on_a_line_of_its_own_continues_the_line_before(engine: str) -> None:
    # PyMuPDF puts a superscript note mark on a line of its own: 版权信息 / 2。缺少其中任何一个…
    text = "\u7248\u6743\u4fe1\u606f\n2\u3002\u7f3a\u5c11\u5176\u4e2d\u4efb\u4f55\u4e00\u4e2a\u3002\n"
    assert _clean(text, engine) == text.replace("\n2", "2")
    # A list marker (1、), a number with a thousands separator and a four-digit number do not.
    for start in ("1\u3001", "1,000 ", "1234\u3002"):
        other = "\u7248\u6743\u4fe1\u606f\n" + start + "\u7f3a\u5c11\u3002\n"
        assert "\u606f\n\n" in _clean(other, engine), ascii(start)
