"""``wenben.diff``: the unified diff of ``--diff``, in about linear time. Each diff is applied
(by a strict reader of the format here, and by the real ``patch`` and ``git apply``) and must
give the cleaned text byte for byte; a short file's diff is difflib's."""

from __future__ import annotations

import difflib
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wenben.diff import SMALL, line_opcodes, split_lines, unified_diff

HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@\n")


def apply(a: str, diff: str) -> str:
    """``diff`` applied to ``a``, checking every context and removed line and every count
    in the hunk headers (a stand-in for ``patch`` where many examples are run)."""
    if not diff:
        return a
    old = split_lines(a)
    lines = diff.split("\n")[:-1]
    lines = [line + "\n" for line in lines]
    assert lines[0].startswith("--- ") and lines[1].startswith("+++ ")
    out: list[str] = []
    position = 0  # lines of a copied or consumed
    k = 2
    while k < len(lines):
        match = HUNK.fullmatch(lines[k])
        assert match, lines[k]
        start, count = int(match[1]), int(match[2] if match[2] is not None else 1)
        new_count = int(match[4] if match[4] is not None else 1)
        first = start - 1 if count else start
        assert first >= position
        out.extend(old[position:first])
        position = first
        k += 1
        seen_old = seen_new = 0
        while k < len(lines) and not lines[k].startswith("@@"):
            line = lines[k]
            body = line[1:]
            if k + 1 < len(lines) and lines[k + 1] == "\\ No newline at end of file\n":
                body = body[:-1]
                k += 1
            if line[0] in " -":
                assert old[position] == body
                position += 1
                seen_old += 1
            if line[0] in " +":
                out.append(body)
                seen_new += 1
            assert line[0] in " -+", line
            k += 1
        assert (seen_old, seen_new) == (count, new_count)
    out.extend(old[position:])
    return "".join(out)


def _difflib(a: str, b: str) -> str:
    """What ``--diff`` printed before (difflib), lines cut at ``\\n``."""
    out = []
    for line in difflib.unified_diff(split_lines(a), split_lines(b), "a/x", "b/x"):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _diff(a: str, b: str) -> str:
    return "".join(unified_diff(a, b, "a/x", "b/x"))


# Few distinct lines, so that many are equal and repeated (what made difflib slow), some
# without a final newline, some with characters str.splitlines cuts at.
LINE = st.sampled_from(["", "  ", "\u3000", "a", "b", "\u4e2d\u6587", "x\r", "p\u2028q", "\x0c", "\u7b2c1\u6bb5"])
TEXT = st.lists(LINE, max_size=60).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(TEXT, TEXT)
def test_a_short_diff_applies_and_is_difflibs(a, b):
    diff = _diff(a, b)
    assert apply(a, diff) == b
    assert (diff == "") == (a == b)
    if len(split_lines(a)) * len(split_lines(b)) <= SMALL:
        assert diff == _difflib(a, b)


@st.composite
def long_pairs(draw):  # type: ignore[no-untyped-def]
    """A long text of frequent lines and a copy with lines changed, dropped, merged and added."""
    seed = draw(st.integers(0, 2**32))
    rng = random.Random(seed)
    count = draw(st.integers(200, 3000))
    unique = draw(st.floats(0, 1))
    a = [f"{n}\n" if rng.random() < unique else rng.choice(["\n", "  \n", "\u3000\n", "x\n", "y\n"]) for n in range(count)]
    b: list[str] = []
    for line in a:
        roll = rng.random()
        if roll < 0.03:
            continue
        if roll < 0.06:
            b.append("+" + line)
        elif roll < 0.08 and b:
            b[-1] = b[-1].rstrip("\n") + line
        else:
            b.append(line)
        if rng.random() < 0.02:
            b.append(rng.choice(["\n", "new\n"]))
    text_b = "".join(b)
    if draw(st.booleans()):
        text_b = text_b.rstrip("\n")
    return "".join(a), text_b


@settings(max_examples=60, deadline=None)
@given(long_pairs())
def test_a_long_diff_applies(pair):
    a, b = pair
    assert apply(a, _diff(a, b)) == b


def test_opcodes_cover_both_sides_in_order():
    a = split_lines("".join(f"{n % 7}\n" for n in range(5000)))
    b = split_lines("".join(f"{n % 7}\n" for n in range(5000) if n % 11))
    codes = line_opcodes(a, b)
    assert codes[0][1] == codes[0][3] == 0 and codes[-1][2] == len(a) and codes[-1][4] == len(b)
    for (_, _, i2, _, j2), (_, i1, _, j1, _) in zip(codes, codes[1:]):
        assert (i2, j2) == (i1, j1)
    assert all(a[i1:i2] == b[j1:j2] for tag, i1, i2, j1, j2 in codes if tag == "equal")


def test_lines_are_cut_at_line_feeds_only():
    assert split_lines("a\u2028b\r\nc\x0cd\re") == ["a\u2028b\r\n", "c\x0cd\re"]
    assert split_lines("") == [] and split_lines("\n") == ["\n"]


def _mostly_clean(paragraphs: int) -> tuple[str, str]:
    rng = random.Random(7)
    raw, clean = [], []
    for n in range(paragraphs):
        line = f"\u7b2c{n}\u6bb5\uff0c\u5f88\u597d\u3002"
        noisy = n % 8 == 0
        raw.append(line.replace("\uff0c", ", ") if noisy else line)
        clean.append(line)
        blank = rng.choice(["\n\n", "\n  \n", "\n\n\n"])
        raw.append(blank)
        clean.append("\n\n")
    return "".join(raw), "".join(clean).rstrip("\n") + "\n"


def test_the_mostly_clean_text_that_was_slow_applies():
    a, b = _mostly_clean(20_000)  # 60,000 lines: minutes with difflib
    diff = _diff(a, b)
    assert apply(a, diff) == b
    removed = [line for line in diff.splitlines() if line.startswith("-\u7b2c")]
    assert removed == [f"-\u7b2c{n}\u6bb5, \u5f88\u597d\u3002" for n in range(0, 20_000, 8)]  # the noisy lines, no others


def _patch_tools() -> list[list[str]]:
    tools = []
    if shutil.which("patch"):
        tools.append(["patch", "-p1", "--quiet", "--batch", "-i"])
    if shutil.which("git"):
        tools.append(["git", "apply", "--unsafe-paths", "-p1"])
    return tools


@pytest.mark.parametrize("tool", _patch_tools(), ids=lambda tool: tool[0])
def test_the_real_patch_applies_wenben_diff_to_several_files(tmp_path, tool):
    """``wenben --diff`` on several files (mostly clean and long, without a final newline,
    CRLF, a U+2028 inside a line) run in their directory: the real tool applies its output and
    every file becomes what ``wenben`` prints for it, byte for byte."""
    long, _ = _mostly_clean(5000)
    files = {
        "long.txt": long,
        "no_newline.txt": "\u7b2c\u4e00\u53e5 , \u597d\n\n\u7b2c\u4e8c\u53e5 , \u597d",
        "crlf.txt": "\u7b2c\u4e00\u53e5 , \u597d\r\n\r\n\r\n\r\n\u7b2c\u4e8c\u53e5\r\n",
        "sep.txt": "\u7b2c\u4e00\u53e5\u2028\u4e2d , \u6587\n\n\n\n\u597d\n",
        "clean.txt": "\u597d\u3002\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_bytes(text.encode("utf-8"))
    names = sorted(files)
    command = [sys.executable, "-m", "wenben", "--no-config"]
    result = subprocess.run([*command, "--diff", *names], cwd=tmp_path, capture_output=True, timeout=300)
    assert result.returncode == 1, result.stderr
    expected = {name: subprocess.run([*command, name], cwd=tmp_path, capture_output=True, timeout=300).stdout for name in names}
    assert expected["clean.txt"] == files["clean.txt"].encode("utf-8")
    assert all(expected[name] != files[name].encode("utf-8") for name in names if name != "clean.txt")
    (tmp_path / "changes.diff").write_bytes(result.stdout)
    if tool[0] == "git":
        subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    applied = subprocess.run([*tool, "changes.diff"], cwd=tmp_path, capture_output=True, timeout=300)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    for name in names:
        assert (tmp_path / name).read_bytes() == expected[name], name
