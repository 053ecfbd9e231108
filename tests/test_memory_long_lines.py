"""Peak memory on one huge unbroken line (issue #15): a line has no blank line to cut at, so
everything wenben holds for it exists at once.

Each measurement is a fresh ``python`` process, its peak RSS read from ``wait4``
(``ru_maxrss``), minus the peak of a process that only imports wenben and cleans a few
characters (the interpreter and the library, ~40 MB, which no input size changes). The growth
is compared with the input's size in UTF-8 bytes.

* Corpus text on one line: within the bound, 10x the input, for ``wenben FILE > out``,
  ``wenben --check`` and ``wenben.clean()``.
* An edit every other character (every Han separated by a space, 1 edit per 4 bytes): within
  10x too for ``wenben FILE > out`` and ``clean()`` (the rules' edits are a stream of ~3 bytes
  an edit and the spacing pass reads its runs as it decides them), and within 20x for
  ``explain()``, whose ``Explanation.edits`` is a sequence over columns (ADR 0008); see
  docs/performance.md (4 MB, growth: ``wenben FILE > out`` 32x at first, 21x after the longmem
  session, 6x now; ``explain()`` ~150x at first).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_benchmarks import corpus

SRC = Path(__file__).resolve().parents[1] / "src"
MB = 1_000_000
SIZE = 4 * MB
HAN = "\u6570\u5b57\u7ecf\u6d4e\u7684\u53d1\u5c55\u4e2d\u56fd\u4eba\u6c11\u94f6\u884c"


def _cut(text: str, size: int) -> str:
    while len(text.encode()) < size:
        text += text
    return text.encode()[:size].decode(errors="ignore")


def _peak_mib(arguments: list[str], stdout: Path | None = None) -> float:
    """Peak RSS (MiB) of one process running the given Python arguments."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    with open(stdout if stdout is not None else os.devnull, "wb") as out:
        process = subprocess.Popen([sys.executable, *arguments], env=env, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        error = process.stderr.read().decode() if process.stderr else ""
        process.stderr.close()  # type: ignore[union-attr]
    assert os.waitstatus_to_exitcode(status) in (0, 1), error
    return usage.ru_maxrss / 1024


@pytest.fixture(scope="module")
def baseline() -> float:
    return _peak_mib(["-c", "import wenben; wenben.clean('\u6570 \u5b57, a'); wenben.explain('\u6570 \u5b57')"])


@pytest.fixture(scope="module")
def lines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("long")
    one_line = _cut(corpus.generate(SIZE // 4, seed=5).replace("\r", "").replace("\n", ""), SIZE)
    dense = _cut(" ".join(HAN) + " ", SIZE)
    paths = {"one line": folder / "one-line.txt", "dense": folder / "dense.txt"}
    paths["one line"].write_text(one_line, encoding="utf-8")
    paths["dense"].write_text(dense, encoding="utf-8")
    assert "\n" not in one_line
    assert len(dense) >= SIZE // 2 - 1  # a Han (3 bytes) and a space (1) by turns
    return paths


def _growth(peak: float, baseline: float, path: Path) -> float:
    """Peak RSS above the baseline, in multiples of the input's size."""
    return (peak - baseline) * 1024 * 1024 / path.stat().st_size


def _modes(path: Path, out: Path) -> dict[str, tuple[list[str], Path | None]]:
    return {
        "wenben FILE > out": (["-m", "wenben", str(path)], out),
        "wenben --check": (["-m", "wenben", "--check", str(path)], None),
        "clean()": (["-c", f"import wenben; wenben.clean(open({str(path)!r}, encoding='utf-8').read())"], None),
        "explain()": (["-c", f"import wenben; e = wenben.explain(open({str(path)!r}, encoding='utf-8').read()); assert len(e.edits) > 100_000"], None),
    }


@pytest.mark.parametrize("mode", ["wenben FILE > out", "wenben --check", "clean()"])
def test_one_long_line_within_ten_times_its_size(mode: str, lines: dict[str, Path], baseline: float, tmp_path: Path):
    path = lines["one line"]
    arguments, stdout = _modes(path, tmp_path / "out.txt")[mode]
    growth = _growth(_peak_mib(arguments, stdout), baseline, path)
    assert growth <= 10, f"{mode} on one {path.stat().st_size / MB:.0f} MB line: {growth:.1f}x its size"
    if stdout is not None:
        assert stdout.stat().st_size > SIZE // 2  # it did write the cleaned line


@pytest.mark.parametrize(("mode", "bound"), [("wenben FILE > out", 10), ("clean()", 10), ("explain()", 20)])
def test_an_edit_dense_line_within_its_bound(mode: str, bound: float, lines: dict[str, Path], baseline: float, tmp_path: Path):
    path = lines["dense"]
    arguments, stdout = _modes(path, tmp_path / "out.txt")[mode]
    growth = _growth(_peak_mib(arguments, stdout), baseline, path)
    assert growth <= bound, f"{mode} on a {path.stat().st_size / MB:.0f} MB edit-dense line: {growth:.1f}x its size"
