"""The pre-commit hooks, run by a real pre-commit installation on a throwaway repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def test_hooks_file_is_valid_yaml() -> None:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["wenben", "wenben-check"]
    for hook in hooks:
        assert hook["types_or"] == ["text", "markdown"] and hook["language"] == "python"


# pip builds the hook's package with maturin, in cargo's release profile: fat LTO and one
# codegen unit (core/Cargo.toml) made it most of this test's time (57 of 60 CPU seconds went
# to pre-commit, 26 of them to the optimiser). The test is about the hooks, not the optimised
# build, so cargo's own environment overrides turn the optimiser off for this install only;
# pip, maturin, cargo and rustc still run for real and build the same sources.
_QUICK_RELEASE_BUILD = {
    "CARGO_PROFILE_RELEASE_LTO": "false",
    "CARGO_PROFILE_RELEASE_CODEGEN_UNITS": "16",
    "CARGO_PROFILE_RELEASE_OPT_LEVEL": "0",
}


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_runs_the_hooks(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    # A clone of this checkout (committed files, plus the hooks file and sources as they are
    # now) is the hook repository; pre-commit installs it with pip like a user's would.
    hook_repo = tmp_path / "hook-repo"
    shutil.copytree(ROOT, hook_repo, ignore=shutil.ignore_patterns(".git", "__pycache__", "*.egg-info", "build", ".hypothesis", "target", "_core*.so"))
    _git(hook_repo, "init", "-q")
    _git(hook_repo, "add", "-A")
    _git(hook_repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "hooks")
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, capture_output=True, text=True, check=True).stdout.strip()
    work = tmp_path / "work"
    work.mkdir()
    _git(work, "init", "-q")
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hook_repo}\n  rev: {rev}\n  hooks:\n  - id: wenben\n", encoding="utf-8"
    )
    (work / "notes.txt").write_text("\u6570 \u5b57\u7ecf\u6d4e,\u5f88\u597d\n", encoding="utf-8")
    (work / "README.md").write_text("# \u5b89\u88c5 wenben\n\n- a\n- b\n\n`x, y` \u4e2d\u6587,\u597d\n", encoding="utf-8")
    (work / "code.py").write_text('print("\u4f60\u597d, \u4e16\u754c")\n', encoding="utf-8")
    _git(work, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PIP_NO_INPUT": "1", **_QUICK_RELEASE_BUILD}
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=work, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 1, result.stdout + result.stderr  # files were modified
    assert "wenben" in result.stdout and "Failed" in result.stdout
    assert (work / "notes.txt").read_text(encoding="utf-8") == "\u6570\u5b57\u7ecf\u6d4e\uff0c\u5f88\u597d\n"
    assert (work / "README.md").read_text(encoding="utf-8") == "# \u5b89\u88c5wenben\n\n- a\n- b\n\n`x, y` \u4e2d\u6587\uff0c\u597d\n"
    assert (work / "code.py").read_text(encoding="utf-8") == 'print("\u4f60\u597d, \u4e16\u754c")\n'
    again = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=work, env=env, capture_output=True, text=True, timeout=900
    )
    assert again.returncode == 0, again.stdout + again.stderr
