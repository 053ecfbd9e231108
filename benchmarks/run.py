"""Throughput of wenben and its peers on the same noisy Chinese corpus.

    python benchmarks/run.py                # 10 MB main table, scaling 1/10/100 MB, RSS of streaming 100 MB
    python benchmarks/run.py --size 10 --chart --profile
    python benchmarks/run.py --quick        # 1 MB only, < 1 minute
    python benchmarks/run.py --big          # also stream a 1 GB file (peak RSS, clean_stream vs CLI output)
    python benchmarks/run.py --size 1 --jobs 1,2 --chart   # -j scaling of the CLI (one file, 200 files)

Every tool gets the same input string (``benchmarks/corpus.py``: fixture text with injected
OCR/PDF/web defects) in the same run.  Throughput is UTF-8 bytes of *input* / wall time, best
of ``--repeat`` runs, after one untimed warm-up call on a small sample (imports, regex compilation,
converter construction happen outside the timing).  Results go to ``benchmarks/out/results.json``
(and the tables to ``results.md``); ``--chart`` draws PNGs there (throughput, scaling with size,
``-j`` scaling, rule breakdown); ``--profile`` writes a cProfile of the default pipeline.

Streaming (``--stream-size``, ``--big``): peak RSS of ``wenben.clean_stream`` (64K-character reads)
in a fresh interpreter and of the CLI process (``python -m wenben FILE -o OUT``, 1 MiB reads), and
the SHA-256 of both outputs, which must be identical (``--big``: a 1 GB file, generated streamed).
``-j`` (``--jobs 1,2``): the CLI end to end, ``python -m wenben -j N -o OUTDIR INPUT``, on one
large file (cut at paragraph breaks into parts) and on a directory of ``--jobs-files`` files cut
from it; wall time incl. start-up, speed-up vs the first N, outputs compared with the first N's,
CPU count and load average recorded (the machine may be shared).

Peers (optional; a missing one is reported and skipped): ftfy (default and with
``fix_character_width=False, uncurl_quotes=False``), pangu, autocorrect-py, OpenCC s2t / t2s, and a
single ``re.sub`` pass as a floor.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib
import importlib.metadata
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
for _path in (str(REPO / "src"), str(HERE)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import corpus

MB = 1_000_000
BASELINE = "wenben default"
RSS_BOUND_MB = 150  # issue #6: peak RSS under 150 MB streaming a 1 GB file


# --------------------------------------------------------------------------- tools


@dataclass
class Tool:
    name: str
    function: Callable[[str], str]
    kind: str  # "wenben", "wenben-group", "peer", "floor"
    note: str = ""
    rules: tuple[str, ...] = ()


def rule_groups() -> dict[str, list[str]]:
    """Default-profile rule IDs grouped by the module that defines them (``wenben.rules.<group>``)."""
    import wenben
    from wenben.profiles import PROFILES

    default = set(PROFILES["default"].rules)
    groups: dict[str, list[str]] = {}
    for rule_id, rule in wenben.RULES.items():
        if rule_id not in default:
            continue
        # A rule of a joint pass is defined by its pass (its own function is a wrapper).
        defined_by = getattr(rule, "joint", None) or rule.function
        module = getattr(defined_by, "__module__", None) or type(rule).__module__
        groups.setdefault(module.rsplit(".", 1)[-1], []).append(rule_id)
    return groups


def wenben_tools(groups: bool = True) -> list[Tool]:
    import wenben
    from wenben.errors import ConfigError

    tools = [Tool(BASELINE, wenben.Cleaner("default").clean, "wenben", "Cleaner('default').clean")]
    for engine in ("core", "python"):
        # Both engines side by side (the default is the compiled core when it is built).
        try:
            cleaner = wenben.Cleaner("default", engine=engine)
        except (TypeError, ConfigError):  # no engine choice, or no compiled core
            continue
        tools.append(Tool(f"wenben default, {engine} engine", cleaner.clean, "wenben",
                          f"Cleaner('default', engine={engine!r}).clean"))
    from wenben.profiles import PROFILES

    if "mojibake" in PROFILES["default"].rules:
        # The mojibake rule runs ftfy's detector: show what the rest of the pipeline costs.
        tools.append(Tool("wenben default, no mojibake", wenben.Cleaner("default", disable=["mojibake"]).clean,
                          "wenben", "Cleaner('default', disable=['mojibake']).clean"))
    if groups:
        for group, ids in rule_groups().items():
            cleaner = wenben.Cleaner("default", rules=ids)
            tools.append(Tool(f"wenben [{group}]", cleaner.clean, "wenben-group", ", ".join(ids), tuple(ids)))
    return tools


def _optional(module: str) -> object | None:
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def peer_tools() -> tuple[list[Tool], dict[str, str]]:
    """The peers that are installed, and why the others were skipped."""
    tools: list[Tool] = []
    skipped: dict[str, str] = {}
    ftfy = _optional("ftfy")
    if ftfy is not None:
        tools.append(Tool("ftfy", ftfy.fix_text, "peer", "ftfy.fix_text(text), default config"))
        tools.append(
            Tool(
                "ftfy (no width/quotes)",
                lambda text: ftfy.fix_text(text, fix_character_width=False, uncurl_quotes=False),
                "peer",
                "ftfy.fix_text(text, fix_character_width=False, uncurl_quotes=False)",
            )
        )
    else:
        skipped["ftfy"] = "not installed"
    pangu = _optional("pangu")
    if pangu is not None:
        name = "spacing_text" if hasattr(pangu, "spacing_text") else "space_text"
        tools.append(Tool("pangu", getattr(pangu, name), "peer", f"pangu.{name}(text)"))
    else:
        skipped["pangu"] = "not installed"
    autocorrect = _optional("autocorrect_py")
    if autocorrect is not None:
        tools.append(Tool("autocorrect-py", autocorrect.format, "peer", "autocorrect_py.format(text)"))
    else:
        skipped["autocorrect-py"] = "not installed"
    opencc = _optional("opencc")
    if opencc is not None:
        for config in ("s2t", "t2s"):
            try:
                converter = opencc.OpenCC(config)
            except Exception as error:  # noqa: BLE001 - the config name differs between bindings
                try:
                    converter = opencc.OpenCC(config + ".json")
                except Exception:  # noqa: BLE001
                    skipped[f"opencc {config}"] = repr(error)
                    continue
            tools.append(Tool(f"opencc {config}", converter.convert, "peer", f"OpenCC('{config}').convert(text), built once"))
    else:
        skipped["opencc"] = "not installed"
    floor = re.compile("(?<=[\u4e00-\u9fff])[ \u00a0]+(?=[\u4e00-\u9fff])")
    tools.append(
        Tool("re.sub floor", lambda text: floor.sub("", text), "floor", "one re.sub removing spaces between Han")
    )
    tools.append(
        Tool("UTF-8 round trip", lambda text: text.encode("utf-8").decode("utf-8"), "floor",
             "text.encode('utf-8').decode('utf-8'): the ceiling for anything that reads and writes the text")
    )
    return tools, skipped


def all_tools(groups: bool = True) -> tuple[list[Tool], dict[str, str]]:
    peers, skipped = peer_tools()
    return wenben_tools(groups) + peers, skipped


# --------------------------------------------------------------------------- measuring


@dataclass
class Measurement:
    tool: str
    input_bytes: int
    times: list[float] = field(default_factory=list)
    cpu_times: list[float] = field(default_factory=list)
    output_bytes: int = 0
    error: str | None = None

    @property
    def best(self) -> float:
        return min(self.times) if self.times else float("nan")

    @property
    def mb_per_s(self) -> float:
        return self.input_bytes / self.best / MB if self.times else float("nan")

    def as_dict(self) -> dict[str, object]:
        return {
            "tool": self.tool,
            "input_bytes": self.input_bytes,
            "best_s": round(self.best, 4) if self.times else None,
            "times_s": [round(t, 4) for t in self.times],
            "mb_per_s": round(self.mb_per_s, 3) if self.times else None,
            "cpu_best_s": round(min(self.cpu_times), 4) if self.cpu_times else None,
            "cpu_mb_per_s": round(self.input_bytes / min(self.cpu_times) / MB, 3) if self.cpu_times and min(self.cpu_times) > 0 else None,
            "output_bytes": self.output_bytes,
            "error": self.error,
        }


def _time_once(function: Callable[[str], str], text: str, result: Measurement) -> None:
    output = None
    gc.collect()
    cpu = time.process_time()
    start = time.perf_counter()
    output = function(text)
    result.times.append(time.perf_counter() - start)
    result.cpu_times.append(time.process_time() - cpu)
    result.output_bytes = len(output.encode("utf-8", "surrogatepass"))


def measure(function: Callable[[str], str], text: str, repeat: int = 3, name: str = "", warmup: bool = True) -> Measurement:
    """Wall time of ``function(text)``, ``repeat`` times; MB/s = UTF-8 bytes of input / best time.

    One untimed warm-up call on the first 20,000 characters comes first (imports, regex
    compilation, caches).  A crash is recorded in ``error``, not raised.
    """
    result = Measurement(name or getattr(function, "__name__", "?"), len(text.encode("utf-8")))
    try:
        if warmup:
            function(text[:20_000])
        for _ in range(repeat):
            _time_once(function, text, result)
    except Exception as error:  # noqa: BLE001 - a crash is a result too
        result.error = f"{type(error).__name__}: {error}"
    return result


def measure_round_robin(tools: list[Tool], text: str, repeat: int = 3, label: str = "") -> dict[str, Measurement]:
    """Like :func:`measure` for several tools, interleaved: round 1 runs every tool once, then
    round 2...  On a shared machine, load that comes and goes then hits all tools alike."""
    size = len(text.encode("utf-8"))
    results = {tool.name: Measurement(tool.name, size) for tool in tools}
    for tool in tools:
        try:
            tool.function(text[:20_000])
        except Exception as error:  # noqa: BLE001
            results[tool.name].error = f"{type(error).__name__}: {error}"
    for round_ in range(repeat):
        for tool in tools:
            m = results[tool.name]
            if m.error:
                continue
            try:
                _time_once(tool.function, text, m)
            except Exception as error:  # noqa: BLE001
                m.error = f"{type(error).__name__}: {error}"
            if round_ == repeat - 1:
                shown = f"{m.mb_per_s:8.2f} MB/s (cpu {m.as_dict()['cpu_mb_per_s']})" if not m.error else m.error
                print(f"  {label}{tool.name:28s} {shown}", file=sys.stderr, flush=True)
        print(f"  {label}round {round_ + 1}/{repeat} done", file=sys.stderr, flush=True)
    return results


def ratio_lines(results: dict[str, Measurement], baseline: str = BASELINE, cpu: bool = False) -> dict[str, float]:
    """wenben default throughput / each peer's (by best wall time, or by best CPU time)."""
    base = results.get(baseline)
    if base is None or not base.times:
        return {}
    if cpu:
        return {
            name: min(m.cpu_times) / min(base.cpu_times)
            for name, m in results.items()
            if m.cpu_times and base.cpu_times and name != baseline and not name.startswith("wenben")
        }
    return {
        name: base.mb_per_s / m.mb_per_s
        for name, m in results.items()
        if m.times and name != baseline and not name.startswith("wenben")
    }


# --------------------------------------------------------------------------- per-rule breakdown


class _TimedRule:
    """Stands in for a Rule inside a Cleaner and adds up the time of its ``edits()``."""

    def __init__(self, rule: object, seconds: dict[str, float], counts: dict[str, int]) -> None:
        self._rule = rule
        self.id = rule.id  # type: ignore[attr-defined]
        self._seconds = seconds
        self._counts = counts

    def __getattr__(self, name: str) -> object:
        return getattr(self._rule, name)

    def edits(self, text: str, context: object, **kwargs: object) -> list:
        start = time.perf_counter()
        edits = self._rule.edits(text, context, **kwargs)  # type: ignore[attr-defined]
        self._seconds[self.id] += time.perf_counter() - start
        self._counts[self.id] += len(edits)
        return edits


def rule_breakdown(text: str) -> dict[str, object]:
    """Time per rule inside one run of the default pipeline (the rest is the engine: protected
    spans, filtering, applying edits)."""
    import wenben

    cleaner = wenben.Cleaner("default")
    if not hasattr(cleaner, "steps"):
        return {"error": "Cleaner has no 'steps' attribute; breakdown unavailable"}
    seconds: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    # A step is one rule, or rules computed in one joint pass (timed together, "a+b").
    cleaner.steps = tuple(_TimedRule(r, seconds, counts) for r in cleaner.steps)  # type: ignore[assignment]
    # The engine's own work (finding protected spans, applying edits) is timed by wrapping the
    # module-level helpers it calls, for this run only.
    from wenben import engine

    engine_seconds: dict[str, float] = defaultdict(float)
    originals = {name: getattr(engine, name) for name in ("protected_spans",) if hasattr(engine, name)}

    def timed(name: str, function: Callable) -> Callable:
        def wrapper(*args: object, **kwargs: object) -> object:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                engine_seconds[name] += time.perf_counter() - start

        return wrapper

    try:
        for name, function in originals.items():
            setattr(engine, name, timed(name, function))
        cleaner.clean(text[:20_000])
        seconds.clear()
        counts.clear()
        engine_seconds.clear()
        gc.collect()
        start = time.perf_counter()
        cleaner.clean(text)
        total = time.perf_counter() - start
    finally:
        for name, function in originals.items():
            setattr(engine, name, function)
    groups = rule_groups()
    group_of = {rule_id: group for group, ids in groups.items() for rule_id in ids}
    for step in cleaner.steps:
        ids = step.id.split("+")
        group_of.setdefault(step.id, group_of.get(ids[0], "?"))
    rules = [
        {"rule": rule_id, "group": group_of.get(rule_id, "?"), "seconds": round(s, 4),
         "percent": round(100 * s / total, 1), "edits": counts[rule_id]}
        for rule_id, s in sorted(seconds.items(), key=lambda item: -item[1])
    ]
    by_group: dict[str, float] = defaultdict(float)
    for rule_id, s in seconds.items():
        by_group[group_of.get(rule_id, "?")] += s
    engine_time = total - sum(seconds.values())
    return {
        "total_s": round(total, 4),
        "mb_per_s": round(len(text.encode()) / total / MB, 3),
        "rules": rules,
        "groups": {g: {"seconds": round(s, 4), "percent": round(100 * s / total, 1)}
                   for g, s in sorted(by_group.items(), key=lambda item: -item[1])},
        "engine_s": round(engine_time, 4),
        "engine_percent": round(100 * engine_time / total, 1),
        "engine_parts": {name: {"seconds": round(s, 4), "percent": round(100 * s / total, 1)}
                         for name, s in engine_seconds.items()},
    }


def profile_default(text: str, top: int = 25) -> dict[str, object]:
    """cProfile of ``Cleaner('default').clean(text)``; pstats saved to benchmarks/out/profile.pstats."""
    import cProfile
    import io
    import pstats

    import wenben

    cleaner = wenben.Cleaner("default")
    cleaner.clean(text[:20_000])
    profiler = cProfile.Profile()
    profiler.enable()
    cleaner.clean(text)
    profiler.disable()
    OUT.mkdir(exist_ok=True)
    profiler.dump_stats(OUT / "profile.pstats")
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, line, func), (cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        short = filename.replace(str(REPO) + os.sep, "")
        rows.append({"function": f"{short}:{line}({func})", "calls": nc, "tottime_s": round(tt, 4), "cumtime_s": round(ct, 4)})
    total = sum(r["tottime_s"] for r in rows)
    rows.sort(key=lambda r: -r["tottime_s"])
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(top)
    by_cum = io.StringIO()
    pstats.Stats(profiler, stream=by_cum).sort_stats("cumulative").print_stats(top)
    (OUT / "profile.txt").write_text(stream.getvalue() + "\n\n" + by_cum.getvalue(), "utf-8")
    return {"total_s": round(total, 3), "by_tottime": rows[:top]}


# --------------------------------------------------------------------------- peak RSS (subprocess)

_CHILD = r"""
import json, os, resource, sys, time
# ru_maxrss survives exec: a child of a big parent reports the parent's peak.  A grandchild forked
# from this still-small interpreter gets a fresh counter, so do the work there.
pid = os.fork()
if pid:
    _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status))
def status(field):
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
sys.path.insert(0, {src!r})
mode, path, chunk = sys.argv[1], sys.argv[2], int(sys.argv[3])
import wenben
wenben.clean("\u6570 \u5b57")  # build the cleaner and compile the rules
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
baseline_rss = status("VmRSS")
import hashlib
digest = hashlib.sha256()
start = time.perf_counter()
out_chars = 0
with open(path, encoding="utf-8", newline="") as handle:
    if mode == "stream":
        chunks = iter(lambda: handle.read(chunk), "") if chunk > 0 else handle
        for piece in wenben.clean_stream(chunks):
            out_chars += len(piece)
            digest.update(piece.encode("utf-8", "surrogatepass"))
    elif mode == "whole":
        cleaned = wenben.clean(handle.read())
        out_chars = len(cleaned)
        digest.update(cleaned.encode("utf-8", "surrogatepass"))
        del cleaned
    elif mode == "read":
        for piece in iter(lambda: handle.read(chunk or 65536), ""):
            out_chars += len(piece)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"baseline_kb": baseline, "peak_kb": peak, "vm_hwm_kb": status("VmHWM"),
                  "baseline_rss_kb": baseline_rss, "seconds": seconds, "out_chars": out_chars,
                  "sha256": digest.hexdigest() if mode != "read" else None}}))
"""


def peak_rss(path: Path, mode: str = "stream", chunk: int = 65536, timeout: float = 3600) -> dict[str, object]:
    """Peak RSS (ru_maxrss, KiB on Linux) of a fresh interpreter cleaning ``path``.

    ``mode``: ``stream`` (``wenben.clean_stream`` over ``chunk``-character reads, or over lines if
    ``chunk`` is 0), ``whole`` (``wenben.clean`` of the whole file), ``read`` (just reading it).
    """
    code = _CHILD.format(src=str(REPO / "src"))
    size = path.stat().st_size
    started = time.perf_counter()
    process = subprocess.run(
        [sys.executable, "-c", code, mode, str(path), str(chunk)],
        capture_output=True, text=True, timeout=timeout, check=False,
    )
    wall = time.perf_counter() - started
    row: dict[str, object] = {"mode": mode, "chunk_chars": chunk, "file_bytes": size, "wall_s": round(wall, 2)}
    if process.returncode != 0:
        row["error"] = process.stderr.strip().splitlines()[-1] if process.stderr.strip() else f"exit {process.returncode}"
        return row
    data = json.loads(process.stdout.strip().splitlines()[-1])
    row.update(
        baseline_mib=round(data["baseline_kb"] / 1024, 1),
        peak_mib=round(data["peak_kb"] / 1024, 1),
        vm_hwm_mib=round(data["vm_hwm_kb"] / 1024, 1) if data.get("vm_hwm_kb") else None,
        clean_s=round(data["seconds"], 2),
        mb_per_s=round(size / data["seconds"] / MB, 3) if data["seconds"] else None,
    )
    if data.get("sha256"):
        row["sha256"] = data["sha256"]
    if mode == "stream":
        row["under_bound"] = data["peak_kb"] * 1024 < RSS_BOUND_MB * MB
    return row


# --------------------------------------------------------------------------- the CLI end to end


def cli_env() -> dict[str, str]:
    """Environment for ``python -m wenben`` subprocesses: this checkout's ``src/`` first."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO / "src"), env.get("PYTHONPATH", "")) if p)
    return env


def cli_command(*args: str) -> list[str]:
    """``python -m wenben`` with the benchmark's fixed options (no config file, no progress bar)."""
    return [sys.executable, "-m", "wenben", "--no-config", "--no-progress", *args]


def sha256_of_path(path: Path) -> str:
    """SHA-256 of a file (read in 1 MiB blocks), or of a directory tree: every file's relative
    path and content, in sorted order (temporary and hidden files included, so leftovers show)."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        with open(file, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        if path.is_dir():
            digest.update(b"\0")
    return digest.hexdigest()


_CLI_CHILD = r"""
import json, os, sys, time
# A fresh, small interpreter forks and the child execs the CLI: the child's ru_maxrss starts from
# this small process, not from the (possibly large) benchmark process.
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, *sys.argv[1:]])
_, status, usage = os.wait4(pid, 0)
print(json.dumps({"exit": os.waitstatus_to_exitcode(status), "peak_kb": usage.ru_maxrss,
                  "cpu_s": usage.ru_utime + usage.ru_stime, "seconds": time.perf_counter() - start}))
"""


def cli_stream_rss(path: Path, output: Path, timeout: float = 3 * 3600) -> dict[str, object]:
    """Stream ``path`` through the CLI (``python -m wenben PATH -o OUTPUT``, one process); peak RSS
    of that process (``wait4``), wall time, and the SHA-256 of what it wrote.  ``output`` is
    deleted afterwards (it is as large as the input)."""
    size = path.stat().st_size
    output.parent.mkdir(parents=True, exist_ok=True)
    output.unlink(missing_ok=True)
    command = cli_command(str(path), "-o", str(output))[1:]
    row: dict[str, object] = {"mode": "cli", "chunk_chars": None, "file_bytes": size,
                              "command": "python -m wenben " + " ".join(command[2:])}
    try:
        process = subprocess.run([sys.executable, "-c", _CLI_CHILD, *command], capture_output=True, text=True,
                                 timeout=timeout, check=False, env=cli_env())
        data = json.loads(process.stdout.strip().splitlines()[-1]) if process.stdout.strip() else {}
        if process.returncode != 0 or data.get("exit") != 0:
            row["error"] = (process.stderr.strip().splitlines() or [f"exit {data.get('exit', process.returncode)}"])[-1]
            return row
        row.update(
            wall_s=round(data["seconds"], 2),
            peak_mib=round(data["peak_kb"] / 1024, 1),
            vm_hwm_mib=None,
            baseline_mib=None,
            clean_s=round(data["seconds"], 2),
            cpu_s=round(data["cpu_s"], 2),
            mb_per_s=round(size / data["seconds"] / MB, 3) if data["seconds"] else None,
            sha256=sha256_of_path(output),
            output_bytes=output.stat().st_size,
            under_bound=data["peak_kb"] * 1024 < RSS_BOUND_MB * MB,
        )
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        row["error"] = f"{type(error).__name__}: {error}"
    finally:
        output.unlink(missing_ok=True)
    return row


def stream_identity(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Per input file: do the outputs of the different ways of cleaning it (``clean_stream`` in
    64K-character reads, over lines, the CLI's 1 MiB byte reads, ``clean`` of the whole) agree?"""
    by_file: dict[tuple[object, object], dict[str, str]] = {}
    for row in rows:
        if row.get("sha256"):
            chunk = row.get("chunk_chars")
            how = {"whole": "clean(whole)", "cli": "CLI"}.get(str(row["mode"]),
                                                             f"clean_stream({chunk}-char reads)" if chunk else "clean_stream(lines)")
            by_file.setdefault((row["size_mb"], row["file_bytes"]), {})[how] = str(row["sha256"])
    return [
        {"size_mb": size, "file_bytes": file_bytes, "sha256": hashes, "identical": len(set(hashes.values())) == 1}
        for (size, file_bytes), hashes in by_file.items()
        if len(hashes) > 1
    ]


# --------------------------------------------------------------------------- -j scaling (the CLI end to end)


def split_into_files(path: Path, folder: Path, files: int = 200) -> Path:
    """``folder`` filled with ``files`` parts of the corpus file ``path`` (``part-000.txt``...),
    cut at blank lines, about equal in size; streamed line by line.  Reused if complete."""
    marker = folder / ".complete"
    if marker.exists() and marker.read_text() == f"{path.name} {path.stat().st_size} {files}":
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    per_file = path.stat().st_size / files

    def parts() -> Iterator[list[str]]:
        lines: list[str] = []
        written, made = 0, 0
        with open(path, encoding="utf-8", newline="") as source:
            for line in source:
                lines.append(line)
                written += len(line.encode("utf-8"))
                if written >= per_file and made < files - 1 and not line.strip():
                    yield lines  # ends with the blank line
                    lines, written, made = [], 0, made + 1
        yield lines

    for index, lines in enumerate(parts()):
        with open(folder / f"part-{index:03d}.txt", "w", encoding="utf-8", newline="") as out:
            out.writelines(lines)
    marker.write_text(f"{path.name} {path.stat().st_size} {files}")
    return folder


@dataclass
class JobsRun:
    label: str  # "one file" or "N files"
    jobs: int
    input_bytes: int
    files: int
    times: list[float] = field(default_factory=list)
    cpu_times: list[float] = field(default_factory=list)
    loadavg: list[tuple[float, float]] = field(default_factory=list)  # 1-minute load before / after each run
    sha256: str | None = None
    error: str | None = None

    @property
    def best(self) -> float:
        return min(self.times) if self.times else float("nan")


def measure_jobs(
    path: Path, jobs: list[int], work: Path, repeat: int = 1, label: str = "", files: int = 1
) -> list[dict[str, object]]:
    """Wall time of ``python -m wenben -j N -o OUTDIR PATH`` for each N (``PATH`` a file or a
    directory), ``repeat`` interleaved rounds, best kept; CPU time of the process tree
    (RUSAGE_CHILDREN); SHA-256 of each output tree, compared with the first N's (normally 1).

    Wall time includes starting Python and the worker processes: it is what a user waits for."""
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")) if path.is_dir() else path.stat().st_size
    label = label or (f"{files} files" if path.is_dir() else "one file")
    runs = {n: JobsRun(label, n, size, files) for n in jobs}
    work.mkdir(parents=True, exist_ok=True)
    for round_ in range(repeat):
        for n, run in runs.items():
            if run.error:
                continue
            outdir = work / f"j{n}"
            if outdir.exists():
                shutil.rmtree(outdir)
            outdir.mkdir(parents=True)
            before_load = os.getloadavg()[0]
            before_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            process = subprocess.run(cli_command("-j", str(n), "-o", str(outdir), str(path)),
                                     capture_output=True, text=True, check=False, env=cli_env())
            wall = time.perf_counter() - started
            after_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
            run.loadavg.append((before_load, os.getloadavg()[0]))
            if process.returncode != 0:
                run.error = (process.stderr.strip().splitlines() or [f"exit {process.returncode}"])[-1]
                continue
            run.times.append(wall)
            run.cpu_times.append(after_cpu.ru_utime + after_cpu.ru_stime - before_cpu.ru_utime - before_cpu.ru_stime)
            digest = sha256_of_path(outdir)
            if run.sha256 is not None and digest != run.sha256:
                run.error = f"output differs between runs of -j {n}"
            run.sha256 = digest
            if round_ == repeat - 1 or run.error:
                shown = run.error or f"{size / run.best / MB:8.2f} MB/s, best {run.best:.2f} s"
                print(f"  -j {n} {label}: {shown}", file=sys.stderr, flush=True)
            shutil.rmtree(outdir)
    base = runs[jobs[0]]
    rows = []
    for n, run in runs.items():
        ok = bool(run.times) and not run.error
        rows.append({
            "input": label,
            "files": files,
            "input_bytes": size,
            "jobs": n,
            "times_s": [round(t, 3) for t in run.times],
            "best_s": round(run.best, 3) if ok else None,
            "mb_per_s": round(size / run.best / MB, 3) if ok else None,
            "cpu_s": round(min(run.cpu_times), 3) if run.cpu_times else None,
            "speedup": round(base.best / run.best, 3) if ok and base.times and not base.error else None,
            "speedup_vs": jobs[0],
            "sha256": run.sha256,
            "identical": (run.sha256 == base.sha256) if ok and base.sha256 else None,
            "loadavg_1min": [[round(a, 2), round(b, 2)] for a, b in run.loadavg],
            "error": run.error,
        })
    return rows


def cli_startup() -> float:
    """Best of three ``python -m wenben --version``: the fixed cost in every CLI timing."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(cli_command("--version"), capture_output=True, check=False, env=cli_env())
        times.append(time.perf_counter() - started)
    return min(times)


def one_file_parts(path: Path) -> tuple[int, int | None]:
    """Characters in ``path``, and the number of parts ``-j`` cleans it in (cut as the CLI cuts
    it: 1 MiB reads, parts of at least ``wenben.parallel.PART_SIZE`` characters at blank lines)."""
    try:
        from wenben.engine import paragraph_chunks
        from wenben.io.stream import iter_decoded
        from wenben.parallel import PART_SIZE
    except ImportError:
        with open(path, encoding="utf-8", newline="") as handle:
            return sum(len(b) for b in iter(lambda: handle.read(1 << 20), "")), None
    chars, parts = 0, 0
    with open(path, "rb") as handle:
        for part in paragraph_chunks(iter_decoded(handle), min_size=PART_SIZE):
            chars += len(part)
            parts += 1
    return chars, parts


def jobs_section(corpus_path: Path, jobs: list[int], repeat: int, files: int = 200) -> dict[str, object]:
    """-j scaling on one large file and on a directory of ``files`` files cut from it."""
    from wenben import parallel

    if 1 not in jobs:
        print("  note: -j 1 not measured, speed-ups are relative to -j " + str(jobs[0]), file=sys.stderr)
    section: dict[str, object] = {
        "cpu_count": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "loadavg_before": [round(x, 2) for x in os.getloadavg()],
        "corpus_file": corpus_path.name,
        "part_chars": getattr(parallel, "PART_SIZE", None),
        "repeat": repeat,
        "startup_s": round(cli_startup(), 3),
    }
    chars, parts = one_file_parts(corpus_path)
    section["one_file_chars"] = chars
    if parts:
        section["one_file_parts"] = parts
        if parts < max(jobs):
            print(f"  note: one file of {chars:,} characters is only ~{section['one_file_parts']} part(s) of "
                  f"{section['part_chars']:,}: -j cannot help it (use a larger --jobs-size)", file=sys.stderr)
    work = OUT / "jobs"
    rows = measure_jobs(corpus_path, jobs, work / "one", repeat)
    folder = split_into_files(corpus_path, OUT / f"{corpus_path.stem}-{files}files", files)
    rows += measure_jobs(folder, jobs, work / "many", repeat, files=files)
    section["rows"] = rows
    section["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    return section


# --------------------------------------------------------------------------- report


def machine() -> dict[str, object]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for dist in ("wenben", "ftfy", "pangu", "autocorrect-py", "OpenCC", "matplotlib"):
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[dist] = None
    try:
        import wenben

        versions["wenben (imported)"] = f"{wenben.__version__} from {Path(wenben.__file__).parent}"
    except ImportError:
        pass
    try:
        git = ["git", "-C", str(REPO)]
        commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False).stdout.strip()
        dirty = bool(subprocess.run([*git, "status", "--porcelain", "src"], capture_output=True, text=True, check=False).stdout.strip())
    except OSError:
        commit, dirty = "", False
    digest = hashlib.sha1()
    for path in sorted((REPO / "src").rglob("*.py")):
        digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    return {
        "nproc": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": model,
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "versions": versions,
        "git": commit + (" (src/ has uncommitted changes)" if dirty else ""),
        "src_sha1": digest.hexdigest()[:12],
    }


def format_table(results: dict[str, Measurement], tools: dict[str, Tool]) -> str:
    base = results.get(BASELINE)
    lines = [f"{'tool':28s} {'MB/s':>8s} {'best s':>8s} {'wenben/x':>9s} {'cpu MB/s':>9s}  what"]
    for name, m in results.items():
        if m.error:
            lines.append(f"{name:28s} {'ERROR':>8s} {'':8s} {'':9s}  {m.error}")
            continue
        ratio = base.mb_per_s / m.mb_per_s if base and base.times and name != BASELINE else None
        ratio_s = f"{ratio:8.2f}x" if ratio else f"{'':9s}"
        cpu = m.as_dict()["cpu_mb_per_s"]
        cpu_s = f"{cpu:9.2f}" if cpu else f"{'':9s}"
        lines.append(f"{name:28s} {m.mb_per_s:8.2f} {m.best:8.3f} {ratio_s} {cpu_s}  {tools[name].note if name in tools else ''}")
    return "\n".join(lines)


def charts(report: dict[str, object]) -> list[str]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no charts (pip install matplotlib)", file=sys.stderr)
        return []
    written = []
    rows = [r for r in report["results"] if r["mb_per_s"]]  # type: ignore[index]
    fig, ax = plt.subplots(figsize=(9, 0.4 * len(rows) + 1.5))
    names = [r["tool"] for r in rows][::-1]
    values = [r["mb_per_s"] for r in rows][::-1]
    colours = ["tab:red" if n == BASELINE else "tab:orange" if n.startswith("wenben") else "tab:blue" for n in names]
    ax.barh(names, values, color=colours)
    ax.set_xscale("log")
    ax.set_xlabel("MB/s (UTF-8 input bytes / best wall time; log scale)")
    ax.set_title(f"Throughput on {report['corpus']['bytes'] / MB:.0f} MB noisy Chinese corpus")  # type: ignore[index]
    for y, v in enumerate(values):
        ax.text(v, y, f" {v:.2f}", va="center", fontsize=8)
    fig.tight_layout()
    path = OUT / "throughput.png"
    fig.savefig(path, dpi=120)
    plt.close(fig)
    written.append(str(path))
    scaling = report.get("scaling") or []
    if scaling:
        fig, ax = plt.subplots(figsize=(7, 4.5))
        by_tool: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for row in scaling:  # type: ignore[union-attr]
            if row.get("mb_per_s"):
                by_tool[row["tool"]].append((row["input_bytes"] / MB, row["mb_per_s"]))
        for tool, points in by_tool.items():
            points.sort()
            ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=tool)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("input size (MB)")
        ax.set_ylabel("MB/s")
        ax.set_title("Throughput vs input size")
        ax.legend(fontsize=8)
        fig.tight_layout()
        path = OUT / "scaling.png"
        fig.savefig(path, dpi=120)
        plt.close(fig)
        written.append(str(path))
    jobs = (report.get("jobs") or {}).get("rows") or []  # type: ignore[union-attr]
    if any(r["mb_per_s"] for r in jobs):
        fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
        by_input: dict[str, list[dict]] = defaultdict(list)
        for row in jobs:
            if row["mb_per_s"]:
                by_input[row["input"]].append(row)
        ns = sorted({r["jobs"] for r in jobs})
        for name, rows_ in by_input.items():
            rows_.sort(key=lambda r: r["jobs"])
            left.plot([r["jobs"] for r in rows_], [r["mb_per_s"] for r in rows_], marker="o", label=name)
            right.plot([r["jobs"] for r in rows_], [r["speedup"] for r in rows_], marker="o", label=name)
        base = jobs[0]["speedup_vs"]  # speed-ups are relative to the first N measured
        right.plot(ns, [n / base for n in ns], linestyle="--", color="grey", label="linear")
        cpus = report["jobs"].get("affinity") or report["jobs"].get("cpu_count")  # type: ignore[index,union-attr]
        if cpus:
            right.axvline(cpus, color="grey", linestyle=":", linewidth=1)
        for ax, label in ((left, "MB/s (input bytes / wall time)"), (right, f"speed-up vs -j {base}")):
            ax.set_xticks(ns)
            ax.set_xlabel("-j N")
            ax.set_ylabel(label)
            ax.set_ylim(bottom=0)
            ax.legend(fontsize=8)
        fig.suptitle(f"CLI -j scaling, {jobs[0]['input_bytes'] / MB:.0f} MB corpus, {cpus} CPUs (wall time, start-up included)")
        fig.tight_layout()
        path = OUT / "jobs.png"
        fig.savefig(path, dpi=120)
        plt.close(fig)
        written.append(str(path))
    breakdown = report.get("breakdown") or {}
    if breakdown.get("rules"):  # type: ignore[union-attr]
        rules = breakdown["rules"] + [{"rule": "(engine)", "seconds": breakdown["engine_s"]}]  # type: ignore[index,operator]
        rules.sort(key=lambda r: r["seconds"])
        fig, ax = plt.subplots(figsize=(8, 0.3 * len(rules) + 1.5))
        ax.barh([r["rule"] for r in rules], [r["seconds"] for r in rules], color="tab:orange")
        ax.set_xlabel("seconds in one default-pipeline run")
        ax.set_title("Where wenben's default pipeline spends its time")
        fig.tight_layout()
        path = OUT / "breakdown.png"
        fig.savefig(path, dpi=120)
        plt.close(fig)
        written.append(str(path))
    return written


def _rss_mode(row: dict) -> str:
    if row["mode"] == "cli":
        return "CLI `python -m wenben FILE -o OUT` (1 MiB reads)"
    return {"read": "read only (64K-char chunks)", "whole": "`wenben.clean(whole file)`"}.get(
        row["mode"], "`clean_stream`, " + ("lines" if not row["chunk_chars"] else f"{row['chunk_chars']}-char chunks"))


def markdown(report: dict) -> str:
    """The measured tables as Markdown (written to benchmarks/out/results.md for docs/performance.md)."""
    m = report["machine"]
    c = report["corpus"]
    out = [
        (f"Machine: {m['cpu_model']}, nproc {m['nproc']}, Python {m['python']} ({m['implementation']}), {m['platform']}; "
         f"wenben {m['git']}, src sha1 {m['src_sha1']}; load average {report['loadavg_start'][0]:.2f} at start, "
         f"{report['loadavg_end'][0]:.2f} at end."),
        "",
        (f"Command: `{report['command']}`; corpus {c['bytes']:,} bytes ({c['chars']:,} characters, seed {c['seed']}); "
         f"best of {report['repeat']} interleaved runs."),
        "",
        "Ratios (wenben default throughput / peer throughput; > 1 means wenben is faster):",
        "",
        "| peer | by wall time | by CPU time |",
        "| --- | ---: | ---: |",
    ]
    for name, value in report["ratios"].items():
        out.append(f"| wenben / {name} | {value:.2f}x | {report.get('ratios_cpu', {}).get(name, float('nan')):.2f}x |")
    out += ["", "| tool | MB/s (wall) | best s | MB/s (CPU) | what |", "| --- | ---: | ---: | ---: | --- |"]
    for row in report["results"]:
        if row["error"]:
            out.append(f"| {row['tool']} | error | | | {row['error']} |")
        else:
            out.append(f"| {row['tool']} | {row['mb_per_s']:.2f} | {row['best_s']:.3f} | {row['cpu_mb_per_s'] or float('nan'):.2f} | {row['what']} |")
    if report.get("clean_input"):
        out += ["", "Same size, noise-free input:", "", "| tool | MB/s (wall) | MB/s (CPU) |", "| --- | ---: | ---: |"]
        for row in report["clean_input"]:
            out.append(f"| {row['tool']} | {row['mb_per_s']:.2f} | {row['cpu_mb_per_s'] or float('nan'):.2f} |")
    b = report.get("breakdown") or {}
    if b.get("rules"):
        out += ["", f"Default pipeline, one run of {b['total_s']:.2f} s:", "", "| rule | group | seconds | % | edits |",
                "| --- | --- | ---: | ---: | ---: |"]
        for r in b["rules"]:
            out.append(f"| {r['rule']} | {r['group']} | {r['seconds']:.3f} | {r['percent']:.1f} | {r['edits']:,} |")
        out.append(f"| (engine: protected spans, filtering, applying edits, trigger scan) | | {b['engine_s']:.3f} | {b['engine_percent']:.1f} | |")
        out += ["", "Groups: " + ", ".join(f"{g} {v['percent']}%" for g, v in b["groups"].items()) + f", engine {b['engine_percent']}%"
                + " (" + ", ".join(f"{n} {v['percent']}%" for n, v in b.get("engine_parts", {}).items()) + ")."]
    if report.get("scaling"):
        sizes = sorted({r["size_mb"] for r in report["scaling"]})
        out += ["", "Scaling (MB/s wall, CPU in parentheses):", "", "| tool | " + " | ".join(f"{s:g} MB" for s in sizes) + " |",
                "| --- | " + " | ".join("---:" for _ in sizes) + " |"]
        for name in dict.fromkeys(r["tool"] for r in report["scaling"]):
            cells = {r["size_mb"]: r for r in report["scaling"] if r["tool"] == name}
            out.append(f"| {name} | " + " | ".join(
                f"{cells[s]['mb_per_s']:.2f} ({cells[s]['cpu_mb_per_s']:.2f})" if s in cells and cells[s]["mb_per_s"] else "" for s in sizes) + " |")
    if report.get("rss"):
        out += ["", ("Peak RSS (fresh interpreter, VmHWM / ru_maxrss; 'after import' = after `import wenben` and one tiny clean; "
                     f"the CLI row is the whole `python -m wenben FILE -o OUT` process, ru_maxrss from `wait4`; bound {RSS_BOUND_MB} MB):"), "",
                "| mode | input | peak MiB | after import MiB | MB/s | < 150 MB | output SHA-256 |",
                "| --- | ---: | ---: | ---: | ---: | --- | --- |"]
        for r in report["rss"]:
            if "error" in r:
                out.append(f"| {r['mode']} | {r['size_mb']:g} MB | error: {r['error']} | | | | |")
                continue
            out.append(f"| {_rss_mode(r)} | {r['size_mb']:g} MB | {r['peak_mib']} | {r.get('baseline_mib') or ''} | {r['mb_per_s']} | "
                       f"{'' if 'under_bound' not in r else 'yes' if r['under_bound'] else '**no**'} | "
                       f"{('`' + r['sha256'][:16] + '`') if r.get('sha256') else ''} |")
        for same in report.get("stream_identity") or []:
            out.append("")
            out.append(f"Identical output on the {same['size_mb']:g} MB file ({same['file_bytes']:,} bytes): "
                       f"**{'true' if same['identical'] else 'false'}** ({', '.join(same['sha256'])}).")
    if report.get("jobs"):
        j = report["jobs"]
        out += ["", (f"`-j` scaling of the CLI end to end (`python -m wenben -j N -o OUTDIR INPUT`, wall time incl. start-up "
                     f"of Python ({j['startup_s']:.2f} s for `--version`) and of the workers; best of {j['repeat']}; corpus `{j['corpus_file']}`; "
                     f"the one file, {j.get('one_file_chars', 0):,} characters, is cut into ~{j.get('one_file_parts', '?')} parts of ≥ {j['part_chars']:,} characters). CPUs: os.cpu_count() = {j['cpu_count']}, "
                     f"sched_getaffinity = {j['affinity']}; load average (1/5/15 min) {j['loadavg_before']} before, {j['loadavg_after']} after:"), "",
                "| input | MB | -j | best s | MB/s | speed-up | CPU s (all processes) | identical to -j 1 | 1-min load before → after |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
        for r in j["rows"]:
            load = ", ".join(f"{a:.2f} → {b:.2f}" for a, b in r["loadavg_1min"])
            if r["error"]:
                out.append(f"| {r['input']} | {r['input_bytes'] / MB:.1f} | {r['jobs']} | error: {r['error']} | | | | | {load} |")
                continue
            same = "" if r["jobs"] == r["speedup_vs"] else ("yes" if r["identical"] else "**no**")
            out.append(f"| {r['input']} | {r['input_bytes'] / MB:.1f} | {r['jobs']} | {r['best_s']:.2f} | {r['mb_per_s']:.2f} | "
                       f"{r['speedup']:.2f}x | {r['cpu_s']:.2f} | {same} | {load} |")
    if report.get("profile"):
        out += ["", "cProfile of the default pipeline, top 10 by own time:", "", "| own s | calls | function |", "| ---: | ---: | --- |"]
        for r in report["profile"]["by_tottime"][:10]:
            out.append(f"| {r['tottime_s']:.3f} | {r['calls']:,} | `{r['function']}` |")
    out += ["", f"Sanity checks: {report.get('sanity')}"]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- main


CLEAN_INPUT_TOOLS = (BASELINE, "ftfy (no width/quotes)", "pangu", "autocorrect-py")
SCALING_TOOLS = (BASELINE, "autocorrect-py", "ftfy (no width/quotes)", "re.sub floor")


def run_table(text: str, tools: list[Tool], repeat: int, label: str = "") -> dict[str, Measurement]:
    return measure_round_robin(tools, text, repeat, label)


def sanity(text: str) -> dict[str, object]:
    """Cheap correctness checks on the benchmark input (reported, never fatal)."""
    import wenben

    checks: dict[str, object] = {}
    try:
        once = wenben.clean(text)
        checks["idempotent"] = wenben.clean(once) == once
        pieces = [text[i : i + 4096] for i in range(0, len(text), 4096)]
        streamed = "".join(wenben.clean_stream(pieces))
        checks["stream_equals_clean"] = streamed == once
        if not checks["stream_equals_clean"]:
            at = next((i for i, (a, b) in enumerate(zip(streamed, once)) if a != b), min(len(streamed), len(once)))
            checks["stream_first_difference"] = {"offset": at, "stream": streamed[at - 40 : at + 40], "clean": once[at - 40 : at + 40]}
        checks["han_space_han_left"] = len(re.findall("(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", once))
        checks["ascii_comma_after_han_left"] = len(re.findall("(?<=[\u4e00-\u9fff]),", once))
        checks["fullwidth_digits_left"] = len(re.findall("[\uff10-\uff19]", once))
        checks["cr_left"] = once.count("\r")
        checks["nbsp_left"] = once.count("\u00a0")
    except Exception as error:  # noqa: BLE001
        checks["error"] = f"{type(error).__name__}: {error}"
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="wenben throughput benchmark")
    parser.add_argument("--size", type=float, default=10, help="MB of corpus for the main table (default 10)")
    parser.add_argument("--quick", action="store_true",
                        help="1 MB only, 2 runs per tool: main table, breakdown, stream 1 MB (under a minute)")
    parser.add_argument("--repeat", type=int, default=None, help="runs per tool, best kept (default 3)")
    parser.add_argument("--scaling", default=None, help="comma-separated MB sizes for the scaling table (default 1,10,100)")
    parser.add_argument("--stream-size", type=float, default=None, help="MB file streamed for peak RSS (default 100)")
    parser.add_argument("--big", action="store_true",
                        help="also stream a 1 GB file: peak RSS of clean_stream and of the CLI, and their outputs compared")
    # Testing only: the size of the --big file, to try that path on a small stand-in.
    parser.add_argument("--big-size", type=float, default=1000, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", default=None,
                        help="comma-separated N for the CLI's -j scaling (default 1,2; skipped with --quick unless given; 'none' to skip)")
    parser.add_argument("--jobs-size", type=float, default=None, help="MB of corpus for the -j runs (default: --size)")
    parser.add_argument("--jobs-files", type=int, default=200,
                        help="the -j runs also clean a directory of this many files cut from that corpus (default 200)")
    parser.add_argument("--no-groups", action="store_true", help="skip the per-rule-group rows")
    parser.add_argument("--no-clean-input", action="store_true", help="skip the table on noise-free input")
    parser.add_argument("--profile", action="store_true", help="cProfile the default pipeline on the main corpus")
    parser.add_argument("--chart", action="store_true", help="write PNG charts to benchmarks/out/ (needs matplotlib)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=Path, default=OUT / "results.json")
    args = parser.parse_args(argv)

    if args.quick:
        # Must stay under a minute even on a busy 2-core machine.
        args.size = 1
        args.no_clean_input = True
    repeat = args.repeat or (2 if args.quick else 3)
    scaling_sizes = [float(s) for s in (args.scaling or ("1" if args.quick else "1,10,100")).split(",") if s]
    stream_size = args.stream_size if args.stream_size is not None else (1 if args.quick else 100)
    jobs_spec = args.jobs if args.jobs is not None else ("none" if args.quick else "1,2")
    jobs_list = [] if jobs_spec.strip().lower() in ("", "none", "0") else [int(n) for n in jobs_spec.split(",") if n.strip()]
    if any(n < 1 for n in jobs_list):
        parser.error("--jobs: each N must be at least 1")
    jobs_size = args.jobs_size if args.jobs_size is not None else args.size
    OUT.mkdir(exist_ok=True)
    began = time.perf_counter()

    report: dict[str, object] = {"machine": machine(), "command": "python " + " ".join([sys.argv[0], *(argv if argv is not None else sys.argv[1:])])}
    noise = corpus.Noise()
    print(f"corpus: {args.size:g} MB, seed {args.seed}", file=sys.stderr, flush=True)
    text = corpus.load(args.size, args.seed, noise)
    report["corpus"] = {"size_mb": args.size, "seed": args.seed, "noise": noise.__dict__, **corpus.describe(text)}
    report["repeat"] = repeat
    report["loadavg_start"] = os.getloadavg()

    tools, skipped = all_tools(groups=not args.no_groups)
    by_name = {t.name: t for t in tools}
    report["skipped"] = skipped
    print(f"main table ({repeat} runs each, best kept):", file=sys.stderr)
    results = run_table(text, tools, repeat)
    report["results"] = [dict(m.as_dict(), kind=by_name[n].kind, what=by_name[n].note) for n, m in results.items()]
    ratios = ratio_lines(results)
    report["ratios"] = {k: round(v, 3) for k, v in ratios.items()}
    cpu_ratios = ratio_lines(results, cpu=True)
    report["ratios_cpu"] = {k: round(v, 3) for k, v in cpu_ratios.items()}

    if not args.no_clean_input:
        # Already-clean text is the common case in a pipeline: how cheap is "nothing to do"?
        print("clean (noise-free) input of the same size:", file=sys.stderr, flush=True)
        clean_text = corpus.load(args.size, args.seed, corpus.Noise.none())
        chosen = [by_name[n] for n in CLEAN_INPUT_TOOLS if n in by_name]
        clean_results = run_table(clean_text, chosen, repeat, "clean input: ")
        report["clean_input"] = [dict(m.as_dict(), what=by_name[n].note) for n, m in clean_results.items()]
        del clean_text

    print("per-rule breakdown of one default run ...", file=sys.stderr, flush=True)
    report["breakdown"] = rule_breakdown(text)
    print("sanity checks on a 1 MB slice ...", file=sys.stderr, flush=True)
    report["sanity"] = sanity(text[: (MB // 10) if args.quick else (MB // 3)])

    if args.profile:
        print("cProfile of the default pipeline ...", file=sys.stderr, flush=True)
        report["profile"] = profile_default(text)

    scaling_rows = []
    for size in scaling_sizes:
        if size == args.size:
            sized = {n: results[n] for n in SCALING_TOOLS if n in results}
        else:
            print(f"scaling: {size:g} MB", file=sys.stderr, flush=True)
            sized_text = corpus.load(size, args.seed, noise)
            chosen = [by_name[n] for n in SCALING_TOOLS if n in by_name]
            sized = run_table(sized_text, chosen, 1 if size >= 50 else repeat, f"{size:g} MB ")
            del sized_text
        for name, m in sized.items():
            scaling_rows.append(dict(m.as_dict(), size_mb=size))
    report["scaling"] = scaling_rows

    if jobs_list:
        print(f"-j scaling of the CLI: {jobs_size:g} MB, -j {','.join(map(str, jobs_list))} "
              f"(cpu_count {os.cpu_count()}, load {os.getloadavg()[0]:.2f}) ...", file=sys.stderr, flush=True)
        jobs_path = corpus.corpus_file(jobs_size, args.seed, noise)
        report["jobs"] = jobs_section(jobs_path, jobs_list, 1 if jobs_size >= 50 else repeat, args.jobs_files)

    rss_rows = []
    stream_sizes = [stream_size] + ([args.big_size] if args.big else [])
    for size in stream_sizes:
        if not corpus.corpus_file_path(size, args.seed, noise).exists():
            print(f"generating the {size:g} MB corpus file (streamed) ...", file=sys.stderr, flush=True)
        path = corpus.corpus_file(size, args.seed, noise)
        print(f"peak RSS: streaming {size:g} MB through wenben.clean_stream ...", file=sys.stderr, flush=True)
        rss_rows.append(dict(peak_rss(path, "read"), size_mb=size))
        rss_rows.append(dict(peak_rss(path, "stream", 65536), size_mb=size))
        print(f"peak RSS: streaming {size:g} MB through the CLI (python -m wenben FILE -o OUT) ...", file=sys.stderr, flush=True)
        rss_rows.append(dict(cli_stream_rss(path, OUT / "stream-out" / path.name), size_mb=size))
    whole_size = min(stream_size, 10)
    print(f"peak RSS: wenben.clean on {whole_size:g} MB in one string ...", file=sys.stderr, flush=True)
    rss_rows.append(dict(peak_rss(corpus.corpus_file(whole_size, args.seed, noise), "whole"), size_mb=whole_size))
    if not args.quick:
        # Line-by-line input (iterating over a file object): many small clean() calls.
        rss_rows.append(dict(peak_rss(corpus.corpus_file(whole_size, args.seed, noise), "stream", 0), size_mb=whole_size))
    report["rss"] = rss_rows
    report["stream_identity"] = stream_identity(rss_rows)
    report["elapsed_s"] = round(time.perf_counter() - began, 1)
    report["loadavg_end"] = os.getloadavg()

    if args.chart:
        report["charts"] = charts(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
    args.output.with_suffix(".md").write_text(markdown(report), "utf-8")

    # ------------------------------------------------------------------ print
    m = report["machine"]
    print(f"\nmachine: {m['cpu_model']} x{m['nproc']}, Python {m['python']}; corpus {report['corpus']['bytes'] / MB:.2f} MB (seed {args.seed}); "  # type: ignore[index]
          f"best of {repeat}, interleaved; load average {report['loadavg_start'][0]:.2f} at start, {report['loadavg_end'][0]:.2f} at end")  # type: ignore[index]
    print("\nratios (wenben default throughput / peer throughput; >1 = wenben faster):")
    for name, value in ratios.items():
        print(f"  wenben / {name} = {value:.2f}x   (by CPU time {cpu_ratios.get(name, float('nan')):.2f}x)")
    print("\n" + format_table(results, by_name))
    if skipped:
        print(f"\nskipped: {skipped}")
    if report.get("clean_input"):
        print("\nsame size, noise-free input (canonical fixture text only):")
        for row in report["clean_input"]:  # type: ignore[union-attr]
            print(f"  {row['tool']:28s} {row['mb_per_s'] or float('nan'):8.2f} MB/s   cpu {row['cpu_mb_per_s'] or float('nan'):8.2f} MB/s")
    b = report["breakdown"]
    if isinstance(b, dict) and "rules" in b:
        print(f"\ndefault pipeline, time per rule group (one run, {b['total_s']} s): "
              + ", ".join(f"{g} {v['percent']}%" for g, v in b["groups"].items()) + f", engine {b['engine_percent']}%")
        print("top rules: " + ", ".join(f"{r['rule']} {r['percent']}%" for r in b["rules"][:6]))
        if b.get("engine_parts"):
            print("engine: " + ", ".join(f"{n} {v['percent']}%" for n, v in b["engine_parts"].items()))
    print("\nscaling (MB/s):")
    sizes = sorted({r["size_mb"] for r in scaling_rows})
    print(f"  {'tool':28s}" + "".join(f"{s:>10g}MB" for s in sizes))
    for name in SCALING_TOOLS:
        cells = {r["size_mb"]: r["mb_per_s"] for r in scaling_rows if r["tool"] == name}
        if cells:
            print(f"  {name:28s}" + "".join(f"{cells.get(s) or float('nan'):12.2f}" for s in sizes))
    if report.get("jobs"):
        j = report["jobs"]
        print(f"\n-j scaling, CLI end to end (cpu_count {j['cpu_count']}, affinity {j['affinity']}; "  # type: ignore[index]
              f"load {j['loadavg_before']} before, {j['loadavg_after']} after; start-up {j['startup_s']} s):")  # type: ignore[index]
        for row in j["rows"]:  # type: ignore[index]
            if row["error"]:
                print(f"  {row['input']:10s} -j {row['jobs']}: ERROR {row['error']}")
            else:
                same = "" if row["jobs"] == row["speedup_vs"] else f", identical to -j {row['speedup_vs']}: {str(row['identical']).lower()}"
                print(f"  {row['input']:10s} -j {row['jobs']}: {row['best_s']:7.2f} s {row['mb_per_s']:7.2f} MB/s "
                      f"speed-up {row['speedup']:.2f}x, cpu {row['cpu_s']:.2f} s{same}")
    print("\npeak RSS (fresh interpreter; baseline = after import wenben):")
    for row in rss_rows:
        if "error" in row:
            print(f"  {row['mode']:6s} {row['size_mb']:g} MB: ERROR {row['error']}")
        elif row["mode"] == "cli":
            print(f"  {'cli':6s} {row['size_mb']:>6g} MB (1 MiB reads): peak {row['peak_mib']} MiB (whole process), {row['mb_per_s']} MB/s, "
                  f"under {RSS_BOUND_MB} MB: {str(row['under_bound']).lower()}")
        else:
            chunk = ("whole file" if row["mode"] == "whole" else "lines" if row["mode"] == "stream" and not row["chunk_chars"]
                     else f"{row['chunk_chars'] or 65536} chars")
            bound = f", under {RSS_BOUND_MB} MB: {str(row['under_bound']).lower()}" if "under_bound" in row else ""
            print(f"  {row['mode']:6s} {row['size_mb']:>6g} MB ({chunk}): peak {row['peak_mib']} MiB (VmHWM {row['vm_hwm_mib']}), after import {row['baseline_mib']} MiB, {row['mb_per_s']} MB/s{bound}")
    for same in report["stream_identity"]:  # type: ignore[union-attr]
        print(f"  identical output on {same['size_mb']:g} MB ({', '.join(same['sha256'])}): {str(same['identical']).lower()}")
    print(f"\nsanity: {report['sanity']}")
    if args.profile:
        print("\ncProfile, top 10 by own time:")
        for row in report["profile"]["by_tottime"][:10]:  # type: ignore[index]
            print(f"  {row['tottime_s']:8.3f}s {row['calls']:>9d}  {row['function']}")
    print(f"\nwrote {args.output} ({report['elapsed_s']} s)" + (f"; charts: {', '.join(report.get('charts', []))}" if args.chart else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
