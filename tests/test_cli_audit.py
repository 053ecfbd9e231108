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
