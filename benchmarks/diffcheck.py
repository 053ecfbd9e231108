"""Differential check: does this tree clean text exactly as another revision does?

    python benchmarks/diffcheck.py                     # against HEAD, 3,000 generated inputs
    python benchmarks/diffcheck.py --base main~3 --inputs 20000 --profiles all

A speed change must not change a result. This runs both source trees (``--base`` from
``git archive``, and ``src/`` of the working tree) in separate interpreters on the same inputs:
every fixture, windows of the benchmark corpus, and documents drawn from the property tests'
strategies (``tests/properties/strategies.py``), and compares ``clean()``, the edits of
``explain()`` and ``clean_stream()`` of the input's lines for each profile. Differences are printed
(input and both results, as ``ascii()``) and the exit status is 1.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

_WORKER = r"""
import hashlib, inspect, json, sys
sys.path.insert(0, sys.argv[1])
import wenben
inputs = json.load(open(sys.argv[2], encoding="utf-8"))
profiles = sys.argv[3].split(",")
results = []
for profile in profiles:
    cleaner = wenben.Cleaner(profile)
    # One part per paragraph where the revision can (clean_stream gathers 64K-character parts
    # by default, which would leave short inputs uncut).
    per_paragraph = {"part_size": 0} if "part_size" in inspect.signature(cleaner.clean_stream).parameters else {}
    for text in inputs:
        cleaned = cleaner.clean(text)
        edits = [tuple(edit) for edit in cleaner.explain(text).edits]
        streamed = "".join(cleaner.clean_stream(text.splitlines(keepends=True), **per_paragraph))
        results.append([cleaned, hashlib.sha256(repr(edits).encode()).hexdigest()[:16], streamed == cleaned])
json.dump(results, sys.stdout)
"""


def generated_inputs(count: int, seed: int) -> list[str]:
    """Fixtures, corpus windows and property-test documents (deterministic for ``seed``)."""
    rng = random.Random(seed)
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted((REPO / "fixtures").rglob("*.txt"))]
    sys.path.insert(0, str(HERE))
    import corpus

    material = corpus.generate(400_000, seed=seed)
    for _ in range(count // 10):
        start = rng.randrange(len(material))
        texts.append(material[start : start + rng.randrange(20, 3000)])
    sys.path.insert(0, str(REPO))
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tests.properties import strategies

    drawn: list[str] = []

    @settings(max_examples=count, database=None, derandomize=True, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(st.one_of(strategies.documents(), strategies.documents(200), strategies.arbitrary_text()))
    def collect(text: str) -> None:
        drawn.append(text)

    collect()
    return texts + drawn


def run_tree(src: Path, inputs_file: Path, profiles: list[str]) -> list[list[object]]:
    done = subprocess.run(
        [sys.executable, "-c", _WORKER, str(src), str(inputs_file), ",".join(profiles)],
        capture_output=True, text=True, check=False,
    )
    if done.returncode:
        raise SystemExit(f"{src}: worker failed\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="HEAD", help="git revision to compare with (default HEAD)")
    parser.add_argument("--inputs", type=int, default=3000, help="generated documents (default 3000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profiles", default="default", help="comma-separated, or 'all'")
    parser.add_argument("--src", default=str(REPO / "src"), help="tree to check (default ./src)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))
    from wenben.profiles import PROFILES

    profiles = list(PROFILES) if args.profiles == "all" else args.profiles.split(",")
    inputs = generated_inputs(args.inputs, args.seed)
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch) / "base"
        base.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", args.base, "src"], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
        inputs_file = Path(scratch) / "inputs.json"
        inputs_file.write_text(json.dumps(inputs), encoding="utf-8")
        old = run_tree(base / "src", inputs_file, profiles)
        new = run_tree(Path(args.src), inputs_file, profiles)
    differences = 0
    for index, (before, after) in enumerate(zip(old, new)):
        if before != after:
            differences += 1
            if differences <= 5:
                text = inputs[index % len(inputs)]
                profile = profiles[index // len(inputs)]
                print(f"--- {profile} input {ascii(text)}")
                print(f"    base: {ascii(before)}")
                print(f"    this: {ascii(after)}")
    stream_mismatch = sum(1 for result in new if not result[2]) - sum(1 for result in old if not result[2])
    digest = hashlib.sha256(repr(new).encode()).hexdigest()[:12]
    print(
        f"{len(inputs)} inputs x {len(profiles)} profiles against {args.base}: "
        f"{differences} differences; results {digest}; stream != whole: {stream_mismatch:+d} vs base"
    )
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
