"""Smoke test of the benchmark suite (``benchmarks/``), so that the runner does not rot.

Generates ~50 KB of corpus and runs ``run.py``'s measurement function once per tool on it; a few
seconds.  The numbers are not checked, only that everything runs and produces text.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str):
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(f"wenben_benchmarks_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


corpus = _load("corpus")
run = _load("run")


@pytest.fixture(scope="module")
def text() -> str:
    return corpus.generate(50_000, seed=3)


def test_corpus_is_deterministic_sized_and_noisy(text):
    size = len(text.encode("utf-8"))
    assert 50_000 <= size < 70_000
    assert corpus.generate(50_000, seed=3) == text
    assert corpus.generate(20_000, seed=3) == text[: len(corpus.generate(20_000, seed=3))]  # prefix
    assert corpus.generate(50_000, seed=4) != text
    counts = corpus.describe(text)
    for defect in ("han_space_han", "ascii_punct_after_han", "nbsp", "fullwidth_digits", "crlf"):
        assert counts[defect] > 0, defect
    clean = corpus.generate(50_000, seed=3, noise=corpus.Noise.none())
    assert corpus.describe(clean)["han_space_han"] == 0 and "\r" not in clean


def test_rule_groups_cover_the_default_profile():
    from wenben.profiles import PROFILES

    groups = run.rule_groups()
    assert sorted(r for ids in groups.values() for r in ids) == sorted(PROFILES["default"].rules)


def test_measure_wenben_and_one_peer(text):
    pytest.importorskip("pangu")
    autocorrect = pytest.importorskip("autocorrect_py")
    wenben_tool = run.wenben_tools(groups=False)[0]
    m = run.measure(wenben_tool.function, text, repeat=1, name=wenben_tool.name)
    assert m.error is None and m.mb_per_s > 0 and m.output_bytes > 0
    m = run.measure(autocorrect.format, text, repeat=1, name="autocorrect-py")
    assert m.error is None and m.mb_per_s > 0
    ratios = run.ratio_lines({run.BASELINE: run.measure(wenben_tool.function, text, 1), "autocorrect-py": m})
    assert set(ratios) == {"autocorrect-py"} and ratios["autocorrect-py"] > 0


def test_jobs_scaling_of_the_cli(tmp_path):
    """``-j`` measurement: the CLI end to end on one ~50 KB file and on a directory cut from it,
    N = 1 and 2; outputs identical, numbers present (no speed assertion: one part, a shared box)."""
    path = tmp_path / "corpus.txt"
    corpus.write(path, 50_000, seed=3)
    folder = run.split_into_files(path, tmp_path / "many", files=4)
    parts = sorted(folder.glob("*.txt"))
    assert len(parts) == 4
    original = path.read_bytes()
    assert b"".join(p.read_bytes() for p in parts) == original  # cut at blank lines, nothing lost
    rows = run.measure_jobs(path, [1, 2], tmp_path / "work-one", repeat=1)
    rows += run.measure_jobs(folder, [1, 2], tmp_path / "work-many", repeat=1, files=4)
    assert [(r["input"], r["jobs"]) for r in rows] == [("one file", 1), ("one file", 2), ("4 files", 1), ("4 files", 2)]
    for row in rows:
        assert row["error"] is None, row
        assert row["input_bytes"] == len(original)
        assert row["best_s"] > 0 and row["mb_per_s"] > 0 and row["speedup"] > 0 and row["cpu_s"] is not None
        assert row["identical"] is True and len(row["sha256"]) == 64
        assert row["loadavg_1min"]
    assert rows[0]["sha256"] != rows[2]["sha256"]  # a file tree hash includes the file names


def test_jobs_inside_one_archive_jsonl_file_and_check(tmp_path):
    """``jobs_inside.py``'s inputs and runs on ~50 KB: a zip of the cut files, JSON Lines
    records of the corpus (nothing lost), ``--check`` compared on standard output."""
    import json
    import zipfile

    inside = _load("jobs_inside")
    path = tmp_path / "corpus.txt"
    corpus.write(path, 50_000, seed=3)
    folder = run.split_into_files(path, tmp_path / "many", files=4)
    archive = inside.make_archive(folder, tmp_path / "a.zip")
    with zipfile.ZipFile(archive) as zin:
        assert len(zin.namelist()) == 4
    jsonl = inside.make_jsonl(path, tmp_path / "a.jsonl", record_bytes=2000)
    records = [json.loads(line) for line in jsonl.read_bytes().decode("utf-8").split("\n") if line]
    assert "".join(r["text"] for r in records) == path.read_bytes().decode("utf-8") and len(records) > 10
    rows = run.measure_jobs(archive, [1, 2], tmp_path / "w1", label="zip")
    rows += run.measure_jobs(jsonl, [1, 2], tmp_path / "w2", label="jsonl", cli_args=("--jsonl-field", "text"))
    rows += run.measure_jobs(folder, [1, 2], tmp_path / "w3", label="check", cli_args=("--check",), to_stdout=True)
    for row in rows:
        assert row["error"] is None, row
        assert row["identical"] is True and row["cpu_s"] is not None
    assert rows[4]["sha256"] != rows[2]["sha256"]


def test_stream_identity_cli_and_clean_stream(tmp_path):
    """The --big check on a small file: clean_stream in a fresh interpreter and the CLI stream the
    same file with different read sizes; same SHA-256, peak RSS reported."""
    path = tmp_path / "corpus.txt"
    corpus.write(path, 50_000, seed=3)
    rows = [dict(run.peak_rss(path, "stream", 4096), size_mb=0.05),
            dict(run.cli_stream_rss(path, tmp_path / "out" / "clean.txt"), size_mb=0.05)]
    for row in rows:
        assert "error" not in row, row
        assert row["peak_mib"] > 0 and row["under_bound"] is True and len(row["sha256"]) == 64
    assert not (tmp_path / "out" / "clean.txt").exists()  # deleted after hashing
    [same] = run.stream_identity(rows)
    assert same["identical"] is True, same


@pytest.mark.skipif(
    __import__("shutil").which("valgrind") is None or not __import__("os").environ.get("WENBEN_VALGRIND"),
    reason="needs valgrind and WENBEN_VALGRIND=1 (about a minute under callgrind)",
)
def test_instruction_counts_run(tmp_path):
    """benchmarks/instructions.py counts the cleaning of a small text (not its warm-up)."""
    instructions = _load("instructions")
    path = tmp_path / "sample.txt"
    path.write_text("\u6570 \u5b57\u7ecf\u6d4e, 7 \u6708 13 \u65e5\n" * 200, encoding="utf-8")
    setup = instructions.TOOLS["wenben"][0]
    counted = instructions.instructions(setup, path, 4000, count=True)
    warm_only = instructions.instructions(setup, path, 4000, count=False)
    assert counted > warm_only > 0
