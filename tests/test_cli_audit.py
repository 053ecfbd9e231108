"""Issue #15's claims about wenben's own repository, checked with the real command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wenben_own_documentation_passes_its_own_check():
    """``wenben --check README.md docs/`` (912 findings when the issue was filed): none."""
    result = subprocess.run(
        [sys.executable, "-m", "wenben", "--no-config", "--check", "README.md", "docs/"],
        capture_output=True, cwd=ROOT, timeout=300,
    )
    assert result.stdout.decode("utf-8") == ""
    assert result.returncode == 0, result.stderr.decode("utf-8")
    assert result.stderr.decode("utf-8").endswith("files checked, nothing to change\n")


def _cpu_of(*args: str, cwd: Path) -> float:
    """User + system CPU seconds of one ``python -m wenben`` run (and its children)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "wenben", "--no-config", *args], capture_output=True, cwd=cwd, timeout=600)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def test_check_on_one_long_line_is_linear(tmp_path):
    """``--check`` on one unbroken line (9 s for 2.4 MB and unfinished after 12 min for 50 MB
    when the issue was filed): 8x the line costs about 8x the CPU above start-up, far from 64x."""
    unit = "7 \u6708 13 \u65e5\u4e0a\u5348, \u5fb7\u9633\u5e02(\u5fb7\u9633\u5206\u8d5b\u533a)\u3002"
    (tmp_path / "small.txt").write_text(unit * (500_000 // len(unit)), encoding="utf-8")
    (tmp_path / "large.txt").write_text(unit * (4_000_000 // len(unit)), encoding="utf-8")
    start_up = min(_cpu_of("--version", cwd=tmp_path) for _ in range(2))
    small = min(_cpu_of("--check", "small.txt", cwd=tmp_path) for _ in range(2)) - start_up
    large = _cpu_of("--check", "large.txt", cwd=tmp_path) - start_up
    assert large / max(small, 0.05) < 24, f"--check on 8x the line took {large / small:.1f}x the CPU ({small:.2f} s, {large:.2f} s)"


def test_report_through_the_command_says_what_it_left_out(tmp_path):
    """The page of a file with more changes than the cap (5,000 a file) marks the first ones
    and says how many it left out; its size stays bounded."""
    (tmp_path / "a.txt").write_text("\u6570 \u5b57\n" * 12_000, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "wenben", "--no-config", "--report", "r.html", "a.txt"], capture_output=True, cwd=tmp_path, timeout=300
    )
    assert result.returncode == 0, result.stderr.decode("utf-8")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    import wenben

    total = len(wenben.explain((tmp_path / "a.txt").read_text(encoding="utf-8")).edits)
    assert total > 5_000
    assert f"{total - 5_000:,} more changes in this file are not shown" in page
    assert len(page.encode("utf-8")) < 300 * 5_000  # 1.1 MB; all 24,000 changes marked up would be ~5 MB
