"""The compiled core as a crate and as a module: its own tests and lints pass, its tables are
the reference's, and the binding agrees with the Python package on what the rules are."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import wenben._core as core
from wenben.rules import ALL_RULES, RULES

ROOT = Path(__file__).resolve().parents[2]
CRATE = ROOT / "core"


# The three slow checks (cargo test, clippy, the tables' --check) run as subprocesses started
# together the first time one of them is asked for: on two cores they overlap instead of running
# one after another (each still runs every time, and each test reports its own result).
_COMMANDS = {
    "test": ["cargo", "test", "--quiet"],
    # --all-features: the binding (core/src/python.rs) too; clippy checks it without linking.
    "clippy": ["cargo", "clippy", "--all-targets", "--all-features", "--quiet", "--", "-D", "warnings"],
    "tables": [sys.executable, str(ROOT / "scripts" / "gen_core_tables.py"), "--check"],
}


@pytest.fixture(scope="module")
def started() -> Iterator[dict[str, subprocess.Popen[str] | None]]:
    """The checks, running; ``None`` for the cargo ones when cargo is not installed."""
    have_cargo = shutil.which("cargo") is not None
    running: dict[str, subprocess.Popen[str] | None] = {}
    for name, command in _COMMANDS.items():
        if command[0] == "cargo" and not have_cargo:
            running[name] = None
            continue
        # Target directories of their own, so these never race a developer's build of the
        # extension nor wait on each other's lock on the build directory.
        env = {**os.environ, "CARGO_TARGET_DIR": str(CRATE / "target" / f"pytest-{name}")}
        running[name] = subprocess.Popen(
            command, cwd=CRATE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
    yield running
    for process in running.values():
        if process is not None and process.poll() is None:
            process.kill()
            process.communicate()


def _finished(started: dict[str, subprocess.Popen[str] | None], name: str) -> tuple[int, str, str]:
    process = started[name]
    if process is None:
        pytest.skip("cargo is not installed (the compiled core's own tests need the Rust toolchain)")
    stdout, stderr = process.communicate(timeout=900)
    return process.returncode, stdout, stderr


def test_cargo_test_passes(started: dict[str, subprocess.Popen[str] | None]) -> None:
    returncode, stdout, stderr = _finished(started, "test")
    assert returncode == 0, stdout[-4000:] + stderr[-4000:]
    assert "test result: ok" in stdout


def test_cargo_clippy_has_no_warnings(started: dict[str, subprocess.Popen[str] | None]) -> None:
    returncode, _, stderr = _finished(started, "clippy")
    assert returncode == 0, stderr[-4000:]


def test_character_tables_are_generated_from_the_reference(started: dict[str, subprocess.Popen[str] | None]) -> None:
    returncode, _, stderr = _finished(started, "tables")
    assert returncode == 0, stderr


def test_the_core_knows_the_rules_of_the_reference_in_its_order() -> None:
    implemented = core.implemented()
    assert set(implemented) <= set(RULES)
    order = [rule.id for rule in ALL_RULES]
    assert implemented == [rule_id for rule_id in order if rule_id in implemented]
    # The crate's own list of every rule (core/src/rules/mod.rs) is the reference's.
    source = (CRATE / "src" / "rules" / "mod.rs").read_text(encoding="utf-8")
    listed = source.split("ALL_RULE_IDS: &[&str] = &[", 1)[1].split("];", 1)[0]
    assert [line.strip().strip('",') for line in listed.strip().splitlines()] == order


def test_a_rule_the_core_lacks_is_a_value_error_naming_it() -> None:
    with pytest.raises(ValueError, match="no-such-rule"):
        core.step_edits(["no-such-rule"], "text")


def test_the_core_error_is_an_exception_python_can_catch() -> None:
    assert issubclass(core.CoreError, RuntimeError)
