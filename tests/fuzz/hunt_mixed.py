"""Run the property suite's promises over ``tests/properties/mixed.py`` text and count failures.

    PYTHONPATH=src python tests/fuzz/hunt_mixed.py --examples 20000 [--profile default] [--seed 1]

For each profile and each engine (the Python reference and the compiled core), draws
``--examples`` texts and checks: idempotence, Han/digits/Latin preserved, the number promise,
stream = whole (cut at two drawn points), explain consistent, and the two engines agreeing.
Prints the failures per property and, for each property, the shortest few failing inputs after
shrinking them character by character (delta debugging). Nothing is asserted: it is a hunt.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import wenben  # noqa: E402
from minimize import ddmin  # noqa: E402
from tests.properties.mixed import mixed_text  # noqa: E402
from tests.properties.test_number_promise import broken_promises  # noqa: E402
from tests.properties.test_properties import _assert_explanation_consistent  # noqa: E402


def content(text: str, profile: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text)
    keep = [c for c in folded if c.isalnum() and c != "\u3007"]
    if profile == "ocr":
        keep = [{"O": "0", "o": "0", "l": "1", "I": "1"}.get(c, c) for c in keep]
    return keep


def failures(text: str, profile: str, engine: str, cuts: tuple[int, int] = (0, 0)) -> list[str]:
    """The properties ``text`` breaks."""
    broken = []
    once = wenben.clean(text, profile=profile, engine=engine)
    if wenben.clean(once, profile=profile, engine=engine) != once:
        broken.append("idempotence")
    if content(once, profile) != content(text, profile):
        broken.append("content")
    if profile != "ocr" and broken_promises(text, once):
        broken.append("numbers")
    a, b = sorted(min(c, len(text)) for c in cuts)
    pieces = [text[:a], text[a:b], text[b:]]
    if "".join(wenben.clean_stream(pieces, profile=profile, engine=engine, part_size=0)) != once:
        broken.append("stream")
    if engine == "python":
        try:
            _assert_explanation_consistent(text, profile)
        except AssertionError:
            broken.append("explain")
        if wenben.clean(text, profile=profile, engine="core") != once:
            broken.append("engines")
    return broken


def shrink(text: str, profile: str, engine: str, prop: str) -> str:
    def fails(chars: list[str]) -> bool:
        candidate = "".join(chars)
        try:
            if prop == "stream":
                return any(
                    prop in failures(candidate, profile, engine, (a, b))
                    for a in range(len(candidate) + 1)
                    for b in range(a, len(candidate) + 1)
                ) if len(candidate) <= 12 else prop in failures(candidate, profile, engine, (len(candidate) // 3, 2 * len(candidate) // 3))
            return prop in failures(candidate, profile, engine)
        except Exception:
            return False

    return "".join(ddmin(list(text), fails))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--profile", action="append")
    parser.add_argument("--engine", action="append")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pieces", type=int, default=16)
    args = parser.parse_args()
    profiles = args.profile or list(wenben.PROFILES)
    engines = args.engine or ["python", "core"]
    total = 0
    for profile in profiles:
        for engine in engines:
            counts: Counter[str] = Counter()
            found: dict[str, list[str]] = defaultdict(list)
            seen = [0]

            @settings(
                max_examples=args.examples,
                deadline=None,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(text=mixed_text(args.pieces), cuts=st.tuples(st.integers(0, 80), st.integers(0, 80)))
            def hunt(text: str, cuts: tuple[int, int]) -> None:
                seen[0] += 1
                try:
                    broken = failures(text, profile, engine, cuts)
                except Exception as error:  # a crash is a failure of its own
                    broken = [f"crash {type(error).__name__}"]
                for prop in broken:
                    counts[prop] += 1
                    if len(found[prop]) < 40:
                        found[prop].append(text)

            seed(args.seed)(hunt)()
            total += seen[0]
            print(f"{profile} {engine}: {seen[0]} examples, failures {dict(counts) or 0}", flush=True)
            for prop, texts in found.items():
                if prop.startswith("crash"):
                    print(f"  {prop}: {ascii(min(texts, key=len))}")
                    continue
                shrunk = sorted({shrink(t, profile, engine, prop) for t in sorted(texts, key=len)[:8]}, key=len)
                print(f"  {prop}: " + "  ".join(ascii(s) for s in shrunk[:6]), flush=True)
    print(f"total examples: {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
