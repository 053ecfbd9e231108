"""JSON Lines through the format layer: records in, records out, other bytes untouched."""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import pytest

import wenben
from wenben.cli import main
from wenben.errors import InputError
from wenben.formats.jsonl import JsonlOptions, JsonlWarning, clean_record
from wenben.engine import Cleaner

RAW = "\u6570 \u5b57\u7ecf\u6d4e,\u5f88\u597d"
CLEAN = "\u6570\u5b57\u7ecf\u6d4e\uff0c\u5f88\u597d"
CLEANER = Cleaner()


def test_only_the_field_literal_changes() -> None:
    line = '{"id": 1,  "n": 1.50, "text": "' + RAW + '", "u": "\\/x", "meta": {"k": [1, 2]}}\n'
    out = clean_record(line, CLEANER, JsonlOptions())
    assert out == line.replace(RAW, CLEAN)
    assert list(json.loads(out)) == ["id", "n", "text", "u", "meta"]


def test_ascii_escaped_literal_keeps_its_style() -> None:
    line = json.dumps({"text": RAW}) + "\n"  # ensure_ascii: \\uXXXX
    out = clean_record(line, CLEANER, JsonlOptions())
    assert out.isascii() and json.loads(out) == {"text": CLEAN}


def test_unchanged_record_is_byte_identical() -> None:
    line = '{"text":"\u5df2\u7ecf\u5e72\u51c0\u3002" ,"x":1e3}\r\n'
    assert clean_record(line, CLEANER, JsonlOptions()) is line


def test_several_and_nested_fields() -> None:
    line = json.dumps({"title": RAW, "meta": {"text": RAW}, "text": "x"}, ensure_ascii=False)
    out = json.loads(clean_record(line, CLEANER, JsonlOptions(["title", "meta.text"])))
    assert out == {"title": CLEAN, "meta": {"text": CLEAN}, "text": "x"}
    assert JsonlOptions("a,b").fields == ("a", "b")


def test_problems_are_reported_and_copied_or_fail() -> None:
    text = '{"id": 1}\nnot json\n["a"]\n{"text": null}\n\n{"text": "' + RAW + '"}\n'
    seen: list[tuple[int, str]] = []
    out = wenben.Cleaner(format="jsonl").clean  # default: warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cleaned = out(text)
    assert len([w for w in caught if issubclass(w.category, JsonlWarning)]) == 4
    assert cleaned.split("\n")[:5] == text.split("\n")[:5] and cleaned.count("\n") == text.count("\n")
    options = JsonlOptions(on_problem=lambda n, m: seen.append((n, m)))
    from wenben.formats.jsonl import clean_jsonl_text

    clean_jsonl_text(CLEANER, text, options)
    assert [n for n, _ in seen] == [1, 2, 3, 4]
    assert "no field 'text'" in seen[0][1] and "not JSON" in seen[1][1]
    assert "not a JSON object" in seen[2][1] and "null, not a string" in seen[3][1]
    with pytest.raises(InputError, match=r"^line 1: no field"):
        clean_jsonl_text(CLEANER, text, JsonlOptions(errors="fail"))


def test_explain_positions_are_record_and_column() -> None:
    text = '{"text": "ok"}\n{"id": 2, "text": "' + RAW + '"}\n'
    explanation = wenben.explain(text, format="jsonl")
    assert explanation.text == wenben.clean(text, format="jsonl")
    first = explanation.edits[0]
    assert text.count("\n", 0, first.start) == 1  # the second record
    assert text[first.start : first.end] == " "


def test_cli_jsonl_file_stdin_check_and_errors(tmp_path: Path, monkeypatch, capsysbinary) -> None:
    source = tmp_path / "data.jsonl"
    lines = [json.dumps({"id": i, "text": RAW}, ensure_ascii=False) for i in range(3)] + ['{"id": 9}']
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["-o", str(out), str(source)]) == 0  # no --jsonl-field needed
    got = out.read_text(encoding="utf-8").splitlines()
    assert len(got) == 4 and [json.loads(x) for x in got[:3]] == [{"id": i, "text": CLEAN} for i in range(3)]
    assert got[3] == '{"id": 9}'
    assert "data.jsonl:4: no field 'text'" in capsysbinary.readouterr().err.decode()
    assert main(["--check", str(source)]) == 1
    report = capsysbinary.readouterr().out.decode().splitlines()
    assert report[0].startswith(f"{source}:1:") and len(report) == 6
    assert main(["--jsonl-errors", "fail", "-o", str(tmp_path / "f.jsonl"), str(source)]) == 2
    assert not (tmp_path / "f.jsonl").exists()
    capsysbinary.readouterr()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(source.read_bytes())))
    assert main(["--stdin-filename", "x.jsonl"]) == 0
    assert capsysbinary.readouterr().out.decode().splitlines() == got


def test_hundred_thousand_records_stay_valid(tmp_path: Path) -> None:
    source = tmp_path / "big.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for i in range(100_000):
            handle.write(json.dumps({"id": i, "text": RAW if i % 3 else "clean", "x": [i, {"y": 0.5}]}, ensure_ascii=False) + "\n")
    out = tmp_path / "out.jsonl"
    assert main(["-o", str(out), str(source)]) == 0
    src_lines = source.read_text(encoding="utf-8").splitlines()
    out_lines = out.read_text(encoding="utf-8").splitlines()
    assert len(out_lines) == len(src_lines) == 100_000
    for before, after in zip(src_lines, out_lines):
        a, b = json.loads(before), json.loads(after)
        assert list(a) == list(b) and a["id"] == b["id"] and a["x"] == b["x"]
        assert b["text"] == (CLEAN if a["text"] == RAW else a["text"])
