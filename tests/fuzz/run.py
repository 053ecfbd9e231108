"""Run wenben's fuzz targets for a bounded time, with a seed corpus, collecting crashes.

    pip install atheris                                # optional; not a wenben dependency
    python tests/fuzz/run.py                           # each target 60 s
    python tests/fuzz/run.py --time 300 --only text    # one target, 5 minutes
    python tests/fuzz/run.py --workdir /tmp/fz --crashes /tmp/fz/crashes

For each target (``fuzz_text.py``, ``fuzz_readers.py``, ``fuzz_core.py``: the compiled core
against the reference) this

1. writes the seed corpus (``seeds.py``: the texts of ``fixtures/``, the same texts in legacy
   encodings, small real PDFs) into ``WORKDIR/corpus/TARGET`` (a corpus left by an earlier run
   is kept and grows: libFuzzer adds every input that reaches new coverage);
2. runs the target under libFuzzer with ``-max_total_time`` = what is left of ``--time``,
   ``-timeout`` per input and ``-artifact_prefix=CRASHES/TARGET-`` (crash-*, timeout-*, oom-*);
3. after a crash, reads the ``wenben-fuzz-signature:`` line the target printed, adds it to
   ``WENBEN_FUZZ_KNOWN`` and starts the target again for the time left, so one run finds
   several different bugs instead of stopping at the first;
4. prints per target: executions, restarts, signatures found, artifacts; and writes the same
   as JSON to ``WORKDIR/summary.json``.  Logs are in ``WORKDIR/logs``.

Reproduce an artifact with ``PYTHONPATH=src python tests/fuzz/fuzz_text.py CRASHFILE`` and shrink
it with ``python tests/fuzz/minimize.py text CRASHFILE``.
Exit status: 0 when nothing was found, 1 when something was, 2 when atheris is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

import seeds

TARGETS = {
    "text": (HERE / "fuzz_text.py", seeds.text_seeds, 2048),
    "readers": (HERE / "fuzz_readers.py", seeds.reader_seeds, 65536),
    "core": (HERE / "fuzz_core.py", seeds.text_seeds, 2048),
}

SIGNATURE = re.compile(r"^wenben-fuzz-signature: (.+)$", re.MULTILINE)
EXECS = re.compile(r"^#(\d+)\s", re.MULTILINE)
DONE = re.compile(r"^Done (\d+) runs", re.MULTILINE)
ARTIFACT = re.compile(r"Test unit written to (\S+)")
TIMEOUT = re.compile(r"ALARM: working on the last Unit for|==\d+== ERROR: libFuzzer: timeout")


def run_target(name: str, seconds: int, workdir: Path, crashes: Path, per_input_timeout: int,
               rss_limit_mb: int, known: list[str]) -> dict[str, object]:
    script, make_seeds, max_len = TARGETS[name]
    corpus = workdir / "corpus" / name
    written = seeds.write_corpus(make_seeds(), corpus)
    crashes.mkdir(parents=True, exist_ok=True)
    logs = workdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH", "")]))
    known = list(known)
    deadline = time.monotonic() + seconds
    executions = 0
    restarts = 0
    found: list[dict[str, object]] = []
    while True:
        left = int(deadline - time.monotonic())
        if left < 5:
            break
        env["WENBEN_FUZZ_KNOWN"] = ",".join(known)
        log = logs / f"{name}-{restarts}.log"
        command = [
            sys.executable, str(script), str(corpus),
            f"-max_total_time={left}", f"-timeout={per_input_timeout}", f"-rss_limit_mb={rss_limit_mb}",
            f"-max_len={max_len}", f"-artifact_prefix={crashes}/{name}-", "-print_final_stats=1",
        ]
        print(f"[{name}] {left}s: {' '.join(command[1:])}", flush=True)
        with log.open("w") as out:
            result = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=REPO, check=False)
        text = log.read_text(errors="replace")
        done = DONE.findall(text)
        counts = [int(n) for n in EXECS.findall(text)]
        executions += int(done[-1]) if done else max(counts, default=0)
        if result.returncode == 0:
            break
        signatures = SIGNATURE.findall(text)
        artifacts = ARTIFACT.findall(text)
        if signatures:
            signature = signatures[-1].strip()
        elif TIMEOUT.search(text):
            signature = "timeout"
        else:
            signature = f"exit-{result.returncode}"
        found.append({"signature": signature, "artifacts": artifacts, "log": str(log)})
        print(f"[{name}] found {signature}: {artifacts}", flush=True)
        if signature in known or not signatures:
            break  # a timeout, an OOM or a crash outside Python: restarting would find it again
        known.append(signature)
        restarts += 1
    return {"target": name, "seconds": seconds, "seeds": written, "executions": executions,
            "restarts": restarts, "found": found}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--time", type=int, default=60, help="seconds per target (default 60)")
    parser.add_argument("--only", choices=sorted(TARGETS), action="append", help="run only this target (repeatable)")
    parser.add_argument("--workdir", type=Path, default=REPO / "build" / "fuzz", help="corpus and logs (default build/fuzz)")
    parser.add_argument("--crashes", type=Path, help="where artifacts go (default WORKDIR/crashes)")
    parser.add_argument("--timeout", type=int, default=20, help="seconds one input may take (default 20)")
    parser.add_argument("--rss-limit-mb", type=int, default=2048)
    parser.add_argument("--known", action="append", default=[], help="signatures to ignore from the start")
    args = parser.parse_args(argv)
    try:
        import atheris  # noqa: F401
    except ImportError:
        print("atheris is not installed: pip install atheris", file=sys.stderr)
        return 2
    crashes = args.crashes or args.workdir / "crashes"
    summary = [
        run_target(name, args.time, args.workdir, crashes, args.timeout, args.rss_limit_mb, args.known)
        for name in (args.only or sorted(TARGETS))
    ]
    args.workdir.mkdir(parents=True, exist_ok=True)
    (args.workdir / "summary.json").write_text(json.dumps(summary, indent=1))
    for result in summary:
        print(f"{result['target']}: {result['executions']} executions in {result['seconds']} s, "
              f"{len(result['found'])} finding(s)")
        for finding in result["found"]:
            print(f"  {finding['signature']}: {' '.join(finding['artifacts']) or finding['log']}")
    return 1 if any(r["found"] for r in summary) else 0


if __name__ == "__main__":
    sys.exit(main())
