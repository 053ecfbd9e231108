"""Markdown through the format layer: prose cleaned, syntax byte for byte, same tree."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import wenben
from wenben.cli import main
from wenben.formats import format_for_name
from wenben.formats.markdown import tree_signature

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "markdown"
RAW = sorted(FIXTURES.glob("*.raw.md"))


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def assert_same_tree(before: str, after: str) -> None:
    """The round trip: same blocks, inline structure, URLs, code, HTML, math and lines."""
    assert tree_signature(after) == tree_signature(before)


def content(text: str) -> list[str]:
    return [c for c in text if c.isalnum()]


@pytest.mark.parametrize("raw", RAW, ids=lambda p: p.name)
def test_fixture(raw: Path) -> None:
    source = read(raw)
    expected = read(raw.with_name(raw.name.replace(".raw.md", ".expected.md")))
    cleaned = wenben.clean(source, format="markdown")
    assert cleaned == expected
    assert_same_tree(source, cleaned)
    assert content(cleaned) == content(source)
    assert wenben.clean(cleaned, format="markdown") == cleaned
    assert cleaned != source  # every fixture has prose to clean


@pytest.mark.parametrize("raw", RAW, ids=lambda p: p.name)
def test_explain_edits_are_on_the_source(raw: Path) -> None:
    source = read(raw)
    explanation = wenben.explain(source, format="markdown")
    assert explanation.text == wenben.clean(source, format="markdown")
    rebuilt, position = [], 0
    for edit in explanation.edits:
        assert edit.start >= position
        rebuilt += (source[position : edit.start], edit.replacement)
        position = edit.end
    rebuilt.append(source[position:])
    assert "".join(rebuilt) == explanation.text


ISSUE_CASES = [
    ("# \u5b89\u88c5 wenben\n", "# "),
    ("## \u8bbf\u95ee\u5143\u7d20 & \u7ec4\u4ef6\n", "## "),
    ("- a\n- b\n", "- a\n- b\n"),
    ("[\u6587\u6863(\u4e2d\u6587)](https://example.com/a)\n", "](https://example.com/a)"),
    ('\u6587\u5b57\n\n    print("\u4f60\u597d, \u4e16\u754c")\n', '    print("\u4f60\u597d, \u4e16\u754c")\n'),
    ("<!-- x -->\n", "<!-- x -->\n"),
    ("---\ntitle: \u4ecb\u7ecd\n---\n\n\u6b63\u6587\n", "---\ntitle: \u4ecb\u7ecd\n---\n"),
    ("\u516c\u5f0f $x_1,x_2$ \u5982\u4e0b\n", "$x_1,x_2$"),
    ("```\nprint(\"\u4f60\u597d, \u4e16\u754c\")\n```\n", 'print("\u4f60\u597d, \u4e16\u754c")'),
    ("\u4e2d\u6587\u884c\u672b  \n\u4e0b\u4e00\u884c\n", "  \n"),
]


@pytest.mark.parametrize("source, kept", ISSUE_CASES)
def test_issue_examples_keep_their_syntax(source: str, kept: str) -> None:
    cleaned = wenben.clean(source, format="markdown")
    assert kept in cleaned
    assert_same_tree(source, cleaned)


def test_link_context_is_the_sentence() -> None:
    assert wenben.clean("\u4e2d\u6587[\u94fe\u63a5](u),\u7ee7\u7eed\n", format="markdown") == "\u4e2d\u6587[\u94fe\u63a5](u)\uff0c\u7ee7\u7eed\n"


def test_emphasis_that_a_removed_space_would_break_is_kept() -> None:
    source = "\u4e2d\u6587 **\u201c\u5f15\u7528\u201d** \u4e2d\u6587\n"
    cleaned = wenben.clean(source, format="markdown")
    assert_same_tree(source, cleaned)
    assert "**\u201c\u5f15\u7528\u201d**" in cleaned


def test_crlf_document_keeps_its_line_endings() -> None:
    source = "# \u6807\u9898 \u4e00\r\n\r\n\u4e2d\u6587 \u6587\u5b57,\u597d\r\n"
    cleaned = wenben.clean(source, format="markdown")
    assert cleaned == "# \u6807\u9898\u4e00\r\n\r\n\u4e2d\u6587\u6587\u5b57\uff0c\u597d\r\n"


def test_format_by_name() -> None:
    assert format_for_name("README.md") == "markdown"
    assert format_for_name("a.MARKDOWN") == "markdown"
    assert format_for_name("x.jsonl.gz") == "jsonl"
    assert format_for_name("x.ndjson") == "jsonl"
    assert format_for_name("notes.txt") == "text" and format_for_name(None) == "text"


def test_cli_markdown_file_check_and_stdin(tmp_path: Path, capsysbinary) -> None:
    source = FIXTURES / "readme.raw.md"
    target = tmp_path / "README.md"
    target.write_bytes(source.read_bytes())
    assert main(["--in-place", str(target)]) == 0
    assert read(target) == read(FIXTURES / "readme.expected.md")
    assert main(["--check", str(target)]) == 0
    capsysbinary.readouterr()
    assert main(["--check", str(source)]) == 1
    lines = capsysbinary.readouterr().out.decode().splitlines()
    text = read(source).split("\n")
    for line in lines:
        _, row, col, rest = line.split(":", 3)
        original = rest.split(": ", 1)[1].split(" -> ")[0].strip("'")
        if original and "\\" not in original:
            assert text[int(row) - 1][int(col) - 1 :].startswith(original), line


def test_cli_stdin_filename_and_format(monkeypatch, capsysbinary) -> None:
    source = "# \u5b89\u88c5 wenben\n"
    for args in (["--stdin-filename", "README.md"], ["--format", "markdown"]):
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(source.encode())))
        assert main(args) == 0
        assert capsysbinary.readouterr().out.decode() == "# \u5b89\u88c5wenben\n"


def test_markdown_member_of_a_zip(tmp_path: Path) -> None:
    source = tmp_path / "docs.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("docs/readme.md", read(FIXTURES / "readme.raw.md"))
    assert main(["-o", str(tmp_path / "out.zip"), str(source)]) == 0
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert archive.read("docs/readme.md").decode() == read(FIXTURES / "readme.expected.md")


# A hypothesis property: documents made of Markdown constructs and noisy Chinese prose.
_PROSE = st.lists(
    st.sampled_from(["\u4e2d\u6587", "\u6587\u5b57", " ", ",", "(", ")", ":", "Debian", "7 \u6708", "\u201c", "\"", "!", "3.5", "\u3002"]),
    min_size=1,
    max_size=8,
).map("".join)
_INLINE = st.one_of(
    _PROSE,
    _PROSE.map(lambda t: f"**{t.strip() or 'x'}**"),
    _PROSE.map(lambda t: f"*{t.strip() or 'x'}*"),
    _PROSE.map(lambda t: f"[{t.strip() or 'x'}](https://e.com/a,b)"),
    st.just("`a, b`"),
    st.just("$x_1,x_2$"),
    st.just("<b>"),
    st.just("</b>"),
    st.just("https://example.com/x"),
    st.just("\\*"),
)
_LINE = st.lists(_INLINE, min_size=1, max_size=5).map("".join)
_BLOCK = st.one_of(
    _LINE,
    _LINE.map(lambda t: "# " + t),
    st.lists(_LINE, min_size=1, max_size=3).map(lambda ls: "\n".join("- " + x for x in ls)),
    _LINE.map(lambda t: "> " + t),
    st.lists(_LINE, min_size=2, max_size=3).map("\n".join),
    _LINE.map(lambda t: f"| {t.replace('|', '')} | a |\n|---|---|\n| b | c |"),
    st.just("```\nprint(\"\u4f60\u597d, \u4e16\u754c\")\n```"),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_BLOCK, min_size=1, max_size=5).map(lambda bs: "\n\n".join(bs) + "\n"))
@example("(!\u4e2d\u6587\n)\n")  # found by hypothesis: a bracket opened in a sentence without Chinese
def test_property_same_tree_content_and_idempotence(document: str) -> None:
    cleaned = wenben.clean(document, format="markdown")
    assert_same_tree(document, cleaned)
    assert content(cleaned) == content(document)
    assert wenben.clean(cleaned, format="markdown") == cleaned
    assert wenben.explain(document, format="markdown").text == cleaned


def test_jobs_clean_markdown_and_jsonl_files_by_format(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    for raw in RAW[:2]:
        (source / raw.name).write_bytes(raw.read_bytes())
    (source / "r.jsonl").write_text('{"text": "\u6570 \u5b57,\u597d"}\n', encoding="utf-8")
    assert main(["-j", "2", "-o", str(tmp_path / "out"), str(source)]) == 0
    for raw in RAW[:2]:
        assert read(tmp_path / "out" / raw.name) == read(raw.with_name(raw.name.replace(".raw.md", ".expected.md")))
    assert read(tmp_path / "out" / "r.jsonl") == '{"text": "\u6570\u5b57\uff0c\u597d"}\n'


def test_inline_control_comments_apply_to_the_markdown_prose() -> None:
    text = (
        "\u4e2d\u6587(\u6d4b\u8bd5),\u7ed3\u675f.\n\n"
        "<!-- wenben: disable=brackets -->\n\n"
        "\u4e2d\u6587(\u6d4b\u8bd5),\u7ed3\u675f.\n\n"
        "<!-- wenben: off -->\n\n"
        "\u4e2d\u6587(\u6d4b\u8bd5),\u7ed3\u675f.\n"
    )
    cleaned = wenben.clean(text, format="markdown")
    assert cleaned == (
        "\u4e2d\u6587\uff08\u6d4b\u8bd5\uff09\uff0c\u7ed3\u675f\u3002\n\n"
        "<!-- wenben: disable=brackets -->\n\n"
        "\u4e2d\u6587(\u6d4b\u8bd5)\uff0c\u7ed3\u675f\u3002\n\n"
        "<!-- wenben: off -->\n\n"
        "\u4e2d\u6587(\u6d4b\u8bd5),\u7ed3\u675f.\n"
    )
