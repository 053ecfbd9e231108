"""The compiled core's protected spans against the reference's, span for span."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wenben._core as core
from wenben.protect import protected_spans

ROOT = Path(__file__).resolve().parents[2]

_PIECES = [
    "https://", "http://", "ftp://", "www.", "example", ".com", ".org", ".cn", ".co", ".io", ":8080", "/", "\\",
    "C:\\", "Users", "~/", "./", "../", "/usr", "/bin", ":", "@", "a.b", "user", "--", "--prefix", "=", "-",
    "`", "```", "\n", "\n\n", " ", "\t", "$", "$$", "\\(", "\\)", "\\[", "\\]", "&", "&amp;", "&#123;", "&#x1F;",
    ";", ":-)", ":)", ";P", ":D", "(", ")", "[", "]", ".", ",", "!", "?", "'", '"', "#", "%", "+", "_", "~",
    "\u5317\u4eac", "\u6d88\u6b67\u4e49", "\u7136\u540e", "\uff0c", "\u3002", "\u3001", "\u300a", "\u300b",
    "\u3000", "\u00a0", "\u200b", "\uff21", "x", "1", "42", "abc", "wiki", "foo", "\u00e9", "\u0416", "\U0001f600",
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)
_RANDOM = st.text(alphabet=st.sampled_from(sorted(set("".join(_PIECES)))), max_size=60)


def _check(text: str) -> None:
    assert core.protected_spans(text) == protected_spans(text), ascii(text)


@settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
@given(_TEXT)
def test_pieces(text: str) -> None:
    _check(text)


@settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck))
@given(_RANDOM)
def test_random(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text(text: str) -> None:
    _check(text)


_CASES = [
    "\u89c1https://zh.wikipedia.org/wiki/\u5317\u4eac_(\u6d88\u6b67\u4e49)\u3002",
    "https://example.org/\u6587\u6863,\u8c22\u8c22", "example.com\u7136\u540e", "a@b.cd3", "x.com:123456/a",
    "PATH=/usr/local/bin:/usr/bin", "$5 \u548c $10", "$$a\n\nb$$", "\\(x\\)", "```py\ncode\n```\nafter",
    "\u597d\u7684:)", " ;P", "a :) b", "C:\\Program Files\\x", "&nbsp;", "--help.", "a" * 100 + "@b.com",
]


@pytest.mark.parametrize("text", _CASES)
def test_cases(text: str) -> None:
    _check(text)


def test_fixture_texts() -> None:
    files = [p for p in (ROOT / "fixtures").rglob("*") if p.is_file() and p.suffix in {".txt", ".md", ".jsonl", ".json"}]
    assert files
    for path in files:
        _check(path.read_text(encoding="utf-8", errors="replace"))


def test_long_input_is_linear() -> None:
    text = ("\\( a.bc " * 500 + "$$ x " * 500 + "```a```" * 500) * 2
    _check(text)


# Lines that are, or almost are, code (protect.code_line_spans): keywords, assignments, calls,
# shell syntax, indentation, comments with Chinese, Chinese in strings, block words, and prose.
_CODE_LINES = [
    "#!/bin/sh", "LOG=$HOME/x.log", "x = 1", "a.b[i] += 2", "x == 1", "x -== 1", "y=", "print(\"a,b\")", "f();",
    "main():", "f(", "if x:", "if [ -f a ]; then", "fi", "done", "}", "{", "});", "import os", "from a import b",
    "for the rest of it", "return 0;", "It is wrapped; really.", "a;", "say hi;", "    tlmgr update --self --all",
    "\ttab (x)", "    plain words", "  -x", "$ ls -l", "$5 and $10", "echo ${A}", "a && b", "a || b", "a | b",
    "cmd >/dev/null 2>&1", "# \u6ce8\u91ca\uff0c\u597d", "x = 1  # \u6ce8\u91ca", "// \u6ce8\u91ca",
    "printf(\"\u4f60\u597d\\n\");", "'\u4e2d' + x", "\u4e2d\u6587\u4e00\u884c\u3002", "\"\u4f60\u597d\"\uff0c\u4ed6\u8bf4",
    "It's \u4e2d\u6587", "https://\u4f8b\u5b50", "", " ", "\u3000", "\r", "x = 1\r", "fn main() {", "case $1 in",
    "def\u4e2d(x):", "a=\u3000b", "x =\u3000", "func(x)\u3000",
]
_CODE_TEXT = st.lists(st.sampled_from(_CODE_LINES), max_size=12).map("\n".join)


@settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
@given(_CODE_TEXT)
def test_code_lines(text: str) -> None:
    _check(text)


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(_CODE_LINES + _PIECES), max_size=20).map("".join))
def test_code_lines_mixed_with_pieces(text: str) -> None:
    _check(text)
