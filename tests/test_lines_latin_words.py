"""``_latin_words`` (one scan of a document's Latin runs for ``Evidence.words``, ``compounds``
and ``inner_words``) against the definitions it replaces: ``_WORD.findall``,
``_COMPOUND.findall`` and the runs inside their line."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from wenben.chars import HSPACE_CHARS
from wenben.rules.lines import _COMPOUND, _WORD, _latin_words, document_evidence


def _defined(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    inner = set()
    for line in text.split("\n"):
        line = line.strip(HSPACE_CHARS)
        for match in re.finditer("[A-Za-z]+", line):
            if match.start() > 0 and match.end() < len(line):
                inner.add(match.group().lower())
    return (
        frozenset(word.lower() for word in _WORD.findall(text)),
        frozenset(word.lower() for word in _COMPOUND.findall(text)),
        frozenset(inner),
    )


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="abAB-- \u3000\t\n\u4e2d.1", max_size=40))
def test_one_scan_finds_what_the_patterns_define(text: str) -> None:
    assert _latin_words(text) == _defined(text)


def test_examples() -> None:
    text = "  well-known Debian-based e-mail\nthe GNU/Linux a-b-c -xyz abc- \u4e2dword\u6587 \nend"
    words, compounds, inner = _latin_words(text)
    assert words == {"the", "gnu", "linux", "word", "end"}
    assert compounds == {"well-known", "debian-based", "e-mail", "a-b"}
    assert inner == {"known", "debian", "based", "e", "gnu", "linux", "a", "b", "c", "xyz", "abc", "word"}
    # (Too few lines for a wrap: the evidence keeps the words and compounds only.)
    evidence = document_evidence(text)
    assert (evidence.words, evidence.compounds) == (words, compounds)
