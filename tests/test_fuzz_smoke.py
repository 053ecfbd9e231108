"""The fuzz targets (``tests/fuzz/``) run on their seed corpus, without atheris.

This keeps the targets from rotting when the API moves: each target's one-input function
(``check``) runs on every seed, and any finding on a seed must be one of the known, still-open
bugs pinned in ``tests/test_fuzz_regressions.py`` (a new one fails here; a fixed one simply stops
showing up).  Also: every input mode of ``fuzz_text.text_from_bytes``, the delta-debugging
minimiser, and the runner's command line.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

FUZZ = Path(__file__).resolve().parent / "fuzz"

# Signatures of open bugs that some seed (real fixture text) runs into; see
# tests/test_fuzz_regressions.py for each one's minimal input.
KNOWN_SEED_FINDINGS = {
    "idempotence:corner-quotes",
    "idempotence:paragraph-breaks",
    "idempotence:space-chinese-latin",
    "idempotence:space-between-chinese",
    "idempotence:number-punctuation",
    "idempotence:mojibake",
    "idempotence:ascii-punctuation+mojibake",
}


def _load(name: str) -> ModuleType:
    if str(FUZZ) not in sys.path:
        sys.path.insert(0, str(FUZZ))  # the targets import ``seeds`` and each other by name
    loaded = sys.modules.get(name)
    if loaded is not None and getattr(loaded, "__file__", None) == str(FUZZ / f"{name}.py"):
        return loaded  # (another test may have loaded benchmarks/run.py as "run")
    spec = importlib.util.spec_from_file_location(name, FUZZ / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def seeds() -> ModuleType:
    return _load("seeds")


def _run_all(target: ModuleType, corpus: dict[str, bytes]) -> dict[str, str]:
    findings = {}
    for name, data in corpus.items():
        try:
            target.check(data)
        except target.Finding as finding:
            findings[name] = finding.signature
    return findings


def test_text_target_on_seed_corpus(seeds):
    target = _load("fuzz_text")
    corpus = seeds.text_seeds()
    assert len(corpus) >= 30
    findings = _run_all(target, corpus)
    unknown = {name: sig for name, sig in findings.items() if sig not in KNOWN_SEED_FINDINGS}
    assert unknown == {}


def test_core_target_on_seed_corpus(seeds):
    target = _load("fuzz_core")
    if not target.core_available():
        pytest.skip("the compiled core is not built")
    corpus = seeds.text_seeds()
    assert len(corpus) >= 30
    assert _run_all(target, corpus) == {}


def test_readers_target_on_seed_corpus(seeds):
    target = _load("fuzz_readers")
    corpus = seeds.reader_seeds()
    assert any(name.startswith("pdf-") for name in corpus)
    assert _run_all(target, corpus) == {}


def test_seed_pdfs_are_real_pdfs(seeds):
    pytest.importorskip("pypdf")
    from wenben.errors import PdfError
    from wenben.io.pdf import extract_pdf_text

    corpus = seeds.reader_seeds()
    assert "Hello wenben" in extract_pdf_text(corpus["pdf-minimal"]).text
    if "pdf-stsong" in corpus:  # reportlab is there
        assert "\u603b\u4f53\u60c5\u51b5" in extract_pdf_text(corpus["pdf-stsong"]).text
        assert "\u603b\u4f53\u60c5\u51b5" in extract_pdf_text(corpus["pdf-stsong-compressed"]).text
    for broken in ("pdf-minimal-truncated", "pdf-bad-flate", "pdf-blank-page"):
        try:
            extract_pdf_text(corpus[broken])
        except PdfError:
            pass


@pytest.mark.parametrize("mode", range(4))
def test_text_from_bytes_modes(mode):
    target = _load("fuzz_text")
    payload = "\u6570 \u5b57".encode("utf-8") + bytes(range(0, 256, 7))
    text = target.text_from_bytes(bytes([mode]) + payload)
    assert isinstance(text, str)
    if mode == 2:
        assert text.startswith("\u6570 \u5b57")
    if mode == 1:
        assert len(text) >= len(payload)
    target.check(bytes([mode]) + b"\x00\x01")  # tiny inputs in every mode
    assert target.text_from_bytes(b"") == ""


def test_findings_carry_signature_and_profile(monkeypatch):
    target = _load("fuzz_text")
    import wenben

    real = wenben.clean
    monkeypatch.setattr(wenben, "clean", lambda text, profile="default": real(text, profile=profile) + "x")
    with pytest.raises(target.Finding) as caught:
        target.check_profile("\u6570\u5b57", "default", ["\u6570\u5b57"])
    assert caught.value.signature.startswith("idempotence") and caught.value.profile == "default"

    def boom(text, profile="default"):
        raise KeyError("boom")

    monkeypatch.setattr(wenben, "clean", boom)
    with pytest.raises(target.Finding) as caught:
        target.check_profile("x", "tw", ["x"])
    assert caught.value.signature.startswith("exception:KeyError")


def test_readers_target_flags_non_wenben_errors(monkeypatch):
    target = _load("fuzz_readers")

    def boom(*args, **kwargs):
        raise IndexError("boom")

    monkeypatch.setattr(target, "extract_pdf_text", boom)
    with pytest.raises(target.Finding) as caught:
        target.check(b"%PDF-1.4\n")
    assert caught.value.signature.startswith("exception:extract_pdf_text:IndexError")


def test_minimizer():
    minimize = _load("minimize")
    assert minimize.ddmin(list(range(100)), lambda xs: 17 in xs and 42 in xs) == [17, 42]
    nested = "\u201c\u201c\u65b9\u201d\u201d"
    if _is_open(nested, "hk"):  # while the corner-quotes bug is open, shrink a real finding
        pieces, profile, signature = minimize.minimize_text("\u4e2d\u6587" + nested + "\u6587", profile="hk")
        assert profile == "hk" and signature.startswith("idempotence")
        assert len("".join(pieces)) <= len(nested)


def _is_open(text: str, profile: str) -> bool:
    import wenben

    once = wenben.clean(text, profile=profile)
    return wenben.clean(once, profile=profile) != once


def test_runner_command_line(tmp_path):
    run = _load("run")
    assert set(run.TARGETS) == {"text", "readers", "core"}
    with pytest.raises(SystemExit) as exited:
        run.main(["--help"])
    assert exited.value.code == 0
