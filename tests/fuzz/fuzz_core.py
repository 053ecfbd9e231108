"""Coverage-guided differential fuzz target: the compiled core against the Python reference.

    PYTHONPATH=src python tests/fuzz/fuzz_core.py CORPUS_DIR -max_total_time=60
    python tests/fuzz/run.py --only core              # seeds, crash directory, restarts

Each input becomes a ``str`` exactly as in ``fuzz_text.py`` (:func:`fuzz_text.text_from_bytes`)
and, for every profile, ``Cleaner(profile, engine="core")`` and ``Cleaner(profile,
engine="python")`` must agree on it: the same ``clean()`` text, and the same ``explain()``
(text, every edit's rule, span and replacement, and the offset map at every output offset).
Neither may raise. A disagreement raises :class:`fuzz_text.Finding` whose signature names what
differs and the rules involved, so ``run.py`` can go on looking for other differences.

Atheris instruments the Python side only; the core's Rust code is not coverage-guided here, but
the inputs that reach new Python coverage (new rule paths in the reference) are exactly the ones
that exercise the port's corresponding paths.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fuzz_text  # noqa: E402  (text_from_bytes, Finding, the alphabet)
from fuzz_text import Finding, atheris  # noqa: E402

if __name__ == "__main__" and atheris is not None:
    with atheris.instrument_imports(include=["wenben"]):
        import wenben
else:
    import wenben

PROFILES = tuple(sorted(wenben.PROFILES))
_CLEANERS: dict[tuple[str, str], object] = {}


def core_available() -> bool:
    """Whether the compiled core is built (without it there is nothing to compare)."""
    try:
        wenben.Cleaner("default", engine="core")
    except Exception:  # noqa: BLE001 - ConfigError without the extension, TypeError before the dispatch
        return False
    return True


def _cleaner(profile: str, engine: str):  # type: ignore[no-untyped-def]
    key = (profile, engine)
    if key not in _CLEANERS:
        _CLEANERS[key] = wenben.Cleaner(profile, engine=engine)
    return _CLEANERS[key]


def _run(what: str, profile: str, engine: str, text: str):  # type: ignore[no-untyped-def]
    try:
        return getattr(_cleaner(profile, engine), what)(text)
    except Exception as error:
        raise Finding(
            f"exception:{engine}:{type(error).__name__}:{fuzz_text._where(error)}",
            f"{engine} engine {what}(profile={profile!r}) raised {type(error).__name__}: {error}\n x={text!r}",
            profile,
        ) from error


def _rules(edits) -> str:  # type: ignore[no-untyped-def]
    return "+".join(sorted({edit.rule for edit in edits})) or "-"


def check_profile(text: str, profile: str) -> None:
    """The core and the reference agree on ``text`` under ``profile`` (raises :class:`Finding`)."""
    core = _run("clean", profile, "core", text)
    reference = _run("clean", profile, "python", text)
    if core != reference:
        edits = _run("explain", profile, "python", text).edits
        raise Finding(
            f"clean-differs:{_rules(edits)}",
            f"profile={profile!r}\n x={text!r}\n core={core!r}\n python={reference!r}",
            profile,
        )
    core_explained = _run("explain", profile, "core", text)
    reference_explained = _run("explain", profile, "python", text)
    if core_explained.text != reference_explained.text:
        raise Finding("explain-text-differs", f"profile={profile!r}\n x={text!r}", profile)
    if core_explained.edits != reference_explained.edits:
        differing = set(core_explained.edits) ^ set(reference_explained.edits)
        raise Finding(
            f"explain-edits-differ:{_rules(differing)}",
            f"profile={profile!r}\n x={text!r}\n core={core_explained.edits!r}\n python={reference_explained.edits!r}",
            profile,
        )
    for offset in range(len(core_explained.text) + 1):
        if core_explained.source_offset(offset) != reference_explained.source_offset(offset):
            raise Finding("offset-map-differs", f"profile={profile!r} offset {offset}\n x={text!r}", profile)


def check(data: bytes) -> None:
    """The one-input function: the engines agree under every profile (raises :class:`Finding`)."""
    text = fuzz_text.text_from_bytes(data)
    for profile in PROFILES:
        check_profile(text, profile)


def TestOneInput(data: bytes) -> None:
    try:
        check(data)
    except Finding as finding:
        if finding.signature in fuzz_text.KNOWN:
            return
        print(f"\nwenben-fuzz-signature: {finding.signature}", file=sys.stderr, flush=True)
        raise


def main() -> None:
    if atheris is None:
        sys.exit("atheris is not installed: pip install atheris")
    if not core_available():
        sys.exit("the compiled core is not built (pip install -e . or python scripts/build_core.py)")
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
