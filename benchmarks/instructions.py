"""Instruction counts of wenben and its peers on the same input: ratios that the machine's load
cannot move (wall-time ratios from ``run.py`` swing by ±10 % on a shared machine).

    python benchmarks/instructions.py                  # first 100 K characters of the 1 MB corpus
    python benchmarks/instructions.py --chars 300000 --tools wenben,ftfy
    python benchmarks/instructions.py --records --tools wenben-core   # as ~4 KB records, each a document

Each tool runs under ``valgrind --tool=callgrind`` twice in a fresh interpreter: once after its
warm-up only (imports, one call on a small sample) and once also cleaning the input; the
difference is the cost of cleaning. Needs valgrind on the PATH (not a test dependency).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

# Each tool: (setup code defining ``run``, one-line description). ``run`` is warmed up on a
# small sample before the counted call.
TOOLS = {
    "wenben": ("import wenben; run = wenben.Cleaner('default').clean", "Cleaner('default').clean"),
    "wenben-core": ("import wenben; run = wenben.Cleaner('default', engine='core').clean",
                    "Cleaner('default', engine='core').clean: the compiled core"),
    "wenben-python": ("import wenben; run = wenben.Cleaner('default', engine='python').clean",
                      "Cleaner('default', engine='python').clean: the reference"),
    "ftfy": ("import ftfy; run = ftfy.fix_text", "ftfy.fix_text, default config"),
    "autocorrect-py": ("import autocorrect_py; run = autocorrect_py.format", "autocorrect_py.format"),
    "pangu": ("import pangu; run = pangu.space_text", "pangu.space_text"),
    "utf8-round-trip": ("run = lambda text: text.encode('utf-8').decode('utf-8')",
                        "encode + decode: the ceiling"),
}

_PROGRAM = """
import sys
sys.path.insert(0, {src!r})
{setup}
text = open({path!r}, encoding="utf-8").read()[:{chars}]
run(text[:3000])
if {records}:
    # Pieces of about 4 KB cut after blank lines, each its own document (as JSON Lines
    # records are: each has its own paragraph evidence).
    pieces, start = [], 0
    while start < len(text):
        cut = text.find("\\n\\n", start + 1300)
        cut = len(text) if cut < 0 else cut + 2
        pieces.append(text[start:cut])
        start = cut
    if {count}:
        for piece in pieces:
            run(piece)
elif {count}:
    run(text)
"""


def instructions(setup: str, path: Path, chars: int, count: bool, records: bool = False) -> int:
    program = _PROGRAM.format(src=str(REPO / "src"), setup=setup, path=str(path), chars=chars, count=count, records=records)
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", program],
        capture_output=True, text=True, check=True,
    )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=100_000, help="characters of the corpus to clean (default 100000)")
    parser.add_argument("--size", type=float, default=1, help="MB of corpus to take them from (default 1)")
    parser.add_argument("--records", action="store_true",
                        help="clean the input as pieces of about 4 KB, each its own document (as JSON Lines records)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated, from: " + ", ".join(TOOLS))
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("instructions.py needs valgrind on the PATH", file=sys.stderr)
        return 2
    path = corpus.corpus_file(args.size)
    counts: dict[str, int] = {}
    for name in args.tools.split(","):
        setup, what = TOOLS[name]
        try:
            base = instructions(setup, path, args.chars, count=False, records=args.records)
            full = instructions(setup, path, args.chars, count=True, records=args.records)
        except (subprocess.CalledProcessError, RuntimeError) as error:
            print(f"{name:16s} skipped: {str(error).splitlines()[0]}", file=sys.stderr)
            continue
        counts[name] = full - base
        print(f"{name:16s} {counts[name] / 1e6:10.1f} M instructions  ({what})", flush=True)
    if "wenben" in counts:
        print(f"\n{args.chars:,} characters of {path.name}; ratio = peer instructions / wenben instructions:")
        for name, value in counts.items():
            if name != "wenben":
                print(f"  wenben / {name}: {value / counts['wenben']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
