"""The compiled core as a crate and as a module: its own tests and lints pass, its tables are
the reference's, and the binding agrees with the Python package on what the rules are."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import wenben._core as core
from wenben.rules import ALL_RULES, RULES

ROOT = Path(__file__).resolve().parents[2]
CRATE = ROOT / "core"


def _cargo(*arguments: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("cargo") is None:
        pytest.skip("cargo is not installed (the compiled core's own tests need the Rust toolchain)")
    # A target directory of its own, so this never races a developer's build of the extension.
    env = {**os.environ, "CARGO_TARGET_DIR": str(CRATE / "target" / "pytest")}
    return subprocess.run(
        ["cargo", *arguments], cwd=CRATE, capture_output=True, text=True, env=env, timeout=900, check=False,
    )


def test_cargo_test_passes() -> None:
    done = _cargo("test", "--quiet")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "test result: ok" in done.stdout


def test_cargo_clippy_has_no_warnings() -> None:
    # --all-features: the binding (core/src/python.rs) too; clippy checks it without linking.
    done = _cargo("clippy", "--all-targets", "--all-features", "--quiet", "--", "-D", "warnings")
    assert done.returncode == 0, done.stderr[-4000:]


def test_character_tables_are_generated_from_the_reference() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_core_tables.py"), "--check"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr


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
