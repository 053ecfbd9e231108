"""``--check -j 2`` on one large file of every input kind and output format: the real ``wenben``
command in a temp dir, its standard output, messages and status byte for byte those of ``-j 1``.

A text file is explained and its findings formatted in parts by the workers (json and sarif
too: the workers make the finding objects, the main process prints them whole); a JSON Lines
file in blocks of records (with its problem records reported in order); a Markdown file has
its prose explained by the workers. Before this, ``--check -j 2`` on a large Markdown or JSON
Lines file without a code fence failed with a traceback in a worker."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import wenben
from wenben.engine import PART_SIZE

RAW = "7 \u6708 13 \u65e5\u4e0a\u5348, \u5fb7\u9633\u5e02(\u5fb7\u9633\u5206\u8d5b\u533a)"
CLEAN = "7\u670813\u65e5\u4e0a\u5348\uff0c\u5fb7\u9633\u5e02\uff08\u5fb7\u9633\u5206\u8d5b\u533a\uff09"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wenben", "--no-config", *args], capture_output=True, timeout=600, cwd=cwd, env=dict(os.environ)
    )


def _paragraph(n: int, noisy_every: int) -> str:
    if n % noisy_every == 0:
        return f"{RAW} {n}\u6bb5\uff0c\u7b2c {n % 97} \u53e5"
    return f"{CLEAN}{n}\u6bb5\uff0c\u7b2c{n % 97}\u53e5"


def _large_text(noisy_every: int = 16) -> str:
    """Just over the size at which one text is checked in parts (two parts)."""
    paragraphs, n = [], 0
    size = 0
    while size <= 2 * PART_SIZE + PART_SIZE // 4:
        paragraphs.append(_paragraph(n, noisy_every) + ("\n\n" if n % 3 else "\n\u3000\n"))
        size += len(paragraphs[-1])
        n += 1
    return "".join(paragraphs)


def _large_jsonl() -> str:
    lines, n, size = [], 0, 0
    while size <= 2 * PART_SIZE + PART_SIZE // 4:
        record = {"id": n, "text": "\n\n".join(_paragraph(n * 4 + k, 16) for k in range(4))}
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
        if n == 1000:
            lines.append("not json\n")  # a problem record in the middle: warned, copied
        if n == 3000:
            lines.append(json.dumps({"id": n, "other": RAW}, ensure_ascii=False) + "\n")  # lacks the field
        size += len(lines[-1])
        n += 1
    return "".join(lines)


def _large_markdown() -> str:
    text = _large_text(noisy_every=32)
    blocks = text.split("\n\n")
    for index in range(0, len(blocks), 500):
        blocks[index] = f"## {RAW} {index}\n\n- {RAW}\n- `code , here`\n\n[link](http://example.com/a,b) {blocks[index]}"
    return "\n\n".join(blocks)


def _same(tmp_path: Path, name: str, *options: str) -> subprocess.CompletedProcess:
    one, two = (run("-j", jobs, *options, name, cwd=tmp_path) for jobs in ("1", "2"))
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr
    assert one.returncode == two.returncode == 1, one.stderr.decode()[-2000:]
    return one


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("large")
    (folder / "big.txt").write_text(_large_text(), encoding="utf-8")
    (folder / "big.jsonl").write_text(_large_jsonl(), encoding="utf-8")
    (folder / "big.md").write_text(_large_markdown(), encoding="utf-8")
    return folder


# text, json-lines, github and json on a text file: test_cli_parallel.py
@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_check_with_two_jobs_on_one_large_text_file_prints_what_one_job_prints(files, fmt):
    one = _same(files, "big.txt", "--check", "--output-format", fmt)
    text = (files / "big.txt").read_text(encoding="utf-8")
    edits = wenben.explain(text).edits
    if fmt == "json":
        findings = json.loads(one.stdout)
        assert len(findings) == len(edits) > 1000
        # Offsets and lines count from the file's start, not from a part's.
        assert [f["offset"] for f in findings] == [edit.start for edit in edits]
        last = findings[-1]
        assert last["line"] == text.count("\n", 0, edits[-1].start) + 1
    elif fmt == "sarif":
        results = json.loads(one.stdout)["runs"][0]["results"]
        assert len(results) == len(edits)
    else:
        assert len(one.stdout.decode().splitlines()) == len(edits)


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_check_with_two_jobs_on_one_large_jsonl_file_prints_what_one_job_prints(files, fmt):
    one = _same(files, "big.jsonl", "--check", "--output-format", fmt)
    warnings = [line for line in one.stderr.decode().splitlines() if "warning" in line]
    assert len(warnings) == 2 and "big.jsonl:1002:" in warnings[0], warnings  # in line order, once each
    if fmt == "json":
        findings = json.loads(one.stdout)
        assert len(findings) > 1000
        lines = (files / "big.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
        for finding in findings[:: max(1, len(findings) // 50)]:  # on the right record, at the right column
            line = lines[finding["line"] - 1]
            assert line[finding["column"] - 1 :].startswith(json.dumps(finding["original"], ensure_ascii=False)[1:-1])


def test_check_with_two_jobs_on_a_large_jsonl_file_fails_on_a_problem_record_as_one_job(files):
    one, two = (run("-j", jobs, "--check", "--jsonl-errors", "fail", "big.jsonl", cwd=files) for jobs in ("1", "2"))
    assert one.returncode == two.returncode == 2
    assert two.stdout == one.stdout == b""
    assert two.stderr == one.stderr and b"big.jsonl:1002:" in one.stderr and b"Traceback" not in one.stderr


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_with_two_jobs_on_one_large_markdown_file_prints_what_one_job_prints(files, fmt):
    one = _same(files, "big.md", "--check", "--output-format", fmt)
    assert b"Traceback" not in one.stderr
    if fmt == "json":
        findings = json.loads(one.stdout)
        assert len(findings) > 500
        assert not any("example.com" in f["original"] or "code" in f["original"] for f in findings)  # link, code untouched


@pytest.mark.parametrize("name", ["big.txt", "big.jsonl", "big.md"])
def test_stats_with_two_jobs_on_one_large_file_counts_what_one_job_counts(files, name):
    one = _same(files, name, "--check", "--stats", "-q")
    assert b"total:" in one.stderr


def test_one_unbroken_line_is_explained_in_this_process_with_two_jobs(monkeypatch):
    """With no blank line to cut at, a worker would only receive the whole text and send its
    explanation back (a 50 MB line: 425 -> 711 MB peak with -j 2): it is explained here."""
    from wenben import parallel

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started for one unbroken line")

    monkeypatch.setattr(parallel, "worker_pool", no_pool)
    line = (RAW + " ") * (3 * PART_SIZE // len(RAW))
    cleaner = wenben.Cleaner()
    explained, expected = parallel.explain_parallel(cleaner, line, 2), cleaner.explain(line)
    assert (explained.text, explained.edits) == (expected.text, expected.edits) and len(expected.edits) > 1000
