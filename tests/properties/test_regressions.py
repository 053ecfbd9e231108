"""Bugs found by the property tests, each as the smallest input that shows it.

Open bugs are strict xfails naming the rule at fault: when a fix lands the test XPASSes, which
fails the run, so the marker (and the matching entry in ``strategies.KNOWN_BUGS``, which keeps
the properties away from the bug meanwhile) gets removed with the fix.

Fixed bugs stay here as plain tests. The properties also replay the inputs that found them
(``@example`` in ``test_properties.py``).
"""

from __future__ import annotations

import signal
import time
from contextlib import contextmanager

import pytest

import wenben


def clean(text: str, profile: str = "default") -> str:
    return wenben.clean(text, profile=profile)


@contextmanager
def time_limit(seconds: float):
    """Raise TimeoutError in the main thread after ``seconds`` (a quadratic blow-up is stopped
    instead of hanging the suite)."""

    def expire(signum, frame):
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------------------------------------
# Fixed


def test_straight_single_then_double_quotes_do_not_crash() -> None:
    # Was: ValueError "overlapping or unsorted edit" from apply_edits, because the quotes rule
    # yielded its double-quote edits before its single-quote edits (fixed in 45c638b).
    assert clean("'\u6570'\"\u6570\"") == "\u2018\u6570\u2019\u201c\u6570\u201d\n"


@pytest.mark.parametrize(
    "text, expected",
    [
        # Were not idempotent (a1953f6): a full stop before other marks, runs of ! and ?, and a
        # mark between straight quotes, each changed again on a second pass.
        ("\u6570.!", "\u6570.\uff01\n"),
        ("\u6570.,", "\u6570.\uff0c\n"),
        ("\u6570!?=", "\u6570!?=\n"),
        ("\u6570\"!\"", "\u6570\u201c\uff01\u201d\n"),
    ],
)
def test_ascii_marks_next_to_marks_are_idempotent(text: str, expected: str) -> None:
    once = clean(text)
    assert once == expected
    assert clean(once) == once


# ---------------------------------------------------------------------------------------------
# Open


# Fixed (was a strict xfail): ellipsis runs before space-between-chinese: a space inside \u2026\u2026 gives four \u2026
def test_space_inside_ellipsis_doubles_it() -> None:
    # Each lone \u2026 becomes \u2026\u2026, then the space between them is removed.
    assert clean("\u89c1\u2026 \u2026") == "\u89c1\u2026\u2026\n"


# Fixed (was a strict xfail): dash runs before space-between-chinese: a space inside \u2014\u2014 gives four \u2014
def test_space_inside_dash_doubles_it() -> None:
    assert clean("\u4ed6\u8bf4\u2014 \u2014\u8fd9\u662f") == "\u4ed6\u8bf4\u2014\u2014\u8fd9\u662f\n"


# Fixed (was a strict xfail): dash runs before space-between-chinese: U+FF0D, a space, U+2014 become \u2014\u2014 only on a second pass (not idempotent)
@pytest.mark.parametrize("text", ["\u4eba\uff0d \u2014", "\u2014\u3000\uff0d\u4e0d"])
def test_space_between_fullwidth_hyphen_and_dash_is_not_idempotent(text: str) -> None:
    # (found by the dense-alphabet idempotence property in test_core.py)
    once = clean(text)  # \u4eba\uff0d\u2014 ; a second pass gives \u4eba\u2014\u2014
    assert clean(once) == once


# Fixed (was a strict xfail): ellipsis runs before space-between-chinese: a space inside \u3002\u3002\u3002 hides the ellipsis until the space is gone (not idempotent)
def test_space_inside_ideographic_period_ellipsis_is_not_idempotent() -> None:
    once = clean("\u6570\u3002\u3002 \u3002")  # -> 数。。。 ; a second pass gives 数……
    assert clean(once) == once


# Fixed (was a strict xfail): line-wrap: trailing whitespace on the last line of a wrapped block stops the join (_LAST_LINE_END is anchored at \\Z on the unstripped line)
def test_trailing_space_on_last_wrapped_line_blocks_rejoin() -> None:
    first = "\u6570\u5b57\u7ecf\u6d4e\u662f\u7ee7\u519c\u4e1a\u7ecf\u6d4e\u4e4b\u540e"  # 12 Han: a full line
    last = "\u7684\u4e3b\u8981\u7ecf\u6d4e\u5f62\u6001\u3002"
    joined = first + last + "\n"
    assert clean(first + "\n" + last) == joined  # passes
    assert clean(first + "\n" + last + " ") == joined  # gives first\n\nlast


# Fixed (was a strict xfail): protected spans are found before invisible-characters runs: a zero-width character inside a URL ends the URL, and ascii-punctuation turns its ? into \uff1f
def test_zero_width_inside_url_breaks_protection() -> None:
    assert clean("\u89c1https://e.org/\u200b?q=1") == "\u89c1https://e.org/?q=1\n"


# Fixed (was a strict xfail): invisible-characters keeps U+00AD after any U+0080-U+00FF character, NBSP included; not idempotent
def test_soft_hyphen_after_nbsp_is_kept() -> None:
    # NBSP is not a Latin-1 letter, so this is not mojibake; the NBSP becomes a space, and on a
    # second pass the soft hyphen (now after an ASCII space) and the space both go.
    once = clean("\u6570\u00a0\u00ad\u5b57")  # -> '数 \xad字\n'
    assert once == "\u6570\u5b57\n"
    assert clean(once) == once


# Fixed (was a strict xfail): number-punctuation runs before the space next to \uff0d/\uff0f/\uff1a/\u3002 is removed (not idempotent)
@pytest.mark.parametrize("text", ["0\uff0d 0", "0 \uff0d0", "1\uff0f 2", "10\uff1a 30", "0 \u30020"])
def test_space_next_to_fullwidth_number_separator_is_not_idempotent(text: str) -> None:
    once = clean(text)  # 0－ 0 -> 0－0 ; a second pass gives 0-0
    assert clean(once) == once


# Fixed (was a strict xfail): ascii-punctuation: in a run of !/? after Han only the last mark became full-width
@pytest.mark.parametrize(
    "text, expected",
    [
        ("\u7684!!", "\u7684\uff01\uff01\n"),
        ("\u7684?!", "\u7684\uff1f\uff01\n"),
        ("\u7684!!!", "\u7684\uff01\uff01\uff01\n"),
        ("\u6211\u7231Python!!", "\u6211\u7231Python\uff01\uff01\n"),
        ("\u82e5a!=b\u5219", "\u82e5a!=b\u5219\n"),  # an operator stays
        ("\u5982\u679c\u503c!=0", "\u5982\u679c\u503c!=0\n"),
    ],
)
def test_run_of_exclamation_marks_after_han_is_mixed_width(text: str, expected: str) -> None:
    assert clean(text) == expected


@pytest.mark.xfail(strict=True, raises=TimeoutError, reason="protect.protected_spans is super-linear (about cubic) on a run of backticks: 2,000 take seconds")
def test_run_of_backticks_is_cleaned_quickly() -> None:
    text = "`" * 20_000
    with time_limit(3.0):
        started = time.perf_counter()
        wenben.clean(text, engine="python")
    assert time.perf_counter() - started < 3.0


def test_run_of_backticks_is_cleaned_quickly_by_the_core() -> None:
    # The core's protected_spans (core/src/protect.rs) is linear: the same spans, found in time.
    pytest.importorskip("wenben._core")
    text = "`" * 20_000
    with time_limit(3.0):
        started = time.perf_counter()
        cleaned = wenben.clean(text, engine="core")
    assert time.perf_counter() - started < 3.0
    assert cleaned == text + "\n"
    assert wenben.clean(text[:300], engine="core") == wenben.clean(text[:300], engine="python")


@pytest.mark.xfail(strict=True, reason="mojibake runs first: removing a control character (or a tab becoming a space) makes Latin-1 text that the second pass repairs (not idempotent)")
# (\u00c2\ta no longer shows it: a tab outside a Chinese sentence stays a tab; see test_latin1_tab_is_kept.)
@pytest.mark.parametrize("text", ["\u00b3a\x08\u00b3f"])
def test_mojibake_runs_before_the_rules_that_expose_it(text: str) -> None:
    # ³a\x08³f -> ³a³f -> 豉貨 ; Â\ta -> Â a -> a
    once = clean(text)
    assert clean(once) == once


def test_latin1_tab_is_kept() -> None:
    # Not a Chinese sentence: space-collapse leaves the tab, and the text is stable.
    once = clean("\u00c2\ta")
    assert clean(once) == once


@pytest.mark.xfail(strict=True, reason="mojibake: suspected false positive, four Latin-1 characters (symbols and ASCII letters) repaired as Big5 read as Latin-1, losing the letters")
@pytest.mark.parametrize("text", ["\u00aea\u00bba", "\u00a9Ab\u00aeCd"])
def test_latin1_symbols_between_letters_are_not_mojibake(text: str) -> None:
    # ®a»a -> 家蒼 ; ©Ab®Cd -> 呸b哽d
    assert clean(text) == text + "\n"


# Found by the dense-alphabet idempotence property (tests/properties/test_core.py) in runs
# with more examples than CI's, minimised by hand. One design trait behind the first three: a rule
# decides "Chinese context" from the characters around a mark *in its input*, while another
# conversion in the same pass turns a neighbour into full-width; the second pass sees it.


@pytest.mark.xfail(strict=True, reason="ascii-punctuation: a mark next to a straight quote or ASCII bracket that quotes/brackets turn into \u201c\u201d/\uff08\uff09 in the same pass (because of context further away) is converted only on the second pass")
@pytest.mark.parametrize(
    "text, expected",
    [
        ('"?\u201d', "\u201c\uff1f\u201d\n"),  # gives \u201c?\u201d, then \u201c\uff1f\u201d
        ("(;)\u300c", "\uff08\uff1b\uff09\u300c\n"),  # gives \uff08;\uff09\u300c
        ("(!\uff09", "\uff08\uff01\uff09\n"),  # gives \uff08!\uff09
    ],
)
def test_mark_beside_a_converted_quote_or_bracket_is_not_idempotent(text: str, expected: str) -> None:
    once = clean(text)
    assert clean(once) == once
    assert once == expected


# Fixed (was a strict xfail): brackets: a pair right after a pair that becomes \uff08\uff09 follows an ASCII ')' in the source and stays ASCII until the second pass
@pytest.mark.parametrize("text", ["\u6570(a)(b)", "\u6570 (a) (b)", "\uff1f()()"])
def test_bracket_pair_after_a_converted_pair_is_not_idempotent(text: str) -> None:
    once = clean(text)  # \u6570\uff08a\uff09(b) ; a second pass gives \u6570\uff08a\uff09\uff08b\uff09
    assert clean(once) == once


# Fixed (was a strict xfail): ellipsis: after '--' (which dash turns into \u2014\u2014 in the same pass) a \u2026, ... or \u3002\u3002\u3002 is not in Chinese context; after \u2014\u2014 on the second pass it is
@pytest.mark.parametrize("text", ["\u662f--\u2026", "\u662f--...", "\u662f-- \u2026", "\u662f--\u3002\u3002\u3002"])
def test_ellipsis_after_a_converted_dash_is_not_idempotent(text: str) -> None:
    once = clean(text)  # \u662f\u2014\u2014\u2026 ; a second pass gives \u662f\u2014\u2014\u2026\u2026
    assert clean(once) == once


# Fixed (was a strict xfail): corner-quotes (tw, hk): of two crossed pairs (\u2018\u201c\u2026\u2019\u201d) only one becomes corner quotes; the second pass converts the other
@pytest.mark.parametrize("profile", ["tw", "hk"])
@pytest.mark.parametrize("text", ["\u2018\u201c\u4e86\u2019\u201d", "\u201c\u2018\u4e86\u201d\u2019", "\u201c'\u4e0a\u201d'"])
def test_crossed_curly_quotes_in_corner_quote_profiles_are_not_idempotent(text: str, profile: str) -> None:
    once = clean(text, profile)  # \u300e\u201c\u4e86\u300f\u201d ; then \u300e\u300c\u4e86\u300f\u300d
    assert clean(once, profile) == once


# Found by tests/properties/test_mixed.py under the thorough profile (open): in a corner-quote
# profile the straight quotes become \u300e\u300f on the first pass and the ':' before the
# closing one stays; the second pass sees \u300f after it and makes it \uff1a. Both engines.
@pytest.mark.xfail(strict=True, reason="ascii-punctuation: ':' before a straight quote that quotes turns into \u300f")
@pytest.mark.parametrize("engine", ["python", "core"])
@pytest.mark.parametrize("text", ["'\u4e00.:'", "# \"\u4e00.:\""])
def test_colon_before_a_closing_quote_in_hk_is_idempotent(text: str, engine: str) -> None:
    once = wenben.clean(text, profile="hk", engine=engine)
    assert wenben.clean(once, profile="hk", engine=engine) == once
