"""The ``wenben`` command: filter, files, directories, --check, --diff, --in-place, errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import wenben
from wenben.cli import main

RAW = "7 \u6708 13 \u65e5\u4e0a\u5348, \u5fb7\u9633\u5e02(\u5fb7\u9633\u5206\u8d5b\u533a)\n"
CLEAN = "7\u670813\u65e5\u4e0a\u5348\uff0c\u5fb7\u9633\u5e02\uff08\u5fb7\u9633\u5206\u8d5b\u533a\uff09\n"


def run(*args: str, stdin: bytes = b"", cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wenben", *args], input=stdin, capture_output=True, cwd=cwd, timeout=120
    )


def test_stdin_to_stdout():
    result = run(stdin=RAW.encode("utf-8"))
    assert result.returncode == 0
    assert result.stdout.decode("utf-8") == CLEAN
    assert run("-", stdin=RAW.encode("utf-8")).stdout.decode("utf-8") == CLEAN


def test_file_to_stdout_and_to_output_file(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(RAW, encoding="utf-8")
    assert main([str(source), "-o", str(tmp_path / "out.txt")]) == 0
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == CLEAN
    assert source.read_text(encoding="utf-8") == RAW


def test_directory_is_mirrored(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(RAW, encoding="utf-8")
    (tmp_path / "in" / "sub" / "b.md").write_text(RAW, encoding="utf-8")
    (tmp_path / "in" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert main([str(tmp_path / "in"), "-o", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert (tmp_path / "out" / "sub" / "b.md").read_text(encoding="utf-8") == CLEAN
    assert not (tmp_path / "out" / "image.png").exists()


def test_in_place_rewrites_only_what_changes(tmp_path):
    dirty, clean = tmp_path / "dirty.txt", tmp_path / "clean.txt"
    dirty.write_text(RAW, encoding="utf-8")
    clean.write_text(CLEAN, encoding="utf-8")
    before = clean.stat().st_mtime_ns
    os.chmod(dirty, 0o640)
    assert main(["--in-place", str(tmp_path)]) == 0
    assert dirty.read_text(encoding="utf-8") == CLEAN
    assert dirty.stat().st_mode & 0o777 == 0o640
    assert clean.stat().st_mtime_ns == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean.txt", "dirty.txt"]


def test_check_reports_rule_and_location(tmp_path, capsys):
    source = tmp_path / "a.txt"
    source.write_text("\u6807\u9898\n\n\u6570 \u5b57\u7ecf\u6d4e, \u5f88\u597d\u3002\n", encoding="utf-8")
    assert main(["--check", str(source)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{source}:3:2: space-between-chinese" in out[0]
    assert f"{source}:3:6: ascii-punctuation" in out[1]
    assert all(line.startswith(f"{source}:") for line in out)
    source.write_text(CLEAN, encoding="utf-8")
    assert main(["--check", str(source)]) == 0
    assert capsys.readouterr().out == ""


def test_diff(tmp_path, capsys):
    source = tmp_path / "a.txt"
    source.write_text(RAW, encoding="utf-8")
    assert main(["--diff", str(source)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"--- a/{source}\n+++ b/{source}\n")
    assert "-" + RAW in out and "+" + CLEAN in out


def test_version_and_help():
    assert run("--version").stdout.decode().strip() == f"wenben {wenben.__version__}"
    assert "--check" in run("--help").stdout.decode()


def test_list_rules_names_every_rule():
    out = run("--list-rules").stdout.decode("utf-8")
    assert all(rule_id in out for rule_id in wenben.RULES)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00", "binary"),
    ],
)
def test_bad_input_is_one_line_error_and_other_files_still_run(tmp_path, content, message):
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_bytes(content)
    good.write_text(RAW, encoding="utf-8")
    result = run(str(bad), str(good))
    assert result.returncode == 2
    err = result.stderr.decode("utf-8")
    assert err.count("\n") == 1 and err.startswith(f"wenben: {bad}: ")
    assert "Traceback" not in err
    if message:
        assert message in err.lower()
    assert result.stdout.decode("utf-8") == CLEAN


def test_invalid_utf8_is_an_error_not_a_guess(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("\u6570\u5b57\u7ecf\u6d4e".encode("utf-8") + b"\xff\xfe" + "\u6587\u672c".encode("utf-8"))
    result = run("--encoding", "utf-8", str(bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr.decode()
    replaced = run("--encoding", "utf-8", "--errors", "replace", str(bad))
    assert replaced.returncode == 0
    assert "\ufffd" in replaced.stdout.decode("utf-8")


def test_missing_file_and_unknown_option(tmp_path):
    result = run(str(tmp_path / "nope.txt"))
    assert result.returncode == 2
    assert result.stderr.decode().startswith(f"wenben: {tmp_path / 'nope.txt'}: ")
    result = run("--disable", "no-such-rule", stdin=b"x")
    assert result.returncode == 2 and "unknown rule" in result.stderr.decode()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text(RAW, encoding="utf-8")
    locked.chmod(0)
    result = run(str(locked))
    assert result.returncode == 2 and "ermission" in result.stderr.decode()


def test_in_place_failure_leaves_the_file_whole(tmp_path, monkeypatch):
    source = tmp_path / "a.txt"
    source.write_text(RAW, encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    assert main(["--in-place", str(source)]) == 2
    assert source.read_text(encoding="utf-8") == RAW
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run(str(empty))
    assert result.returncode == 0 and result.stdout == b""


def test_config_file_found_upward(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[tool.wenben]\ndisable = ["space-chinese-latin"]\n', encoding="utf-8")
    (tmp_path / "docs").mkdir()
    source = tmp_path / "docs" / "a.txt"
    source.write_text("Debian \u9879\u76ee, \u5f88\u597d\n", encoding="utf-8")
    assert main([str(source)]) == 0
    assert capsys.readouterr().out == "Debian \u9879\u76ee\uff0c\u5f88\u597d\n"
    assert main(["--no-config", str(source)]) == 0
    assert capsys.readouterr().out == "Debian\u9879\u76ee\uff0c\u5f88\u597d\n"


def test_config_errors_name_the_file_and_the_fix(tmp_path):
    config = tmp_path / "wenben.toml"
    config.write_text('profil = "spaced"\n', encoding="utf-8")
    result = run("--config", str(config), stdin=b"x")
    assert result.returncode == 2
    err = result.stderr.decode("utf-8")
    assert str(config) in err and "did you mean 'profile'" in err and "Traceback" not in err
    config.write_text('disable = "dash"\n', encoding="utf-8")
    assert "list of rule IDs" in run("--config", str(config), stdin=b"x").stderr.decode()


def test_profile_from_wenben_toml(tmp_path, capsys):
    (tmp_path / "wenben.toml").write_text('profile = "spaced"\n', encoding="utf-8")
    source = tmp_path / "a.txt"
    source.write_text("\u4f7f\u7528Python\u7f16\u7a0b\n", encoding="utf-8")
    assert main([str(source)]) == 0
    assert capsys.readouterr().out == "\u4f7f\u7528 Python \u7f16\u7a0b\n"
    assert main(["--profile", "default", str(source)]) == 0
    assert capsys.readouterr().out == "\u4f7f\u7528Python\u7f16\u7a0b\n"


def test_select_and_json_format(tmp_path, capsys):
    import json

    source = tmp_path / "a.txt"
    source.write_text("\u6570 \u5b57\u7ecf\u6d4e, \u5f88\u597d\u3002\n", encoding="utf-8")
    assert main(["--check", "--select", "ascii-punctuation", "--output-format", "json", str(source)]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["line"], f["column"], f["original"], f["replacement"]) for f in findings] == [
        ("ascii-punctuation", 1, 6, ",", "\uff0c")
    ]


def test_stats(tmp_path, capsys):
    source = tmp_path / "a.txt"
    source.write_text("\u6570 \u5b57\u7ecf\u6d4e, \u5f88 \u597d\u3002\n", encoding="utf-8")
    assert main(["--stats", str(source)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "\u6570\u5b57\u7ecf\u6d4e\uff0c\u5f88\u597d\u3002\n"
    assert f"{source}: 4 changes" in captured.err
    assert "space-between-chinese" in captured.err and "total: 4 changes in 1 file\n" in captured.err


def test_parallel_output_equals_serial(tmp_path):
    """-j 2 on one large file (split at paragraphs) and on a directory gives the same bytes."""
    from wenben.parallel import clean_stream_parallel

    article = (Path(__file__).parent.parent / "fixtures" / "docs" / "news_article.raw.txt").read_bytes()
    text = article.decode("utf-8") * 60
    pieces = [text[i : i + 777] for i in range(0, len(text), 777)]
    parallel = "".join(clean_stream_parallel(wenben.Cleaner(), pieces, jobs=2, part_size=5_000))
    assert parallel == wenben.clean(text)
    raw = tmp_path / "big.txt"
    raw.write_bytes(article * 60)
    assert run("-j", "2", str(raw)).stdout == run(str(raw)).stdout
    (tmp_path / "tree").mkdir()
    for index in range(4):
        (tmp_path / "tree" / f"{index}.txt").write_text(RAW * (index + 1), encoding="utf-8")
    assert run("-j", "2", str(tmp_path / "tree"), "-o", str(tmp_path / "out")).returncode == 0
    for index in range(4):
        assert (tmp_path / "out" / f"{index}.txt").read_text(encoding="utf-8") == wenben.clean(RAW * (index + 1))


def test_stdin_in_legacy_encoding_is_detected():
    text = "\u6570 \u5b57\u7ecf\u6d4e, \u7b80\u4f53\u4e2d\u6587\u7684\u6587\u672c\u3002\n" * 20
    result = run(stdin=text.encode("gb18030"))
    assert result.returncode == 0
    assert result.stdout.decode("utf-8") == wenben.clean(text)


def test_resume_is_keyed_on_input_settings_and_version(tmp_path):
    (tmp_path / "in").mkdir()
    for index in range(3):
        (tmp_path / "in" / f"{index}.txt").write_text(RAW, encoding="utf-8")
    command = (str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--summary", "--no-config")
    first = run(*command, "--resume")
    assert first.returncode == 0 and "3 files" in first.stderr.decode() and "0 skipped" in first.stderr.decode()
    assert (tmp_path / "out" / ".wenben-resume.jsonl").is_file()
    finished = tmp_path / "out" / "1.txt"
    finished.write_text("sentinel\n", encoding="utf-8")  # proves the file is not written again
    second = run(*command, "--resume")
    assert second.returncode == 0 and "0 files" in second.stderr.decode() and "3 skipped" in second.stderr.decode()
    assert finished.read_text(encoding="utf-8") == "sentinel\n"
    # Other settings: nothing is finished for them.
    third = run(*command, "--resume", "--profile", "spaced")
    assert "3 files" in third.stderr.decode() and "0 skipped" in third.stderr.decode()
    assert finished.read_text(encoding="utf-8") == wenben.clean(RAW, profile="spaced")
    # The input changed (same mtime is not enough to hide a new size): only it is redone.
    (tmp_path / "in" / "1.txt").write_text(RAW + RAW, encoding="utf-8")
    fourth = run(*command, "--resume", "--profile", "spaced")
    assert "wenben: 1 file, " in fourth.stderr.decode() and "2 skipped" in fourth.stderr.decode()
    assert finished.read_text(encoding="utf-8") == wenben.clean(RAW + RAW, profile="spaced")
    # A walk never reads the manifest; an interrupted line in it is ignored.
    with (tmp_path / "out" / ".wenben-resume.jsonl").open("a", encoding="utf-8") as manifest:
        manifest.write('{"output": "0.t')
    assert "0 files" in run(*command, "--resume", "--profile", "spaced").stderr.decode()


def test_progress_bar_when_asked(tmp_path):
    (tmp_path / "in").mkdir()
    for index in range(3):
        (tmp_path / "in" / f"{index}.txt").write_text(RAW, encoding="utf-8")
    result = run(str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--progress")
    assert result.returncode == 0
    assert "3 files" in result.stderr.decode() and "B/s" in result.stderr.decode()


def test_report_is_written(tmp_path):
    from html.parser import HTMLParser

    good, bad = tmp_path / "a.txt", tmp_path / "b.txt"
    good.write_text(RAW, encoding="utf-8")
    bad.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00")
    report = tmp_path / "report.html"
    result = run("--report", str(report), str(good), str(bad))
    assert result.returncode == 2 and result.stdout == b""
    page = report.read_text(encoding="utf-8")
    HTMLParser().feed(page)
    assert "ascii-punctuation" in page and "brackets" in page and str(bad) in page


def test_archives_and_jsonl_through_the_cli(tmp_path):
    import json
    import zipfile

    (tmp_path / "in").mkdir()
    with zipfile.ZipFile(tmp_path / "in" / "corpus.zip", "w") as archive:
        archive.writestr("a/one.txt", RAW)
        archive.writestr("image.bin", b"\x00\x01\x02")
    records = [{"id": 1, "text": RAW, "meta": {"lang": "zh"}}, {"id": 2, "text": CLEAN.rstrip("\n")}]
    (tmp_path / "in" / "data.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    result = run(str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--jsonl-field", "text")
    assert result.returncode == 0, result.stderr.decode()
    with zipfile.ZipFile(tmp_path / "out" / "corpus.zip") as archive:
        assert archive.read("a/one.txt").decode("utf-8") == CLEAN
        assert archive.read("image.bin") == b"\x00\x01\x02"
    lines = (tmp_path / "out" / "data.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        {"id": 1, "text": CLEAN, "meta": {"lang": "zh"}},  # RAW ended with a newline, so does the value
        {"id": 2, "text": CLEAN.rstrip("\n")},
    ]
    to_stdout = run("--jsonl-field", "text", str(tmp_path / "in" / "data.jsonl"))
    assert to_stdout.stdout.decode("utf-8").splitlines() == lines


def test_new_output_files_get_the_usual_permissions(tmp_path):
    """A new output file gets 0o666 less the umask, like any file a program creates (not the
    0o600 of the temporary file it was written to); an existing file keeps its mode."""
    import os
    import stat
    import subprocess
    import sys

    source = tmp_path / "in.txt"
    source.write_text("\u6570 \u5b57\u7ecf\u6d4e\n", encoding="utf-8")
    written = tmp_path / "out.txt"
    subprocess.run([sys.executable, "-m", "wenben", "--no-config", str(source), "-o", str(written)], check=True)
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(written.stat().st_mode) == 0o666 & ~mask
    os.chmod(source, 0o640)
    subprocess.run([sys.executable, "-m", "wenben", "--no-config", "--in-place", str(source)], check=True)
    assert stat.S_IMODE(source.stat().st_mode) == 0o640
