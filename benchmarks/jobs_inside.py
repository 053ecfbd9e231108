"""``-j`` inside one input, end to end through the CLI: one archive of many members, one large
JSON Lines file, ``--check`` on a directory of many files, one large text file (cleaned, and
``--check``), and ``--check`` on one large JSON Lines file and one large Markdown file.

    python benchmarks/jobs_inside.py                      # 20 MB zip of 200 members, 50 MB JSON Lines, --check on 200 files
    python benchmarks/jobs_inside.py --only text,check-text,check-jsonl,check-md --in-process
    python benchmarks/jobs_inside.py --archive-mb 2 --jsonl-mb 5 --jobs 1,2
    python benchmarks/jobs_inside.py --in-process          # the same commands in this process: CPU of main vs workers

Each input is made from the benchmark corpus (``corpus.py``; the same noise as run.py) and
cleaned with ``python -m wenben -j N`` (``benchmarks/run.py``'s :func:`run.measure_jobs`): wall
time, user + system CPU time of the process tree (the command and its worker processes), and
the SHA-256 of the output (an archive, a JSON Lines file, or the ``--check`` findings printed),
which must be the same for every N. Results: ``benchmarks/out/jobs_inside.json``. The machine
may be shared: the load average before and after each run is recorded with it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import run as bench  # noqa: E402

MB = 1_000_000


def make_archive(folder: Path, target: Path) -> Path:
    """A zip (deflated) of the files of ``folder``, in sorted order. Reused if present."""
    if target.exists():
        return target
    partial = target.with_suffix(".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zout:
        for path in sorted(folder.glob("*.txt")):
            zout.write(path, f"corpus/{path.name}")
    partial.replace(target)
    return target


def make_jsonl(source: Path, target: Path, record_bytes: int = 4000) -> Path:
    """JSON Lines records ``{"id": N, "text": ...}`` of about ``record_bytes`` of the corpus
    each, cut at blank lines. Reused if present."""
    if target.exists():
        return target
    partial = target.with_suffix(".part")
    with open(source, encoding="utf-8", newline="") as handle, open(partial, "w", encoding="utf-8") as out:
        lines: list[str] = []
        size, number = 0, 0

        def flush() -> None:
            nonlocal lines, size, number
            if lines:
                out.write(json.dumps({"id": number, "text": "".join(lines)}, ensure_ascii=False) + "\n")
                number += 1
            lines, size = [], 0

        for line in handle:
            lines.append(line)
            size += len(line.encode("utf-8"))
            if size >= record_bytes and not line.strip():
                flush()
        flush()
    partial.replace(target)
    return target


def make_markdown(source: Path, target: Path, size: int) -> Path:
    """The first ``size`` bytes of the corpus as Markdown: a heading every 40 paragraphs, the
    rest prose (the corpus has no Markdown syntax of its own). Reused if present."""
    if target.exists():
        return target
    text = source.read_bytes()[:size].decode("utf-8", "ignore")
    paragraphs = text.split("\n\n")
    for index in range(0, len(paragraphs), 40):
        paragraphs[index] = f"## {index // 40 + 1}\n\n{paragraphs[index]}"
    partial = target.with_suffix(".part")
    partial.write_text("\n\n".join(paragraphs), encoding="utf-8")
    partial.replace(target)
    return target


def in_process(label: str, args: list[str], jobs: list[int], stdout_path: Path) -> list[dict[str, object]]:
    """``wenben.cli.main(["-j", N, *args])`` in this process: wall time, and CPU time split into
    this process (the command's main process: ``RUSAGE_SELF``) and its worker processes
    (``RUSAGE_CHILDREN``, reaped when the pool shuts down)."""
    import contextlib
    import resource

    from wenben import cli

    rows = []
    for n in jobs:
        self_before = resource.getrusage(resource.RUSAGE_SELF)
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        load = os.getloadavg()[0]
        started = time.perf_counter()
        with open(stdout_path, "w", encoding="utf-8") as out, contextlib.redirect_stdout(out), \
                open(os.devnull, "w") as err, contextlib.redirect_stderr(err):
            status = cli.main(["--no-config", "--no-progress", "--no-respect-gitignore", "-j", str(n), *args])
        wall = time.perf_counter() - started
        self_after = resource.getrusage(resource.RUSAGE_SELF)
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        main_cpu = self_after.ru_utime + self_after.ru_stime - self_before.ru_utime - self_before.ru_stime
        workers_cpu = children_after.ru_utime + children_after.ru_stime - children_before.ru_utime - children_before.ru_stime
        row = {"input": label, "jobs": n, "status": status, "wall_s": round(wall, 2), "main_cpu_s": round(main_cpu, 2),
               "workers_cpu_s": round(max(workers_cpu, 0.0), 2), "loadavg_1min": [round(load, 2), round(os.getloadavg()[0], 2)]}
        print(f"  in process, -j {n} {label}: {row}", file=sys.stderr, flush=True)
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--archive-mb", type=float, default=20)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--jsonl-mb", type=float, default=50)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown-mb", type=float, default=5, help="size of the Markdown file for check-md (parsed whole: slow)")
    parser.add_argument("--only", default="archive,jsonl,check,text,check-text,check-jsonl,check-md",
                        help="which of archive, jsonl, check (200 files), text (one file cleaned), check-text, check-jsonl, check-md (--check on one file)")
    parser.add_argument("--output", type=Path, default=bench.OUT / "jobs_inside.json")
    parser.add_argument("--in-process", action="store_true",
                        help="run the command in this process instead: CPU time split into the main process and the workers")
    args = parser.parse_args(argv)
    jobs = [int(n) for n in args.jobs.split(",")]
    only = set(args.only.split(","))
    noise = corpus.Noise()
    bench.OUT.mkdir(exist_ok=True)
    work = bench.OUT / "jobs-inside"
    report: dict[str, object] = {
        "cpu_count": os.cpu_count(),
        "loadavg_before": [round(x, 2) for x in os.getloadavg()],
        "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "rows": [],
    }
    rows: list[dict[str, object]] = report["rows"]  # type: ignore[assignment]
    if only & {"archive", "check", "text", "check-text", "check-md"}:
        text_file = corpus.corpus_file(args.archive_mb, args.seed, noise)
    if only & {"archive", "check"}:
        folder = bench.split_into_files(text_file, bench.OUT / f"{text_file.stem}-{args.members}files", args.members)
    if "check-md" in only:
        markdown = make_markdown(text_file, bench.OUT / f"{text_file.stem}-{args.markdown_mb:g}MB.md", int(args.markdown_mb * MB))
    if args.in_process:
        work.mkdir(parents=True, exist_ok=True)
        split: list[dict[str, object]] = []
        if "archive" in only:
            archive = make_archive(folder, bench.OUT / f"{text_file.stem}-{args.members}members.zip")
            split += in_process(f"zip, {args.members} members", ["-o", str(work / "split-archive") + "/", str(archive)], jobs, work / "stdout")
        if "jsonl" in only:
            jsonl = make_jsonl(corpus.corpus_file(args.jsonl_mb, args.seed, noise), bench.OUT / f"corpus-{args.jsonl_mb:g}MB.jsonl")
            split += in_process("JSON Lines", ["--jsonl-field", "text", "-o", str(work / "split.jsonl"), str(jsonl)], jobs, work / "stdout")
        if "check" in only:
            split += in_process(f"--check, {args.members} files", ["--check", str(folder)], jobs, work / "stdout")
        if "text" in only:
            split += in_process(f"one text file, {args.archive_mb:g} MB", ["-o", str(work / "split.txt"), str(text_file)], jobs, work / "stdout")
        if "check-text" in only:
            split += in_process(f"--check, one text file, {args.archive_mb:g} MB", ["--check", str(text_file)], jobs, work / "stdout")
        if "check-jsonl" in only:
            jsonl = make_jsonl(corpus.corpus_file(args.jsonl_mb, args.seed, noise), bench.OUT / f"corpus-{args.jsonl_mb:g}MB.jsonl")
            split += in_process("--check, JSON Lines", ["--check", "--jsonl-field", "text", str(jsonl)], jobs, work / "stdout")
        if "check-md" in only:
            split += in_process(f"--check, Markdown, {args.markdown_mb:g} MB", ["--check", str(markdown)], jobs, work / "stdout")
        report["in_process"] = split
        args.output.write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
        print("\n| input | -j | wall s | CPU s, main process | CPU s, workers | CPU bound on idle cores | load 1 min before/after |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        serial: dict[object, float] = {}
        for row in split:
            load = "/".join(map(str, row["loadavg_1min"]))  # type: ignore[arg-type]
            main_cpu, workers_cpu, n = float(row["main_cpu_s"]), float(row["workers_cpu_s"]), int(row["jobs"])  # type: ignore[arg-type]
            if n == 1:
                serial[row["input"]] = main_cpu + workers_cpu
            # The speed-up N idle cores could give at most: one process's CPU over the larger of
            # the main process's CPU and the workers' CPU shared by N (neither can go faster).
            bound = min(n, serial.get(row["input"], 0) / max(main_cpu, workers_cpu / n, 1e-9)) if n > 1 else 1.0
            print(f"| {row['input']} | {n} | {row['wall_s']} | {main_cpu} | {workers_cpu} | {bound:.2f}x | {load} |")
        return 0
    if "archive" in only:
        archive = make_archive(folder, bench.OUT / f"{text_file.stem}-{args.members}members.zip")
        print(f"archive: {archive.name}, {archive.stat().st_size / MB:.1f} MB on disk", file=sys.stderr, flush=True)
        rows += bench.measure_jobs(archive, jobs, work / "archive", args.repeat, label=f"zip, {args.members} members")
    if "jsonl" in only:
        jsonl = make_jsonl(corpus.corpus_file(args.jsonl_mb, args.seed, noise), bench.OUT / f"corpus-{args.jsonl_mb:g}MB.jsonl")
        print(f"JSON Lines: {jsonl.name}, {jsonl.stat().st_size / MB:.1f} MB", file=sys.stderr, flush=True)
        rows += bench.measure_jobs(jsonl, jobs, work / "jsonl", args.repeat, label="JSON Lines", cli_args=("--jsonl-field", "text"))
    if "check" in only:
        rows += bench.measure_jobs(folder, jobs, work / "check", args.repeat, label=f"--check, {args.members} files",
                                   files=args.members, cli_args=("--check",), to_stdout=True)
    if "text" in only:
        rows += bench.measure_jobs(text_file, jobs, work / "text", args.repeat, label=f"one text file, {args.archive_mb:g} MB")
    if "check-text" in only:
        rows += bench.measure_jobs(text_file, jobs, work / "check-text", args.repeat, label="--check, one text file",
                                   cli_args=("--check",), to_stdout=True)
    if "check-jsonl" in only:
        jsonl = make_jsonl(corpus.corpus_file(args.jsonl_mb, args.seed, noise), bench.OUT / f"corpus-{args.jsonl_mb:g}MB.jsonl")
        rows += bench.measure_jobs(jsonl, jobs, work / "check-jsonl", args.repeat, label="--check, JSON Lines",
                                   cli_args=("--check", "--jsonl-field", "text"), to_stdout=True)
    if "check-md" in only:
        rows += bench.measure_jobs(markdown, jobs, work / "check-md", args.repeat, label="--check, Markdown",
                                   cli_args=("--check",), to_stdout=True)
    report["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    args.output.write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
    print("\n| input | MB | -j | wall s | CPU s (user+sys, with workers) | speed-up | same output | load 1 min before/after |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        load = " ".join(f"{a}/{b}" for a, b in row["loadavg_1min"])  # type: ignore[union-attr]
        if row["error"]:
            print(f"| {row['input']} | {row['input_bytes'] / MB:.1f} | {row['jobs']} | error: {row['error']} | | | | {load} |")  # type: ignore[operator]
            continue
        same = "" if row["jobs"] == row["speedup_vs"] else ("yes" if row["identical"] else "**no**")
        print(f"| {row['input']} | {row['input_bytes'] / MB:.1f} | {row['jobs']} | {row['best_s']:.2f} | {row['cpu_s']:.2f} | "  # type: ignore[operator]
              f"{row['speedup']:.2f}x | {same} | {load} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
