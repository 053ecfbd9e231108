"""Spans no rule may touch: URLs and IRIs, domains, e-mail addresses, file paths, command-line
options, code, TeX math, HTML entities, emoticons.

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

from .chars import CJK_LETTER, CJK_PUNCT, HSPACE, INVISIBLE

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

_PROTECTED = re.compile(
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
    (re.compile(pattern), first, kind)
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
    if not any(char in text for char in _HINT_CHARS):
        return []
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
