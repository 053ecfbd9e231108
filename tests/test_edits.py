"""The edit machinery: composing rules' edits into edits on the source, and the offset map."""

from __future__ import annotations

import random

import pytest

import wenben
from wenben.edits import Edit, EditTracker, apply_edits
from timing import cpu_seconds


def _random_edits(text: str, rnd: random.Random) -> list[Edit]:
    edits, position = [], 0
    while position <= len(text):
        if rnd.random() < 0.3:
            end = min(len(text), position + rnd.randint(0, 3))
            replacement = "".join(rnd.choice("XYZ") for _ in range(rnd.randint(0, 3)))
            edits.append(Edit(rnd.choice("abc"), position, end, replacement))
            position = end + 1
        else:
            position += 1
    return edits


@pytest.mark.parametrize("seed", range(20))
def test_composed_edits_reproduce_every_stage(seed):
    rnd = random.Random(seed)
    for _ in range(300):
        source = "".join(rnd.choice("abcdefgh") for _ in range(rnd.randint(0, 14)))
        tracker = EditTracker(source)
        current = source
        for _ in range(rnd.randint(1, 4)):
            edits = _random_edits(current, rnd)
            current = apply_edits(current, edits)
            tracker.apply(edits)
            assert tracker.text == current
        composed = tracker.edits()
        assert apply_edits(source, composed) == current
        assert all(a.end <= b.start for a, b in zip(composed, composed[1:]))
        offsets = tracker.offset_map()
        mapped = [offsets(i) for i in range(len(current) + 1)]
        assert mapped == sorted(mapped)
        assert mapped[-1] == len(source)


def test_overlapping_edits_are_refused():
    with pytest.raises(ValueError):
        apply_edits("abcdef", [Edit("x", 0, 3, ""), Edit("x", 2, 4, "")])


def test_explain_names_the_rules_and_maps_offsets():
    source = "7 \u6708 13 \u65e5\u4e0a\u5348, \u5fb7\u9633\u5e02(\u5fb7\u9633\u5206\u8d5b\u533a)"
    result = wenben.explain(source)
    assert result.text == wenben.clean(source)
    assert apply_edits(source, list(result.edits)) == result.text
    rules = {rule for edit in result.edits for rule in edit.rules}
    assert {"space-chinese-latin", "ascii-punctuation", "brackets", "blank-lines"} <= rules
    # Every Han character of the output maps back to the same character in the source.
    for index, char in enumerate(result.text):
        if "\u4e00" <= char <= "\u9fff":
            assert source[result.source_offset(index)] == char


def test_explain_merges_rules_that_touch_the_same_text():
    # tw profile: "quotes" curls the straight quotes, then "corner-quotes" turns them into
    # corner brackets; on the source that is one edit per quote, credited to both rules.
    source = '\u4ed6\u8bf4\uff1a"\u4f60\u597d"'
    result = wenben.explain(source, profile="tw")
    assert result.text == "\u4ed6\u8bf4\uff1a\u300c\u4f60\u597d\u300d\n"
    quote_edits = [edit for edit in result.edits if edit.replacement in ("\u300c", "\u300d")]
    assert [(e.start, e.end) for e in quote_edits] == [(3, 4), (6, 7)]
    assert all(e.rules == ("quotes", "corner-quotes") for e in quote_edits)


def test_adjacent_edits_of_different_rules_stay_apart():
    result = wenben.explain("\u8c22\u8c22 , \u5bf9\u5404\u4f4d")
    assert result.text == "\u8c22\u8c22\uff0c\u5bf9\u5404\u4f4d\n"
    assert [(e.rule, e.start, e.end) for e in result.edits] == [
        ("space-between-chinese", 2, 3),
        ("ascii-punctuation", 3, 4),
        ("space-between-chinese", 4, 5),
        ("blank-lines", 8, 8),
    ]


def test_clean_text_has_no_edits():
    result = wenben.explain("\u6570\u5b57\u7ecf\u6d4e\u3002\n")
    assert result.edits == () and not result.changed


def test_docs_explain_example():
    result = wenben.explain("\u6570 \u5b57\u7ecf\u6d4e, \u5f88\u597d")
    assert result.text == "\u6570\u5b57\u7ecf\u6d4e\uff0c\u5f88\u597d\n"
    assert [(e.rule, e.start, e.end) for e in result.edits] == [
        ("space-between-chinese", 1, 2),
        ("ascii-punctuation", 5, 6),
        ("space-between-chinese", 6, 7),
        ("blank-lines", 9, 9),
    ]
    assert result.source_offset(1) == 2


def _random_spans(length: int, rnd: random.Random) -> list[tuple[int, int]]:
    spans, position = [], 0
    while position < length:
        if rnd.random() < 0.2:
            end = min(length, position + rnd.randint(1, 4))
            spans.append((position, end))
            position = end + rnd.randint(0, 2)
        else:
            position += 1
    return spans


@pytest.mark.parametrize("seed", range(10))
def test_edit_columns_drop_what_touches_protected_spans_and_shift_the_rest(seed):
    """The column-wise bookkeeping agrees with the per-edit definitions: an edit is dropped when
    Context.is_protected says so, and a shifted span still holds the same characters."""
    from wenben.edits import EditColumns
    from wenben.rules import Context, Options

    rnd = random.Random(seed)
    for _ in range(300):
        source = "".join(rnd.choice("abcdefgh") for _ in range(rnd.randint(0, 20)))
        edits = _random_edits(source, rnd)
        spans = _random_spans(len(source), rnd)
        context = Context(Options(), spans)
        kept = EditColumns(edits).without_overlaps(spans)
        assert list(kept.edits) == [e for e in edits if not context.is_protected(e.start, e.end)]
        result = kept.apply(source)
        assert result == apply_edits(source, list(kept.edits))
        for (start, end), (new_start, new_end) in zip(spans, kept.shift(spans)):
            assert result[new_start:new_end] == source[start:end]


def test_explain_is_linear_on_one_long_line():
    # One unbroken line with an edit every other character (every Han separated by a space):
    # composing the edits once copied the rest of the line at each edit, so explain() on four
    # times the text took ~14 times as long (61.9 s for 1.6 M characters). CPU time, the best
    # of three after a warm-up, on eight times the text: a ratio far from both 8 (linear) and
    # 64 (quadratic), so load and caches do not matter.
    han = "\u6570\u5b57\u7ecf\u6d4e\u7684\u53d1\u5c55\u4e2d\u56fd\u4eba\u6c11\u94f6\u884c"
    cleaner = wenben.Cleaner()

    def line(n: int) -> str:
        return " ".join((han * (n // len(han) + 1))[:n])

    small, large = line(25_000), line(200_000)
    assert len(cleaner.explain(small).edits) >= 25_000 - 1  # the spaces (and the final newline)
    ratio = cpu_seconds(cleaner.explain, large) / cpu_seconds(cleaner.explain, small)
    assert ratio < 24, f"explain() on 8x the text took {ratio:.1f}x as long"


def _offsets(pieces, source_length):
    from wenben.edits import OffsetMap, _Piece

    return OffsetMap([_Piece(start, end, text, ("r",) if text is not None else ()) for start, end, text in pieces], source_length)


def test_explanation_equals_its_pickled_copy():
    import pickle

    source = "7 \u6708 13 \u65e5\u4e0a\u5348, \u5fb7\u9633\u5e02(\u5fb7\u9633\u5206\u8d5b\u533a)\n\n\n\U00020000 x"
    for cleaner in (wenben.Cleaner(engine="core"), wenben.Cleaner(engine="python")):
        result = cleaner.explain(source)
        copy = pickle.loads(pickle.dumps(result))
        assert copy == result
        assert hash(copy) == hash(result)
        assert [copy.source_offset(i) for i in range(len(copy.text) + 1)] == [result.source_offset(i) for i in range(len(result.text) + 1)]
    assert wenben.Cleaner(engine="core").explain(source) == wenben.Cleaner(engine="python").explain(source)
    assert wenben.explain(source) != wenben.explain(source + "\u3002")


def test_offset_maps_are_equal_when_they_map_every_offset_alike():
    # Copied "abcd" then "XY" written for source [4, 6) then copied "g".
    whole = _offsets([(0, 4, None), (4, 6, "XY"), (6, 7, None)], 7)
    cut = _offsets([(0, 2, None), (2, 2, None), (2, 4, None), (4, 6, "XY"), (6, 7, None)], 7)
    assert cut == whole and hash(cut) == hash(whole)
    # A written piece of one character maps as a copied one does.
    assert _offsets([(0, 1, "Z"), (1, 3, None)], 3) == _offsets([(0, 3, None)], 3)
    # A copied piece of one character then a written piece of the same source offset.
    assert _offsets([(0, 1, None), (0, 2, "XY")], 2) == _offsets([(0, 2, "XYZ")], 2)
    different = [
        _offsets([(0, 4, None), (4, 6, "XY"), (6, 7, None)], 8),  # another source length
        _offsets([(0, 4, None), (4, 6, "XYZ"), (6, 7, None)], 7),  # another output length
        _offsets([(0, 4, None), (4, 5, "XY"), (5, 7, None)], 7),  # another written stretch
        _offsets([(0, 4, None), (4, 6, None), (6, 7, None)], 7),  # copied, not written
        _offsets([(1, 5, None), (4, 6, "XY"), (6, 7, None)], 7),  # another start
    ]
    for other in different:
        assert other != whole
    assert _offsets([], 0) == _offsets([], 0) != _offsets([], 3)
    assert whole != "whole"
