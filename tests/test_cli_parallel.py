"""``-j N`` inside one archive, ``--check``/``--diff``/``--stats`` on several files with ``-j N``,
and a progress bar that moves per record and per member: the real ``wenben`` command in a temp
dir, on real zip/tar/JSON Lines files, compared byte for byte with ``-j 1``."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import wenben
from wenben.engine import explain_cuts
from wenben.io import archives

RAW = "7 \u6708 13 \u65e5\u4e0a\u5348, \u5fb7\u9633\u5e02(\u5fb7\u9633\u5206\u8d5b\u533a)"
CLEAN = "7\u670813\u65e5\u4e0a\u5348\uff0c\u5fb7\u9633\u5e02\uff08\u5fb7\u9633\u5206\u8d5b\u533a\uff09"
# tqdm reads its keyword arguments from TQDM_* variables: refresh on every update, so that the
# test counts the updates the command makes (not the 10 per second tqdm shows by default).
EVERY_UPDATE = {"TQDM_MININTERVAL": "0", "TQDM_MINITERS": "1"}


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "wenben", "--no-config", *args], capture_output=True, timeout=600, cwd=cwd, env=environment
    )


def _text(index: int, paragraphs: int = 40) -> str:
    return "".join(f"{RAW} {index}.{n}\n\n" for n in range(paragraphs))


def _records(count: int, start: int = 0) -> str:
    return "".join(json.dumps({"id": i, "text": f"{RAW} {i}"}, ensure_ascii=False) + "\n" for i in range(start, start + count))


def _make_zip(path: Path, members: int = 40) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        zout.writestr("docs/", b"")
        for index in range(members):
            zout.writestr(f"docs/t{index:03d}.txt", _text(index))
            if index % 7 == 0:
                zout.writestr(f"docs/img{index}.bin", bytes(range(256)) * 4)  # copied unchanged
            if index % 10 == 3:
                zout.writestr(f"docs/n{index}.md", f"# {RAW}\n\n```\n{RAW}\n```\n\n{RAW}\n")
        zout.writestr("data/r.jsonl", _records(30) + "not json\n" + _records(5, 30))
        zout.writestr("docs/bad.txt", b"\xff\xfe\x00abc\x00\x00\x01")  # not text: reported, copied
        zout.writestr("docs/gbk.txt", ("\u4e2d\u6587\uff0c" + RAW + "\n").encode("gb18030") * 50)
        zout.comment = b"kept"


def _make_tar(path: Path, mode: str, members: int = 40) -> None:
    with tarfile.open(path, mode) as tout:
        folder = tarfile.TarInfo("docs")
        folder.type = tarfile.DIRTYPE
        tout.addfile(folder)
        for index in range(members):
            entries = [(f"docs/t{index:03d}.txt", _text(index).encode())]
            if index % 5 == 0:
                entries.append((f"docs/img{index}.bin", bytes(range(256)) * 40))
            if index % 10 == 3:
                entries.append(("data/r%d.jsonl" % index, (_records(20) + "[1]\n").encode()))
            for name, data in entries:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                info.mtime = 1_700_000_000
                tout.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("docs/link")
        link.type = tarfile.SYMTYPE
        link.linkname = "t000.txt"
        tout.addfile(link)


def _same_with_jobs(tmp_path: Path, source: Path, *extra: str) -> tuple[subprocess.CompletedProcess, bytes]:
    """Clean ``source`` with -j 1 and -j 2; assert the same bytes, messages and status."""
    results = []
    for jobs in ("1", "2"):
        target = tmp_path / f"j{jobs}" / source.name
        result = run("-j", jobs, "--jsonl-field", "text", "-o", str(target), source.name, cwd=tmp_path)
        results.append((result, target.read_bytes() if target.exists() else None))
    (one, one_bytes), (two, two_bytes) = results
    assert one_bytes is not None, one.stderr.decode()
    assert two_bytes == one_bytes
    assert two.stderr == one.stderr
    assert two.returncode == one.returncode
    return one, one_bytes


@pytest.mark.parametrize("kind", ["zip", "tar", "tar.gz", "tar.xz"])
def test_an_archive_cleaned_with_two_jobs_is_the_archive_one_job_writes(tmp_path, kind):
    source = tmp_path / f"corpus.{kind}"
    if kind == "zip":
        _make_zip(source)
    else:
        _make_tar(source, {"tar": "w", "tar.gz": "w:gz", "tar.xz": "w:xz"}[kind])
    result, cleaned = _same_with_jobs(tmp_path, source)
    errors = result.stderr.decode()
    # The members were really cleaned, and the problems reported (in order, named) once each.
    if kind == "zip":
        with zipfile.ZipFile(io.BytesIO(cleaned)) as zin:
            assert zin.read("docs/t005.txt").decode() == "".join(f"{CLEAN}5.{n}\n\n" for n in range(40))[:-1]
            assert zin.read("docs/img7.bin") == bytes(range(256)) * 4
            assert zin.read("docs/bad.txt") == b"\xff\xfe\x00abc\x00\x00\x01"
            assert zin.comment == b"kept"
        assert errors.count("r.jsonl:31") == 1 and errors.count("bad.txt") == 1, errors
        assert result.returncode == 2
    else:
        with tarfile.open(fileobj=io.BytesIO(cleaned)) as tin:
            names = tin.getnames()
            assert names[0] == "docs" and names[-1] == "docs/link"
            member = tin.extractfile("docs/t005.txt")
            assert member is not None and member.read().decode().startswith(f"{CLEAN}5.0\n\n{CLEAN}5.1")
            image = tin.extractfile("docs/img5.bin")
            assert image is not None and image.read() == bytes(range(256)) * 40
        assert [line for line in errors.splitlines() if "r13.jsonl:21" in line], errors
        assert errors.index("r3.jsonl:21") < errors.index("r13.jsonl:21") < errors.index("r33.jsonl:21")


def test_a_damaged_archive_fails_the_same_way_with_two_jobs(tmp_path):
    good = tmp_path / "good.tar.gz"
    _make_tar(good, "w:gz")
    (tmp_path / "cut.tar.gz").write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}"
        result = run("-j", jobs, "-o", f"{out}/", "cut.tar.gz", cwd=tmp_path)
        assert result.returncode == 2
        assert not (out / "cut.tar.gz").exists()  # nothing half-written
        outputs.append(result.stderr)
    assert outputs[0] == outputs[1]
    last = outputs[0].decode().splitlines()[-1]
    assert last.startswith("wenben: cut.tar.gz: truncated"), last  # after the problems of the members before it


def test_large_members_are_cleaned_in_parts_by_the_same_workers(tmp_path, monkeypatch):
    """A member above MEMBER_TASK_BYTES is streamed in this process and its parts (text) or
    record batches (JSON Lines) go to the pool: the same archive as in one process."""
    monkeypatch.setattr(archives, "MEMBER_TASK_BYTES", 10_000)
    monkeypatch.setattr("wenben.parallel.PART_SIZE", 5_000)
    source = tmp_path / "a.zip"
    _make_zip(source, members=12)
    cleaner = wenben.Cleaner()
    written = []
    for jobs in (1, 2):
        problems: list[tuple[str, str]] = []
        target = tmp_path / f"out{jobs}.zip"
        summary = archives.clean_archive(
            source, target, cleaner, jsonl_field="text", on_error=lambda n, m: problems.append((n, m)), jobs=jobs
        )
        written.append((target.read_bytes(), problems, summary))
    assert written[0] == written[1]
    assert written[0][2].records == 35


def test_members_in_flight_are_bounded(tmp_path, monkeypatch):
    """Small members go to the workers in batches, and at most 2 * jobs batches are being
    cleaned while earlier members wait to be written; the archive is the one -j 1 writes."""
    monkeypatch.setattr(archives, "BATCH_BYTES", 6_000)  # a few members a batch, many batches
    source = tmp_path / "a.tar"
    _make_tar(source, "w", members=60)
    most, sizes = [0], []
    real_send = archives._Pipeline._send_batch

    def send(self):  # type: ignore[no-untyped-def]
        if self.batch:
            sizes.append(len(self.batch))
        real_send(self)
        most[0] = max(most[0], self.in_flight)

    monkeypatch.setattr(archives._Pipeline, "_send_batch", send)
    archives.clean_archive(source, tmp_path / "out2.tar", wenben.Cleaner(), jobs=2)
    assert 2 <= most[0] <= 2 * 2
    assert len(sizes) > 4 and max(sizes) > 1 and sum(sizes) == 60
    archives.clean_archive(source, tmp_path / "out1.tar", wenben.Cleaner(), jobs=1)
    assert (tmp_path / "out1.tar").read_bytes() == (tmp_path / "out2.tar").read_bytes()


def test_jsonl_to_standard_output_with_two_jobs_is_the_same(tmp_path):
    (tmp_path / "r.jsonl").write_text(_records(3000) + "oops\n" + _records(10, 3000), encoding="utf-8")
    one = run("-j", "1", "r.jsonl", cwd=tmp_path)
    two = run("-j", "2", "r.jsonl", cwd=tmp_path)
    assert one.stdout == two.stdout and one.stderr == two.stderr and one.returncode == two.returncode == 0
    assert one.stdout.decode().count(CLEAN) == 3010 and one.stderr.decode().count("r.jsonl:3001") == 1


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    for index in range(30):
        (tree / f"f{index:02d}.txt").write_text(_text(index, index % 4), encoding="utf-8")
    (tree / "sub" / "g.md").write_text(f"# {RAW}\n\n{RAW}\n", encoding="utf-8")
    (tree / "sub" / "bad.txt").write_bytes(b"\xff\xfe\x00abc\x00\x00\x01")
    (tree / "sub" / "gbk.txt").write_bytes(("\u4e2d\u6587\uff0c" + RAW + "\n").encode("gb18030") * 20)
    (tree / "sub" / "off.txt").write_text(f"wenben: disable=nosuch\n{RAW}\n", encoding="utf-8")
    (tree / "r.jsonl").write_text(_records(5) + "not json\n", encoding="utf-8")
    return tree


@pytest.mark.parametrize(
    "mode",
    [
        ["--check"],
        ["--check", "--output-format", "json"],
        ["--check", "--output-format", "json-lines"],
        ["--check", "--output-format", "github"],
        ["--check", "--output-format", "sarif"],
        ["--check", "--diff"],
        ["--diff", "--color", "always"],
        ["--stats"],
        ["--check", "--stats", "--jsonl-field", "text"],
        ["--check", "--exit-zero", "-q"],
    ],
    ids=lambda mode: " ".join(mode),
)
def test_check_diff_and_stats_with_two_jobs_print_what_one_job_prints(tmp_path, mode):
    _tree(tmp_path)
    one = run(*mode, "-j", "1", "tree", cwd=tmp_path)
    two = run(*mode, "-j", "2", "tree", cwd=tmp_path)
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr
    assert two.returncode == one.returncode == 2  # bad.txt is an error (--exit-zero too)
    if "--stats" in mode and "--check" not in mode:
        assert b"total: " in one.stderr
    else:
        assert one.stdout.count(b"tree/f01.txt") or one.stdout.count(b"tree\\\\f01.txt")


def test_check_with_two_jobs_exit_codes_are_unchanged(tmp_path):
    clean = tmp_path / "clean"
    clean.mkdir()
    for index in range(6):
        (clean / f"c{index}.txt").write_text(f"{CLEAN}\n", encoding="utf-8")
    assert run("--check", "-j", "2", "clean", cwd=tmp_path).returncode == 0
    (clean / "c9.txt").write_text(f"{RAW}\n", encoding="utf-8")
    result = run("--check", "-j", "2", "clean", cwd=tmp_path)
    assert result.returncode == 1
    closing = result.stderr.decode().strip()
    assert re.fullmatch(r"wenben: 1 file would be changed, \d+ findings \(7 files checked\)", closing), closing
    assert run("--check", "-j", "1", "clean", cwd=tmp_path).stderr == result.stderr


def _bar_positions(stderr: bytes) -> list[str]:
    """The byte counts a tqdm bar showed, in order (one per refresh)."""
    frames = stderr.decode().replace("\r", "\n").splitlines()
    return [match.group(1) for frame in frames if (match := re.search(r"\| *([0-9.]+[kMG]?)/[0-9.]+[kMG]? \[", frame))]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_progress_bar_moves_block_by_block_in_a_jsonl_file(tmp_path, jobs):
    (tmp_path / "r.jsonl").write_text(_records(25_000), encoding="utf-8")
    result = run("--progress", "-j", jobs, "-o", "out.jsonl", "r.jsonl", cwd=tmp_path, env=EVERY_UPDATE)
    assert result.returncode == 0, result.stderr
    shown = _bar_positions(result.stderr)
    # Not 0 -> 100 %: one step per block of records, a small file cut into about 128 blocks
    # (tqdm rounds to 3 digits).
    assert len(set(shown)) >= 100, shown
    assert shown[0] == "0.00" and shown[-1] == f"{(tmp_path / 'r.jsonl').stat().st_size / 1e6:.2f}M"


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("kind", ["zip", "tar"])
def test_the_progress_bar_moves_member_by_member_in_an_archive(tmp_path, jobs, kind):
    source = tmp_path / f"a.{kind}"
    if kind == "zip":
        _make_zip(source, members=40)
    else:
        _make_tar(source, "w", members=40)
    result = run("--progress", "-j", jobs, "--summary", "-o", f"out/", source.name, cwd=tmp_path, env=EVERY_UPDATE)
    assert result.returncode in (0, 2), result.stderr  # the zip holds a member that is not text
    shown = _bar_positions(result.stderr)
    assert len(set(shown)) >= 30, shown  # one step per member, about
    assert "members" in result.stderr.decode().splitlines()[-1]


def test_a_single_archive_written_to_a_file_shows_the_bar_on_a_terminal(tmp_path):
    """Without --progress the bar shows on a terminal: for several files, and now for one
    archive or JSON Lines file written to a file (whose blocks of records and members move it)."""
    pty = pytest.importorskip("pty")
    (tmp_path / "r.jsonl").write_text(_records(3000), encoding="utf-8")  # 220 kB: 13 blocks
    import fcntl
    import struct
    import termios

    leader, follower = pty.openpty()
    # A terminal of 24 x 100 (a new pseudo-terminal has 0 columns, where tqdm draws nothing).
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "wenben", "--no-config", "-o", "out.jsonl", "r.jsonl"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower, cwd=tmp_path,
        env={**os.environ, **EVERY_UPDATE},
    )
    os.close(follower)  # the child holds the terminal now; read it while it writes
    seen = b""
    try:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(leader)
        process.wait(timeout=300)
        assert process.stdout is not None
        process.stdout.close()
    assert process.returncode == 0
    assert len(set(_bar_positions(seen))) >= 10, seen[-500:]


def test_the_summary_counts_members_and_records_of_files_cleaned_by_workers(tmp_path):
    """-j over several files: the workers pass back the members, records and uncompressed
    bytes, so the summary line is the one -j 1 prints."""
    tree = tmp_path / "in"
    tree.mkdir()
    _make_zip(tree / "a.zip", members=5)
    (tree / "r.jsonl").write_text(_records(50), encoding="utf-8")
    (tree / "t.txt").write_text(_text(1), encoding="utf-8")
    lines = []
    for jobs in ("1", "2"):
        result = run("--summary", "-j", jobs, "-o", f"out{jobs}/", "in", cwd=tmp_path)
        assert result.returncode == 2  # the zip's bad.txt
        lines.append(re.sub(r" in [0-9.]+ s \([0-9.]+ MB/s\)", "", result.stderr.decode().splitlines()[-1]))
    assert lines[0] == lines[1]
    assert lines[0].startswith("wenben: 3 files, 10 members, 85 records, "), lines[0]


def test_without_on_error_the_first_bad_member_raises_in_its_turn_with_two_jobs(tmp_path):
    source = tmp_path / "a.zip"
    _make_zip(source, members=8)
    raised = []
    for jobs in (1, 2):
        target = tmp_path / f"out{jobs}.zip"
        with pytest.raises(wenben.errors.InputError) as error:
            archives.clean_archive(source, target, wenben.Cleaner(), jobs=jobs)  # no jsonl_field: r.jsonl copied
        assert not target.exists()
        raised.append((type(error.value), str(error.value)))
    assert raised[0] == raised[1]
    assert "bad.txt" in raised[0][1]


def test_check_with_two_jobs_stops_quietly_when_the_reader_goes(tmp_path):
    """``wenben --check -j 2 big/ | head -1``: the pool is stopped at once (queued files
    cancelled, running workers ended), nothing on stderr, exit 141 as with -j 1."""
    tree = tmp_path / "big"
    tree.mkdir()
    for index in range(100):
        (tree / f"{index:03}.txt").write_text(_text(index, 200), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "wenben", "--no-config", "--check", "-j", "2", "big"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=300) == 141
    assert first.startswith(b"big/000.txt:1:2: ") and stderr == b""


def _long_text(paragraphs: int, *, middle: str = "", crlf: bool = False, noisy_every: int = 1) -> str:
    """About 85 bytes per paragraph of noisy text, blank lines of several kinds between them
    (bare, with spaces, with an ideographic space), ``middle`` half way. With ``noisy_every``
    n, only every n-th paragraph is noisy, the others are already clean (the blank lines stay
    of every kind): as large, and as many parts, with fewer findings to print."""
    breaks = ["\n\n", "\n  \n", "\n\u3000\n", "\n\n\n"]
    noisy, clean = "{raw} {n}\u6bb5\uff0c\u7b2c {m} \u53e5", "{clean}{n}\u6bb5\uff0c\u7b2c{m}\u53e5"
    parts = [
        (noisy if n % noisy_every == 0 else clean).format(raw=RAW, clean=CLEAN, n=n, m=n % 97) + breaks[n % 4]
        for n in range(paragraphs)
    ]
    parts.insert(paragraphs // 2, middle)
    text = "".join(parts)
    return text.replace("\n", "\r\n") if crlf else text


@pytest.mark.parametrize(
    "variant",
    ["plain", "crlf", "bom", "fence", "directive", "gb18030"],
)
def test_one_large_text_file_with_two_jobs_is_what_one_job_writes(tmp_path, variant):
    """One file of several parts (1 MB each): cut in bytes and cleaned by the workers, or (a
    fence, a directive, another encoding) cut as in one process; always the bytes -j 1 writes,
    which are those of cleaning the whole text at once."""
    middle = {
        "fence": "```\n" + f"{RAW}\n\n{RAW}\n" * 3 + "```\n\n",
        "directive": f"<!-- wenben: off -->\n\n{RAW}\n\n<!-- wenben: on -->\n\n",
    }.get(variant, "")
    text = _long_text(30_000, middle=middle, crlf=variant == "crlf")
    data = text.encode("gb18030" if variant == "gb18030" else "utf-8")
    if variant == "bom":
        data = b"\xef\xbb\xbf" + data
    (tmp_path / "big.txt").write_bytes(data)
    assert len(text.encode("utf-8")) > 2 * 1_048_576  # several parts
    outputs = {}
    for jobs in ("1", "2"):
        result = run("-j", jobs, "-o", f"out{jobs}.txt", "big.txt", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        outputs[jobs] = (tmp_path / f"out{jobs}.txt").read_bytes()
    assert outputs["2"] == outputs["1"]
    assert outputs["2"].decode("utf-8") == wenben.clean(text)
    assert CLEAN in outputs["2"].decode("utf-8")
    to_stdout = run("-j", "2", "big.txt", cwd=tmp_path)
    assert to_stdout.returncode == 0 and to_stdout.stdout == outputs["1"]


@pytest.mark.parametrize("errors", ["strict", "replace"])
def test_bytes_that_are_not_utf8_deep_in_a_large_file_fail_or_are_replaced_as_with_one_job(tmp_path, errors):
    text = _long_text(30_000)
    data = text.encode("utf-8")
    bad = len(data) * 3 // 4
    bad = data.index(b"\n", bad) + 1  # the start of a line, in the third part
    (tmp_path / "big.txt").write_bytes(data[:bad] + b"\xff\xfe" + data[bad:])
    results = [run("-j", jobs, f"--errors={errors}", "-o", f"out{jobs}.txt", "big.txt", cwd=tmp_path) for jobs in ("1", "2")]
    assert results[0].returncode == results[1].returncode == (2 if errors == "strict" else 0)
    assert results[0].stderr == results[1].stderr
    if errors == "strict":
        assert f"bytes at offset {bad} are not valid utf-8" in results[1].stderr.decode()
        assert not (tmp_path / "out2.txt").exists()  # nothing half-written
    else:
        assert (tmp_path / "out1.txt").read_bytes() == (tmp_path / "out2.txt").read_bytes()
        assert "\ufffd" in (tmp_path / "out2.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "options",
    [("--check",), ("--check", "--output-format", "json-lines"), ("--check", "--output-format", "github"), ("--check", "--stats"),
     ("--check", "--output-format", "json"), ("--diff",), ("--check", "--diff")],
)
def test_check_on_one_large_file_with_two_jobs_prints_what_one_job_prints(tmp_path, options):
    """Its parts explained and their findings formatted by the workers: the same lines, in
    order, the same statistics, closing line and status as one process."""
    # A noisy paragraph in every eight gives 60,000 findings (all noisy: 322,500, and
    # --output-format json printed 110 MB twice, two minutes of the test run). --diff too: on
    # this mostly clean text difflib took 400-520 s; wenben.diff takes about a second.
    text = _long_text(30_000, noisy_every=8)
    assert len(explain_cuts(text)) >= 2  # explained in three parts or more
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    one, two = (run("-j", jobs, *options, "big.txt", cwd=tmp_path) for jobs in ("1", "2"))
    assert one.returncode == two.returncode == 1
    assert two.stdout == one.stdout and two.stderr == one.stderr
    found = one.stdout.decode().splitlines()
    assert len(found) > 10_000 or options[-1] == "json"
    if options == ("--check",):
        edits = wenben.explain(text).edits
        assert len(found) == len(edits)
        final = edits[-1]  # lines count from the file's start, not the part's
        assert found[-1].startswith(f"big.txt:{text.count(chr(10), 0, final.start) + 1}:"), found[-1]


@pytest.mark.parametrize("options", [("--report", "r.html"), ("--check", "--report", "r.html"), ("--report", "r.html", "-o", "out/")])
def test_report_on_several_files_with_two_jobs_is_the_page_one_job_writes(tmp_path, options):
    """Each file explained by a worker; this process writes the one page: the same page."""
    tree = tmp_path / "tree"
    tree.mkdir()
    for index in range(8):
        (tree / f"f{index}.txt").write_text(_text(index, 30) if index % 3 else f"{CLEAN}\n", encoding="utf-8")
    (tree / "bad.txt").write_bytes(b"\xff\xfe\x00abc\x00\x00\x01")
    pages, results = [], []
    for jobs in ("1", "2"):
        folder = tmp_path / f"j{jobs}"
        folder.mkdir()
        result = run("-j", jobs, *options, str(tree), cwd=folder)
        results.append(result)
        pages.append((folder / "r.html").read_text(encoding="utf-8"))
        if "-o" in options:
            assert sorted(p.name for p in (folder / "out").iterdir()) == [f"f{index}.txt" for index in range(8)]
    assert results[0].returncode == results[1].returncode == 2  # bad.txt
    assert results[0].stdout == results[1].stdout and results[0].stderr == results[1].stderr
    assert pages[0] == pages[1]
    assert "f4.txt" in pages[1] and "bad.txt" in pages[1] and pages[1].count("<ins") > 100


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_progress_bar_moves_through_a_compressed_jsonl_file(tmp_path, jobs):
    """A .jsonl.gz: the bar (bytes on disk) moves block by block as the records are written,
    not 0 -> 100 % at the end; the file written is the same for every -j."""
    import gzip

    (tmp_path / "r.jsonl.gz").write_bytes(gzip.compress(_records(25_000).encode("utf-8"), mtime=0))
    result = run("--progress", "-j", jobs, "-o", "out/", "r.jsonl.gz", cwd=tmp_path, env=EVERY_UPDATE)
    assert result.returncode == 0, result.stderr
    shown = _bar_positions(result.stderr)
    assert len(set(shown)) >= 50, shown
    assert shown[0] == "0.00" and shown[-1] == f"{(tmp_path / 'r.jsonl.gz').stat().st_size / 1000:.0f}k"
    cleaned = gzip.decompress((tmp_path / "out" / "r.jsonl.gz").read_bytes()).decode("utf-8")
    assert cleaned == "".join(wenben.io.archives.clean_jsonl_lines(_records(25_000).splitlines(keepends=True), "text", wenben.Cleaner()))
