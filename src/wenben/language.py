"""The language of a sentence: Chinese, English that mentions Chinese, or neither.

GB/T 15834 lets the sentence decide its punctuation, and clreq its spacing: ``The word (文本)
means "text", see page 3.`` is an English sentence that mentions a Chinese word, and keeps its
ASCII brackets, comma and spaces; ``中发现了一个RC bug,并将其提交到了BTS`` is a Chinese sentence
with an English term, and its comma is ``\uff0c``. Rules ask :class:`Sentences` before they
make a mark or a space Chinese.

The judgement reads only what no rule changes: letters (Han, kana, Latin) and where sentences
end. A sentence ends at a run of ``\u3002\uff01\uff1f\uff1b\u2026!?;``, or of ``.`` not followed by an
ASCII letter or digit (``3.14``, ``example.com`` go on), unless a comma follows (``\u6570.,``), and
at a line break; the closing quotes, brackets and spaces after the mark belong to the sentence it
ends. (``!?;`` end a sentence before a letter too: they become ``\uff01\uff1f\uff1b``, which always do.) ``ascii-punctuation`` turns
``.`` into ``\u3002`` and ``!`` into ``\uff01`` only where the ASCII mark already ended a
sentence, so the sentences are the same on a second pass.

A sentence is

- ``None`` (neither) when it has no Han or kana and no Chinese-only punctuation: rules that
  make text Chinese leave it alone (``Reason: CORS header \u2018Origin\u2019 cannot be added``);
- ``"en"`` when it starts with a Latin word, has at least two, at least twice as many Latin
  letters as Chinese characters, and English function words (two, or one when it also ends
  with a Latin word): ``Remove 铁蕾 from 1 Folder?``, ``The book is called 红楼梦.``;
- ``"zh"`` otherwise: ``GitHub Copilot Chat 很好用``, ``Made in China 是什么意思``.
"""

from __future__ import annotations

from bisect import bisect_right

from .chars import CJK_LETTER, HSPACE, LATIN
from .lazyre import lazy

ZH = "zh"
EN = "en"

# What Chinese text alone uses: the full-width forms and CJK punctuation, without the marks
# Western typography shares (curly quotes, ellipsis, dashes, middle dot).
_CHINESE_ONLY_PUNCT = "\u3001-\u3003\u3008-\u3011\u3014-\u301f\u3030\u303d\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_CLOSERS = "\"'\u201d\u2019\u300d\u300f\uff09)\\]\u300b\u3009\u3011"
_WIDE_CLOSERS = "\u201d\u2019\u300d\u300f\uff09\u300b\u3009\u3011"
_ASCII_CLOSERS = "\"'\\])"
_END_MARK = "(?:[\u3002\uff01\uff1f\uff1b\u2026!?;]|\\.(?![A-Za-z0-9_]))"
# After the first mark, the run goes on over spaces to a further mark or a closing quote or
# bracket (\u3002 \u201d, ! ;): spacing removes such spaces next to Chinese punctuation, and the
# sentences must be the same on the second pass, which no longer has them. A straight quote or
# ASCII bracket after spaces goes with the run after a mark or closer that is not ASCII
# (\u3002 "); after an ASCII mark it may open the next sentence (Hello. "Hi"), so it goes with
# the run only when it and the straight closers and spaces after it lead to a further mark or
# wide closer (\u63a5? '?): they open nothing, and the second pass, with the ASCII mark made
# full-width and the space removed (\u63a5\uff1f'\uff1f), has them in the run.
_RUN_BODY = (
    f"{_END_MARK}++(?:[{_ASCII_CLOSERS}]|[{HSPACE}]*+(?:{_END_MARK}|[{_WIDE_CLOSERS}])"
    f"|(?<=[^\\x00-\\x7f])[{HSPACE}]++[{_ASCII_CLOSERS}]"
    f"|[{HSPACE}]++[{_ASCII_CLOSERS}][{_ASCII_CLOSERS}{HSPACE}]*+(?={_END_MARK}|[{_WIDE_CLOSERS}]))*+[{HSPACE}]*+"
)
_BOUNDARY_BODY = f"{_RUN_BODY}(?![,\uff0c\u3001])|\\n"
# (What _BOUNDARY matches is found by _boundary_at and _boundary_search, which are linear: the
# regular expression's own search retries from each mark of a run that a comma follows.)
_BOUNDARY = lazy(_BOUNDARY_BODY)
_RUN = lazy(_RUN_BODY)
_MAY_END = lazy("[\\n\u3002\uff01\uff1f\uff1b\u2026!?;.]")
_COMMAS = ",\uff0c\u3001"
_CJK_LETTER = lazy(f"[{CJK_LETTER}]")
_CHINESE_PUNCT = lazy(f"[{_CHINESE_ONLY_PUNCT}]")
_FIRST_LETTER = lazy(f"[{LATIN}{CJK_LETTER}]")
_LAST_LETTER = lazy(f"(?s:.*)([{LATIN}{CJK_LETTER}])")
_LATIN_WORD = lazy(f"[{LATIN}]+(?:['\u2019][{LATIN}]+)*")
_LATIN_CHAR = lazy(f"[{LATIN}]")
# The first letter of a sentence, when it is Latin (an English sentence starts with one; most
# Chinese sentences do not): a sentence start, then anything but letters.
_NON_LETTERS = lazy("(?:[^\\w\\n]|[0-9_])*+")


def _boundary_at(text: str, position: int, endpos: int) -> int:
    """``_BOUNDARY.match(text, position, endpos)``'s end, or -1 when no sentence end starts at
    ``position``."""
    if position >= endpos:
        return -1
    if text[position] == "\n":
        return position + 1
    run = _RUN.match(text, position, endpos)
    if run is None:
        return -1
    end = run.end()
    return -1 if end < endpos and text[end] in _COMMAS else end


def _boundary_search(text: str, position: int, endpos: int | None = None) -> tuple[int, int] | None:
    """``(start, end)`` of ``_BOUNDARY.search(text, position, endpos)``, in time linear in what
    it crosses. A run of marks that a comma follows is no sentence end from any of its marks
    either (each step of the run is decided by what it starts with, the character before it and
    what follows, which a later start sees the same, so it ends at the same place and fails
    alike): the search goes on after the run instead of retrying from each mark in it."""
    if endpos is None or endpos > len(text):
        endpos = len(text)
    while position < endpos:
        candidate = _MAY_END.search(text, position, endpos)
        if candidate is None:
            return None
        start = candidate.start()
        end = _boundary_at(text, start, endpos)
        if end >= 0:
            return start, end
        run = _RUN.match(text, start, endpos)
        position = max(run.end(), start + 1) if run is not None else start + 1
    return None


def _boundaries(text: str, position: int, endpos: int):
    """``_BOUNDARY.finditer(text, position, endpos)`` as ``(start, end)`` pairs, linear."""
    while True:
        found = _boundary_search(text, position, endpos)
        if found is None:
            return
        yield found
        position = found[1]


# English function words and the commonest verbs: a sentence that has them is English, one that
# has only names and terms (GitHub Copilot Chat) is not.
FUNCTION_WORDS = frozenset(
    """a an the this that these those it its is are was were be been being am has have had do
    does did can could will would shall should may might must not no of to in on at by for from
    with without into onto about as than then and or but if so because when where which who whom
    whose what how why there here see use using means called named said says please you your we
    our they their he his she her i my me us them all any some each every other more most such
    only also very just please click remove delete add open save select""".split()
)

# A "sentence" longer than this (no end in sight) is cut: judged from at most this far back.
_SENTENCE_LIMIT = 4096
_LOOK_AHEAD = 256  # what a sentence end is judged by after it (closing marks, spaces, a comma)


def _judge(text: str, start: int, end: int, original: str | None = None) -> str | None:
    """The language of the sentence ``text[start:end]`` (see the module docstring).

    ``text`` is masked (:func:`masked`): code, URLs, paths and math are not the sentence's
    language (``Profiles: `default` (compact: `Debian项目`)`` is English). A sentence whose
    Chinese is all inside them (in ``original``) is a Latin sentence that mentions Chinese."""
    if (
        original is not None
        and original is not text
        and _CJK_LETTER.search(text, start, end) is None
        and _CJK_LETTER.search(original, start, end) is not None
    ):
        return ZH if _CHINESE_PUNCT.search(text, start, end) is not None else EN
    if _CJK_LETTER.search(text, start, end) is None and _CHINESE_PUNCT.search(text, start, end) is None:
        return None
    # (Chinese punctuation without a Chinese letter is Chinese unless the sentence reads as
    # English: ``Taiwan: as default, with corner quotes 「」.`` mentions them.)
    first = _FIRST_LETTER.search(text, start, end)
    if first is None or not _LATIN_CHAR.match(first.group()):
        return ZH
    words = _LATIN_WORD.findall(text, start, end)
    if len(words) < 2:
        return ZH
    letters = sum(map(len, words))
    if letters < 2 * len(_CJK_LETTER.findall(text, start, end)):
        return ZH
    function = sum(1 for word in words if word.lower() in FUNCTION_WORDS)
    if function >= 2:
        return EN
    if function == 1:
        last = _LAST_LETTER.match(text, start, end)
        if last is not None and _LATIN_CHAR.match(last.group(1)):
            return EN
    return ZH


#: What a protected span's characters read as: no letter, no mark, no sentence end.
_MASK = "\x00"
# One cache entry: the rules of one pass ask about the same text one after another.
_MASKED: list[tuple[str, str]] = []


def masked(text: str) -> str:
    """``text`` with the characters of its protected spans (wenben.protect: code, URLs, paths,
    math) replaced by a neutral character: no sentence ends inside them, and their letters are
    not the sentence's language. The same length, so offsets are the text's."""
    if _MASKED and _MASKED[0][0] is text:
        return _MASKED[0][1]
    from .protect import protected_spans  # (protect imports the character classes only)

    spans = protected_spans(text)
    result = text
    if spans:
        pieces = []
        position = 0
        for start, end in spans:
            pieces += (text[position:start], _MASK * (end - start))
            position = end
        pieces.append(text[position:])
        result = "".join(pieces)
    _MASKED[:] = [(text, result)]
    return result


class Sentences:
    """The sentences of a text, found around the positions asked about.

    Each query costs the length of the sentence it falls in, once: the last sentence found is
    remembered, and queries come mostly in text order.
    """

    __slots__ = ("text", "_original", "_start", "_end", "_language")

    def __init__(self, text: str) -> None:
        self._original = text
        self.text = masked(text)
        self._start = self._end = -1
        self._language: str | None = None

    def bounds(self, index: int) -> tuple[int, int]:
        """``(start, end)`` of the sentence holding the character at ``index``."""
        if not self._start <= index < self._end:
            self._find(index)
        return self._start, self._end

    def language(self, index: int) -> str | None:
        """``"zh"``, ``"en"`` or None for the sentence holding the character at ``index``."""
        if not self._start <= index < self._end:
            self._find(index)
        return self._language

    def _find(self, index: int) -> None:
        text = self.text
        if 0 < self._end <= index:
            # Queries in text order: the next sentence starts where the last one ended.
            found = _boundary_search(text, self._end, min(len(text), index + _SENTENCE_LIMIT))
            if found is not None and found[1] > index:
                self._start, self._end = self._end, found[1]
                self._language = _judge(text, self._start, self._end, self._original)
                return
        start, end = _sentence_start(text, index)
        if end < 0:
            limit = min(len(text), index + _SENTENCE_LIMIT)
            found = _boundary_search(text, index, limit)
            end = found[1] if found is not None else limit
        self._start, self._end = start, max(end, index + 1)
        self._language = _judge(text, start, self._end, self._original)


def _sentence_start(text: str, index: int) -> tuple[int, int]:
    """Where the sentence holding ``text[index]`` starts: the end of the last sentence end
    before it; and where it ends if that is known already (-1 if not): spaces and closing
    marks after a full stop belong to the sentence it ends."""
    # No farther back than the limit: on a line with no sentence end in 4096 characters, a
    # start at the line's (or text's) beginning made each query cost its distance from there
    # (quadratic), and a stream part would see another start than the whole text.
    low = max(0, index - _SENTENCE_LIMIT)
    line_start = text.rfind("\n", low, index) + 1 or low
    position = index
    known_end = -1
    while True:
        # The last sentence end starting before ``position``, searched in growing windows so
        # that the cost is the distance crossed.
        # (A forward search: a sentence end is judged by what follows it, which a search that
        # stops at ``position`` would not see.)
        boundary = boundary_end = -1
        end, width = position, 64
        while end > line_start:
            low = max(line_start, end - width)
            for found, _ in _boundaries(text, low, min(len(text), end + _LOOK_AHEAD)):
                if found >= end:
                    break
                boundary = found
            if boundary >= 0:
                break
            end, width = low, width * 2
        if boundary < 0:
            return line_start, known_end
        stop = _boundary_at(text, boundary, len(text))
        boundary_end = stop if stop >= 0 else boundary + 1
        if boundary_end <= index:
            return boundary_end, known_end
        # ``index`` is in this end's closing marks or spaces: its sentence ends here.
        known_end = boundary_end
        position = boundary


def _leading(text: str, position: int, memo: list[int]) -> int:
    """``_LEADING.match(text, position)``'s end: the Latin letter starting the sentence at
    ``position``, or -1. ``memo`` holds the last run of non-letters scanned (from, stop): a
    position inside it stops at the same place, which keeps repeated calls linear."""
    if memo[0] <= position <= memo[1]:
        stop = memo[1]
    else:
        stop = _NON_LETTERS.match(text, position).end()
        memo[:] = [position, stop]
    return stop if stop < len(text) and _LATIN_CHAR.match(text, stop) is not None else -1


def _latin_start(text: str, position: int, memo: list[int]) -> tuple[int, int] | None:
    """``(sentence start, first letter)`` of the first sentence starting after ``position``
    (or at the text's start) with a Latin letter: what
    ``(?:\\A|_BOUNDARY)()(?:[^\\w\\n]|[0-9_])*+(?=[LATIN])`` searched for, in linear time."""
    if position == 0:
        letter = _leading(text, 0, memo)
        if letter >= 0:
            return 0, letter
    while True:
        found = _boundary_search(text, position)
        if found is None:
            return None
        letter = _leading(text, found[1], memo)
        if letter >= 0:
            return found[1], letter
        # From inside the same run the sentence end, and so the failure, is the same.
        position = max(found[1], found[0] + 1)


# One cache entry: the rules of one pass ask about the same text one after another.
_CACHE: list[tuple[str, list[tuple[int, int]]]] = []


def english_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, disjoint ``(start, end)`` spans of the sentences of ``text`` judged English
    (``"en"``): rules that make text Chinese leave them alone."""
    if _CACHE and _CACHE[0][0] is text:
        return _CACHE[0][1]
    original, text = text, masked(text)
    spans: list[tuple[int, int]] = []
    if _CJK_LETTER.search(text) is not None:
        position = 0
        memo = [-1, -1]
        while True:
            # A Latin letter starting the sentence that starts at ``position``, or a later one.
            letter = _leading(text, position, memo)
            if letter >= 0:
                start = position
            else:
                found = _latin_start(text, position, memo)
                if found is None:
                    break
                start, letter = found
            # The non-letters before the letter may hold sentence ends of their own (\uff1f N):
            # the letter's sentence starts after the last of them, as ``Sentences`` has it.
            inner = _boundary_search(text, start)
            while inner is not None and inner[0] < letter:
                start = inner[1]
                inner = _boundary_search(text, start)
            found = _boundary_search(text, letter)
            end = found[1] if found is not None else len(text)
            if _judge(text, start, end, original) == EN:
                if spans and spans[-1][1] >= start:
                    spans[-1] = (spans[-1][0], end)
                else:
                    spans.append((start, end))
            position = max(end, letter + 1)
    _CACHE[:] = [(original, spans)]
    return spans


def outside(positions: list[int], spans: list[tuple[int, int]]) -> list[bool]:
    """For each position, whether it is in none of the sorted, disjoint ``spans``."""
    if not spans:
        return [True] * len(positions)
    starts = [start for start, _ in spans]
    kept = []
    for position in positions:
        index = bisect_right(starts, position) - 1
        kept.append(index < 0 or spans[index][1] <= position)
    return kept
