"""The compiled core's line-break pass with ``line-wrap`` on (core/src/rules/lines.rs) against
the reference (src/wenben/rules/lines.py): the same edits, in the same order, for every subset
of the joint pass a pipeline can run, with and without the document's evidence."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wenben._core as core
from wenben.edits import Edit, apply_edits
from wenben.rules import RULES

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from differential import reference_step  # noqa: E402
from test_line_rules import _fixture_texts, protected_spans  # noqa: E402
from wrap_factory import wrap_chars, wrap_columns  # noqa: E402

# The rules of the joint pass a pipeline can hold (profiles run both; a configuration may turn
# either off).
SUBSETS = (["line-wrap"], ["paragraph-breaks"], ["line-wrap", "paragraph-breaks"])


def check(text: str, protected: list[tuple[int, int]] = (), document: str | None = None, spacing: str = "compact") -> int:
    """The core gives the reference's edits for every subset; returns how many line-wrap edits."""
    wraps = 0
    for ids in SUBSETS:
        expected = reference_step(ids, text, list(protected), spacing, document)
        got = [tuple(row) for row in core.step_edits(ids, text, list(protected), spacing, document)]
        assert got == expected, (ids, ascii(text), ascii(document))
        ordered = [Edit(*row) for row in sorted(got, key=lambda e: (e[1], e[2]))]
        reference_ordered = [Edit(*row) for row in sorted(expected, key=lambda e: (e[1], e[2]))]
        assert apply_edits(text, ordered) == apply_edits(text, reference_ordered)
        wraps += sum(1 for row in got if row[0] == "line-wrap")
    return wraps


def test_line_wrap_is_in_the_core() -> None:
    assert "line-wrap" in core.implemented() and "paragraph-breaks" in core.implemented()


@pytest.mark.parametrize("rule_id", ["line-wrap", "paragraph-breaks"])
def test_examples(rule_id: str) -> None:
    for raw, _ in RULES[rule_id].examples:
        for spacing in ("compact", "spaced"):
            check(raw, spacing=spacing)
            check(raw, document=raw, spacing=spacing)
            check(raw.replace("\n", "\r\n"), spacing=spacing)


def _wrapped() -> list[str]:
    from measure_wrapped import cases

    return [wrapped for _, wrapped, _ in cases()]


@lru_cache(maxsize=None)
def _test_literals() -> tuple[str, ...]:
    """Every multi-line string literal in the test suite: the raw PDF-extractor and OCR texts the
    tests hold inline (pdfminer.six font breaks, typeset paragraphs, wrapped notices)."""
    found = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if path.parent.name == "core":
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.count("\n") >= 2:
                found.append(node.value)
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=None)
def _pdf_texts() -> tuple[str, ...]:
    """The committed real PDFs (fixtures/pdf) as the extractors give them: pdftotext (with and
    without -layout), pypdf, pdfminer.six, and wenben's own reader."""
    texts = []
    for pdf in sorted((ROOT / "fixtures" / "pdf").glob("*.pdf")):
        if shutil.which("pdftotext"):
            for flags in ([], ["-layout"]):
                done = subprocess.run(["pdftotext", *flags, str(pdf), "-"], capture_output=True, check=False)
                if done.returncode == 0:
                    texts.append(done.stdout.decode("utf-8", "replace"))
        try:
            import pypdf

            texts.append("\n".join(page.extract_text() or "" for page in pypdf.PdfReader(str(pdf)).pages))
        except ImportError:
            pass
        try:
            from pdfminer.high_level import extract_text

            texts.append(extract_text(str(pdf)))
        except ImportError:
            pass
        from wenben.io.pdf import extract_pdf_text

        texts.append(extract_pdf_text(pdf).text)
    return tuple(texts)


def test_fixtures_and_wrapped_documents() -> None:
    texts = _fixture_texts() + _wrapped()
    assert len(texts) > 200
    wraps = 0
    for text in texts:
        wraps += check(text)
        check(text, document=text)
        check(text.replace("\n", "\r\n"))
        check(text.replace("\n", "\r\n"), document=text.replace("\n", "\r\n"))
    assert wraps > 1000  # the documents are wrapped: most of their breaks are joined


def test_wrapped_parts_with_the_whole_document() -> None:
    # A stream part is judged by the evidence of the whole document's start.
    for text in _wrapped()[::3]:
        parts = text.split("\n\n")
        middle = "\n\n".join(parts[len(parts) // 2 :])
        check(middle, document=text)
        check(middle)


def test_test_literals_and_pdf_texts() -> None:
    literals = _test_literals()
    pdfs = _pdf_texts()
    assert len(literals) > 50 and len(pdfs) >= 6
    for text in (*literals, *pdfs):
        check(text)
        check(text, document=text)
        check(text.replace("\n", "\r\n"))


# --- hypothesis: documents aimed at the wrap decisions -------------------------------------------

HAN = "\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\u5de5\u4e4b\u540e\u7684\u4e3b\u8981\u5f62\u6001\u4ee5\u636e\u8d44\u6e90\u4e3a\u5173\u952e\u7d20\u6587\u672c\u6e05\u6d17\u4e2d\u56fd\u4eba\u6c11"
LIST_HAN = "\u4e00\u4e8c\u4e09\u5341\u767e\u5343\u7b2c\u7ae0\u8282\u6761"
_han_run = st.text(alphabet=st.sampled_from(HAN + LIST_HAN), min_size=1, max_size=14)
_words = st.sampled_from([
    "data", "international", "inter-", "national", "coun-", "tries", "countries", "well-known", "well-", "known",
    "Debian", "debian-", "user@lists.debian.org", "wang.lei@", "example.com", "https://", "https://example.com/a/",
    "www.example.", "ftp://", "http://x.org/", "3.14", "230.", "85", "1,", "000", "2024", "0.0", "PM2.5", "A-1",
    "e-mail", "co-", "operate", "cooperate", "co-operate", "wellknown", "Inter-", "-L", "x" * 25, "Hello world.", "end;", "ok!", "why?",
    # str.isdigit() but not \\d (superscripts, circled digits), other decimal digits, non-ASCII
    # letters before a hyphen, letters and digits of two or four UTF-8 bytes.
    "\u00b2", "x\u00b2-", "\u2460", "\u0663.", "\u0663\u0664", "caf\u00e9-", "\u00e9t\u00e9", "\U00020000", "\uac00",
    "\uff21\uff22", "\u0391\u03b2", "def f():", "return x;", "}", "if x {", "```",
])
_marks = st.sampled_from([
    "\uff0c", "\u3002", "\u3001", "\uff1b", "\uff1a", "\uff1f", "\uff01", "\u300a", "\u300b", "\u201c", "\u201d",
    "\uff08", "\uff09", "\u300d", "\u2026\u2026", "\u2014\u2014", ",", ".", ";", ":", "!", "?", ")", "\"", "'", "-", "/", "@", "_",
])
_spaces = st.sampled_from([" ", " ", "  ", "\u3000", "\u00a0", "\t", "\u2003"])
_token = st.one_of(_han_run, _han_run, _han_run, _words, _marks, _marks, _spaces, st.integers(0, 10**5).map(str))
_paragraph = st.lists(_token, min_size=1, max_size=40).map("".join)
_line_starts = st.sampled_from([
    "", "", "", "\u3000\u3000", "  ", "\t", "\u00a0\u00a0", " ", "1. ", "2\u3001", "(3)", "\uff08\u4e00\uff09",
    "\u4e00\u3001", "\u7b2c\u4e09\u7ae0 ", "\u2022 ", "- ", "* ", "+ ", "-", "# ", "> ", "| ", "\u2460", "\u3220",
    "(1234)", "(12)", "\uff08\u4e00\u4e8c\u4e09\u56db\uff09", "\u7b2c12\u6761", "1234.", "12.3", "\u0663)",
    "\u9644\u4ef6\uff1a", "\u7535\u8bdd:", "\u8054\u7cfb\u4eba\u59d3\u540d\uff1a", "\u8054\u7cfb\u4eba\u59d3\uff1a", "\u8054\u7cfb\u4eba\uff1a\u738b\u5148\u751f", "12.5", "230.",
])
_line_ends = st.sampled_from(["", "", "", " ", "  ", "\u3000", "\t", "\u3002", "\uff1a", ":", "\u3002\u201d", ".)", "-"])


@st.composite
def _wrapped_paragraph(draw: st.DrawFn) -> list[str]:
    """One paragraph cut into lines: by a tool at a width (chars or columns), or at random widths
    (OCR, typesetting), with first-line indents, hanging indents and spaces at the cuts."""
    text = draw(_paragraph)
    how = draw(st.sampled_from(["chars", "columns", "random", "random", "one"]))
    if how == "one":
        lines = [text]
    elif how == "random":
        lines, at = [], 0
        while at < len(text):
            step = draw(st.integers(1, 40))
            lines.append(text[at : at + step])
            at += step
    else:
        width = draw(st.integers(6, 40))
        indent = draw(st.sampled_from(["", "", "\u3000\u3000", "  "]))
        wrap = wrap_chars if how == "chars" else wrap_columns
        lines = wrap(text, width, initial_indent=indent) or [text]
    if draw(st.booleans()):
        lines[0] = draw(_line_starts) + lines[0]
    hang = draw(st.sampled_from(["", "", "   ", "\u3000"]))
    out = []
    for index, line in enumerate(lines):
        if index and hang:
            line = hang + line
        if draw(st.integers(0, 4)) == 0:
            line = line + draw(_line_ends)
        if draw(st.integers(0, 6)) == 0:
            line = draw(_line_starts) + line
        out.append(line)
    return out


@st.composite
def wrap_documents(draw: st.DrawFn) -> str:
    paragraphs = draw(st.lists(_wrapped_paragraph(), min_size=1, max_size=8))
    separator = draw(st.sampled_from(["\n\n", "\n", "mixed", "\n \n", "\n\n\n"]))
    out = []
    for index, lines in enumerate(paragraphs):
        if index:
            out.append(draw(st.sampled_from(["\n", "\n\n", "\n\u3000\n"])) if separator == "mixed" else separator)
        out.append("\n".join(lines))
    text = "".join(out)
    if draw(st.booleans()):
        text += "\n"
    if draw(st.integers(0, 5)) == 0:
        text = text.replace("\n", "\r\n")
    if draw(st.integers(0, 8)) == 0:
        text = "```\n" + text + "\n```"
    return text


@st.composite
def _with_document(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], str | None]:
    text = draw(wrap_documents())
    protected = protected_spans(text, _Data(draw))
    choice = draw(st.sampled_from(["none", "none", "same", "other", "head", "tail"]))
    if choice == "same":
        document: str | None = text
    elif choice == "other":
        document = draw(wrap_documents())
    elif choice == "head":
        document = text + "\n\n" + draw(wrap_documents())
    elif choice == "tail":
        document = text[len(text) // 2 :]
    else:
        document = None
    return text, protected, document


class _Data:
    """What protected_spans asks of a DataObject, from a composite's draw."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw


@settings(max_examples=700, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_with_document())
def test_wrap_documents(case: tuple[str, list[tuple[int, int]], str | None]) -> None:
    text, protected, document = case
    check(text, protected, document)


@st.composite
def _tool_wrapped(draw: st.DrawFn) -> tuple[str, str | None]:
    """Many paragraphs wrapped by one tool at one width: the documents whose evidence is exact."""
    width = draw(st.integers(8, 50))
    wrap = draw(st.sampled_from([wrap_chars, wrap_columns]))
    indent = draw(st.sampled_from(["", "\u3000\u3000"]))
    paragraphs = draw(st.lists(st.lists(_token, min_size=10, max_size=60).map("".join), min_size=2, max_size=8))
    joiner = draw(st.sampled_from(["\n\n", "\n"]))
    text = joiner.join("\n".join(wrap(p, width, initial_indent=indent) or [p]) for p in paragraphs) + "\n"
    document = draw(st.sampled_from([None, text]))
    return text, document


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_tool_wrapped())
def test_tool_wrapped_documents(case: tuple[str, str | None]) -> None:
    text, document = case
    check(text, document=document)


def test_evidence_cut_at_its_size() -> None:
    # The evidence is taken from the first EVIDENCE_SIZE characters, cut inside a CRLF pair too.
    from wenben.rules.lines import EVIDENCE_SIZE

    line = "\u6570\u5b57\u7ecf\u6d4e" * 9 + "\r\n"
    text = line * (EVIDENCE_SIZE // len(line) + 2)
    for cut in (EVIDENCE_SIZE - 1, EVIDENCE_SIZE, EVIDENCE_SIZE + 1):
        part = text[:cut]
        check(part[-500:], document=part)
    document = "x" * (EVIDENCE_SIZE - 1) + "\r\n" + line * 20
    check(line * 5, document=document)


# --- the evidence's thresholds: documents whose line widths are drawn near each other ------------

_FILL = {"han": "\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a", "latin": "abcdefgh", "mixed": "\u6570a\u5b57b1\uff0c"}


@st.composite
def _width_documents(draw: st.DrawFn) -> str:
    """Blocks of lines whose widths cluster (equal, one apart, a few wider), so that the shares
    and counts the evidence compares land on their thresholds (15%, 5%, 45%, 8 pairs, 1/5 of
    the blocks ending a sentence inside)."""
    width = draw(st.integers(4, 30))
    fill = _FILL[draw(st.sampled_from(sorted(_FILL)))]
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        lines = []
        for _ in range(draw(st.integers(1, 12))):
            size = max(1, width + draw(st.sampled_from([0, 0, 0, -1, -2, 1, 3, -width // 2])))
            line = (fill * (size // len(fill) + 1))[:size]
            ending = draw(st.sampled_from(["", "", "", "\u3002", ".", "\uff1a", "\u3002\u201d", " ", "-"]))
            start = draw(st.sampled_from(["", "", "", "\u3000\u3000", "1. ", "| "]))
            lines.append(start + line + ending)
        blocks.append("\n".join(lines))
    return draw(st.sampled_from(["\n\n", "\n"])).join(blocks) + "\n"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_width_documents(), st.booleans())
def test_evidence_thresholds(text: str, same: bool) -> None:
    check(text, document=text if same else None)


# Hand-made edges: Python's str.isdigit() is wider than \d (superscripts), a lone "-" line is a
# bullet ("" is in HSPACE_CHARS), a share of wider lines exactly at 5%.
EDGES = [
    "abc 1.\n\u00b2 xyz\n",
    "abc \u00b2,\n5 xyz\n",
    "abc \u00b2,\n\u00b2 xyz\n",
    "\u6570\u5b57\u00b2\n\u00b2\u5b57\n",
    "\u6570\u5b57\u7ecf\u6d4e\n-\n\u6570\u5b57\n",
    "\u6570\u5b57\u7ecf\u6d4e\n+\n*\n",
    "\u6570\u5b57x\u00b2-\nabc\n",
    "\u6570\u5b57\u0663\u0664.\n\u0663\u0664\n",
    "\u0663. \u6570\u5b57\n   \u5b57\u6570\n",
    "\n".join(["\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\u7ecf\u6d4e\u5de5"] * 19 + ["\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\u7ecf\u6d4e\u5de5\u4e1a"] + ["\u6570\u5b57\u3002"]) + "\n",
    "\n".join(["abcdefghij"] * 19 + ["abcdefghijk"] + ["ab."]) + "\n",
    "\n".join(["abcdefghij"] * 18 + ["abcdefghijk"] * 2 + ["ab."]) + "\n",
    "\n".join(["abcdefg"] * 9 + ["ab."]) + "\n",
    "\u8054\u7cfb\u4eba\u59d3\u540d\uff1a\u738b\n\u5148\u751f\n",
    "\u8054\u7cfb\u4eba\u59d3\uff1a\u738b\n\u5148\u751f\n",
    "\u3000\u8054\u7cfb\u4eba\u59d3\uff1a\u738b\u5148\u751f\u3000\n\u5148\u751f\n",
    "a wellknown and a well-known word: well-\nknown; co-\noperate, cooperate; wellknown well-\nknown\n",
    "It is wellknown: well-\nknown.\n",
    # 1 of 20 lines (2 of 40) wider than the shared width by more than the slack: exactly 5%.
    "\n".join(["abcdefghij"] * 10 + ["abcdefghijklm"] + ["abcdefghij"] * 9 + ["ab."]) + "\n",
    "\n".join(["abcdefghij"] * 20 + ["abcdefghijklm"] * 2 + ["abcdefghij"] * 18 + ["ab."]) + "\n",
    "\n".join(["\u6570\u5b57\u7ecf\u6d4e\u662f"] * 10 + ["\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c"] + ["\u6570\u5b57\u7ecf\u6d4e\u662f"] * 9 + ["\u6570\u3002"]) + "\n",
    "\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\n(1234)\u6570\u5b57\n",
    "\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\n\uff08\u4e00\u4e8c\u4e09\u56db\uff09\u6570\u5b57\n",
    "\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\n(123)\u6570\u5b57\n",
    "\n".join(["abcdefgh"] * 7 + ["ab."]) + "\n",
    "\n".join(["abcdefgh"] * 8 + ["ab."]) + "\n",
    # A tool's greedy wrap (every line full at one width): short documents (3 lines), cuts
    # between Chinese characters, kinsoku groups, hyphen pieces, room left, field lines, and
    # the cues at an exactly full line (an address, a capital, words written whole elsewhere).
    "\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\n\u519c\u4e1a\u7ecf\u6d4e\u5de5\u4e1a\n\u4e4b\u540e\u7684\u4e3b\u8981\u5f62\n\u6001\u3002\n\n\u6570\u5b57\n",
    "\u4e00\u3001\u6570\u5b57\n\u3000\u3000\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\u7ecf\n\u6d4e\u5de5\u4e1a\u4e4b\u540e\u7684\u4e3b\u8981\u5f62\n\u6001\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\n\u4e1a\u3002\n",
    "\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\n\u4e1a\uff0c\u7ecf\u6d4e\u5de5\u4e1a\u4e4b\n\u300a\u540e\u7684\u300b\u4e3b\u8981\u5f62\n\u6001\u3002\n\n\u6570\n",
    "a web server such as\nhttps://lists.debian\n.org/debian-user/\nwhere it can still be\nread today by anyone.\n\nMail archives are a\ngood example of this.\n",
    "Researchers who write to\narchive-\ndesk@library.example.org\ncan ask for scans; it\nworks and they can ask\nfor more of the scans.\n",
    "\u5373Filesystem Hierarchy\nStandard\uff0c\u7b80\u79f0FHS\u3002\u6570\u5b57\u7ecf\n\u6d4e\u662f\u7ee7\u519c\u4e1a\u7ecf\u6d4e\u5de5\u4e1a\u4e4b\u540e\n\u7684\u4e3b\u8981\u5f62\u6001\u3002\n",
    "\u5e38\u89c1\u95ee\u9898\uff1a\u5982\u679c\u663e\u793a502 Bad\nGateway\uff0c\u8bf4\u660e\u540e\u7aef\u6ca1\u6709\u542f\u52a8\n\u6216\u8005\u7aef\u53e3\u5199\u9519\u4e86\uff1b\u5982\u679c413\nRequest\u4e5f\u662f\u4e00\u6837\u7684\u3002\n\n\u7535\u8bdd\uff1a0816\n\u5730\u5740\uff1a\u5317\u4eac\n",
    "2.\n\u6613\u71c3\u6db2\u4f53\u7684\u5b58\u653e\u603b\u91cf\u4e0d\u5f97\n\u8d85\u8fc750 L\uff0c\u5355\u74f6\u5bb9\u91cf\u8d85\u8fc7\n2.5 L\u7684\u5e94\u5f53\u653e\u5728\u9632\u706b\u6258\n\u76d8\u4e0a\u3002systemctl status\nnginx and systemctl\nreload nginx\u3002\n",
    "\u5b50\u6027\u66f4\u6216\u677eWi\n-\nFi\u6b65\u5168PDF\u513f\u5e26\u6377\n\u8fdb\u6765\u7684open\nsource\u544a\u4fa3\u6d8c\u78fa\u7b49\n\u3001\u5206\u64de5G\u7ee9\u5b8c\u74dc\n- \u4e00\u9879\n-\n",
    "\u4f7f\u7528apt-file\nsearch\u547d\u4ee4\u67e5\u627e\u67d0\u4e2a\u6587\n\u4ef6\uff0c\u6216\u8005\u7528dpkg-\nL\u547d\u4ee4\u5217\u51fa\u5b89\u88c5\u7684\u6587\n\u4ef6\u3002\n",
]

# A text line ended where Latin turns Chinese (``TeX Live `` + ``的宏包``): pieces that make a
# full line, that do not, a digit, two spaces, a sentence end before the space; and sentence
# ends inside blocks against the blank-line breaks (BLANK_BREAKS_PER_END = 8, at and either side).
_TYPESET = "\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\u7ecf\u6d4e\u5de5\u4e1a\u4e4b\u540e\u7684\u4e3b\u8981\u5f62\u6001"
EDGES += [
    "\n".join([_TYPESET + "\uff0c"] * 6 + ["TeX Live ", _TYPESET[:14] + "\uff0c", _TYPESET + "\u3002"]) + "\n",
    "\n".join([_TYPESET + "\uff0c"] * 6 + ["TeX Live ", _TYPESET[:6], _TYPESET + "\u3002"]) + "\n",
    "\n".join([_TYPESET + "\uff0c"] * 6 + ["\u7248\u672c 2024 ", _TYPESET[:15], _TYPESET + "\u3002"]) + "\n",
    "\n".join([_TYPESET + "\uff0c"] * 6 + ["TeX Live  ", _TYPESET[:14], _TYPESET + "\u3002"]) + "\n",
    "\n".join([_TYPESET + "\uff0c"] * 6 + ["TeX Live. ", _TYPESET[:14], _TYPESET + "\u3002"]) + "\n",
    "\n".join([_TYPESET + "\uff0c"] * 6 + ["TeX ", "\u300a" + _TYPESET[:14], _TYPESET + "\u3002"]) + "\n",
] + [
    "\n\n".join([_TYPESET + "\uff0c\n" + _TYPESET + "\u3002"] * 4 + ["\u7b2c\u4e00\u6b65\u3002\n" + _TYPESET + "\u3002"] * ends + ["\u6807\u9898"] * singles) + "\n"
    for ends, singles in ((2, 10), (2, 11), (2, 12), (3, 20), (3, 21), (4, 29), (4, 30))
]

# Digits on both sides of a break (ADR 0007): a thousands group (and what is not one), a
# sentence mark between digits, a note mark after a digit, an exact wrap's cut, an inline
# font break between digits.
EDGES += [
    "\u4eca\u5e74\u7684\u4ea7\u91cf\u662f1,\n000\u5428\u3002\n",
    "\u4ea7\u91cf12,345,\n678\u5428\n\u4ea7\u91cf1,00,\n000\n\u4ea7\u91cf1234,\n000\n,\n000\n\u4ea7\u91cf1,\n0000\n\u4ea7\u91cf1,\n00\n",
    "\u5171\u67093951\n23085\u4eba\n\u5408\u8ba112,\n8\u9879\n\u5171\u67093\u3002\n5\u4eba\n\u5171\u67093\uff0e\n5\u4eba\n\u5171\u67093\uff0c\n5\u4eba\n",
    "\u7248\u6743\u4fe1\u606f3\n2\u3002\u7f3a\u5c11\n\u7248\u6743\u4fe1\u606f\n2\u3002\u7f3a\u5c11\n",
    "\n".join([_TYPESET + "\uff0c"] * 6 + ["\u7f16\u53f73951 ", " 23085" + _TYPESET[:10], _TYPESET + "\u3002"]) + "\n",
    "\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\u7ecf\u6d4e\n\u3001\u5de5\u4e1a\u7ecf\u6d4e\u4e4b\u540e\u7684\u4e3b\u8981\n\u7ecf\u6d4e\u5f62\u6001\uff0c\u5168\u5e74\u7d2f\u8ba1\u767b\n\u8bb0\u7684\u7528\u6237\u6570\u91cf\u8fbe\u523039\n5123085\u6237\uff0c\u6bd4\n\u4e0a\u5e74\u589e\u957f\u767e\u5206\u4e4b\u5341\u4e8c\u3002\n\n\u7b2c\u4e8c\u6bb5\u5f88\u77ed\u3002\n",
    "\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\u7ecf\u6d4e\n\u3001\u5de5\u4e1a\u7ecf\u6d4e\u4e4b\u540e\u7684\u4e3b\u8981\n\u7ecf\u6d4e\u5f62\u6001\uff0c\u5168\u5e74\u7d2f\u8ba1\u767b\n\u8bb0\u7684\u7528\u6237\u6570\u91cf39\n5123085\u6237\uff0c\u6bd4\n\u4e0a\u5e74\u589e\u957f\u767e\u5206\u4e4b\u5341\u4e8c\u3002\n\n\u7b2c\u4e8c\u6bb5\u5f88\u77ed\u3002\n",
]

# Most lines wider than the width the short ones share (one-line paragraphs): no width; at,
# below and above one half.
EDGES += [
    "\n".join((["\u4e00\u3001\u9002\u7528\u8303\u56f4"] * heads) + ([_TYPESET + "\u3002"] * longs)) + "\n"
    for heads, longs in ((3, 2), (3, 3), (3, 4), (4, 5), (4, 4), (2, 6))
] + [
    "\n".join(["\u4e00\u3001\u9002\u7528", "\u3000\u3000" + _TYPESET + "\u3002", "\u4e8c\u3001\u8981\u6c42", "\u3000\u3000" + _TYPESET[:15] + "\uff0c" + _TYPESET, "\u4e09\u3001\u9644\u5219", "\u3000\u3000" + _TYPESET[3:] + "\u3002", "\u4e2d\u5fc3"]) + "\n",
]

# A dotted name at an exactly full line in a tool's wrap, written whole elsewhere (followed by
# something inside a line) or not: at the line end, with a full stop, a one-letter or a numeric
# last label, upper case.
EDGES += [
    "Researchers who write to\narchive-\ndesk@library.example.org\ncan ask for scans; it\nworks and they can ask\nfor more, see EXAMPLE.ORG/x\nand library.Example.org.\n",
    "Researchers who write to\narchive-\ndesk@library.example.org\ncan ask for scans; it\nworks and they can ask\nfor more, see example.org\n",
    "Researchers who write to\narchive-\ndesk@library.example.or\ng can ask for scans; it\nworks and they can ask\nfor more at example.or g\n",
    "Researchers who write to\narchive-\ndesk@library.exam.1.22\ncan ask for scans; it\nworks and they can ask\nfor more at v1.22 or a.b\n",
    "Researchers who write to\narchive-\ndesk@library.example.o\nrg can ask for scans it\nworks and they can ask\nfor more at example.o/ ..\n",
]


@pytest.mark.parametrize("text", EDGES)
def test_edges(text: str) -> None:
    check(text)
    check(text, document=text)
    check(text, document=text * 3)
    check(text, document="\n\n".join([text] * 6))
