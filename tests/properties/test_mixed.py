"""The promises on realistic mixed text (``mixed.mixed_text``: Han next to ASCII and full-width
punctuation, quotes, brackets, numbers, Latin words, every kind of space, line breaks, Markdown
markers), in every profile and on both engines: idempotence, stream = whole, the Han / digit /
Latin-letter sequence kept, the two engines agreeing, and ``explain`` consistent with ``clean``.

``tests/fuzz/hunt_mixed.py`` runs the same checks over tens of thousands of examples; here the
``ci`` profile runs a few dozen per property (``thorough``: 2,000).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wenben

from .engines import ENGINES
from .mixed import mixed_text
from .test_properties import _assert_explanation_consistent, assert_content_preserved, mojibake_tolerated

PROFILES = list(wenben.PROFILES)
each_profile = pytest.mark.parametrize("profile", PROFILES)
each_engine = pytest.mark.parametrize("engine", ENGINES)
# Five profiles, two engines: half the profile's examples per case keeps the file to about ten
# seconds under ``ci`` (20 examples a case; 1,000 under ``thorough``).
mixed_settings = settings(max_examples=max(10, settings.default.max_examples // 2))


@each_profile
@each_engine
@mixed_settings
@given(text=mixed_text())
def test_idempotent(profile: str, engine: str, text: str) -> None:
    once = wenben.clean(text, profile=profile, engine=engine)
    assert wenben.clean(once, profile=profile, engine=engine) == once


@each_profile
@each_engine
@mixed_settings
@given(text=mixed_text(), cuts=st.lists(st.integers(0, 200), max_size=4))
def test_stream_equals_whole(profile: str, engine: str, text: str, cuts: list[int]) -> None:
    points = sorted({min(c, len(text)) for c in cuts})
    pieces = [text[a:b] for a, b in zip([0, *points], [*points, len(text)])]
    streamed = "".join(wenben.clean_stream(pieces, profile=profile, engine=engine, part_size=0))
    assert streamed == wenben.clean(text, profile=profile, engine=engine)


@each_profile
@each_engine
@mixed_settings
@given(text=mixed_text())
def test_content_preserved(profile: str, engine: str, text: str) -> None:
    if mojibake_tolerated(text, profile):
        return  # (mixed text has no Latin-1 letters or rare Han: never the case in practice)
    assert_content_preserved(text, wenben.clean(text, profile=profile, engine=engine), profile)


@pytest.mark.skipif("core" not in ENGINES, reason="the compiled core is not built")
@each_profile
@mixed_settings
@given(text=mixed_text())
def test_engines_agree(profile: str, text: str) -> None:
    assert wenben.clean(text, profile=profile, engine="core") == wenben.clean(text, profile=profile, engine="python")
    core, python = (wenben.explain(text, profile=profile, engine=e) for e in ("core", "python"))
    assert core.text == python.text
    assert list(core.edits) == list(python.edits)


@each_profile
@mixed_settings
@given(text=mixed_text())
def test_explain_is_consistent(profile: str, text: str) -> None:
    _assert_explanation_consistent(text, profile)
