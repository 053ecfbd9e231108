"""Spans no rule may touch: URLs and IRIs, domains, e-mail addresses, file paths, command-line
options, code (fenced, inline, and runs of code lines in plain text), TeX math, HTML entities,
emoticons.

Found once on the text the engine is given and moved along as rules edit around them; an edit
that overlaps one is dropped by the engine.

Where a span ends follows how linkifiers end a URL: at whitespace or Chinese punctuation, with
trailing sentence punctuation left out and a closing bracket kept only when the span opened it
(``\u89c1https://zh.wikipedia.org/wiki/\u5317\u4eac_(\u6d88\u6b67\u4e49)``). Non-ASCII characters (RFC 3987 ``ucschar``) belong to a
URL once a path segment, query or fragment starts with one (``wiki/\u5317\u4eac``, ``#\u57fa\u65bcWebKit\u6392\u7248``); Chinese
glued to an ASCII word (``example.com\u7136\u540e``, ``path\u7136\u540e``) is the sentence going on.
"""

from __future__ import annotations

import re

from .chars import CJK_LETTER, CJK_PUNCT, HSPACE, HSPACE_CHARS, INVISIBLE
from .lazyre import lazy

# Characters of an ASCII URL (RFC 3986), and the non-ASCII ones an IRI may have: anything but
# spaces, controls and Chinese punctuation, which end a URL in running text.
_URL_ASCII = "A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%"
# (Invisible characters are left out: invisible-characters removes them from a URL. Full-width forms
# are left out too: fullwidth-alphanumerics folds them, and text around a URL
# has them far more often than a URL does.)
_IRI_OTHER = f"[^\\x00-\\x9f{HSPACE}{INVISIBLE}{CJK_PUNCT}\\uff01-\\uff5e\\u2028\\u2029\\x85]"
# In the non-ASCII part, sentence punctuation before a Chinese letter ends the URL
# (https://example.org/\u6587\u6863,\u8c22\u8c22: the comma is the sentence's).
_IRI = f"(?:[A-Za-z0-9\\-_~/#\\[\\]@$&'()*+=%]|[.,;:!?](?![{CJK_LETTER}])|{_IRI_OTHER})"
# Where a non-ASCII segment may start: after a delimiter of the path, query or fragment.
_IRI_SEGMENT_START = "/#?=&_(\\-%~+"
_URL = (
    f"(?:[A-Za-z][A-Za-z0-9+.-]{{1,15}}://|www\\.)[{_URL_ASCII}]*+"
    f"(?:(?<=[{_IRI_SEGMENT_START}]){_IRI}*+)?"
)
# Top-level domains a scheme-less address ends with (example.com, \u767e\u5ea6.cn is not ASCII and
# left alone): the common generic ones and the ccTLDs of the places Chinese text talks about most.
_TLD = (
    "com|org|net|edu|gov|mil|int|info|biz|name|pro|io|ai|co|app|dev|xyz|top|site|online|tech|"
    "cloud|shop|wiki|cn|hk|tw|mo|sg|jp|kr|uk|de|fr|ru|us|eu|me|tv|cc|au|ca|in|nl|it|es|se|ch|br"
)
_DOMAIN = (
    f"(?<![A-Za-z0-9._%+@-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{{0,61}}[A-Za-z0-9])?\\.)+(?:{_TLD})"
    f"(?![A-Za-z0-9-])(?::[0-9]{{1,5}})?(?:[/?#][{_URL_ASCII}]*+)?"
)
_PATH_CHARS = "A-Za-z0-9._+~-"
_PATH = (
    # C:\Users\name
    f"(?<![A-Za-z0-9])[A-Za-z]:\\\\(?:[${_PATH_CHARS}]+\\\\?)*"
    # /dev/random, /usr/local/bin/ (two segments at least: a/b and km/h are words), ./configure, ~/x
    f"|(?<![A-Za-z0-9_./~-])(?:(?:~|\\.{{1,2}})?(?:/[{_PATH_CHARS}]+){{2,}}/?|(?:~|\\.{{1,2}})/[{_PATH_CHARS}]+/?)"
    # a list of them, as in PATH: /usr/local/bin:/usr/bin
    f"(?::(?:/[{_PATH_CHARS}]+)+/?)*"
)
# --prefix=/usr, --help (not a dash: a dash before an English word is rarer than an option).
_OPTION = "(?<![A-Za-z0-9_-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:=[A-Za-z0-9._/:~+,-]*)?"
# TeX math. Inline $...$ by Pandoc's rule (a non-space after the opening $, a non-space before
# the closing one, no digit after it: "$5 \u548c $10" is money), on one line, without Chinese inside;
# $$...$$, \(...\) and \[...\] may span lines but not a blank line.
_NOT_BLANK = "(?:[^\\n]|\\n(?![ \\t]*\\n))"
_MATH = (
    f"\\$\\$(?:(?!\\$\\$){_NOT_BLANK})+\\$\\$"
    f"|\\$(?![\\s$])(?:[^$\\n\\\\{CJK_LETTER}]|\\\\[^\\n])+?(?<![\\s\\\\])\\$(?![0-9$])"
    f"|\\\\\\((?:(?!\\\\\\)){_NOT_BLANK})+\\\\\\)"
    f"|\\\\\\[(?:(?!\\\\\\]){_NOT_BLANK})+\\\\\\]"
)

_PROTECTED = lazy(
    r"```[^\n]*\n(?:.*\n)*?[ \t]*```[^\n]*"  # fenced code block
    r"|`[^`\n]+`"  # inline code
    f"|{_URL}"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    f"|{_DOMAIN}"
    f"|{_PATH}"
    f"|{_OPTION}"
    f"|{_MATH}"
    r"|&(?:[A-Za-z]{2,8}|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});"
    # An emoticon with a nose (:-) ;-P) wherever it is; one without (:) ;P), with the space
    # before it, or glued to Chinese (\u597d\u7684:)), which is also what line-wrap makes of one that
    # started a line, so that it stays protected on a second pass.
    r"|[:;]-[()DPp](?![A-Za-z0-9])"
    r"|(?:(?<=\S)[ \t]+|(?<!\S)|(?<=[" + CJK_LETTER + CJK_PUNCT + r"]))[:;][()DPp](?!\S)"
)
# Punctuation that ends a sentence rather than a URL: "\u89c1 https://example.org/a." keeps its full stop.
_URL_TAIL = ".,;:!?)]}'\""
# How far before a hint a protected span may start (a URL scheme, an e-mail's local part).
_REACH_BACK = 80
# How far after a hint one may end: bounded, so that a long line full of "@" stays linear.
_REACH_FORWARD = 2048  # a URL, inline code, math
_REACH_FORWARD_SHORT = 256  # an e-mail domain, an entity, an emoticon, a path


# Each hint: a pattern (starting with a literal, found at str.find speed; one pattern with
# alternatives would test every character of the text), the character a text must have for it
# to be worth a search, and the kind of span it may start (which fixes the window searched).
_HINT_PATTERNS = tuple(
    (lazy(pattern), first, kind)
    for pattern, first, kind in (
        (r":(?://|-?[()DPp])", ":", "colon"),
        (r"www\.", "w", "www"),
        ("@", "@", "at"),
        ("`", "`", "code"),
        (r"&#?\w{2,8};", "&", "short"),
        (r";-?[()DPp]", ";", "short"),
        (r"\.(?<=[A-Za-z0-9]\.)(?=[a-z]{2})", ".", "domain"),
        (r":\\", ":", "short"),
        (r"/(?=[A-Za-z0-9._+~-])", "/", "short"),
        (r"--(?=[a-z])", "-", "short"),
        (r"\$", "$", "math"),
        (r"\\[(\[]", "\\", "math"),
    )
)
# An e-mail's local part or a domain's labels: the text that can start a protected span before
# an "@", "www." or "." hint (a scheme or a backquote before it is a hint of its own, found first).
_LOCAL_PART_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-"
_SCHEME_REACH = 16  # [A-Za-z][A-Za-z0-9+.-]{1,15} before "://"
# Kinds of hint whose span may reach _REACH_FORWARD after them; math may cross a line break.
_FAR_KINDS = frozenset(("colon", "www", "code", "math"))
_PATH_REACH_BACK = 3  # "../" before the "/"
_HINT_CHARS = ":@`&;./-$\\"


def _hints(text: str) -> list[tuple[int, int, str, str]]:
    """Every hint as (start, end, hint, kind), in order."""
    found = [
        (match.start(), match.end(), match.group(), kind)
        for pattern, first, kind in _HINT_PATTERNS
        if first in text
        for match in pattern.finditer(text)
    ]
    found.sort()
    return found


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, disjoint ``(start, end)`` spans of ``text`` that rules must leave alone."""
    code = code_line_spans(text) if "\n" in text else []
    if not any(char in text for char in _HINT_CHARS):
        return code
    spans = _hinted_spans(text)
    return _union(spans, code) if code else spans


def _hinted_spans(text: str) -> list[tuple[int, int]]:
    """The spans found from their hints (every kind but code lines)."""
    spans: list[tuple[int, int]] = []
    covered = 0
    search = _PROTECTED.search
    for hint_start, hint_end, hint, kind in _hints(text):
        if hint_start < covered:
            continue
        if hint == "`" and text.startswith("```", hint_start):
            window_start, window_end = hint_start, len(text)
        else:
            # The window starts at the latest of: the end of the last span, the start of the
            # line, the reach back (one search for a newline, only as far back as the reach).
            if hint.startswith(":/"):
                reach_back = _SCHEME_REACH
            elif kind == "short" and hint in ("/", "--"):
                reach_back = _PATH_REACH_BACK
            else:
                reach_back = _REACH_BACK
            window_start = max(covered, hint_start - reach_back)
            window_start = text.rfind("\n", window_start, hint_start) + 1 or window_start
            if kind in ("at", "www", "domain"):
                # Back over the e-mail local part or the domain labels (rstrip: the same, in C).
                window_start += len(text[window_start:hint_start].rstrip(_LOCAL_PART_CHARS))
            reach = _REACH_FORWARD if kind in _FAR_KINDS else _REACH_FORWARD_SHORT
            if kind == "math":
                window_end = min(len(text), hint_end + reach)
            else:
                window_end = text.find("\n", hint_end, hint_end + reach)
                if window_end < 0:
                    window_end = min(len(text), hint_end + reach)
        # The first match covering the hint (matches cannot be empty: search on after one).
        match = search(text, window_start, window_end)
        while match is not None:
            start, end = match.span()
            if start > hint_start:
                break
            if end <= hint_start:
                match = search(text, end, window_end)
                continue
            found = match.group()
            if found[0].isalnum() or found[0] in "/.~-":  # an address, a path, an option
                end = start + len(_url_end(found))
            if end > hint_start:
                spans.append((start, end))  # start >= covered: the window starts there
                covered = end
            break
    return spans


def _url_end(found: str) -> str:
    """A URL without the sentence punctuation after it; a closing bracket stays when the URL
    opened it (``wiki/\u5317\u4eac_(\u6d88\u6b67\u4e49)``)."""
    while found and found[-1] in _URL_TAIL:
        last = found[-1]
        if last == ")" and found.count("(") >= found.count(")"):
            break
        if last == "]" and found.count("[") >= found.count("]"):
            break
        found = found[:-1]
    return found


def _union(first: list[tuple[int, int]], second: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The union of two sorted lists of disjoint spans, as sorted disjoint spans."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(first + second):
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


# Code lines in plain text (a script or a program pasted into prose, code a PDF extractor gave
# as plain lines): they must stay byte for byte, and line-wrap must not join them to each other
# or to the prose around them. A line is considered only if it has no Chinese (a comment line
# with Chinese in it may sit between code lines); a run of such lines with no blank line in it
# is code when at least two of its lines, and half of them, look like code (one signal alone,
# like a line ending with ";", is as likely English). The span covers the first to the last
# code line, and the line break before and after it when a line of the same block is there.
# A line that may be code: no Chinese before its first quote or comment mark (which line has
# Chinese only inside strings or comments is settled by _code_part).
_FOREIGN_LINE = lazy(f"^[^\\n\"'#/{CJK_LETTER}{CJK_PUNCT}]*(?:[\"'#/][^\\n]*)?$", re.MULTILINE)
_CHINESE = lazy(f"[{CJK_LETTER}{CJK_PUNCT}]")
_LINE_SPACE = HSPACE_CHARS + "\r"
_BLOCK_WORDS = frozenset(("fi", "done", "esac", "then", "do", "else", "end", "endif", "}", "{", "};", "});", "])", ");"))
_KEYWORD = lazy(
    r"(?:def|class|import|from|return|if|elif|for|while|function|var|let|const|export|echo|sudo|cd|case|switch|"
    r"try|except|catch|public|private|static|package|func|fn|#include|#define)\b"
)
_ASSIGNMENT = lazy(r"[A-Za-z_][A-Za-z0-9_]*=[^\s=]|[A-Za-z_][\w.]*(?:\[[^\]]*\])?[ \t]*[-+*/%|&^]?=(?!=)[ \t]*\S")
_CALL = lazy(r"[A-Za-z_][\w.]*\(.*\)[;:]?")
_SHELL = lazy(r"\$[A-Za-z_{(]|>/dev/|[0-9]>&[0-9]| && | \|\| | \| ")
_CODE_CHARS = frozenset("()[]{}=;$<>|&\"")
_OPTION_WORD = lazy(r"(?:^|[ \t])--?[a-z]")


def code_line_kind(line: str) -> int:
    """2 for a line that looks like code, 1 for one that may sit between code lines (no Chinese,
    or a comment), 0 for a blank line."""
    body = line.strip(_LINE_SPACE)
    if not body:
        return 0
    if body.startswith(("#", "//")) and not body.startswith("#!/"):
        return 1  # a comment, or a Markdown heading: neutral either way
    if (
        body.startswith("#!/")
        or (body.startswith("$ ") and len(body) > 2)
        or body in _BLOCK_WORDS
        or _ASSIGNMENT.match(body)
        or _CALL.fullmatch(body)
        or _SHELL.search(body)
        or body.endswith(("{", "}", "\\"))
    ):
        return 2
    words = len(body.split())
    has_code_char = not _CODE_CHARS.isdisjoint(body)
    if body.endswith(";") and (not _CODE_CHARS.isdisjoint(body[:-1]) or words <= 2):
        return 2
    if _KEYWORD.match(body) and (has_code_char or body.endswith(":") or (body.isascii() and words <= 4)):
        return 2
    if line[:1] == "\t" or line.startswith("    "):
        if not _CODE_CHARS.isdisjoint(body) or _OPTION_WORD.search(body):
            return 2
    return 1


def code_line_spans(text: str) -> list[tuple[int, int]]:
    """The runs of code lines in ``text`` (see above), as sorted disjoint spans."""
    spans: list[tuple[int, int]] = []
    expected = -1  # where the next line of the current run would start
    lines = code = 0
    first = last = (0, 0)
    for match in _FOREIGN_LINE.finditer(text):
        start, end = match.span()
        line = match.group()
        if line.isascii() or not _CHINESE.search(line):
            kind = code_line_kind(line)
        else:
            code_part = _code_part(line)
            # Chinese outside strings and comments: prose, which ends a run as a blank line
            # does; otherwise the code before the comment decides (none: a comment line).
            kind = 0 if code_part is None else code_line_kind(code_part) or 1
        if start != expected or kind == 0:
            if code >= 2 and 2 * code >= lines:
                spans.append(_with_breaks(text, first[0], last[1]))
            lines = code = 0
        if kind == 0:
            expected = -1
            continue
        if kind == 2:
            if code == 0:
                first = (start, end)
            last = (start, end)
            code += 1
        lines += 1
        expected = end + 1
    if code >= 2 and 2 * code >= lines:
        spans.append(_with_breaks(text, first[0], last[1]))
    return spans


def _code_part(line: str) -> str | None:
    """The line up to its comment (``#``, ``//``), if all its Chinese is inside quotes or in the
    comment; None if some Chinese is outside them (a line of prose)."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#" or line.startswith("//", index):
            return line[:index]
        elif _CHINESE.match(char):
            return None
    return line


def _with_breaks(text: str, start: int, end: int) -> tuple[int, int]:
    """``start, end`` widened by the line break before and after when a non-blank line of the
    same block is on the other side (so no rule joins the code to its neighbours)."""
    if start > 0 and text[start - 1] == "\n":
        before = text.rfind("\n", 0, start - 1) + 1
        if text[before : start - 1].strip(_LINE_SPACE):
            start -= 1
    if end < len(text) and text[end] == "\n":
        after = text.find("\n", end + 1)
        if text[end + 1 : after if after >= 0 else len(text)].strip(_LINE_SPACE):
            end += 1
    return start, end
