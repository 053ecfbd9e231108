"""Idempotence and stream = whole around sentence ends followed by spaces (branch ``idem``).

Each input is the smallest one the mixed-text hunt (tests/fuzz/hunt_mixed.py) shrank a failure
to. The cause was shared: the sentence splitter ended a sentence-ending run at a space, spacing
then removed that space, and the second pass split the sentences differently.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

import wenben
from tests.properties.engines import ENGINES
from wenben.profiles import PROFILES



FOUND = [
    "\u3002 \u201d 10",  # a sentence end, a space and a closing quote before a number
    "\u4e2d! ;",  # ; converted only once ! had been
    "\u4e2d. \u201d",  # a full stop before a space and a closing quote
    "\u5b50\n\na\u300d\u3000i",  # an ideographic space in an English sentence
    "\uff1f\u3000N\u2014No\n\n\u4ea7",  # a sentence end before an English sentence's letters
    # (branch idem2) an ASCII mark, a space, a straight quote and a further mark: the quote
    # opened a sentence of its own (no letters: its ? stayed) until ? became \uff1f and the space
    # went, and then it was in the run
    "\u63a5?\u3000'?",
    "\u63a5! ) ?",
    "\u63a5? ' ' \u3002",
]


@lru_cache(maxsize=None)
def cleaner(profile: str, engine: str) -> wenben.Cleaner:
    return wenben.Cleaner(profile, engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("profile", sorted(PROFILES))
@pytest.mark.parametrize("text", FOUND)
def test_a_second_pass_changes_nothing(text: str, profile: str, engine: str) -> None:
    once = cleaner(profile, engine).clean(text)
    assert cleaner(profile, engine).clean(once) == once


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("profile", sorted(PROFILES))
@pytest.mark.parametrize("text", FOUND)
def test_every_cut_of_the_stream_gives_the_whole(text: str, profile: str, engine: str) -> None:
    whole = cleaner(profile, engine).clean(text)
    for cut in range(1, len(text)):
        streamed = "".join(cleaner(profile, engine).clean_stream([text[:cut], text[cut:]]))
        assert streamed == whole, (cut, ascii(streamed), ascii(whole))


def test_an_english_sentence_after_a_full_stop_keeps_its_quote_apart() -> None:
    # The run may go on over spaces only after a mark that is not ASCII: after an ASCII full
    # stop a straight quote opens the next sentence.
    text = 'He said it. "Hi there," she said.'
    assert wenben.clean(text) == text + "\n"
