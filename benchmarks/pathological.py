"""Inputs on which wenben's time might grow faster than the input: time clean() on doubling sizes.

    python benchmarks/pathological.py              # sizes 16, 32, 64 KB per case
    python benchmarks/pathological.py --sizes 25000,50000,100000,200000 --limit 30

For each case the growth factor per doubling is printed; about 2 is linear, about 4 quadratic.
A case stops growing once one run takes more than ``--limit`` seconds.  Results also go to
``benchmarks/out/pathological.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
for _path in (str(HERE.parent / "src"), str(HERE)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import corpus

_BASE: list[str] = []


def _one_line(n: int) -> str:
    if not _BASE:
        _BASE.append(corpus.generate(600_000, seed=5).replace("\r", "").replace("\n", ""))
    text = _BASE[0]
    while len(text) < n:
        text += text
    return text[:n]


POST = "@\u5f20\u4e09 \u4eca\u5929\u7684\u53d1\u5e03\u4f1a\u5f88\u7cbe\u5f69\uff0c\u671f\u5f85\u65b0\u4ea7\u54c1\u4e0a\u5e02\uff01"

CASES: dict[str, Callable[[int], str]] = {
    "corpus text on one line (no newlines)": _one_line,
    "one paragraph hard-wrapped every 35 chars": lambda n: "\n".join(_one_line(n)[i : i + 35] for i in range(0, n, 35)),
    "every Han separated by a space, one line": lambda n: " ".join(_one_line(n // 2)),
    "@mentions (Weibo posts) on one line": lambda n: POST * (n // len(POST)),
    "@mentions, one post per line": lambda n: (POST + "\n") * (n // (len(POST) + 1)),
    "nested ASCII brackets ((((...))))": lambda n: "(" * (n // 2) + ")" * (n // 2),
    "'(\u8bf4\u660e)' repeated": lambda n: "(\u8bf4\u660e)" * (n // 4),
    "straight double quotes around Han": lambda n: '"\u4e2d"' * (n // 3),
    "ASCII commas between Han": lambda n: ",".join("\u6570\u5b57" for _ in range(n // 3)),
    "run of dots": lambda n: "." * n,
    "run of spaces then Han": lambda n: " " * n + "\u4e2d\u6587",
    "URL-like token": lambda n: "http://" + "a" * n,
    "e-mail-like token": lambda n: "a" * n + "@",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="16000,32000,64000", help="input sizes in characters")
    parser.add_argument("--limit", type=float, default=20.0, help="stop a case once a run exceeds this many seconds")
    args = parser.parse_args(argv)
    import wenben

    sizes = [int(s) for s in args.sizes.split(",")]
    wenben.clean("\u6570 \u5b57")
    results = {}
    for name, make in CASES.items():
        times: list[tuple[int, float]] = []
        for n in sizes:
            text = make(n)
            start = time.perf_counter()
            try:
                wenben.clean(text)
            except Exception as error:  # noqa: BLE001 - a crash is a finding
                print(f"{name:45s} CRASH at {n} chars: {type(error).__name__}: {error}", flush=True)
                break
            times.append((len(text), time.perf_counter() - start))
            if times[-1][1] > args.limit:
                break
        growth = times[-1][1] / times[-2][1] if len(times) > 1 and times[-2][1] > 0 else float("nan")
        flag = "  <-- superlinear" if growth > 3 else ""
        print(f"{name:45s} " + " ".join(f"{t:8.3f}s" for _, t in times) + f"   x{growth:.1f} per doubling{flag}", flush=True)
        results[name] = {"times": times, "growth_per_doubling": round(growth, 2)}
    out = HERE / "out" / "pathological.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
