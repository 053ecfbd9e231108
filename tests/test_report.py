"""The HTML review report: structure, counts, escaping, self-containment, collapsing, rendering."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

import wenben
from wenben.edits import Edit, EditTracker
from wenben.engine import Explanation
from wenben.report import ReportEntry, render_report, rule_colour

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SAMPLES = [
    ("fixtures/docs/news_article.raw.txt", "default"),
    ("fixtures/ocr/news_digital_economy.tesseract.txt", "ocr"),
    ("fixtures/ocr/notice_training.tesseract.txt", "ocr"),
    ("fixtures/ocr/essay_autumn.source.txt", "default"),  # already clean
]
VOID = {"meta", "input", "br", "link", "img", "hr", "wbr", "source", "col", "area", "base", "embed"}


# --- a small DOM on top of html.parser --------------------------------------------------------


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and (cls is None or cls in node.classes)
            and all(node.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.current.tag != tag:
            self.errors.append(f"</{tag}> closes <{self.current.tag}>")
            return
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(page: str) -> Node:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.errors == []
    assert builder.current is builder.root, "unclosed elements"
    return builder.root


def explain_file(path: str, profile: str) -> Explanation:
    # Read bytes and decode: the news sample has CRLF line ends that the report must show.
    return wenben.explain((ROOT / path).read_bytes().decode("utf-8"), profile=profile)


def fabricate(source: str, edits: list[Edit]) -> Explanation:
    """An Explanation with edits chosen by the test (one rule run)."""
    tracker = EditTracker(source)
    tracker.apply(edits)
    return Explanation(source, tracker.text, tuple(tracker.edits()), tracker.offset_map())


@pytest.fixture(scope="module")
def samples() -> list[ReportEntry]:
    return [ReportEntry(path, explain_file(path, profile)) for path, profile in SAMPLES]


@pytest.fixture(scope="module")
def sample_page(samples) -> str:
    return render_report(samples)


def edit_elements(section: Node) -> dict[int, list[Node]]:
    pieces: dict[int, list[Node]] = {}
    for node in section.find_all("span", "e"):
        pieces.setdefault(int(node.attrs["data-e"]), []).append(node)
    return pieces


# --- the summary ------------------------------------------------------------------------------


def test_summary_counts_match_the_edits(samples, sample_page):
    doc = parse(sample_page)
    tables = doc.find_all("table")
    assert len(tables) == 1 and tables[0].attrs["id"] == "rule-table"
    expected = Counter(rule for entry in samples for edit in entry.explanation.edits for rule in edit.rules)
    files_with = Counter(rule for entry in samples for rule in {r for e in entry.explanation.edits for r in e.rules})
    rows = [row for row in tables[0].find_all("tr") if "data-rule" in row.attrs]
    shown = {}
    for row in rows:
        cells = row.find_all("td")
        rule = row.attrs["data-rule"]
        shown[rule] = int(cells[3].text().replace(",", ""))
        assert int(cells[4].text().replace(",", "")) == files_with[rule]
        assert cells[2].text() == wenben.RULES[rule].message
        box = cells[0].find_all("input")[0]
        assert box.attrs["type"] == "checkbox" and box.attrs["data-rule"] == rule
    assert shown == dict(expected)
    # Most frequent first.
    assert [shown[r] for r in shown] == sorted(shown.values(), reverse=True)

    stats = {div.find_all("dt")[0].text(): int(div.find_all("dd")[0].text().replace(",", "")) for div in doc.find_all("dl")[0].find_all("div")}
    assert stats["files"] == 4
    assert stats["files changed"] == 3
    assert stats["files unchanged"] == 1
    assert stats["files with errors"] == 0
    assert stats["changes"] == sum(len(entry.explanation.edits) for entry in samples)
    assert doc.find_all("input", id="only-changed")[0].attrs["type"] == "checkbox"


def test_one_section_per_file_with_every_edit_marked(samples, sample_page):
    doc = parse(sample_page)
    sections = doc.find_all("section", "file")
    assert [s.find_all(cls="name")[0].text() for s in sections] == [entry.name for entry in samples]
    for section, entry in zip(sections, samples):
        edits = entry.explanation.edits
        pieces = edit_elements(section)
        assert sorted(pieces) == list(range(len(edits)))
        for number, nodes in pieces.items():
            edit = edits[number]
            for node in nodes:
                assert node.attrs["data-rule"] == edit.rule
                assert edit.rules[0] in node.attrs["title"]
                assert wenben.RULES[edit.rules[0]].message in node.attrs["title"]
            # The replacement is written once, after the last piece of removed text.
            inserted = [ins for node in nodes for ins in node.find_all("ins")]
            assert len(inserted) == (1 if edit.replacement else 0)
            assert (nodes[-1].find_all("ins") != []) == bool(edit.replacement)
            if edit.end > edit.start:
                assert all(node.find_all("del") for node in nodes)
            # The piece's line is the edit's line, as ``wenben --check`` counts it.
            line = entry.explanation.source.count("\n", 0, edit.start) + 1
            assert nodes[0].parent.attrs["data-n"] == str(line)
            assert f"line {line}, col " in nodes[0].attrs["title"]
        status = "changed" if edits else "unchanged"
        assert status in section.classes
        assert set(section.attrs["data-rules"].split()) == {r for e in edits for r in e.rules}


def test_visible_text_is_the_source_plus_replacements(samples, sample_page):
    # Outside the badges, the lines shown are the source: unchanged text, then for each edit the
    # removed text (struck) and the replacement (inserted).
    doc = parse(sample_page)
    section = doc.find_all("section", "file")[1]  # OCR sample: no CR, no invisible characters
    explanation = samples[1].explanation
    lines = section.find_all("div", "l")
    shown_source = []
    for line in lines:
        parts = []
        for child in line.children:
            if isinstance(child, str):
                parts.append(child)
            else:
                for part in child.find_all("del"):
                    parts.append(part.text().replace("\u21b5", "\n"))
        shown_source.append("".join(parts))
    rebuilt = "".join(p if p.endswith("\n") else p + "\n" for p in shown_source)
    assert rebuilt == explanation.source


# --- escaping and self-containment ------------------------------------------------------------


HOSTILE = '\u6807\u9898 <script>alert("x")</script> & \u66f4\u591a\uff1a\u89c1 http://evil.example/a?b=1&c=2 \u4ed6\u8bf4"\u4f60\u597d"\n'


def test_user_text_is_escaped():
    entries = [
        ReportEntry("<script>alert(1)</script>.txt", wenben.explain(HOSTILE)),
        ReportEntry("bad & <b>name</b>", None, error="<img src=x onerror=alert(1)> failed"),
    ]
    page = render_report(entries, title="<b>review</b> & co")
    doc = parse(page)
    scripts = doc.find_all("script")
    assert len(scripts) == 1 and "src" not in scripts[0].attrs
    assert "alert" not in scripts[0].text()
    assert doc.find_all("b") == [] and doc.find_all("img") == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.txt" in page
    assert doc.find_all("title")[0].text() == "<b>review</b> & co"
    first = doc.find_all("section", "file")[0]
    assert first.find_all(cls="name")[0].text() == "<script>alert(1)</script>.txt"
    assert '<script>alert("x")</script>' in first.find_all("div", "text")[0].text()
    error = doc.find_all("section", "file")[1]
    assert "error" in error.classes
    assert error.find_all("p", "errmsg")[0].text() == "Error: <img src=x onerror=alert(1)> failed"
    # Tooltips keep quotes intact: the straight quotes around 你好 are edits.
    titles = [node.attrs["title"] for node in first.find_all("span", "e")]
    assert any("'\"' \u2192 '\u201c'" in title for title in titles)


class Outside(HTMLParser):
    """Collects attribute values and text that are not the user's (file names, file text...)."""

    USER = frozenset({"text", "name", "errmsg"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.ours: list[str] = []
        self.links: list[tuple[str, str, str]] = []

    @property
    def user(self) -> bool:
        return any(self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        user = bool(self.USER & set((attrs.get("class") or "").split()))
        for name, value in attrs.items():
            if name in ("src", "href", "action", "srcset", "poster", "data") or tag == "link":
                self.links.append((tag, name, value or ""))
            if not (self.user or user) or name not in ("title", "data-rule"):
                self.ours.append(f"{name}={value}")
        if tag not in VOID:
            self.stack.append(user)

    def handle_endtag(self, tag):
        if tag not in VOID:
            self.stack.pop()

    def handle_data(self, data):
        if not self.user:
            self.ours.append(data)


def test_page_loads_nothing_from_the_network(sample_page):
    page = render_report(
        [ReportEntry("http://example.org/x.txt", wenben.explain(HOSTILE)), ReportEntry("a.txt", None, error="see https://x.example")]
    )
    for html_page in (sample_page, page):
        outside = Outside()
        outside.feed(html_page)
        outside.close()
        # Links only to anchors in the page; no <link>, no <script src>, no <img>, no url().
        assert all(tag == "a" and name == "href" and value.startswith("#") for tag, name, value in outside.links)
        ours = "\n".join(outside.ours)
        assert not re.search(r"https?:|//[a-z0-9]|url\(|@import|@font-face", ours, re.IGNORECASE), ours[:200]
        assert "default-src 'none'" in html_page  # and a Content-Security-Policy to make sure
        assert "<link" not in html_page.lower() and "<script src" not in html_page.lower()
    # The user's own URLs are there, as text.
    assert "http://evil.example/a?b=1&amp;c=2" in page


# --- invisible characters, multi-line and multi-rule edits --------------------------------------


def test_invisible_characters_are_shown_as_badges():
    source = "\u3000\u3000\u6570\u00a0\u5b57\u200b\u7ecf  \u6d4e\r\n\r\n\r\n\u5f88\u597d:\u771f\u7684\t\n"
    explanation = wenben.explain(source)
    doc = parse(render_report([ReportEntry("a.txt", explanation)]))
    removed = doc.find_all("section", "file")[0].find_all("del")
    badges = {badge.text() for d in removed for badge in d.find_all("span", "k")}
    assert {"全角", "NBSP", "ZWSP", "CR", "\u21b5", "TAB"} <= badges
    assert any(d.find_all("span", "sp") for d in removed), "a removed space is drawn as a box"
    titles = "\n".join(node.attrs["title"] for node in doc.find_all("span", "e"))
    for escaped in ("\\u3000", "\\xa0", "\\u200b", "\\r\\n", "\\t"):
        assert escaped in titles
    assert "ascii: ':' \u2192 '\\uff1a'" in titles


def test_an_edit_across_lines_is_split_into_pieces():
    source = "\u7b2c\u4e00\u6bb5\u3002\n\n\n\n\n\u7b2c\u4e8c\u6bb5\u3002\n"
    explanation = wenben.explain(source)
    (edit,) = [e for e in explanation.edits if e.rule == "blank-lines"]
    assert source.count("\n", edit.start, edit.end) > 1
    doc = parse(render_report([ReportEntry("a.txt", explanation)]))
    pieces = edit_elements(doc)[explanation.edits.index(edit)]
    assert len(pieces) == source.count("\n", edit.start, edit.end)
    first = source.count("\n", 0, edit.start) + 1
    assert [p.parent.attrs["data-n"] for p in pieces] == [str(n) for n in range(first, first + len(pieces))]
    assert all(p.find_all("span", "nl") for p in pieces)


def test_edit_at_the_very_end_of_the_text():
    explanation = fabricate("abc\n", [Edit("blank-lines", 4, 4, "\n")])
    doc = parse(render_report([ReportEntry("a.txt", explanation)]))
    (piece,) = doc.find_all("span", "e")
    assert piece.parent.attrs["data-n"] == "2"
    assert piece.find_all("ins")[0].find_all("span", "nl")


def test_edits_of_several_rules_and_unknown_rules():
    explanation = wenben.explain('\u4ed6\u8bf4"\u4f60\u597d"\u3002\n', profile="tw")
    unknown = fabricate("abc", [Edit("my-house-rule", 1, 2, "B")])
    page = render_report([ReportEntry("tw.txt", explanation), ReportEntry("x.txt", unknown)])
    doc = parse(page)
    multi = doc.find_all("span", "m")
    assert len(multi) == 2 and all(node.attrs["data-rule"] == "quotes+corner-quotes" for node in multi)
    counts = {row.attrs["data-rule"]: row.find_all("td")[3].text() for row in doc.find_all("tr") if "data-rule" in row.attrs}
    assert counts == {"quotes": "2", "corner-quotes": "2", "my-house-rule": "1"}
    assert "rule not in this version" in page


def test_rule_colours_are_stable_and_distinct():
    colours = [rule_colour(rule) for rule in wenben.RULES]
    assert len(set(colours)) == len(colours)
    assert rule_colour("my-house-rule") == rule_colour("my-house-rule")
    assert rule_colour("quotes") == ("hsl(0,75%,36%)", "hsl(0,90%,91%)")


# --- large files, errors, edge cases ----------------------------------------------------------


def test_long_unchanged_stretches_collapse():
    paragraphs = [f"\u7b2c{i}\u6bb5\u6b63\u6587\uff0c\u6ca1\u6709\u95ee\u9898\u3002" for i in range(3000)]
    paragraphs[1500] = "\u4e2d\u6587 English, \u6d4b\u8bd5"
    paragraphs[1502] = "\u518d\u6765 \u4e00\u6b21"
    source = "\n\n".join(paragraphs) + "\n"
    explanation = wenben.explain(source)
    assert explanation.edits
    page = render_report([ReportEntry("big.txt", explanation)])
    assert len(page) < 40_000
    doc = parse(page)
    gaps = doc.find_all(cls="gap")
    labels = [g.text() if g.tag == "div" else g.find_all("summary")[0].text() for g in gaps]
    first_changed = 2 * 1500 + 1  # paragraph i is line 2i+1
    assert labels[0] == f"\u2026 {first_changed - 3 - 1:,} unchanged lines \u2026"
    assert labels[-1].endswith("unchanged lines \u2026")
    shown = sorted(int(line.attrs["data-n"]) for line in doc.find_all("div", "hunk")[0].find_all("div", "l"))
    first = source.count("\n", 0, explanation.edits[0].start) + 1
    last = source.count("\n", 0, explanation.edits[-1].start) + 1
    assert shown == list(range(first - 3, last + 4))
    assert len(edit_elements(doc)) == len(explanation.edits)


def test_small_gaps_can_be_expanded_and_long_lines_are_cut():
    source = "\n".join(["\u6570 \u5b57"] + [f"\u7b2c{i}\u884c" for i in range(20)] + ["\u6570 \u5b57"]) + "\n"
    explanation = fabricate(source, [Edit("space-between-chinese", 1, 2, ""), Edit("space-between-chinese", len(source) - 3, len(source) - 2, "")])
    doc = parse(render_report([ReportEntry("a.txt", explanation)]))
    (gap,) = doc.find_all("details", "gap")
    assert gap.find_all("summary")[0].text() == "\u2026 14 unchanged lines \u2026"
    assert len(gap.find_all("div", "l")) == 14

    long_line = "\u5b57" * 100_000 + "," + "\u5b57" * 100_000 + "\n"
    page = render_report([ReportEntry("long.txt", wenben.explain(long_line))])
    assert len(page) < 20_000
    assert "unchanged characters" in page


def test_cap_on_edits_per_file():
    source = "\n".join("\u6570 \u5b57" for _ in range(50)) + "\n"
    explanation = wenben.explain(source)
    assert len(explanation.edits) > 10
    doc = parse(render_report([ReportEntry("a.txt", explanation)], max_edits_per_file=10))
    assert len(edit_elements(doc)) == 10
    assert f"{len(explanation.edits) - 10:,} more changes" in doc.text()
    row = next(r for r in doc.find_all("tr") if r.attrs.get("data-rule") == "space-between-chinese")
    assert row.find_all("td")[3].text() == str(Counter(e.rule for e in explanation.edits)["space-between-chinese"])


def test_cap_on_edits_per_page():
    # Many changed files: the page stops marking edits at max_edits in all, says so in each
    # file it left out, and still counts everything in the summary.
    source = "\n".join("\u6570 \u5b57" for _ in range(50)) + "\n"
    explanation = wenben.explain(source)
    count = len(explanation.edits)
    entries = [ReportEntry(f"f{index}.txt", explanation) for index in range(5)]
    doc = parse(render_report(entries, max_edits_per_file=count, max_edits=2 * count + 5))
    sections = [node for node in doc.find_all("section") if "file" in node.attrs.get("class", "").split()]
    assert [len(edit_elements(section)) for section in sections] == [count, count, 5, 0, 0]
    text = doc.text()
    assert text.count(f"{count:,} changes not shown") == 2  # the fourth and fifth files
    assert f"{count - 5:,} more changes in this file are not shown" in text  # the third
    row = next(r for r in doc.find_all("tr") if r.attrs.get("data-rule") == "space-between-chinese")
    assert row.find_all("td")[3].text() == str(5 * Counter(e.rule for e in explanation.edits)["space-between-chinese"])


def test_errors_empty_reports_and_unencodable_text():
    assert parse(render_report([])).find_all("section", "file") == []
    source = "\u6570 \u5b57\x01\ud800\u00e9\n"
    page = render_report(
        [ReportEntry("broken.txt", None, error="cannot decode"), ReportEntry("odd.txt", wenben.explain(source))]
    )
    page.encode("utf-8")  # no lone surrogate left
    assert "\x01" not in page
    doc = parse(page)
    stats = {div.find_all("dt")[0].text(): div.find_all("dd")[0].text() for div in doc.find_all("dl")[0].find_all("div")}
    assert stats["files with errors"] == "1" and stats["files"] == "2"
    assert "U+0001" in {k.text() for k in doc.find_all("span", "k")}


def test_report_is_deterministic(samples, sample_page):
    assert render_report(samples) == sample_page


# --- a real browser ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_headless_chromium_renders_the_page(sample_page, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(sample_page, encoding="utf-8")
    png = tmp_path / "report.png"
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                f"--screenshot={png}", "--window-size=1200,1600", page.as_uri(),
            ],
            capture_output=True,
            timeout=180,
        )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
