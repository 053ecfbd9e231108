"""The compiled core's engine (core/src/engine.rs, ``wenben._core.run``) against the reference
(``Cleaner._run`` in src/wenben/engine.py): for every profile and option, ``engine="core"`` and
``engine="python"`` give the same ``clean()`` text and the same ``explain()`` (text, every
edit's rule, span and replacement, the offset map), whichever rules the core has ported (the
rest it asks of the reference's steps)."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wenben
import wenben._core as core
from wenben import Cleaner
from wenben.errors import ConfigError
from wenben.profiles import PROFILES
from tests.core.differential import ROOT, fixture_texts
from tests.properties.strategies import arbitrary_text, documents

VARIANTS: list[tuple[str, dict[str, object]]] = [
    *((profile, {}) for profile in sorted(PROFILES)),
    ("default", {"spacing": "spaced"}),
    ("spaced", {"spacing": "compact"}),
    ("default", {"convert": "s2t"}),
    ("tw", {"convert": "t2s"}),
]
FORMATS = [("default", {"format": "markdown"}), ("default", {"format": "jsonl"})]


def _cleaners(profile: str, options: dict[str, object]) -> tuple[Cleaner, Cleaner]:
    return Cleaner(profile, engine="core", **options), Cleaner(profile, engine="python", **options)


_PAIRS = {index: _cleaners(*variant) for index, variant in enumerate(VARIANTS)}


def _case_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "fixtures" / "cases").glob("*.json")):
        texts += [case["original"] for case in json.loads(path.read_text(encoding="utf-8"))]
    return texts


TEXTS = fixture_texts() + _case_texts()


def assert_same(core_cleaner: Cleaner, python_cleaner: Cleaner, text: str) -> None:
    """The two engines agree on ``text``: clean, and explain with every offset mapped."""
    assert core_cleaner.engine == "core" and python_cleaner.engine == "python"
    expected = python_cleaner.clean(text)
    assert core_cleaner.clean(text) == expected, ascii(text)
    found, wanted = core_cleaner.explain(text), python_cleaner.explain(text)
    assert found.text == wanted.text == expected
    assert found.edits == wanted.edits, ascii(text)
    offsets = range(len(wanted.text) + 1)
    assert [found.source_offset(i) for i in offsets] == [wanted.source_offset(i) for i in offsets]


def test_the_core_runs_its_own_steps_and_asks_for_the_others() -> None:
    plan = Cleaner("default", engine="core")._plan
    in_core = plan.in_core()
    steps = Cleaner("default").steps
    assert len(in_core) == len(steps)
    implemented = set(core.implemented())
    for step, own in zip(steps, in_core):
        if step.id in ("mojibake", "convert-variants") or not {r.id for r in step.rules} <= implemented:
            assert not own, step.id
    assert any(in_core), "some ported rule runs in the core"


@pytest.mark.parametrize("variant", range(len(VARIANTS)), ids=[f"{p}-{o}" for p, o in VARIANTS])
def test_fixture_texts(variant: int) -> None:
    core_cleaner, python_cleaner = _PAIRS[variant]
    for text in TEXTS:
        assert_same(core_cleaner, python_cleaner, text)


@pytest.mark.parametrize("variant", FORMATS, ids=[o["format"] for _, o in FORMATS])
def test_document_formats(variant: tuple[str, dict[str, object]]) -> None:
    core_cleaner, python_cleaner = _cleaners(*variant)
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "fixtures" / "markdown").rglob("*.md"))]
    if variant[1]["format"] == "jsonl":
        texts = ["".join(json.dumps({"text": t, "n": i}, ensure_ascii=False) + "\n" for i, t in enumerate(TEXTS[:12]))]
    assert texts
    for text in texts:
        expected = python_cleaner.clean(text)
        assert core_cleaner.clean(text) == expected
        assert core_cleaner.explain(text).edits == python_cleaner.explain(text).edits


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(documents(), arbitrary_text()), variant=st.sampled_from(range(len(VARIANTS))))
def test_generated_texts(text: str, variant: int) -> None:
    assert_same(*_PAIRS[variant], text)


def test_long_texts_cut_in_parts_and_streams() -> None:
    from wenben import engine

    core_cleaner, python_cleaner = _PAIRS[0]
    text = "\n\n".join(TEXTS) + "\n\n"
    long_text = text * (2 * engine.PART_SIZE // len(text) + 2)
    assert len(long_text) > 2 * engine.PART_SIZE  # cleaned (and explained) in parts
    expected = python_cleaner.clean(long_text)
    assert core_cleaner.clean(long_text) == expected
    assert core_cleaner.explain(long_text).edits == python_cleaner.explain(long_text).edits
    pieces = [long_text[i : i + 1000] for i in range(0, len(long_text), 1000)]
    assert "".join(core_cleaner.clean_stream(pieces)) == "".join(python_cleaner.clean_stream(pieces)) == expected
    assert "".join(core_cleaner.clean_stream(pieces[:50], part_size=0)) == "".join(python_cleaner.clean_stream(pieces[:50], part_size=0))


def test_inline_control_falls_back_to_the_reference() -> None:
    core_cleaner, python_cleaner = _PAIRS[0]
    text = "\u6570 \u5b57,\u7ecf\u6d4e\n\n<!-- wenben: off -->\n\u6570 \u5b57,\n<!-- wenben: on -->\n\n\u6570 \u5b57 ,\u7ecf\u6d4e\n"
    assert_same(core_cleaner, python_cleaner, text)
    assert_same(core_cleaner, python_cleaner, "\u6570 \u5b57,\u7ecf\u6d4e <!-- wenben: disable=ascii-punctuation -->\n")


def test_lone_surrogates_cannot_cross_and_fall_back() -> None:
    core_cleaner, python_cleaner = _PAIRS[0]
    text = "\u6570 \u5b57,\ud800\u7ecf\u6d4e\r\n"
    with pytest.raises(UnicodeEncodeError):
        core.run(text, core_cleaner._plan, "compact", text, False)
    assert_same(core_cleaner, python_cleaner, text)


def test_the_engine_choice_is_kept_through_pickling_and_the_api() -> None:
    for engine in ("core", "python", "auto"):
        cleaner = pickle.loads(pickle.dumps(Cleaner("tw", engine=engine, disable="dash", format="markdown")))
        assert cleaner.engine_request == engine
        assert cleaner.engine == ("python" if engine == "python" else "core")
        assert cleaner._document.cleaner.engine == cleaner.engine
    assert wenben.clean("\u6570 \u5b57", engine="python") == wenben.clean("\u6570 \u5b57", engine="core")
    assert wenben.explain("a\r\n", engine="core").edits == wenben.explain("a\r\n", engine="python").edits
    assert Cleaner().engine == "core"  # auto: the core when it is built
    with pytest.raises(ConfigError, match="engine must be one of"):
        Cleaner(engine="rust")


def _python(code: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **environment}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False, timeout=120)


def test_pure_python_variable_forces_the_reference() -> None:
    done = _python("import wenben; print(wenben.Cleaner(engine='core').engine, wenben.Cleaner().engine)", WENBEN_PURE_PYTHON="1")
    assert done.stdout.split() == ["python", "python"], done.stderr


def test_without_the_extension() -> None:
    hide = "import sys; sys.modules['wenben._core'] = None\n"
    done = _python(hide + "import wenben; print(wenben.Cleaner().engine, wenben.clean('\\u6570 \\u5b57', engine='auto'))")
    assert done.stdout.split() == ["python", "\u6570\u5b57"], done.stderr
    done = _python(hide + "import wenben; wenben.Cleaner(engine='core')")
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("wenben.errors.ConfigError: engine='core' needs the compiled core"), done.stderr


def test_an_error_in_a_python_step_surfaces_with_its_step() -> None:
    # A step's callable (the reference, for a rule the core lacks) that raises: the exception
    # reaches the caller as it is; a bad edit from it is a CoreError naming the step.
    def broken(text: str, protected: list[tuple[int, int]], document: str | None, named: bool) -> list[tuple[str, int, int, str]]:
        raise KeyError("broken step")

    def outside(text: str, protected: list[tuple[int, int]], document: str | None, named: bool) -> list[tuple[str, int, int, str]]:
        return [("made-up", 0, len(text) + 5, "")]

    with pytest.raises(KeyError, match="broken step"):
        core.run("abc", core.Plan([(["made-up"], "", False, broken)]), "compact", None, False)
    with pytest.raises(core.CoreError, match="rule made-up"):
        core.run("abc", core.Plan([(["made-up"], "", False, outside)]), "compact", None, False)
    with pytest.raises(ValueError, match="not in the compiled core"):
        core.Plan([(["made-up"], "", False, None)])


def test_the_command_line_takes_the_engine() -> None:
    text = "\u6570 \u5b57,\u7ecf\u6d4e\r\n"
    outputs = []
    for engine in ("core", "python", "auto"):
        done = subprocess.run(
            [sys.executable, "-m", "wenben", "--engine", engine, "-"], input=text, capture_output=True, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, check=False, timeout=120,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs == [Cleaner(engine="python").clean(text)] * 3
