"""explain() against clean() on one long line and on paragraph text, at doubling sizes.

    python benchmarks/long_lines.py                       # 1, 2, 4, 8 MB, in-process, best of 2
    python benchmarks/long_lines.py --cli                 # also the CLI: --check and plain cleaning, wall + peak RSS
    python benchmarks/long_lines.py --src /other/tree/src # the same against another checkout (before/after)

``--check``, ``--stats`` and ``--report`` all go through ``explain()``; it must stay linear in the
input and within a small factor of ``clean()``. For each kind and size the script prints clean
and explain seconds, their ratio, and the growth of explain per doubling (about 2 is linear,
about 4 quadratic). ``--cli`` runs ``python -m wenben`` in a fresh process per measurement and
reads its peak RSS from ``wait4`` (``ru_maxrss``), so the numbers include start-up.
Results also go to ``benchmarks/out/long_lines.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
MB = 1_000_000


def _inputs(size: int) -> dict[str, str]:
    """One unbroken line and normal paragraphs, both about ``size`` UTF-8 bytes."""
    import corpus

    paragraphs = corpus.generate(size, seed=5)
    line = paragraphs.replace("\r", "").replace("\n", "")
    han = "".join(char for char in line[:20_000] if "\u4e00" <= char <= "\u9fff")
    # An edit every other character: every Han separated by a space (the worst case).
    dense = _cut(" ".join(han), size)
    return {"one line": _cut(line, size), "paragraphs": _cut(paragraphs, size), "dense": dense}


def _cut(text: str, size: int) -> str:
    while len(text.encode()) < size:
        text += text
    # Characters are 1-3 bytes; cut by bytes so both kinds have the same size.
    return text.encode()[:size].decode(errors="ignore")


def _best(function, argument, repeat: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function(argument)
        best = min(best, time.perf_counter() - start)
    return best


def _cli(arguments: list[str], path: Path, src: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one ``python -m wenben`` run."""
    env = dict(os.environ, PYTHONPATH=str(src))
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "wenben", *arguments, str(path)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"wenben {' '.join(arguments)} failed: exit {os.waitstatus_to_exitcode(status)}")
    return elapsed, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,4,8", help="input sizes in MB (10^6 bytes)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement, best kept")
    parser.add_argument("--src", type=Path, default=HERE.parent / "src", help="the wenben source tree to measure")
    parser.add_argument("--cli", action="store_true", help="also time the CLI (--check, plain) in fresh processes")
    parser.add_argument("--kinds", default="one line,paragraphs", help="comma-separated input kinds: one line, paragraphs, dense")
    args = parser.parse_args(argv)
    sys.path[:0] = [str(args.src), str(HERE)]
    import wenben

    print(f"wenben from {Path(wenben.__file__).parent}", flush=True)
    cleaner = wenben.Cleaner()
    cleaner.explain("\u6570 \u5b57, \u7ecf\u6d4e")  # imports and compiled patterns, untimed
    kinds = args.kinds.split(",")
    results: list[dict[str, object]] = []
    previous: dict[str, float] = {}
    for size_mb in (float(s) for s in args.sizes.split(",")):
        texts = _inputs(int(size_mb * MB))
        for kind in kinds:
            text = texts[kind]
            clean = _best(cleaner.clean, text, args.repeat)
            explain = _best(cleaner.explain, text, args.repeat)
            growth = explain / previous[kind] if kind in previous else float("nan")
            previous[kind] = explain
            row: dict[str, object] = {
                "kind": kind, "mb": size_mb, "clean_s": clean, "explain_s": explain,
                "ratio": explain / clean, "explain_growth": growth,
            }
            line = (
                f"{kind:10s} {size_mb:5.1f} MB  clean {clean:7.2f} s  explain {explain:7.2f} s"
                f"  ratio {explain / clean:4.2f}  growth {growth:4.2f}"
            )
            if args.cli:
                with tempfile.TemporaryDirectory() as folder:
                    path = Path(folder) / "input.txt"
                    path.write_text(text, encoding="utf-8")
                    check, check_rss = _cli(["--check"], path, args.src)
                    plain, plain_rss = _cli(["-o", str(Path(folder) / "out.txt")], path, args.src)
                row.update(cli_check_s=check, cli_check_rss_mib=check_rss, cli_clean_s=plain, cli_clean_rss_mib=plain_rss)
                line += f"  | CLI --check {check:6.2f} s {check_rss:6.0f} MiB, clean {plain:6.2f} s {plain_rss:6.0f} MiB"
            print(line, flush=True)
            results.append(row)
    OUT.mkdir(exist_ok=True)
    (OUT / "long_lines.json").write_text(json.dumps({"src": str(args.src), "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
