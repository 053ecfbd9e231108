"""Parallel cleaning inside one input (parallel.py): the same result as one process, in order."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

import wenben
from wenben.errors import InputError
from wenben.io.archives import JSONL_BATCH_BYTES, clean_jsonl_file, clean_jsonl_lines
from wenben.parallel import batched, clean_texts, map_in_order

RAW = "7 \u6708 13 \u65e5\u4e0a\u5348, \u5fb7\u9633\u5e02(\u5fb7\u9633\u5206\u8d5b\u533a)"
CLEAN = "7\u670813\u65e5\u4e0a\u5348\uff0c\u5fb7\u9633\u5e02\uff08\u5fb7\u9633\u5206\u8d5b\u533a\uff09"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wenben", "--no-config", *args], capture_output=True, timeout=300)


def _fail_on(bad: str, cleaner: wenben.Cleaner, text: str) -> str:
    if text == bad:
        raise InputError(f"bad item {text!r}")
    return cleaner.clean(text)


def test_map_in_order_keeps_the_order_and_the_results():
    texts = [f"{RAW} {index}" for index in range(40)]
    batches = list(batched(texts, len, 100))
    assert [text for batch in batches for text in batch] == texts
    assert all(sum(map(len, batch[:-1])) < 100 for batch in batches)
    cleaner = wenben.Cleaner()
    serial = list(map_in_order(clean_texts, batches, cleaner, jobs=1))
    parallel = list(map_in_order(clean_texts, batches, cleaner, jobs=2, window=3))
    assert parallel == serial == [[cleaner.clean(text) for text in batch] for batch in batches]


def test_map_in_order_raises_the_workers_error_in_its_turn():
    cleaner = wenben.Cleaner(disable=["blank-lines"])
    results = map_in_order(partial(_fail_on, "b"), ["a", "b", "c"], cleaner, jobs=2)
    assert next(results) == cleaner.clean("a")
    with pytest.raises(InputError, match="bad item 'b'"):
        next(results)


def _records(count: int) -> list[str]:
    lines = []
    for index in range(count):
        if index % 997 == 5:
            lines.append("not json")
        elif index % 1009 == 7:
            lines.append(json.dumps({"id": index}))
        else:
            lines.append(json.dumps({"id": index, "text": f"{RAW} {index}"}, ensure_ascii=False))
    return lines


def test_jsonl_records_are_cleaned_in_parallel_as_in_one_process(tmp_path):
    lines = _records(20_000)
    source = tmp_path / "records.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert source.stat().st_size > 2 * JSONL_BATCH_BYTES  # several blocks
    problems: dict[int, list[tuple[str, str]]] = {1: [], 2: []}
    summaries = {}
    for jobs in (1, 2):
        summaries[jobs] = clean_jsonl_file(
            source, tmp_path / f"out{jobs}.jsonl", "text", wenben.Cleaner(),
            on_error=lambda name, message, jobs=jobs: problems[jobs].append((name, message)), jobs=jobs,
        )
    one, two = (tmp_path / "out1.jsonl").read_bytes(), (tmp_path / "out2.jsonl").read_bytes()
    assert one == two
    # Blocks of raw lines (both -j 1 and -j 2) make what cleaning record by record makes.
    by_record = "".join(clean_jsonl_lines([line + "\n" for line in lines], "text", wenben.Cleaner(), on_error=lambda name, message: None))
    assert one == by_record.encode("utf-8")
    out = one.decode("utf-8").splitlines()
    assert json.loads(out[0])["text"] == wenben.clean(f"{RAW} 0").rstrip("\n")
    assert json.loads(out[0])["text"].startswith(CLEAN)
    assert out[5] == "not json"
    assert problems[1] == problems[2]
    assert [name for name, _ in problems[2][:2]] == [f"{source}:6", f"{source}:8"]
    assert summaries[1].records == summaries[2].records == len(lines) - len(problems[1])


def test_jsonl_without_on_error_raises_the_first_problem_in_parallel(tmp_path):
    source = tmp_path / "records.jsonl"
    source.write_text("\n".join(_records(8_000)) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"records\.jsonl:6: not JSON"):
        clean_jsonl_file(source, tmp_path / "out.jsonl", "text", wenben.Cleaner(), jobs=2)
    assert not (tmp_path / "out.jsonl").exists()  # nothing half-written


def test_cli_jobs_on_one_jsonl_file_gives_the_same_output_and_messages(tmp_path):
    source = tmp_path / "records.jsonl"
    source.write_text("\n".join(_records(8_000)) + "\n", encoding="utf-8")
    results = {}
    for jobs in ("1", "2"):
        results[jobs] = run("--jsonl-field", "text", "-j", jobs, "-o", str(tmp_path / f"out{jobs}.jsonl"), str(source))
    # The bad records are warned about by line number and copied unchanged (docs/formats.md).
    assert results["1"].returncode == results["2"].returncode == 0
    assert b"records.jsonl:" in results["1"].stderr and b"copied unchanged" in results["1"].stderr
    assert results["1"].stderr == results["2"].stderr
    assert (tmp_path / "out1.jsonl").read_bytes() == (tmp_path / "out2.jsonl").read_bytes()


def _long_document() -> str:
    # Over 2 * PART_SIZE characters of paragraphs with edits at their ends too (trailing
    # spaces, CRLF, extra blank lines), so the parts' boundaries are exercised.
    endings = ["\n\n", "  \n\n", "\r\n\r\n", "\n\n\n", "\n \n"]
    paragraphs = [f"{RAW} {index}\u3002{'(' if index % 7 == 0 else ''}" for index in range(40_000)]
    return "".join(p + endings[i % len(endings)] for i, p in enumerate(paragraphs))


def test_a_long_text_explained_in_parts_equals_the_whole_explained_at_once():
    from wenben.engine import PART_SIZE, Explanation, explain_cuts
    from wenben.parallel import explain_parallel

    text = _long_document()
    assert len(text) > 2 * PART_SIZE and len(explain_cuts(text)) >= 2
    cleaner = wenben.Cleaner()
    whole = Explanation(text, *cleaner._explain_part(text))
    for parts in (cleaner.explain(text), explain_parallel(cleaner, text, jobs=2)):
        assert parts.text == whole.text == cleaner.clean(text)
        assert parts.edits == whole.edits
        offsets = range(0, len(parts.text) + 1, 7)
        assert [parts.source_offset(i) for i in offsets] == [whole.source_offset(i) for i in offsets]


def test_summary_counts_members_records_and_uncompressed_bytes(tmp_path):
    import zipfile

    records = "\n".join(json.dumps({"text": f"{RAW} {index}"}, ensure_ascii=False) for index in range(300)) + "\n"
    body = (RAW + "\n\n") * 2000
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zout:
        zout.writestr("a.txt", body)
        zout.writestr("b.jsonl", records)
    uncompressed = len(body.encode()) + len(records.encode())
    assert archive.stat().st_size < uncompressed / 5
    result = run("--summary", "--jsonl-field", "text", "-o", str(tmp_path / "out"), str(archive))
    assert result.returncode == 0, result.stderr
    line = result.stderr.decode().strip().splitlines()[-1]
    assert line.startswith(f"wenben: 1 file, 2 members, 300 records, {uncompressed / 1e6:.1f} MB in "), line
    jsonl = tmp_path / "b.jsonl"
    jsonl.write_text(records, encoding="utf-8")
    line = run("--summary", "--jsonl-field", "text", "-o", str(tmp_path / "b.out.jsonl"), str(jsonl)).stderr.decode().strip()
    assert line.startswith("wenben: 1 file, 300 records, "), line


def test_summary_counts_are_singular_for_one(tmp_path):
    """One archive of one member, one JSON Lines file of one record: "1 file, 1 member",
    "1 record", "0 errors" (the count is of files named or found, the rest is inside)."""
    import zipfile

    archive = tmp_path / "one.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zout:
        zout.writestr("a.txt", RAW + "\n")
    line = run("--summary", "-o", str(tmp_path / "out"), str(archive)).stderr.decode().strip().splitlines()[-1]
    assert line.startswith("wenben: 1 file, 1 member, "), line
    assert line.endswith(" MB/s), 0 errors"), line
    jsonl = tmp_path / "one.jsonl"
    jsonl.write_text(json.dumps({"text": RAW}, ensure_ascii=False) + "\n", encoding="utf-8")
    line = run("--summary", "-o", str(tmp_path / "one.out.jsonl"), str(jsonl)).stderr.decode().strip().splitlines()[-1]
    assert line.startswith("wenben: 1 file, 1 record, "), line
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00abc\x00\x00\x01")
    result = run("--summary", "-o", str(tmp_path / "outs") + "/", str(jsonl), str(bad))
    line = result.stderr.decode().strip().splitlines()[-1]
    assert line.startswith("wenben: 2 files, 1 record, ") and line.endswith(" MB/s), 1 error"), line
