"""Coverage-guided fuzz target for the cleaning pipeline (atheris).

    PYTHONPATH=src python tests/fuzz/fuzz_text.py CORPUS_DIR -max_total_time=60
    python tests/fuzz/run.py --only text            # seeds, crash directory, restarts

Each input is turned into a ``str`` (see :func:`text_from_bytes`) and, for every profile in
``wenben.PROFILES``, these must hold:

* ``clean`` returns a ``str`` and raises nothing (no exception at all: text is always valid
  input to ``clean``);
* idempotence: ``clean(clean(x)) == clean(x)`` (the signature names the rules that fire on the
  second pass);
* ``explain(x).text == clean(x)``, and applying ``explain(x).edits`` to ``x`` with
  ``wenben.edits.apply_edits`` gives the same text (edits sorted, non-overlapping, in bounds);
* streaming: ``"".join(clean_stream(pieces)) == clean(x)`` for ``x`` cut in three pieces.

A failure raises :class:`Finding`, whose ``signature`` names the broken property (or the
exception type and the wenben function it came from).  Under libFuzzer, signatures listed in
the environment variable ``WENBEN_FUZZ_KNOWN`` (comma-separated) are ignored, so that
``run.py`` can go on looking for *other* bugs after the first crash; every new one is printed
as ``wenben-fuzz-signature: ...`` before the crash report.

Without atheris the module still imports: :func:`check` is the one-input function that
``tests/test_fuzz_smoke.py`` runs on the seed corpus.
"""

from __future__ import annotations

import hashlib
import os
import sys
import traceback

try:
    import atheris
except ImportError:  # the fuzzer is optional; check() works without it
    atheris = None

if __name__ == "__main__" and atheris is not None:
    with atheris.instrument_imports(include=["wenben"]):
        import wenben
        from wenben.edits import apply_edits
else:
    import wenben
    from wenben.edits import apply_edits

PROFILES = tuple(sorted(wenben.PROFILES))

# Mode 1 maps each byte to one of these: the characters and snippets the rules look at, so that
# short inputs exercise them far more often than uniformly random code points would.
ALPHABET: tuple[str, ...] = tuple(
    dict.fromkeys(
        list("\u7684\u4e00\u662f\u4e0d\u4e86\u5728\u4eba\u6709\u6211\u4ed6\u8fd9\u4e2a\u4eec\u4e2d\u6765\u4e0a")  # Han
        + list("\u570b\u5beb\u9ad4\u6a23\u88cf\u8457")  # traditional
        + list("\u3001\u3002\uff0c\uff1b\uff1a\uff1f\uff01\uff08\uff09\u300a\u300b\u300c\u300d\u300e\u300f\u3010\u3011")
        + list("\u201c\u201d\u2018\u2019\"'`\u00b7\u2026\u22ef\u2014\u2013\u2015-~\uff5e")
        + list(",.;:?!()[]{}<>/\\%@#&*+=_|")
        + list("0123456789\uff10\uff11\uff19\uff0e\uff05\uff0d\uff0f")
        + list("abcdefxyzOolIABCZ\uff21\uff41\uff5a")
        + list(" \t\n\r\x0b\x0c\x85\u2028\u2029\u3000\u00a0\u2002\u2009\u200a\u202f\u205f")
        + list("\u200b\u200c\u200d\u2060\ufeff\u00ad\x00\x01\x1b\x7f\u0080\u009f")
        + list("\u0301\u0308\u3099\u309a\ufe0f\ufe00\U000e0100\u20dd")  # combining, selectors
        + list("\uf900\uf91d\u2f00\u2e80\u2fd5\u3400\U00020000\U0002a6d6\U0001f600\U0001f1e8")
        + list("\ufffd\ue000\uffff\ufe10\ufe50\uff61\uff64\u02c7\u00e9e\u0130\u00df\ufb01")
        + ["\r\n", "\n\n", "\n\n\n", "  ", "...", "--", "http://a.b/c?d=1", "x@y.cn", "1,000", "3.14", "12:30",
           "2O2O", "l0", "\u00c3\u00a9", "\u00e9\u201d\u2122", "\u9365\u7d3f", "Python", "C++", "#1", "v2.0",
           "\u7b2c 3 \u9875", "- 1 -", "\u3000\u3000", "e.g.", "A-", "(1)", "\u2460", "\u2474", "\u3251"]
    )
)


class Finding(AssertionError):
    """A broken property or an unexpected exception, with a stable signature for de-duplication."""

    def __init__(self, signature: str, message: str, profile: str | None = None) -> None:
        super().__init__(f"[{signature}] {message}")
        self.signature = signature
        self.profile = profile


def text_from_bytes(data: bytes) -> str:
    """The fuzzer's bytes as text.  The first byte picks how the rest is read:

    0. ``FuzzedDataProvider.ConsumeUnicodeNoSurrogates`` (any code point but surrogates);
    1. one ``ALPHABET`` entry per byte (dense in what the rules react to);
    2. UTF-8 with U+FFFD for bad bytes (the seed corpus of real text uses this mode);
    3. ``FuzzedDataProvider.ConsumeUnicode`` (lone surrogates possible, as from ``surrogateescape``).

    Without atheris, modes 0 and 3 fall back to UTF-8 / UTF-16 decoding of the rest.
    """
    if not data:
        return ""
    mode, rest = data[0] % 4, data[1:]
    if mode == 1:
        return "".join(ALPHABET[b % len(ALPHABET)] for b in rest)
    if mode == 2:
        return rest.decode("utf-8", "replace")
    if atheris is not None:
        provider = atheris.FuzzedDataProvider(rest)
        if mode == 0:
            return provider.ConsumeUnicodeNoSurrogates(len(rest))
        return provider.ConsumeUnicode(len(rest))
    if mode == 0:
        return rest.decode("utf-8", "replace")
    return rest[: len(rest) // 2 * 2].decode("utf-16-le", "surrogatepass")


def _cuts(text: str, data: bytes) -> list[str]:
    """``text`` in three pieces at points derived from ``data`` (deterministically)."""
    if not text:
        return ["", ""]
    digest = hashlib.blake2b(data, digest_size=8).digest()
    a = int.from_bytes(digest[:4], "little") % (len(text) + 1)
    b = int.from_bytes(digest[4:], "little") % (len(text) + 1)
    a, b = min(a, b), max(a, b)
    return [text[:a], text[a:b], text[b:]]


def _where(error: BaseException) -> str:
    """The innermost wenben frame of a traceback, as ``module:function``."""
    where = "?"
    for frame in traceback.extract_tb(error.__traceback__):
        path = frame.filename.replace("\\", "/")
        if "/wenben/" in path and "/tests/" not in path:
            where = f"{path.rsplit('/wenben/', 1)[1]}:{frame.name}"
    return where


def _call(what: str, profile: str, function, *args):  # type: ignore[no-untyped-def]
    try:
        return function(*args, profile=profile)
    except Exception as error:
        raise Finding(
            f"exception:{type(error).__name__}:{_where(error)}",
            f"{what}(profile={profile!r}) raised {type(error).__name__}: {error}",
        ) from error


def check_profile(text: str, profile: str, cuts: list[str]) -> None:
    """All properties for one text and one profile; raises :class:`Finding` (with ``profile``)."""
    try:
        _check_profile(text, profile, cuts)
    except Finding as finding:
        finding.profile = profile
        raise


def _check_profile(text: str, profile: str, cuts: list[str]) -> None:
    out = _call("clean", profile, wenben.clean, text)
    if not isinstance(out, str):
        raise Finding("clean-type", f"clean returned {type(out).__name__}")
    again = _call("clean", profile, wenben.clean, out)
    if again != out:
        # Name the rules that still find something to do: one signature per distinct bug.
        try:
            rules = sorted({rule for edit in wenben.explain(out, profile=profile).edits for rule in edit.rules})
        except Exception:  # noqa: BLE001 - reported by the explain check below
            rules = ["?"]
        raise Finding(
            f"idempotence:{'+'.join(rules)}",
            f"profile={profile!r}: clean(clean(x)) != clean(x)\n x={text!r}\n clean(x)={out!r}\n clean(clean(x))={again!r}",
        )
    explanation = _call("explain", profile, wenben.explain, text)
    if explanation.text != out:
        raise Finding(
            "explain-text",
            f"profile={profile!r}: explain(x).text != clean(x)\n x={text!r}\n clean={out!r}\n explain={explanation.text!r}",
        )
    try:
        applied = apply_edits(text, list(explanation.edits))
    except ValueError as error:
        raise Finding("explain-edits-overlap", f"profile={profile!r}: {error}\n x={text!r}") from error
    if applied != out:
        raise Finding(
            "explain-edits-apply",
            f"profile={profile!r}: applying explain's edits gives {applied!r}, clean gives {out!r}\n x={text!r}",
        )
    for edit in explanation.edits:
        if not 0 <= edit.start <= edit.end <= len(text):
            raise Finding("explain-edits-bounds", f"profile={profile!r}: edit {edit!r} outside 0..{len(text)}")
    try:
        streamed = "".join(wenben.clean_stream(iter(cuts), profile=profile, part_size=0))
    except Exception as error:
        raise Finding(
            f"exception:{type(error).__name__}:{_where(error)}", f"clean_stream(profile={profile!r}) raised {error!r}"
        ) from error
    if streamed != out:
        raise Finding(
            "stream",
            f"profile={profile!r}: joined clean_stream({cuts!r}) = {streamed!r}, clean = {out!r}",
        )


def check(data: bytes) -> None:
    """The one-input function: every property for every profile (raises :class:`Finding`)."""
    text = text_from_bytes(data)
    cuts = _cuts(text, data)
    for profile in PROFILES:
        check_profile(text, profile, cuts)


def _known() -> frozenset[str]:
    return frozenset(s for s in os.environ.get("WENBEN_FUZZ_KNOWN", "").split(",") if s)


KNOWN = _known()


def TestOneInput(data: bytes) -> None:
    try:
        check(data)
    except Finding as finding:
        if finding.signature in KNOWN:
            return
        print(f"\nwenben-fuzz-signature: {finding.signature}", file=sys.stderr, flush=True)
        raise


def main() -> None:
    if atheris is None:
        sys.exit("atheris is not installed: pip install atheris")
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
