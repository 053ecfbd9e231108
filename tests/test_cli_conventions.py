"""The conventions of ruff, black, cat: exit codes, quiet, output formats, file selection, -o,
--in-place on links, --resume, --report errors, inline control, hints. Each test runs the real
``wenben`` command (``python -m wenben``) in a temporary directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import wenben

RAW = "7 \u6708 13 \u65e5\u4e0a\u5348, \u5fb7\u9633\u5e02(\u5fb7\u9633\u5206\u8d5b\u533a)\n"
CLEAN = "7\u670813\u65e5\u4e0a\u5348\uff0c\u5fb7\u9633\u5e02\uff08\u5fb7\u9633\u5206\u8d5b\u533a\uff09\n"


def run(*args: str, stdin: bytes = b"", cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wenben", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def out(result: subprocess.CompletedProcess) -> str:
    return result.stdout.decode("utf-8")


def err(result: subprocess.CompletedProcess) -> str:
    return result.stderr.decode("utf-8")


def test_closed_pipe_stops_the_run_quietly(tmp_path):
    """``wenben big/ | head -1``: one line read, then the reader goes; wenben stops at the next
    write, says nothing, and exits as cat does under a shell (141 = 128 + SIGPIPE)."""
    tree = tmp_path / "big"
    tree.mkdir()
    for index in range(200):
        (tree / f"{index:03}.txt").write_text((RAW + "\n") * 200, encoding="utf-8")
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "wenben", str(tree)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read()
    status = process.wait(timeout=120)
    elapsed = time.monotonic() - started
    assert first.decode("utf-8") == CLEAN
    assert stderr == b""
    assert status == 141
    serial = time.monotonic()
    assert run(str(tree), "-o", str(tmp_path / "all") + "/").returncode == 0
    assert elapsed < (time.monotonic() - serial) + 5  # it did not go through every file first


def test_quiet_exit_zero_and_the_closing_line(tmp_path):
    dirty, clean = tmp_path / "a.txt", tmp_path / "b.txt"
    dirty.write_text(RAW, encoding="utf-8")
    clean.write_text(CLEAN, encoding="utf-8")
    result = run("--check", str(dirty), str(clean))
    assert result.returncode == 1
    findings = out(result).count("\n")
    assert err(result) == f"wenben: 1 file would be changed, {findings} findings (2 files checked)\n"
    assert run("--check", str(clean)).stderr == b"wenben: 1 file checked, nothing to change\n"
    quiet = run("--check", "-q", str(dirty))
    assert quiet.returncode == 1 and quiet.stderr == b"" and out(quiet) == out(run("--check", str(dirty)))
    assert run("--check", "--exit-zero", str(dirty)).returncode == 0
    assert run("--check", "--exit-zero", str(tmp_path / "missing.txt")).returncode == 2


def test_check_and_diff_together_print_the_diff(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(RAW, encoding="utf-8")
    result = run("--check", "--diff", str(source))
    assert result.returncode == 1
    assert out(result).startswith(f"--- a/{source}\n+++ b/{source}\n") and "+" + CLEAN in out(result)
    assert "1 file would be changed" in err(result)
    assert "--in-place" in err(run("--check", "-i", str(source)))


def test_colour_of_the_diff(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(RAW, encoding="utf-8")
    coloured = out(run("--diff", "--color", "always", str(source)))
    assert "\x1b[31m-" + RAW.rstrip("\n") + "\x1b[0m\n" in coloured
    assert "\x1b[32m+" + CLEAN.rstrip("\n") + "\x1b[0m\n" in coloured
    plain = out(run("--diff", "--color", "never", str(source)))
    assert "\x1b[" not in plain
    assert "\x1b[" not in out(run("--diff", str(source)))  # auto: not a terminal
    assert "\x1b[" not in out(run("--diff", "--color", "auto", str(source), env={"FORCE_COLOR": "", "NO_COLOR": "1"}))
    assert "\x1b[" in out(run("--diff", str(source), env={"FORCE_COLOR": "1"}))


def test_output_formats_for_ci(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("\u6570 \u5b57\u7ecf\u6d4e, \u5f88\u597d\u3002\n", encoding="utf-8")
    lines = out(run("--check", "--output-format", "json-lines", str(source))).splitlines()
    records = [json.loads(line) for line in lines]
    assert ("space-between-chinese", 1, 2) in [(r["rule"], r["line"], r["column"]) for r in records]
    comma = next(index for index, r in enumerate(records) if r["rule"] == "ascii-punctuation")
    assert (records[comma]["line"], records[comma]["column"], records[comma]["replacement"]) == (1, 6, "\uff0c")
    as_json = json.loads(out(run("--check", "--output-format", "json", str(source))))
    assert as_json == records
    github = out(run("--check", "--output-format", "github", str(source))).splitlines()
    assert github[comma].startswith(f"::warning file={source},line=1,col=6,endLine=1,endColumn=7,title=wenben ascii-punctuation::")
    sarif = json.loads(out(run("--check", "--output-format", "sarif", str(source))))
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [r["rule"] for r in records]
    region = results[comma]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (1, 6, 7)
    assert results[comma]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "\uff0c"
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert [rules[r["ruleIndex"]]["id"] for r in results] == [r["ruleId"] for r in results]
    assert "--output-format" in err(run("--diff", "--output-format", "sarif", str(source)))


def make_tree(root: Path) -> None:
    for relative in [
        "keep.txt", "docs/keep.md", ".git/notes.txt", "node_modules/pkg/readme.md", "venv/lib/notes.txt",
        "env2/lib/notes.txt", "build/out.txt", "dist/out.txt", "__pycache__/x.txt", "drafts/draft.txt",
        "logs/a.txt", "logs/keep-this.txt", "private/secret.txt",
    ]:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(RAW, encoding="utf-8")
    (root / "env2" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")


def walked(result: subprocess.CompletedProcess, root: Path) -> list[str]:
    return sorted({line.split(":")[0][len(str(root)) + 1 :] for line in out(result).splitlines()})


def test_default_excludes_gitignore_and_wenbenignore(tmp_path):
    make_tree(tmp_path)
    (tmp_path / ".gitignore").write_text("drafts/\nlogs/*\n!logs/keep-this.txt\n", encoding="utf-8")
    (tmp_path / "docs" / ".wenbenignore").write_text("", encoding="utf-8")
    (tmp_path / ".wenbenignore").write_text("private/\n", encoding="utf-8")
    found = walked(run("--check", "--no-config", str(tmp_path)), tmp_path)
    assert found == ["docs/keep.md", "keep.txt", "logs/keep-this.txt"]
    without = walked(run("--check", "--no-config", "--no-respect-gitignore", str(tmp_path)), tmp_path)
    assert without == ["docs/keep.md", "drafts/draft.txt", "keep.txt", "logs/a.txt", "logs/keep-this.txt"]
    # Named on the command line, a file is always read.
    assert run("--check", str(tmp_path / "build" / "out.txt")).returncode == 1


def test_exclude_replaces_and_extend_exclude_adds(tmp_path):
    make_tree(tmp_path)
    extended = walked(run("--check", "--no-config", "--extend-exclude", "docs/,*.md", str(tmp_path)), tmp_path)
    assert "docs/keep.md" not in extended and "keep.txt" in extended and "build/out.txt" not in extended
    replaced = walked(run("--check", "--no-config", "--exclude", "drafts/", str(tmp_path)), tmp_path)
    assert "build/out.txt" in replaced and "node_modules/pkg/readme.md" in replaced and "drafts/draft.txt" not in replaced
    assert ".git/notes.txt" not in replaced  # hidden directories are never walked
    assert "env2/lib/notes.txt" not in replaced  # a virtual environment, whatever its name
    (tmp_path / "wenben.toml").write_text('extend-exclude = ["logs/"]\n', encoding="utf-8")
    from_config = walked(run("--check", str(tmp_path)), tmp_path)
    assert not any(name.startswith("logs/") for name in from_config) and "keep.txt" in from_config


def test_output_directory_rules(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(RAW, encoding="utf-8")
    b.write_text(RAW, encoding="utf-8")
    assert run(str(a), "-o", str(tmp_path / "cleanA") + "/").returncode == 0
    assert (tmp_path / "cleanA" / "a.txt").read_text(encoding="utf-8") == CLEAN
    (tmp_path / "existing").mkdir()
    assert run(str(a), "-o", str(tmp_path / "existing")).returncode == 0
    assert (tmp_path / "existing" / "a.txt").read_text(encoding="utf-8") == CLEAN
    two = run(str(a), str(b), "-o", str(tmp_path / "two.txt"))
    assert two.returncode == 2 and err(two).count("\n") == 1 and "end it with '/'" in err(two)
    assert not (tmp_path / "two.txt").exists()
    assert run(str(a), "-o", str(tmp_path / "one.txt")).returncode == 0
    assert (tmp_path / "one.txt").read_text(encoding="utf-8") == CLEAN


def test_output_directory_inside_the_input_is_never_walked(tmp_path):
    (tmp_path / "a.txt").write_text(RAW, encoding="utf-8")
    for _ in range(2):
        result = run(str(tmp_path), "-o", str(tmp_path / "out"), "--no-config")
        assert result.returncode == 0, err(result)
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.txt")) == ["a.txt", "out/a.txt"]


def test_in_place_on_a_symlink_rewrites_the_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text(RAW, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    assert run("--in-place", str(link)).returncode == 0
    assert link.is_symlink() and os.readlink(link) == target.name
    assert target.read_text(encoding="utf-8") == CLEAN


def test_in_place_walk_skips_pdfs_with_a_note(tmp_path):
    (tmp_path / "a.txt").write_text(RAW, encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    result = run("-i", str(tmp_path))
    assert result.returncode == 0
    assert err(result) == f"wenben: {tmp_path / 'b.pdf'}: skipped: --in-place cannot rewrite a PDF (clean it with -o DIR/)\n"
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert run("-i", "-q", str(tmp_path)).stderr == b""
    assert run("-i", str(tmp_path / "b.pdf")).returncode == 2  # named: an error


def test_check_report_and_unwritable_report(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(RAW, encoding="utf-8")
    report = tmp_path / "r.html"
    assert run("--check", "--report", str(report), str(source)).returncode == 1
    page = report.read_text(encoding="utf-8")
    assert "ascii-punctuation" in page and str(source) in page
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    for where in (blocker / "r.html", tmp_path):
        result = run("--report", str(where), str(source))
        assert result.returncode == 2 and err(result).count("\n") == 1 and "Traceback" not in err(result)
        assert err(result).startswith(f"wenben: {where}: ")


def test_list_rules_profiles_and_bad_profile(tmp_path):
    listing = out(run("--list-rules")).splitlines()
    rows = {line.split()[0]: line.split()[1] for line in listing[1:]}
    assert rows["missing-space-chinese-latin"] == "spaced"
    assert rows["corner-quotes"] == "tw,hk"
    assert rows["dash"] == ",".join(wenben.PROFILES)
    assert set(rows) == set(wenben.RULES)
    bad = run("--profile", "spacd", stdin=b"x")
    assert bad.returncode == 2 and "did you mean 'spaced'" in err(bad) and err(bad).count("\n") == 1


def test_bad_config_value_names_the_file_and_the_key(tmp_path):
    config = tmp_path / "wenben.toml"
    for text, key, hint in [
        ('profile = "spacd"\n', "profile", "did you mean 'spaced'"),
        ('disable = ["dahs"]\n', "disable", "did you mean 'dash'"),
        ('spacing = "wide"\n', "spacing", "compact, spaced"),
    ]:
        config.write_text(text, encoding="utf-8")
        result = run("--config", str(config), stdin=b"x")
        assert result.returncode == 2 and err(result).count("\n") == 1
        assert err(result).startswith(f"wenben: {config}: '{key}': ") and hint in err(result)


def test_spacing_option_equals_the_spaced_profile():
    text = "\u4f7f\u7528Python\u7f16\u7a0b\uff0c\u7248\u672c3\u3002\n".encode("utf-8")
    assert out(run("--no-config", "--spacing", "spaced", stdin=text)) == out(run("--no-config", "--profile", "spaced", stdin=text))
    assert out(run("--no-config", "--profile", "spaced", "--spacing", "compact", stdin=text)) == out(run("--no-config", stdin=text))


def test_hint_when_stdin_is_a_terminal():
    import pty

    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "wenben"], stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # Two end-of-file marks: the reader asks once more after the first (as cat does not).
        os.write(leader, "\u6570 \u5b57\n".encode("utf-8") + b"\x04\x04")
        stdout, stderr = process.communicate(timeout=60)
    finally:
        os.close(leader)
        os.close(follower)
    assert stderr.decode("utf-8").startswith("wenben: reading standard input") and stderr.count(b"\n") == 1
    assert stdout.decode("utf-8") == "\u6570\u5b57\n"
    assert run(stdin=b"x").stderr == b""  # not a terminal: no hint


def test_check_and_diff_say_what_in_place_would_do_to_the_bytes(tmp_path):
    legacy = tmp_path / "gbk.txt"
    legacy.write_bytes(("\u7b80\u4f53\u4e2d\u6587\u7684\u6587\u672c\u3002" * 20 + "\n").encode("gb18030"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + CLEAN.encode("utf-8"))
    plain = tmp_path / "plain.txt"
    plain.write_text(CLEAN, encoding="utf-8")
    result = run("--check", str(legacy), str(bom), str(plain))
    assert f"wenben: {legacy}: --in-place would re-encode it from gb18030 to UTF-8\n" in err(result)
    assert f"wenben: {bom}: --in-place would drop its byte order mark\n" in err(result)
    assert str(plain) not in err(result)
    assert "would drop its byte order mark" in err(run("--diff", str(bom)))


def test_password_for_encrypted_pdfs(tmp_path):
    pytest.importorskip("reportlab")
    try:
        import pdf_factory as factory
    except ImportError:  # pragma: no cover - tests imported as a package
        from tests import pdf_factory as factory

    made = factory.make_pdf(factory.DocSpec(factory.SAMPLE_PARAGRAPHS))
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(factory.encrypt_pdf(made.data, "s3cret"))
    refused = run(str(locked))
    assert refused.returncode == 2 and "password" in err(refused)
    opened = run("--password", "s3cret", str(locked))
    assert opened.returncode == 0 and out(opened) == wenben.clean_pdf(made.data)


@pytest.mark.parametrize("name", ["a.txt", "a.md"])
def test_inline_control_in_markdown_and_text(tmp_path, name):
    source = tmp_path / name
    source.write_text(f"{RAW}\n<!-- wenben: off -->\n{RAW}\n<!-- wenben: on -->\n{RAW}", encoding="utf-8")
    assert out(run(str(source))) == f"{CLEAN}\n<!-- wenben: off -->\n{RAW}\n<!-- wenben: on -->\n{CLEAN}"
    check = out(run("--check", str(source)))
    assert ":3:" not in check and ":1:" in check and ":7:" in check


def test_clean_file_returns_the_text(tmp_path):
    legacy = tmp_path / "gbk.txt"
    legacy.write_bytes(RAW.encode("gb18030"))
    assert wenben.clean_file(legacy) == CLEAN
    assert wenben.clean_file(str(legacy), disable=["ascii-punctuation", "brackets"]) == wenben.clean(RAW, disable="ascii-punctuation,brackets")
    assert legacy.read_bytes() == RAW.encode("gb18030")  # nothing written
    (tmp_path / "data.jsonl").write_text("{}\n", encoding="utf-8")
    with pytest.raises(wenben.WenbenError, match="JSON Lines"):
        wenben.clean_file(tmp_path / "data.jsonl")
