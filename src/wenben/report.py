"""The review report: one self-contained HTML page showing every change wenben made.

``render_report(entries)`` takes one :class:`ReportEntry` per file (its name and the
:class:`~wenben.engine.Explanation` of cleaning it, or the error that stopped it) and returns
an HTML page with no external resources (inline CSS and a little inline JavaScript; a
Content-Security-Policy forbids the page from loading anything):

- a summary: files, files changed, files with errors, total changes, and a table of the rules
  that fired (colour, ID, message, number of changes, number of files) whose check boxes hide
  or show that rule's edits, with a "changed files only" switch;
- per file, the *source* text with each edit marked: the text it removed struck through and
  the text it wrote right after it, coloured by rule, with a tooltip giving the rule, its
  message, the before/after text with invisible characters escaped, and the line and column.
  Spaces, NBSP, U+3000, line breaks, zero-width and control characters in edits are drawn as
  boxes or small labelled badges. Long unchanged stretches collapse to "… N unchanged lines …"
  with a few lines of context, like a diff.

Line numbers are those of ``wenben --check`` (1-based, lines end at LF). The page is
deterministic: the same entries give the same bytes.
"""

from __future__ import annotations

import html
import re
import unicodedata
import zlib
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from . import __version__
from .edits import Edit
from .engine import Explanation
from .rules import RULES

__all__ = ["ReportEntry", "render_report", "rule_colour"]


@dataclass(frozen=True)
class ReportEntry:
    """One file of the report: its name and how cleaning it went.

    ``error`` is set when the file could not be cleaned (it is listed with the message);
    ``explanation`` may then be ``None``.
    """

    name: str
    explanation: Explanation | None
    error: str | None = None


# --- colours ----------------------------------------------------------------------------------

# A fixed palette of 24 hues, 15 degrees apart. Each rule has its own slot, the rules that fire
# most often (ascii-punctuation, the spacing rules, line-wrap, line-endings) far apart; a rule
# not listed here (a newer one) gets a slot from a hash of its ID. Either way a rule keeps its
# colour from one report to the next.
_PALETTE_SIZE = 24
_RULE_SLOTS = {  # slot * 15 = hue; the commonest rules get the most distinct hues
    "quotes": 0,
    "mojibake": 1,
    "ascii-punctuation": 2,
    "ellipsis": 3,
    "blank-lines": 4,
    "number-spacing": 5,
    "ocr-digits": 6,
    "dash": 7,
    "line-wrap": 8,
    "number-punctuation": 9,
    "space-collapse": 10,
    "paragraph-breaks": 11,
    "convert-variants": 12,
    "line-edge-whitespace": 13,
    "space-between-chinese": 14,
    "invisible-characters": 15,
    "line-endings": 16,
    "fullwidth-alphanumerics": 17,
    "unicode-normalization": 18,
    "space-chinese-latin": 19,
    "missing-space-chinese-latin": 20,
    "brackets": 21,
    "corner-quotes": 22,
}


def rule_colour(rule_id: str) -> tuple[str, str]:
    """The (strong, light) CSS colours of a rule: for the mark and for its background."""
    slot = _RULE_SLOTS.get(rule_id)
    if slot is None:
        slot = zlib.crc32(rule_id.encode("utf-8")) % _PALETTE_SIZE
    hue = slot * 360 // _PALETTE_SIZE
    return f"hsl({hue},75%,36%)", f"hsl({hue},90%,91%)"


# --- making text visible ----------------------------------------------------------------------

# Names for the invisible characters an edit may remove or write.
_BADGES = {
    "\t": "TAB",
    "\r": "CR",
    "\x0b": "VT",
    "\x0c": "FF",
    "\x00": "NUL",
    "\x7f": "DEL",
    "\x85": "NEL",
    "\u00a0": "NBSP",
    "\u00ad": "SHY",
    "\u1680": "OGHAM SP",
    "\u180e": "MVS",
    "\u200b": "ZWSP",
    "\u200c": "ZWNJ",
    "\u200d": "ZWJ",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u2028": "LSEP",
    "\u2029": "PSEP",
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u202f": "NNBSP",
    "\u205f": "MMSP",
    "\u2060": "WJ",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\u3000": "全角",
    "\ufeff": "BOM",
    "\ufffd": "U+FFFD",
}
_DOT = " \u00b7 "
_NEWLINE_BADGE = '<span class="k nl">\u21b5</span>'
_SPACE_BOX = '<span class="sp"> </span>'

# Characters shown as a badge even in unchanged text: controls (a browser would drop or mangle
# them), lone surrogates and noncharacters.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")

# Unchanged runs longer than this inside a shown line are cut to their ends.
_LONG_RUN = 600
_KEEP = 200


def _is_invisible(char: str) -> bool:
    if char in _BADGES:
        return True
    if "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef":
        return True  # variation selectors
    return unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Cs", "Co", "Cn")


def _badge(char: str) -> str:
    label = _BADGES.get(char)
    if label is None:
        if "\ufe00" <= char <= "\ufe0f":
            label = f"VS{ord(char) - 0xFE00 + 1}"
        else:
            label = f"U+{ord(char):04X}"
    return f'<span class="k">{html.escape(label)}</span>'


def _cut_run(text: str, render: Callable[[str], str], what: str) -> str:
    """HTML for a run longer than ``_LONG_RUN``: its ends rendered, the middle said in words
    (a report of a huge edit stays readable and small)."""
    cut = len(text) - 2 * _KEEP
    return render(text[:_KEEP]) + f'<span class="cut">\u2026 {cut:,} {what} \u2026</span>' + render(text[-_KEEP:])


def _visible(fragment: str) -> str:
    """HTML for text an edit removed or wrote: invisible characters drawn as boxes and badges."""
    if len(fragment) > _LONG_RUN:
        return _cut_run(fragment, _visible, "characters")
    parts: list[str] = []
    run: list[str] = []
    for char in fragment:
        if char == " ":
            shown = _SPACE_BOX
        elif char == "\n":
            shown = _NEWLINE_BADGE
        elif _is_invisible(char):
            shown = _badge(char)
        else:
            run.append(char)
            continue
        if run:
            parts.append(html.escape("".join(run), quote=False))
            run.clear()
        parts.append(shown)
    if run:
        parts.append(html.escape("".join(run), quote=False))
    return "".join(parts)


def _plain(text: str) -> str:
    """HTML for unchanged text (no line breaks in it): escaped, controls as badges, long runs cut."""
    if len(text) > _LONG_RUN:
        return _cut_run(text, _plain, "unchanged characters")
    escaped = html.escape(text, quote=False)
    if _CONTROL.search(escaped):
        escaped = _CONTROL.sub(lambda m: _badge(m.group()), escaped)
    return escaped


def _show(fragment: str, limit: int = 60) -> str:
    """A fragment quoted for a tooltip, with invisible characters and backslashes escaped."""
    more = ""
    if len(fragment) > limit:
        more = f"\u2026 (+{len(fragment) - limit} characters)"
        fragment = fragment[:limit]
    out = []
    for char in fragment:
        if char in "\\'":
            out.append("\\" + char)
        elif char == " " or not _is_invisible(char) and char.isprintable():
            out.append(char)
        else:
            out.append(ascii(char)[1:-1])
    return "'" + "".join(out) + "'" + more


def _attr(value: str) -> str:
    """Escaped for a double-quoted attribute (``'`` needs no escaping there; it is common in tooltips)."""
    return html.escape(value, quote=False).replace('"', "&quot;")


def _ascii(fragment: str, limit: int = 60) -> str:
    if len(fragment) > limit:
        return ascii(fragment[:limit]) + "\u2026"
    return ascii(fragment)


# --- one file ---------------------------------------------------------------------------------


@dataclass
class _Rules:
    """The rules of the report, each with a short CSS class name."""

    classes: dict[str, str]

    def of(self, rule_id: str) -> str:
        return self.classes[rule_id]


def _message(rule_id: str) -> str:
    rule = RULES.get(rule_id)
    return rule.message if rule is not None else "(rule not in this version's catalogue)"


# An edit's look: attributes, tooltip without the position, pieces, whether each ends a line.
_Shape = tuple[str, str, tuple[str, ...], tuple[bool, ...]]


class _FileRenderer:
    """Renders the source of one file with its edits, collapsed around the changed lines."""

    def __init__(
        self,
        source: str,
        edits: Sequence[Edit],
        rules: _Rules,
        *,
        context: int,
        max_edits: int,
        shapes: dict[tuple[str, str, str], _Shape],
    ) -> None:
        # Lone surrogates cannot be written as UTF-8; one character for one keeps the offsets.
        if _SURROGATE.search(source):
            source = _SURROGATE.sub("\ufffd", source)
        self.source = source
        self.edits = list(edits[:max_edits])
        self.omitted = len(edits) - len(self.edits)
        self.rules = rules
        self.context = context
        self.shapes = shapes  # shared by all files of a report
        starts = [0]
        index = source.find("\n")
        while index >= 0:
            starts.append(index + 1)
            index = source.find("\n", index + 1)
        self.line_starts = starts
        self.out: list[str] = []
        self.cur: list[str] = []
        self.line = 0

    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset) - 1

    def line_end(self, line: int) -> int:
        """Offset just after line ``line`` (after its LF, if it has one)."""
        return self.line_starts[line + 1] if line + 1 < len(self.line_starts) else len(self.source)

    def render(self) -> str:
        source, starts = self.source, self.line_starts
        # The last "line" after a final LF is empty: show it only if an edit writes there.
        last_line = len(starts) - 1
        if last_line > 0 and starts[-1] == len(source):
            last_line -= 1
        spans: list[tuple[int, int]] = []  # changed lines, per edit
        for edit in self.edits:
            first = self.line_of(edit.start)
            last = self.line_of(edit.end - 1) if edit.end > edit.start else first
            last_line = max(last_line, last)
            spans.append((first, last))
        shown: list[list[int]] = []  # ranges of lines shown, merged
        for first, last in spans:
            low, high = max(0, first - self.context), min(last_line, last + self.context)
            if shown and low <= shown[-1][1] + 3:  # a gap of up to 2 lines is not worth hiding
                shown[-1][1] = max(shown[-1][1], high)
            else:
                shown.append([low, high])
        if shown and shown[0][0] <= 2:
            shown[0][0] = 0
        if shown and last_line - shown[-1][1] <= 2:
            shown[-1][1] = last_line
        position = 0  # next edit
        previous = -1
        for low, high in shown:
            if low > previous + 1:
                self.gap(previous + 1, low - 1)
            position = self.lines(low, high, position)
            previous = high
        if previous < last_line and shown:
            self.gap(previous + 1, last_line)
        if self.omitted:
            self.out.append(
                f'<div class="gap">\u2026 {self.omitted:,} more changes in this file are not shown here '
                "(they are counted in the summary) \u2026</div>"
            )
        return "".join(self.out)

    def gap(self, first: int, last: int) -> None:
        count = last - first + 1
        label = f"\u2026 {count:,} unchanged line{'s' if count != 1 else ''} \u2026"
        start, end = self.line_starts[first], self.line_end(last)
        if count > 400 or end - start > 20_000:
            self.out.append(f'<div class="gap">{label}</div>')
            return
        self.out.append(f'<details class="gap"><summary>{label}</summary>')
        for line in range(first, last + 1):
            text = self.source[self.line_starts[line] : self.line_end(line)]
            self.out.append(f'<div class="l" data-n="{line + 1}">{_plain(text.rstrip(chr(10)))}</div>')
        self.out.append("</details>")

    def end_line(self) -> None:
        self.out.append(f'<div class="l" data-n="{self.line + 1}">{"".join(self.cur)}</div>')
        self.cur.clear()
        self.line += 1

    def plain(self, text: str) -> None:
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            if piece:
                self.cur.append(_plain(piece))
            if index < len(pieces) - 1:
                self.end_line()

    def lines(self, low: int, high: int, position: int) -> int:
        """Render lines ``low``..``high`` with the edits in them; return the next edit's index."""
        source, edits = self.source, self.edits
        self.out.append('<div class="hunk">')
        self.line = low
        cursor = self.line_starts[low]
        end = self.line_end(high)
        while position < len(edits) and edits[position].start <= end and self.line_of(edits[position].start) <= high:
            edit = edits[position]
            self.plain(source[cursor : edit.start])
            self.edit(edit, position)
            cursor = edit.end
            position += 1
        self.plain(source[cursor:end])
        if self.line <= high:
            self.end_line()
        self.out.append("</div>")
        return position

    def edit(self, edit: Edit, number: int) -> None:
        before = self.source[edit.start : edit.end]
        key = (edit.rule, before, edit.replacement)
        shape = self.shapes.get(key)
        if shape is None:
            shape = self.shapes[key] = self.shape(*key)
        attributes, tip, bodies, breaks = shape
        column = edit.start - self.line_starts[self.line] + 1
        opening = f'<span {attributes} data-e="{number}" title="{tip}{self.line + 1}, col {column}">'
        for body, ends_line in zip(bodies, breaks):
            self.cur.append(opening + body + "</span>")
            if ends_line:
                self.end_line()

    def shape(self, rule: str, before: str, after: str) -> _Shape:
        """What every edit of ``rule`` from ``before`` to ``after`` looks like, computed once:
        its attributes, its tooltip but for the position, and its pieces, one per source line
        it spans (with whether the piece ends the line)."""
        rules = rule.split("+")
        if _SURROGATE.search(after):
            after = _SURROGATE.sub("\ufffd", after)
        tip = [f"{r}: {_message(r)}" for r in rules]
        tip.append(f"{_show(before)} \u2192 {_show(after)}")
        plain_ascii = f"{_ascii(before)} \u2192 {_ascii(after)}"
        if plain_ascii != tip[-1]:
            tip.append(f"ascii: {plain_ascii}")
        tip.append("line ")
        classes = "e " + " ".join(self.rules.of(r) for r in rules) + (" m" if len(rules) > 1 else "")
        attributes = f'class="{classes}" data-rule="{_attr(rule)}"'
        inserted = f"<ins>{_visible(after)}</ins>" if after else ""
        chunks = before.split("\n")
        ends_with_break = len(chunks) > 1 and chunks[-1] == ""
        if ends_with_break:
            chunks.pop()  # removed text ends with a line break: the replacement goes before it
        bodies, breaks = [], []
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            ends_line = not last or ends_with_break
            removed = _visible(chunk) + (_NEWLINE_BADGE if ends_line else "")
            bodies.append((f"<del>{removed}</del>" if removed else "") + (inserted if last else ""))
            breaks.append(ends_line)
        return attributes, _attr("\n".join(tip)), tuple(bodies), tuple(breaks)


# --- the page ---------------------------------------------------------------------------------


def _counts(explanation: Explanation | None) -> Counter[str]:
    if explanation is None:
        return Counter()
    return Counter(rule for edit in explanation.edits for rule in edit.rules)


def render_report(
    entries: Sequence[ReportEntry],
    *,
    title: str = "wenben report",
    context: int = 3,
    max_edits_per_file: int = 5000,
    max_edits: int = 20_000,
) -> str:
    """One self-contained HTML page reviewing the edits of ``entries`` (see the module doc).

    ``context`` is the number of unchanged lines shown around changes; a file with more than
    ``max_edits_per_file`` edits shows only the first ones, and the page shows at most
    ``max_edits`` in all (later files then list their counts only): all are counted in the
    summary, and the page says what it left out. Without the cap, 10 MB of input made 79 MB of
    HTML that took seconds to open.
    """
    entries = list(entries)
    per_file = [_counts(entry.explanation) for entry in entries]
    total: Counter[str] = Counter()
    files_with: Counter[str] = Counter()
    for counts in per_file:
        total.update(counts)
        files_with.update(counts.keys())
    order = {rule_id: index for index, rule_id in enumerate(RULES)}
    rule_ids = sorted(total, key=lambda r: (-total[r], order.get(r, len(order)), r))
    rules = _Rules({rule_id: f"r{index}" for index, rule_id in enumerate(rule_ids)})

    n_changes = sum(len(e.explanation.edits) for e in entries if e.explanation is not None)
    n_errors = sum(1 for e in entries if e.error is not None)
    n_changed = sum(1 for e in entries if e.error is None and _changed(e.explanation))

    out: list[str] = []
    out.append(_head(title, rules, rule_ids))
    out.append(f'<body class="page"><header><h1>{html.escape(title)}</h1>')
    out.append(f'<p class="meta">wenben {html.escape(__version__)} \u00b7 source text with every edit marked: ')
    out.append('<del class="demo">removed</del> text struck through, <ins class="demo">written</ins> text after it; ')
    out.append("hover over an edit for its rule, the exact characters and the line.</p></header>\n")

    # Summary.
    out.append('<section id="summary"><h2>Summary</h2><dl class="stats">')
    for label, value in (
        ("files", len(entries)),
        ("files changed", n_changed),
        ("files unchanged", len(entries) - n_changed - n_errors),
        ("files with errors", n_errors),
        ("changes", n_changes),
    ):
        css = ' class="bad"' if label == "files with errors" and value else ""
        out.append(f"<div{css}><dt>{label}</dt><dd>{value:,}</dd></div>")
    out.append("</dl>")
    out.append('<div class="controls">')
    out.append('<label><input type="checkbox" id="only-changed"> changed files only</label>')
    if rule_ids:
        out.append('<button type="button" id="all-rules">show all rules</button>')
        out.append('<button type="button" id="no-rules">hide all rules</button>')
    out.append('<span class="hint">keys: j / k next / previous file</span></div>')
    if rule_ids:
        out.append(
            '<div class="table-wrap"><table id="rule-table" class="rules"><thead><tr><th>show</th><th>rule</th>'
            '<th>what it fixes</th><th class="num">changes</th><th class="num">files</th></tr></thead><tbody>'
        )
        for rule_id in rule_ids:
            css = rules.of(rule_id)
            escaped = html.escape(rule_id)
            out.append(
                f'<tr data-rule="{escaped}"><td><input type="checkbox" class="rf" checked '
                f'data-rule="{escaped}" data-class="{css}" aria-label="show {escaped}"></td>'
                f'<td><span class="sw {css}"></span><code>{escaped}</code></td>'
                f"<td>{html.escape(_message(rule_id))}</td>"
                f'<td class="num count">{total[rule_id]:,}</td><td class="num">{files_with[rule_id]:,}</td></tr>'
            )
        out.append("</tbody></table></div>")
        out.append(
            '<p class="note">An edit that several rules made together (shown as <code>a+b</code>) '
            "counts once for each rule, so the rule counts can add up to more than the changes.</p>"
        )
    if entries:
        out.append(f'<details class="index"{" open" if len(entries) <= 30 else ""}><summary>Files</summary><ol>')
        for index, entry in enumerate(entries):
            status = _status(entry)
            if status == "changed":
                detail = _plural(len(entry.explanation.edits), "change")  # type: ignore[union-attr]
            else:
                detail = status
            out.append(
                f'<li class="{status}"><a class="name" href="#f{index + 1}">{html.escape(entry.name)}</a> '
                f'<span class="n">{detail}</span></li>'
            )
        out.append("</ol></details>")
    out.append("</section>\n")

    # Files.
    out.append('<main id="files">')
    shapes: dict[tuple[str, str, str], _Shape] = {}
    budget = max_edits
    for index, (entry, counts) in enumerate(zip(entries, per_file)):
        shown = min(max_edits_per_file, budget)
        out.append(_file_section(index + 1, entry, counts, rules, context, shown, shapes, page_full=shown < max_edits_per_file))
        if entry.explanation is not None:
            budget -= min(shown, len(entry.explanation.edits))
    if not entries:
        out.append('<p class="empty">No files.</p>')
    out.append("</main>\n")
    out.append(f"<script>{_SCRIPT}</script>\n</body></html>\n")
    return "".join(out)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _changed(explanation: Explanation | None) -> bool:
    return explanation is not None and (bool(explanation.edits) or explanation.changed)


def _status(entry: ReportEntry) -> str:
    if entry.error is not None:
        return "error"
    return "changed" if _changed(entry.explanation) else "unchanged"


def _file_section(
    number: int,
    entry: ReportEntry,
    counts: Counter[str],
    rules: _Rules,
    context: int,
    max_edits: int,
    shapes: dict[tuple[str, str, str], _Shape],
    page_full: bool = False,
) -> str:
    status = _status(entry)
    explanation = entry.explanation
    rule_list = " ".join(sorted(counts))
    out = [
        f'<section class="file {status}" id="f{number}" data-rules="{html.escape(rule_list)}">',
        f'<h2><a class="anchor" href="#f{number}">#{number}</a> ',
        f'<span class="name">{html.escape(entry.name)}</span></h2>',
    ]
    facts: list[str] = []
    if explanation is not None:
        source = explanation.source
        n_lines = source.count("\n") + (0 if source.endswith("\n") or not source else 1)
        if explanation.edits:
            facts.append(_plural(len(explanation.edits), "change"))
        facts.append(_plural(n_lines, "line"))
        facts.append(f"{len(explanation.source):,} \u2192 {len(explanation.text):,} characters")
    chips = "".join(
        f'<span class="chip {rules.of(rule)}" title="{html.escape(_message(rule))}">'
        f"{html.escape(rule)} {count:,}</span>"
        for rule, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
    out.append(f'<p class="facts">{_DOT.join(facts)} {chips}</p>' if facts or chips else "")
    if entry.error is not None:
        out.append(f'<p class="errmsg">Error: {html.escape(entry.error)}</p>')
    if explanation is not None:
        if explanation.edits and not max_edits:
            out.append(
                f'<p class="gap">{len(explanation.edits):,} changes not shown: this page shows the first '
                "changes of the run only (see the counts above); run --report on this file alone to see them.</p>"
            )
        elif explanation.edits:
            if page_full and len(explanation.edits) > max_edits:
                out.append('<p class="gap">This page reached its limit of changes shown in this file.</p>')
            renderer = _FileRenderer(
                explanation.source, explanation.edits, rules, context=context, max_edits=max_edits, shapes=shapes
            )
            out.append(f'<div class="text" lang="zh">{renderer.render()}</div>')
        elif entry.error is None:
            out.append('<p class="same">No changes: the file is already clean.</p>')
    out.append("</section>\n")
    return "".join(out)


def _head(title: str, rules: _Rules, rule_ids: Iterable[str]) -> str:
    colours = []
    hidden = [".e.off"]  # an edit of several rules, all hidden (set by the script)
    for rule_id in rule_ids:
        strong, light = rule_colour(rule_id)
        css = rules.of(rule_id)
        colours.append(f".{css}{{--c:{strong};--b:{light}}}")
        hidden.append(f".h-{css} .e.{css}:not(.m)")  # a hidden rule: a class on <body>

    def when_hidden(suffix: str, style: str) -> str:
        return ",".join(selector + suffix for selector in hidden) + "{" + style + "}"

    # A hidden edit shows the source as it was: removed text plain, written text gone.
    colours.append(when_hidden("", "background:none;box-shadow:none;outline:0;cursor:auto"))
    colours.append(when_hidden(">ins", "display:none"))
    colours.append(when_hidden(">del", "color:inherit;text-decoration:none"))
    colours.append(when_hidden(" del .k", "background:none;border-style:solid;opacity:.6"))
    colours.append(when_hidden(" del .sp", "border-style:solid;opacity:.6"))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="wenben {html.escape(__version__)}">'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}\n{chr(10).join(colours)}</style></head>\n"
    )


_CSS = """
:root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;
--cjk:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB","Microsoft YaHei",
"WenQuanYi Micro Hei","Noto Sans CJK TC","Microsoft JhengHei",sans-serif;
--mono:ui-monospace,"SFMono-Regular","DejaVu Sans Mono",Menlo,Consolas,monospace}
*{box-sizing:border-box}
body{margin:0;padding:0 24px 48px;color:var(--fg);background:var(--bg);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",var(--cjk)}
header h1{font-size:22px;margin:20px 0 4px}
.meta{color:var(--muted);margin:0 0 12px}
h2{font-size:17px;margin:0}
code{font-family:var(--mono);font-size:13px}
.rules code{white-space:nowrap}
#summary{border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin:0 0 20px;background:var(--soft)}
.stats{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.stats div{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:6px 14px;min-width:110px}
.stats dt{color:var(--muted);font-size:12px}.stats dd{margin:0;font-size:20px;font-weight:600}
.stats .bad dd{color:#b42318}
.controls{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:8px 0}
.controls button{font:inherit;font-size:13px;padding:2px 10px;border:1px solid var(--line);border-radius:5px;background:var(--bg);cursor:pointer}
.hint{color:var(--muted);font-size:12px}
table.rules{border-collapse:collapse;background:var(--bg);margin:6px 0;font-size:14px}
.rules th,.rules td{border:1px solid var(--line);padding:3px 10px;text-align:left;vertical-align:middle}
.rules th{background:var(--soft);font-weight:600}.rules .num{text-align:right;font-variant-numeric:tabular-nums}
.rules td:first-child{text-align:center}.rules td:nth-child(3){min-width:16em}
.table-wrap{overflow-x:auto}
.sw{display:inline-block;width:12px;height:12px;border-radius:3px;background:var(--c);margin-right:6px;vertical-align:-1px}
.note{color:var(--muted);font-size:12px;margin:4px 0}
.index ol{columns:3 300px;column-gap:2.5em;margin:6px 0;padding-left:.5em;font-size:13px;list-style-position:inside}
.index li{break-inside:avoid}.index .n{color:var(--muted)}.index .error a{color:#b42318}
.index summary,.gap summary{cursor:pointer}
section.file{border:1px solid var(--line);border-radius:8px;margin:0 0 16px;padding:10px 0 6px;
content-visibility:auto;contain-intrinsic-size:auto 320px}
section.file>h2,section.file>p{padding:0 16px}
section.file.error{border-color:#f04438}
.anchor{color:var(--muted);text-decoration:none;font-weight:400}
.name{overflow-wrap:anywhere}
.facts{color:var(--muted);font-size:13px;margin:4px 0 8px}
.chip{display:inline-block;border-radius:10px;padding:0 8px;margin:1px 2px;font-size:12px;background:var(--b);color:var(--c);border:1px solid var(--c)}
.errmsg{color:#b42318;background:#fef3f2;border-left:3px solid #f04438;padding:6px 12px!important;margin:4px 16px 8px;white-space:pre-wrap;overflow-wrap:anywhere}
.same{color:var(--muted);font-style:italic;margin:2px 0 6px}
.text{border-top:1px solid var(--line);font:17px/1.9 var(--cjk);white-space:pre-wrap;overflow-wrap:anywhere;
line-break:strict;tab-size:4}
.hunk{padding:4px 0}
.hunk+.gap,.gap+.hunk{border-top:1px dashed var(--line)}
.l{position:relative;padding:0 16px 0 5em;min-height:1.9em}
.l::before{content:attr(data-n);position:absolute;left:0;width:3.6em;text-align:right;color:#8c959f;
font:12px/3.1 var(--mono);user-select:none}
.l:hover{background:#f6f8fa}
.gap{font:13px/2 system-ui,sans-serif;color:var(--muted);background:var(--soft);padding:0 16px 0 5em;white-space:normal}
details.gap[open]{background:none}details.gap[open]>summary{background:var(--soft)}
details.gap>.l{font:17px/1.9 var(--cjk);white-space:pre-wrap;color:var(--fg)}
.e{border-radius:3px;background:var(--b);box-shadow:inset 0 -2px 0 var(--c);padding:1px 1px;cursor:help}
.e del{color:#6e7781;text-decoration:line-through 2px var(--c)}
.e ins{text-decoration:none;color:var(--c);font-weight:700}
.e.m{outline:1px dashed var(--c);outline-offset:0}
.k{display:inline-block;font:600 10px/1.4 var(--mono);border:1px solid currentColor;border-radius:3px;
padding:0 2px;margin:0 1px;vertical-align:2px;white-space:nowrap}
.sp{display:inline-block;width:.6em;height:.45em;line-height:.45em;overflow:hidden;border:1px solid currentColor;
border-top:0;margin:0 1px;vertical-align:-.1em}
.e del .k,.e del .sp{border-style:dashed;background:linear-gradient(transparent calc(50% - .5px),
currentColor calc(50% - .5px),currentColor calc(50% + .5px),transparent calc(50% + .5px))}
.e del .sp,.e del .nl{background:none}
.nl{font-size:11px}
.e ins .k{background:var(--c);color:#fff;border-color:var(--c)}
.e ins .sp{border-width:0 2px 2px}
.cut{font:12px system-ui,sans-serif;color:var(--muted);background:var(--soft);border-radius:3px;padding:0 6px;margin:0 2px}
del.demo{text-decoration:line-through 2px #b42318;color:#6e7781}ins.demo{text-decoration:none;font-weight:700;color:#0969da}
body:not(.js) .controls,body:not(.js) .rules td:first-child input{visibility:hidden}
.only-changed section.file.unchanged,.only-changed .index li.unchanged,section.file.gone{display:none}
.empty{color:var(--muted)}
@media print{section.file{content-visibility:visible;break-inside:avoid-page}.controls,.hint{display:none}}
"""

# Rule filter, "changed files only" and j/k navigation. Edits of one rule are hidden by a class
# on <body> (one style change, however many edits); only edits of several rules need a loop.
_SCRIPT = """
(function(){
var body=document.body,hidden={},boxes=[].slice.call(document.querySelectorAll('input.rf')),
only=document.getElementById('only-changed');
function refresh(){
  boxes.forEach(function(b){hidden[b.getAttribute('data-rule')]=!b.checked;
    body.classList.toggle('h-'+b.getAttribute('data-class'),!b.checked);});
  [].forEach.call(document.querySelectorAll('.e.m'),function(e){
    e.classList.toggle('off',e.getAttribute('data-rule').split('+').every(function(r){return hidden[r];}));});
  body.classList.toggle('only-changed',only.checked);
  [].forEach.call(document.querySelectorAll('section.file.changed'),function(s){
    var rs=s.getAttribute('data-rules').split(' ');
    s.classList.toggle('gone',only.checked&&rs.every(function(r){return hidden[r];}));});
}
boxes.forEach(function(b){b.addEventListener('change',refresh);});
only.addEventListener('change',refresh);
function all(v){boxes.forEach(function(b){b.checked=v;});refresh();}
var a=document.getElementById('all-rules'),n=document.getElementById('no-rules');
if(a){a.addEventListener('click',function(){all(true);});n.addEventListener('click',function(){all(false);});}
document.addEventListener('keydown',function(ev){
  if(ev.target.tagName==='INPUT'||ev.ctrlKey||ev.metaKey||ev.altKey||(ev.key!=='j'&&ev.key!=='k'))return;
  var s=[].filter.call(document.querySelectorAll('section.file'),function(x){return x.offsetParent!==null;});
  var y=window.scrollY+5,i;
  if(ev.key==='j'){for(i=0;i<s.length;i++)if(s[i].offsetTop>y){s[i].scrollIntoView();break;}}
  else{for(i=s.length-1;i>=0;i--)if(s[i].offsetTop<y-10){s[i].scrollIntoView();break;}}
});
refresh();
body.classList.add('js');
})();
"""
