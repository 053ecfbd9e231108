"""wenben.lazyre: a pattern compiled on first use behaves as the compiled pattern."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys

from wenben.lazyre import LazyPattern, lazy


def test_not_compiled_until_used() -> None:
    pattern = lazy("[a-z]+", re.IGNORECASE)
    assert "_compiled" not in vars(pattern)
    assert pattern.findall("ab CD 12 e") == ["ab", "CD", "e"]
    assert "_compiled" in vars(pattern)


def test_same_results_and_attributes_as_re_compile() -> None:
    source = "(?P<word>[A-Za-z]{3,})(?![A-Za-z-])|\\d+"
    compiled, pattern = re.compile(source), lazy(source)
    text = "one two-three 42 four\u3000\u4e2d\u6587 abc"
    assert pattern.findall(text) == compiled.findall(text)
    assert [m.span() for m in pattern.finditer(text, 2)] == [m.span() for m in compiled.finditer(text, 2)]
    assert pattern.sub("#", text) == compiled.sub("#", text)
    assert pattern.split(text) == compiled.split(text)
    found, expected = pattern.search(text, 5), compiled.search(text, 5)
    assert found is not None and expected is not None and found.span() == expected.span()
    assert pattern.match(text) is not None and pattern.fullmatch("abc") is not None
    assert (pattern.pattern, pattern.flags, pattern.groups, pattern.groupindex) == (
        compiled.pattern, compiled.flags, compiled.groups, compiled.groupindex)
    # A second use finds the kept bound method (the same object each time).
    assert pattern.search is pattern.search


def test_pickles_as_its_source_and_is_read_only() -> None:
    pattern = lazy("x+", re.M)
    copy = pickle.loads(pickle.dumps(pattern))
    assert isinstance(copy, LazyPattern) and "_compiled" not in vars(copy)
    assert copy.findall("axxbx") == ["xx", "x"]
    assert repr(pattern) == "lazy('x+', 8)"
    try:
        pattern.findall = None  # type: ignore[method-assign]
    except AttributeError:
        pass
    else:
        raise AssertionError("a lazy pattern took an attribute")


def test_import_and_core_clean_compile_few_reference_patterns() -> None:
    # The reason for lazy patterns: importing wenben and cleaning with the compiled core need
    # (almost) none of the reference's patterns (issue #15: compiling them was most of the
    # import time). Counted, not timed.
    program = (
        "import gc, wenben, wenben.lazyre as z\n"
        "wenben.Cleaner('default').clean('\\u4e2d\\u6587 ,\\u6d4b\\u8bd5 abc\\n\\n1. \\u7b2c\\u4e8c\\u6bb5')\n"
        "every = [o for o in gc.get_objects() if isinstance(o, z.LazyPattern)]\n"
        "print(len(every), sum('_compiled' in vars(o) for o in every))\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    total, compiled = map(int, done.stdout.split())
    assert total > 100
    assert compiled <= 5, done.stdout
