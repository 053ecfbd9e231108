"""The CLI under faults: interrupted ``--in-place``, unwritable outputs, a full disk, and
directory walks that meet dangling symlinks, symlink loops, FIFOs, directories named like
files, unreadable, binary and undecodable files; and text at its extremes.

The contract (``wenben/errors.py``, ``wenben/cli.py``): a problem with one input prints one line
``wenben: <path>: <message>`` to stderr, the other inputs are still processed, the exit status
is 2, and there is never a traceback.  ``--in-place`` leaves each file either as it was or
completely rewritten.

Tests that show wenben misbehaving today are strict ``xfail`` with the reason; see
``docs/bad-input.md`` for the whole table.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import wenben
from wenben.cli import main

SRC = Path(__file__).resolve().parents[1] / "src"
RAW = "7 \u6708 13 \u65e5\u4e0a\u5348, \u5fb7\u9633\u5e02(\u5fb7\u9633\u5206\u8d5b\u533a)\n"
CLEAN = "7\u670813\u65e5\u4e0a\u5348\uff0c\u5fb7\u9633\u5e02\uff08\u5fb7\u9633\u5206\u8d5b\u533a\uff09\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file semantics (signals, FIFOs, symlinks)")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH", "")]))
    return env


def cli(*args: str, cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run ``python -m wenben`` (a real process: exit status, stderr, no shared state)."""
    return subprocess.run(
        [sys.executable, "-m", "wenben", "--no-config", *args],
        capture_output=True, cwd=cwd, timeout=timeout, env=_env(), stdin=subprocess.DEVNULL, check=False,
    )


def error_lines(result: subprocess.CompletedProcess) -> list[str]:
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    return err.splitlines()


def assert_one_error_naming(lines: list[str], path: Path | str, *fragments: str) -> str:
    """Exactly one stderr line is about ``path``; it is ``wenben: <path>: ...`` with ``fragments``."""
    about = [line for line in lines if line.startswith(f"wenben: {path}: ")]
    assert len(about) == 1, lines
    for fragment in fragments:
        assert fragment.lower() in about[0].lower(), about[0]
    return about[0]


# -------------------------------------------------------------------------------------------
# --in-place interrupted by SIGKILL

# Clean Chinese paragraphs with one stray space each: --in-place rewrites every paragraph, and
# cleaning stays fast (few rules fire), so each run takes a second or two, not ten.
_PARAGRAPH = (
    "\u6570\u5b57\u7ecf \u6d4e\u6301\u7eed\u589e\u957f\uff0c\u4ea7\u4e1a\u7ed3\u6784\u4e0d\u65ad\u4f18\u5316\u3002"
    + "\u6570\u5b57\u7ecf\u6d4e\u6301\u7eed\u589e\u957f\uff0c\u4ea7\u4e1a\u7ed3\u6784\u4e0d\u65ad\u4f18\u5316\u3002" * 4
    + "\n\n"
)


@pytest.fixture(scope="module")
def big_old() -> bytes:
    """A ~3 MB file that --in-place rewrites."""
    return (_PARAGRAPH * (3_000_000 // len(_PARAGRAPH.encode("utf-8")))).encode("utf-8")


def _in_place(path: Path, *, wrapper: str | None = None) -> subprocess.Popen:
    if wrapper is None:
        command = [sys.executable, "-m", "wenben", "--no-config", "--in-place", str(path)]
    else:
        command = [sys.executable, "-c", wrapper, str(path)]
    return subprocess.Popen(command, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _leftovers(directory: Path, name: str) -> tuple[list[str], list[str]]:
    """(hidden temp files wenben writes, any other stray file) next to ``name``."""
    temps, strays = [], []
    for entry in sorted(os.listdir(directory)):
        if entry == name:
            continue
        (temps if entry.startswith(f".{name}.") and entry.endswith(".tmp") else strays).append(entry)
    return temps, strays


def test_in_place_killed_at_random_moments_leaves_old_or_new_file(tmp_path, big_old):
    old = big_old
    target = tmp_path / "big.txt"

    # One uninterrupted run: how long it takes, and the new content.
    target.write_bytes(old)
    started = time.monotonic()
    process = _in_place(target)
    assert process.wait(timeout=120) == 0, process.stderr.read()
    process.stderr.close()
    duration = time.monotonic() - started
    new = target.read_bytes()
    # (compared as booleans: a failing ``==`` on 3 MB would make pytest diff it for minutes)
    assert new != old
    assert new.startswith(wenben.clean(_PARAGRAPH).encode("utf-8")) is True
    assert _leftovers(tmp_path, "big.txt") == ([], [])

    rng = random.Random(20240713)
    # Spread over the whole run, and more of them late, where the write and the rename are.
    moments = [rng.uniform(0.0, duration) for _ in range(2)] + [rng.uniform(0.6, 1.3) * duration for _ in range(3)]
    outcomes = []
    temp_left = []
    for delay in moments + ["temp-file"]:
        target.write_bytes(old)
        process = _in_place(target)
        if delay == "temp-file":
            # Kill the moment this process's temporary file appears: in the middle of writing it.
            deadline = time.monotonic() + 120
            while process.poll() is None and time.monotonic() < deadline:
                if any(f".wenben-{process.pid}-" in temp for temp in _leftovers(tmp_path, "big.txt")[0]):
                    break
                time.sleep(0.0005)
        else:
            time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        process.stderr.close()
        data = target.read_bytes()
        intact = data == old or data == new
        assert intact, f"kill at {delay}: {len(data)} bytes, neither old ({len(old)}) nor new ({len(new)})"
        outcomes.append("old" if data == old else "new")
        temps, strays = _leftovers(tmp_path, "big.txt")
        assert strays == [], strays
        # A killed writer may leave its own temporary file (SIGKILL cannot be caught), never more:
        # the next run removes those of writers that are gone.
        assert len(temps) <= 1, temps
        temp_left += temps
    # (shown with ``pytest -s``)
    print(f"\nkills at {moments + ['temp-file']}: {outcomes}; temporary files left: {temp_left}")
    # One more run, not interrupted: the new file, and nothing left over from the killed ones.
    process = _in_place(target)
    assert process.wait(timeout=120) == 0, process.stderr.read()
    process.stderr.close()
    assert (target.read_bytes() == new) is True
    assert _leftovers(tmp_path, "big.txt") == ([], [])
    # At least one kill landed before the rename (otherwise the test tested nothing).
    assert "old" in outcomes, outcomes


# The real wenben, with os.fsync made slow: the kill then lands, every time, after the temporary
# file is written and before it is renamed over the target.
_SLOW_FSYNC = """
import os, sys, time
from pathlib import Path
real_fsync = os.fsync
def slow_fsync(fd):
    Path(sys.argv[1] + ".fsyncing").touch()
    time.sleep(60)
    real_fsync(fd)
os.fsync = slow_fsync
from wenben.cli import main
sys.exit(main(["--no-config", "--in-place", sys.argv[1]]))
"""


def _kill_during_fsync(tmp_path: Path) -> tuple[Path, list[str]]:
    work = tmp_path / "work"
    work.mkdir()
    target = work / "a.txt"
    target.write_text(RAW, encoding="utf-8")
    process = _in_place(target, wrapper=_SLOW_FSYNC)
    marker = Path(str(target) + ".fsyncing")
    deadline = time.monotonic() + 60
    while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert marker.exists(), process.stderr.read()
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()
    marker.unlink()
    assert target.read_text(encoding="utf-8") == RAW
    temps, strays = _leftovers(work, "a.txt")
    assert strays == []
    return target, temps


def test_in_place_killed_before_rename_keeps_old_file_and_later_runs_work(tmp_path):
    target, temps = _kill_during_fsync(tmp_path)
    # SIGKILL cannot be caught: the temporary file, named after the dead writer's PID, stays.
    assert len(temps) == 1 and temps[0].startswith(".a.txt.wenben-"), temps
    # The next run is not confused by the leftover: it rewrites the file, a directory walk does
    # not pick the hidden temporary file up as an input, and the dead writer's file is removed.
    result = cli("--in-place", str(target.parent))
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8") == CLEAN
    assert _leftovers(target.parent, "a.txt") == ([], [])


def test_in_place_killed_before_rename_leaves_no_temp_file_after_the_next_run(tmp_path):
    # The next run that writes the same file, even with nothing to change, clears the leftover.
    target, temps = _kill_during_fsync(tmp_path)
    assert temps
    target.write_text(CLEAN, encoding="utf-8")
    result = cli("--in-place", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8") == CLEAN
    assert _leftovers(target.parent, "a.txt") == ([], [])


def test_stale_temp_files_of_live_processes_and_other_files_are_kept(tmp_path):
    # Only ``.NAME.wenben-PID-RANDOM.tmp`` of a process that is gone, for the file being
    # written, is removed: never a running writer's file, another target's, or a look-alike.
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    target = tmp_path / "a.txt"
    target.write_text(RAW, encoding="utf-8")
    keep = [
        f".a.txt.wenben-{os.getpid()}-abcd1234.tmp",  # running (this test)
        f".b.txt.wenben-{dead.pid}-abcd1234.tmp",  # another target
        f".a.txt.{dead.pid}-abcd1234.tmp",  # not ours
        f".a.txt.wenben-{dead.pid}-abcd1234.tmp.bak",
        f"a.txt.wenben-{dead.pid}-abcd1234.tmp",
        f".a.txt.wenben-{dead.pid}-abc.tmp",
    ]
    stale = f".a.txt.wenben-{dead.pid}-abcd1234.tmp"
    for name in [*keep, stale]:
        (tmp_path / name).write_text("x")
    result = cli("--in-place", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8") == CLEAN
    assert sorted(os.listdir(tmp_path)) == sorted(["a.txt", *keep])


# -------------------------------------------------------------------------------------------
# Outputs that cannot be written


def test_output_path_inside_a_regular_file(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(RAW, encoding="utf-8")
    plain = tmp_path / "plain"
    plain.write_text("not a directory")
    result = cli(str(source), "-o", str(plain / "out.txt"))
    assert result.returncode == 2
    lines = error_lines(result)
    assert len(lines) == 1 and lines[0].startswith("wenben: ") and str(plain) in lines[0], lines
    assert plain.read_text() == "not a directory"


def test_output_directory_is_a_regular_file(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(RAW, encoding="utf-8")
    b.write_text(RAW, encoding="utf-8")
    plain = tmp_path / "plain"
    plain.write_text("x")
    result = cli(str(a), str(b), "-o", str(plain / "sub") + "/")
    assert result.returncode == 2
    lines = error_lines(result)
    assert len(lines) == 2 and all(str(plain) in line for line in lines), lines
    # Without the slash, two inputs into one path that is not a directory: one error, at once.
    lines = error_lines(cli(str(a), str(b), "-o", str(plain / "sub")))
    assert len(lines) == 1 and "end it with '/'" in lines[0], lines


def test_one_unwritable_output_does_not_stop_the_others(tmp_path):
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / "in" / name).write_text(RAW, encoding="utf-8")
    (tmp_path / "out" / "b.txt").mkdir(parents=True)  # a directory where b.txt must go
    (tmp_path / "out" / "b.txt" / "keep").write_text("k")
    result = cli(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    lines = error_lines(result)
    assert len(lines) == 1 and "b.txt" in lines[0], lines
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert (tmp_path / "out" / "c.txt").read_text(encoding="utf-8") == CLEAN
    assert (tmp_path / "out" / "b.txt" / "keep").read_text() == "k"
    assert sorted(os.listdir(tmp_path / "out")) == ["a.txt", "b.txt", "c.txt"]  # no temp left


def test_unwritable_output_error_names_the_output_not_the_temp_file(tmp_path):
    # os.replace(temp, target) fails: the message names the output, not the temporary file
    # (which no longer exists when the user reads it).
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "b.txt").write_text(RAW, encoding="utf-8")
    (tmp_path / "out" / "b.txt").mkdir(parents=True)
    result = cli(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    lines = error_lines(result)
    assert len(lines) == 1 and ".tmp" not in lines[0], lines
    assert_one_error_naming(lines, tmp_path / "out" / "b.txt", "directory")


@pytest.mark.skipif(IS_ROOT, reason="root writes into read-only directories")
def test_read_only_output_directory(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(RAW, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = cli(str(source), "-o", str(out / "a.txt"))
    finally:
        out.chmod(0o755)
    assert result.returncode == 2
    lines = error_lines(result)
    assert len(lines) == 1 and "ermission" in lines[0], lines
    assert os.listdir(out) == []


@pytest.mark.skipif(IS_ROOT, reason="root writes into read-only directories")
def test_in_place_in_read_only_directory(tmp_path):
    (tmp_path / "ro").mkdir()
    target = tmp_path / "ro" / "a.txt"
    target.write_text(RAW, encoding="utf-8")
    (tmp_path / "ro").chmod(0o555)
    try:
        result = cli("--in-place", str(target))
    finally:
        (tmp_path / "ro").chmod(0o755)
    assert result.returncode == 2
    error_lines(result)
    assert target.read_text(encoding="utf-8") == RAW


# -------------------------------------------------------------------------------------------
# Disk full


def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("where", ["fsync", "replace"])
def test_disk_full_during_in_place_keeps_file_and_goes_on(tmp_path, monkeypatch, capsys, where):
    (tmp_path / "a.txt").write_text(RAW, encoding="utf-8")
    (tmp_path / "b.txt").write_text(RAW, encoding="utf-8")
    calls = {"n": 0}
    real = getattr(os, where)

    def first_fails(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            _enospc()
        return real(*args, **kwargs)

    monkeypatch.setattr(os, where, first_fails)
    status = main(["--no-config", "--in-place", str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.splitlines() == [f"wenben: {tmp_path / 'a.txt'}: No space left on device"]
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == RAW
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == CLEAN
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "b.txt"]


def test_disk_full_while_writing_output(tmp_path, monkeypatch, capsys):
    source = tmp_path / "a.txt"
    source.write_text(RAW, encoding="utf-8")
    (tmp_path / "out").mkdir()

    # The temporary file is created, then every write to it fails with ENOSPC.
    import tempfile

    real_named = tempfile.NamedTemporaryFile

    def full_disk_tempfile(*args, **kwargs):
        handle = real_named(*args, **kwargs)
        handle.write = _enospc  # type: ignore[method-assign]
        return handle

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", full_disk_tempfile)
    status = main(["--no-config", str(source), "-o", str(tmp_path / "out" / "a.txt")])
    err = capsys.readouterr().err
    assert status == 2
    assert len(err.splitlines()) == 1 and "No space left on device" in err, err
    assert os.listdir(tmp_path / "out") == []


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """A 64 KiB tmpfs (root with mount rights only; skipped elsewhere)."""
    if not IS_ROOT or not sys.platform.startswith("linux"):
        pytest.skip("mounting a tmpfs needs root on Linux")
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


def test_real_disk_full_in_place(tiny_tmpfs):
    # ~40 KiB that changes: the temporary copy does not fit beside the original.
    target = tiny_tmpfs / "big.txt"
    text = RAW * (40_000 // len(RAW.encode("utf-8")))
    target.write_text(text, encoding="utf-8")
    small = tiny_tmpfs / "small.txt"
    small.write_text(RAW, encoding="utf-8")
    result = cli("--in-place", str(target), str(small))
    assert result.returncode == 2
    lines = error_lines(result)
    assert_one_error_naming(lines, target, "No space left on device")
    assert target.read_text(encoding="utf-8") == text
    assert small.read_text(encoding="utf-8") == CLEAN
    assert sorted(os.listdir(tiny_tmpfs)) == ["big.txt", "small.txt"]


# -------------------------------------------------------------------------------------------
# Directory walks


@pytest.fixture
def tree(tmp_path) -> Path:
    """A directory with two good files, ``a.txt`` and ``z.txt``; tests add bad entries."""
    root = tmp_path / "tree"
    root.mkdir()
    (root / "a.txt").write_text(RAW, encoding="utf-8")
    (root / "z.txt").write_text(RAW, encoding="utf-8")
    return root


def assert_good_files_done(result: subprocess.CompletedProcess, count: int = 2) -> None:
    assert result.stdout.decode("utf-8") == CLEAN * count


def test_walk_dangling_symlink(tree):
    (tree / "dangling.txt").symlink_to(tree / "missing")
    result = cli(str(tree))
    assert result.returncode == 2
    assert_one_error_naming(error_lines(result), tree / "dangling.txt", "No such file")
    assert_good_files_done(result)


def test_walk_symlink_to_itself(tree):
    (tree / "self.txt").symlink_to("self.txt")
    result = cli(str(tree))
    assert result.returncode == 2
    assert_one_error_naming(error_lines(result), tree / "self.txt", "symbolic links")
    assert_good_files_done(result)


def test_walk_directory_symlink_loop_terminates(tree):
    # Symlinked directories are not followed: a loop costs nothing and is no error.
    (tree / "sub").mkdir()
    (tree / "sub" / "up").symlink_to("..")
    (tree / "sub" / "loop").symlink_to(tree)
    result = cli(str(tree), timeout=60)
    assert result.returncode == 0, result.stderr
    assert error_lines(result) == []
    assert_good_files_done(result)


def test_walk_directory_named_like_a_text_file(tree):
    (tree / "x.txt").mkdir()
    (tree / "x.txt" / "inner.txt").write_text(RAW, encoding="utf-8")
    result = cli(str(tree))
    assert result.returncode == 0, result.stderr
    assert_good_files_done(result, 3)  # a.txt, x.txt/inner.txt, z.txt
    empty = tree / "empty.md"
    empty.mkdir()
    result = cli(str(empty))  # a directory named on the command line is walked, even if empty
    assert result.returncode == 0 and result.stdout == b"" and error_lines(result) == []


def _fifo(path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(path)
    return path


def test_walk_fifo_is_skipped_or_reported_without_hanging(tree):
    _fifo(tree / "pipe.txt")
    try:
        result = cli(str(tree), timeout=5)
    except subprocess.TimeoutExpired:
        pytest.fail("wenben hung on a FIFO found in a directory walk")
    assert result.returncode in (0, 2)
    lines = error_lines(result)
    if result.returncode == 2:
        assert_one_error_naming(lines, tree / "pipe.txt")
    assert_good_files_done(result)


def test_fifo_named_on_the_command_line_is_read(tmp_path):
    # An explicit FIFO is a stream (``wenben <(producer)``): read it like stdin.
    pipe = _fifo(tmp_path / "pipe")

    def writer() -> None:
        with open(pipe, "wb") as out:
            out.write(RAW.encode("utf-8"))

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    result = cli(str(pipe), timeout=30)
    thread.join(timeout=5)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == CLEAN


def test_walk_unreadable_file(tree, monkeypatch, capsys):
    locked = tree / "locked.txt"
    locked.write_text(RAW, encoding="utf-8")
    real_open = io.open

    def guarded_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and os.fspath(file) == str(locked):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(locked))
        return real_open(file, *args, **kwargs)

    # Whatever wenben opens the file with (Path.open, Path.read_bytes, open) ends in io.open.
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(builtins, "open", guarded_open)
    status = main(["--no-config", str(tree)])
    out, err = capsys.readouterr()
    assert status == 2
    assert err.splitlines() == [f"wenben: {locked}: Permission denied"]
    assert out == CLEAN * 2


def test_walk_unreadable_subdirectory(tree, monkeypatch, capsys):
    (tree / "secret").mkdir()
    (tree / "secret" / "s.txt").write_text(RAW, encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(tree / "secret"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    status = main(["--no-config", str(tree)])
    out, err = capsys.readouterr()
    assert status == 2
    assert err.splitlines() == [f"wenben: {tree / 'secret'}: Permission denied"]
    assert out == CLEAN * 2


@pytest.mark.skipif(IS_ROOT, reason="root can read anything")
def test_walk_unreadable_file_for_real(tree):
    locked = tree / "locked.txt"
    locked.write_text(RAW, encoding="utf-8")
    locked.chmod(0)
    (tree / "closed").mkdir()
    (tree / "closed").chmod(0)
    try:
        result = cli(str(tree))
    finally:
        (tree / "closed").chmod(0o755)
    assert result.returncode == 2
    lines = error_lines(result)
    assert_one_error_naming(lines, locked, "ermission")
    assert_one_error_naming(lines, tree / "closed", "ermission")
    assert_good_files_done(result)


# A valid UTF-8 file (long enough to be sure of it) with one stray byte.
_DAMAGED = ("\u6570\u5b57\u7ecf\u6d4e\u6301\u7eed\u589e\u957f\u3002" * 20).encode("utf-8")
_DAMAGED = _DAMAGED[:90] + b"\xff" + _DAMAGED[90:]


@pytest.mark.parametrize(
    "name, content, fragment",
    [
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary"),
        ("nul.txt", "\u4e2d\u6587\x00\u6587\u672c\n".encode("utf-8"), "binary"),
        ("damaged.txt", _DAMAGED, "offset 90"),
        ("fake.pdf", b"%PDF-1.7\n1 0 obj <<", "PDF"),
        ("notpdf.pdf", b"hello", "PDF"),
    ],
)
def test_walk_bad_bytes_reported_and_others_processed(tree, name, content, fragment):
    (tree / name).write_bytes(content)
    result = cli(str(tree))
    assert result.returncode == 2
    assert_one_error_naming(error_lines(result), tree / name, fragment)
    assert_good_files_done(result)


@pytest.mark.parametrize("content", [b"\x00\x01\x02\x03", _DAMAGED], ids=["binary", "invalid-utf8"])
def test_decode_error_names_the_file_once(tree, content):
    (tree / "bad.txt").write_bytes(content)
    result = cli(str(tree / "bad.txt"))
    line = error_lines(result)[0]
    assert line.count(str(tree / "bad.txt")) == 1, line


_LINE = "\u6570\u5b57\u7ecf\u6d4e\u6301\u7eed\u589e\u957f\u3002\n"


def test_bad_byte_after_the_first_megabyte_in_place(tmp_path):
    # The stream decoder meets the bad byte long after the temporary file was started.
    good = (_LINE * 120_000).encode("utf-8")  # 3.1 MB
    target = tmp_path / "late.txt"
    target.write_bytes(good + b"\xff" + good[:300])
    before = target.read_bytes()
    other = tmp_path / "other.txt"
    other.write_text(RAW, encoding="utf-8")
    result = cli("--in-place", str(target), str(other))
    assert result.returncode == 2
    # (the offset in the message is checked by test_mid_stream_decode_error_offset_is_exact)
    assert_one_error_naming(error_lines(result), target, "not valid utf-8")
    assert target.read_bytes() == before
    assert other.read_text(encoding="utf-8") == CLEAN
    assert sorted(os.listdir(tmp_path)) == ["late.txt", "other.txt"]


@pytest.mark.parametrize(
    "data, bad_at",
    [
        # 5-byte reads split the 3-byte characters: the decoder holds bytes back between reads.
        ("\u6570\u5b57\n".encode("utf-8") * 5 + b"\xff" + "\u6570\u5b57\n".encode("utf-8") * 10, 35),
        # An ASCII head is passed on before the encoding is known; offsets still count it.
        (b"abc\n" * 10 + "\u6570\u5b57\n".encode("utf-8") * 30 + b"\xff" + "\u6570\n".encode("utf-8") * 10, 250),
        # A BOM is skipped, not forgotten.
        (b"\xef\xbb\xbf" + "\u6570\u5b57\n".encode("utf-8") * 5 + b"\xff" + "\u6570\n".encode("utf-8") * 10, 38),
    ],
    ids=["held-back-bytes", "ascii-head", "bom"],
)
def test_mid_stream_decode_error_offset_is_exact(monkeypatch, data, bad_at):
    from wenben.errors import DecodeError
    from wenben.io import stream

    monkeypatch.setattr(stream, "HEAD_SIZE", 16)
    assert data.index(b"\xff", 3) == bad_at
    with pytest.raises(DecodeError) as error:
        list(stream.iter_decoded(io.BytesIO(data), chunk_size=5))
    assert f"offset {bad_at} " in str(error.value), str(error.value)


def test_decode_error_offset_in_a_real_file_after_the_first_megabyte(tmp_path):
    good = (_LINE * 120_000).encode("utf-8")
    target = tmp_path / "late.txt"
    target.write_bytes(good + b"\xff" + good[:300])
    result = cli(str(target))
    assert result.returncode == 2
    assert_one_error_naming(error_lines(result), target, f"offset {len(good)} ")


def test_legacy_encoding_after_a_long_ascii_head_reads_in_every_mode(tmp_path):
    path = tmp_path / "late-gbk.txt"
    # Clean paragraphs (nothing for --check to report), then GB18030 text after the first MB.
    path.write_bytes(b"Plain ASCII paragraph.\n\n" * 50_000 + _LINE.encode("gb18030") * 20)
    assert cli("--check", str(path)).returncode in (0, 1)
    streamed = cli(str(path))
    assert streamed.returncode == 0, streamed.stderr
    assert streamed.stdout.decode("utf-8").endswith(_LINE)


def test_missing_file_and_directory_argument(tmp_path):
    result = cli(str(tmp_path / "missing.txt"), str(tmp_path))
    assert result.returncode == 2
    assert error_lines(result) == [f"wenben: {tmp_path / 'missing.txt'}: No such file or directory"]


def test_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = cli(str(tmp_path / "empty.txt"))
    assert result.returncode == 0 and result.stdout == b"" and error_lines(result) == []
    result = cli("--in-place", str(tmp_path / "empty.txt"))
    assert result.returncode == 0 and (tmp_path / "empty.txt").read_bytes() == b""


# -------------------------------------------------------------------------------------------
# Text at its extremes (the library, not the CLI)


def test_gigantic_line_without_newline():
    line = "\u6570\u5b57\u7ecf\u6d4e\u6301\u7eed\u589e\u957f" * 125_000  # 1M characters, 3 MB
    noisy = line[:500_000] + " " + line[500_000:]
    out = wenben.clean(noisy)
    assert out == line + "\n"


def test_huge_whitespace_runs():
    assert wenben.clean("\u4e2d" + " " * 300_000 + "\u6587") == "\u4e2d\u6587\n"
    assert wenben.clean("a" + " \t\u3000\u00a0" * 75_000 + "b") == "a b\n"
    assert wenben.clean("\u4e2d" + "\n" * 300_000 + "\u6587") == "\u4e2d\n\n\u6587\n"


def test_nul_and_controls_in_text_are_removed():
    assert wenben.clean("\u4e2d\x00\u6587\x07") == "\u4e2d\u6587\n"


def test_lone_surrogates_and_stray_combining_marks_pass_through():
    # Lone surrogates cannot come from a decoded file; from the API they are kept, not a crash.
    assert wenben.clean("\u4e2d\ud800\u6587") == "\u4e2d\ud800\u6587\n"
    assert wenben.clean("\udc80abc") == "\udc80abc\n"
    assert wenben.clean("\u0301\u4e2d\u6587") == "\u0301\u4e2d\u6587\n"
    assert wenben.clean("e\u0301") == "\u00e9\n"
