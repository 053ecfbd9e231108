"""Shrink a fuzz finding to a small input that still shows the same bug (delta debugging).

    python tests/fuzz/minimize.py text build/fuzz/crashes/text-crash-...
    python tests/fuzz/minimize.py readers build/fuzz/crashes/readers-crash-...
    python tests/fuzz/minimize.py text --literal '"\\u201c\\u201d"'   # a str literal

The text target is shrunk as *text* (characters, not the fuzzer's bytes), for the one profile
that failed, and keeps the signature (the broken property, or the exception type and where it
came from).  A ``stream`` finding is shrunk as the list of pieces given to ``clean_stream``.
The readers target is shrunk as bytes.  Prints the minimal input as a Python literal, ready for
``tests/test_fuzz_regressions.py``.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "src"))

T = TypeVar("T")


def ddmin(items: Sequence[T], fails: Callable[[list[T]], bool]) -> list[T]:
    """Zeller's delta debugging: a 1-minimal sub-sequence of ``items`` for which ``fails`` holds."""
    current = list(items)
    granularity = 2
    while len(current) >= 2:
        size = max(1, len(current) // granularity)
        chunks = [current[i : i + size] for i in range(0, len(current), size)]
        reduced = False
        for index in range(len(chunks)):
            complement = [x for j, chunk in enumerate(chunks) if j != index for x in chunk]
            if fails(complement):
                current = complement
                granularity = max(granularity - 1, 2)
                reduced = True
                break
        if not reduced:
            for chunk in chunks:
                if len(chunk) < len(current) and fails(list(chunk)):
                    current = list(chunk)
                    granularity = 2
                    reduced = True
                    break
        if not reduced:
            if granularity >= len(current):
                break
            granularity = min(len(current), granularity * 2)
    return current


def text_signature(pieces: list[str], profile: str) -> str | None:
    import fuzz_text

    text = "".join(pieces)
    try:
        fuzz_text.check_profile(text, profile, pieces if len(pieces) > 1 else [text])
    except fuzz_text.Finding as finding:
        return finding.signature
    return None


def minimize_text(text: str, pieces: list[str] | None = None, profile: str | None = None) -> tuple[list[str], str, str]:
    """(minimal pieces, profile, signature) for a text that fails ``fuzz_text`` checks."""
    import fuzz_text

    pieces = pieces if pieces is not None else fuzz_text._cuts(text, b"")
    signature = None
    for name in [profile] if profile else fuzz_text.PROFILES:
        signature = text_signature([text], name) or text_signature(pieces, name)
        if signature:
            profile = name
            break
    if not signature or profile is None:
        raise SystemExit("the input does not fail")
    if text_signature([text], profile) == signature:
        pieces = [text]
    tokens = [(i, c) for i, piece in enumerate(pieces) for c in piece]
    count = len(pieces)

    def rebuild(chosen: list[tuple[int, str]]) -> list[str]:
        out = [""] * count
        for i, c in chosen:
            out[i] += c
        return out

    best = ddmin(tokens, lambda chosen: text_signature(rebuild(chosen), profile) == signature)
    return rebuild(best), profile, signature


def readers_signature(data: bytes) -> str | None:
    import fuzz_readers

    try:
        fuzz_readers.check(data)
    except fuzz_readers.Finding as finding:
        return finding.signature
    return None


def minimize_bytes(data: bytes) -> tuple[bytes, str]:
    signature = readers_signature(data)
    if signature is None:
        raise SystemExit("the input does not fail")
    best = ddmin(list(data), lambda chosen: readers_signature(bytes(chosen)) == signature)
    return bytes(best), signature


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=("text", "readers"))
    parser.add_argument("crash", nargs="?", type=Path, help="an artifact written by the fuzzer")
    parser.add_argument("--literal", help="a Python str (text) or bytes (readers) literal instead of a file")
    parser.add_argument("--profile", help="text target: shrink for this profile")
    args = parser.parse_args(argv)
    if args.target == "text":
        import fuzz_text

        if args.literal is not None:
            text, pieces = ast.literal_eval(args.literal), None
        else:
            data = args.crash.read_bytes()
            text = fuzz_text.text_from_bytes(data)
            pieces = fuzz_text._cuts(text, data)
        best, profile, signature = minimize_text(text, pieces, args.profile)
        print(f"signature: {signature}\nprofile: {profile}")
        print(f"input: {ascii(best[0]) if len(best) == 1 else ascii(best)}")
    else:
        data = ast.literal_eval(args.literal) if args.literal is not None else args.crash.read_bytes()
        best, signature = minimize_bytes(data)
        print(f"signature: {signature}\ninput: {best!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
