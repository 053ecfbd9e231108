"""Reading and writing text of any size in constant memory.

The encoding is detected from the head of the input (``decode_bytes`` on the first megabyte,
cut at a line end), then the whole input is decoded incrementally with that codec. Output goes
to a temporary file in the target's directory and is renamed into place only when complete.

Temporary files are named ``.NAME.wenben-PID-RANDOM.tmp``: a writer killed with SIGKILL (which
no handler can catch) leaves its temporary file behind, and the next wenben that writes ``NAME``
removes the ones whose process is gone (see :func:`new_temp_file`).
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import tempfile
import threading
from pathlib import Path
from typing import IO, Any, BinaryIO, Iterable, Iterator

from ..errors import DecodeError
from .decode import decode_bytes

HEAD_SIZE = 1 << 20
CHUNK_SIZE = 1 << 20

def _detection_sample(head: bytes, at_end: bool) -> bytes:
    """The head cut where no character can be split: after the last LF, or (UTF-16/32, where
    LF bytes sit inside code units) at a 4-byte boundary."""
    if at_end:
        return head
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:4096]:
        return head[: len(head) - len(head) % 4]
    cut = head.rfind(b"\n")
    if cut >= 0:
        return head[: cut + 1]
    # One enormous line: back up to a UTF-8 character boundary (legacy encodings may still
    # be cut inside a character; detection then sees one bad byte at the very end).
    end = len(head)
    while end > 0 and 0x80 <= head[end - 1] <= 0xBF:
        end -= 1
    return head[: max(0, end - 1)] if end and head[end - 1] >= 0xC0 else head[:end]


def iter_decoded(
    binary: BinaryIO,
    *,
    encoding: str | None = None,
    errors: str = "strict",
    source: str | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[str]:
    """Decode a byte stream piece by piece, with the encoding detected from its head."""
    head = binary.read(HEAD_SIZE)
    rest_first = binary.read(1)
    # Bytes of the input already passed on and dropped from ``head``: offsets in error
    # messages count from the start of the input, not from the start of ``head``.
    consumed = 0
    if encoding is None:
        # A head of pure ASCII says nothing about the encoding: pass it on (it reads the same in
        # every ASCII-compatible encoding) and detect from the first non-ASCII bytes.
        while rest_first and head.isascii() and b"\x00" not in head:
            cut = head.rfind(b"\n") + 1
            if cut:
                yield head[:cut].decode("ascii")
                head = head[cut:]
                consumed += cut
            head += rest_first + binary.read(chunk_size)
            rest_first = binary.read(1)
    at_end = not rest_first
    sample = _detection_sample(head, at_end)
    try:
        detected = decode_bytes(sample, encoding=encoding, errors=errors, source=source)
    except DecodeError as error:
        raise _shifted(error, consumed) from None
    if at_end:
        if detected.text:
            yield detected.text
        return
    pending = head + rest_first
    offset = consumed  # of the first byte of ``pending`` in the input
    if detected.bom:
        # Skip the BOM here and decode with the byte-order-specific codec: a BOM-aware codec
        # would report error positions relative to the bytes after the BOM.
        bom = _BOM_SIZES[detected.encoding[:6]]
        pending = pending[bom:]
        offset += bom
    codec = detected.encoding
    decoder = codecs.getincrementaldecoder(codec)(errors=errors)
    while True:
        # The decoder keeps back the bytes of a character split across reads; an error position
        # counts from the first of those held-back bytes, not from the start of ``pending``.
        held = decoder.getstate()[0]
        try:
            text = decoder.decode(pending, final=not pending)
        except UnicodeDecodeError as error:
            raise DecodeError(
                f"bytes at offset {offset - len(held) + error.start} are not valid {codec} "
                f"({error.reason}); use --encoding or --errors=replace"
            ) from None
        if text:
            yield text
        if not pending:
            return
        offset += len(pending)
        pending = binary.read(chunk_size)


_BOM_SIZES = {"utf-8": 3, "utf-16": 2, "utf-32": 4}


def _shifted(error: DecodeError, by: int) -> DecodeError:
    """``error`` (from :func:`decode_bytes` on bytes that start ``by`` bytes into the input)
    with its offset counted from the start of the input."""
    offset = getattr(error, "offset", None)
    if not by or offset is None:
        return error
    shifted = DecodeError(str(error).replace(f" at offset {offset}", f" at offset {offset + by}", 1))
    shifted.__dict__.update(error.__dict__)
    shifted.offset = offset + by  # type: ignore[attr-defined]
    return shifted


def new_file_mode() -> int:
    """The permissions ``open()`` gives a new file: 0o666 less the process umask (read from
    /proc on Linux; elsewhere by setting and restoring the umask)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_stream_atomically(target: Path, pieces: Iterable[str | bytes]) -> bool:
    """Write ``pieces`` to ``target`` as UTF-8 (a piece that is bytes is written as it is) so
    that ``target`` is always either the old file or the complete new one. Returns False (and
    leaves ``target`` alone) if the new content is identical to the existing file.

    An :class:`OSError` about the temporary file is raised as one about ``target``: the
    temporary file is an implementation detail, and it no longer exists when the user reads
    the message."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with errors_name_target(target):
        handle = new_temp_file(target, "w", encoding="utf-8", newline="")
    try:
        with errors_name_target(target, handle.name):
            with handle:
                for piece in pieces:
                    if isinstance(piece, bytes):
                        handle.flush()  # what text went before, then the bytes
                        handle.buffer.write(piece)
                    else:
                        handle.write(piece)
                handle.flush()
                os.fsync(handle.fileno())
            if target.exists():
                if _same_content(Path(handle.name), target):
                    os.unlink(handle.name)
                    return False
                mode = target.stat().st_mode & 0o7777
            else:
                mode = new_file_mode()  # tempfile made it 0600; a new output is a normal file
            with contextlib.suppress(OSError):
                os.chmod(handle.name, mode)
            os.replace(handle.name, target)
        return True
    except BaseException:
        try:
            os.unlink(handle.name)
        except OSError:
            pass
        raise


# --------------------------------------------------------------------------------------------
# Temporary files, and the ones a killed writer left behind

#: ``.NAME.wenben-PID-RANDOM.tmp``; RANDOM is the 8 characters ``tempfile`` draws from
#: ``[a-z0-9_]``, so NAME is whatever comes before the last ``.wenben-``.
_TEMP_NAME = re.compile(r"\.(?P<name>.+)\.wenben-(?P<pid>[0-9]{1,10})-[a-z0-9_]{8}\.tmp\Z", re.DOTALL)
_stale_lock = threading.Lock()
#: Directory -> {target name: [temporary file names of other processes]}, listed once per
#: process (listing the directory for every file written would be quadratic in a walk).
_stale_by_directory: dict[str, dict[str, list[str]]] = {}
_MAX_DIRECTORIES_KEPT = 4096


def new_temp_file(target: Path, mode: str, **kwargs: Any) -> IO[Any]:
    """A new temporary file beside ``target``, ``.NAME.wenben-PID-RANDOM.tmp``, to be renamed
    over it; stale temporary files for the same ``target`` are removed first."""
    remove_stale_temp_files(target)
    return tempfile.NamedTemporaryFile(
        mode, dir=target.parent, prefix=f".{target.name}.wenben-{os.getpid()}-", suffix=".tmp", delete=False, **kwargs
    )


def remove_stale_temp_files(target: Path) -> list[str]:
    """Remove ``.NAME.wenben-PID-RANDOM.tmp`` files beside ``target`` (NAME its name, nothing
    else) whose writer PID is no longer running; returns the names removed.

    Only a process killed outright (SIGKILL, power loss) leaves such a file; everything else
    removes its own. A PID that is running, or whose state cannot be known, keeps its file
    (a writer on another machine sharing the directory, or in another PID namespace, may look
    dead here: its rename then fails with an error and its target is left as it was)."""
    directory = os.fspath(target.parent) or "."
    with _stale_lock:
        by_name = _stale_by_directory.get(directory)
        if by_name is None:
            by_name = _list_temp_files(directory)
            if len(_stale_by_directory) >= _MAX_DIRECTORIES_KEPT:
                _stale_by_directory.clear()
            _stale_by_directory[directory] = by_name
        candidates = by_name.pop(target.name, [])
    removed = []
    for name in candidates:
        match = _TEMP_NAME.match(name)
        if match is None or match["name"] != target.name or _running(int(match["pid"])):
            continue
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(directory, name))
            removed.append(name)
    return removed


def _list_temp_files(directory: str) -> dict[str, list[str]]:
    """Temporary files of other wenben processes in ``directory``, by target name."""
    found: dict[str, list[str]] = {}
    own = os.getpid()
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                if not (entry.name.startswith(".") and entry.name.endswith(".tmp")):
                    continue
                match = _TEMP_NAME.match(entry.name)
                if match is not None and int(match["pid"]) != own and entry.is_file(follow_symlinks=False):
                    found.setdefault(match["name"], []).append(entry.name)
    except OSError:
        pass  # cannot list: creating the temporary file will say what is wrong
    return found


def _running(pid: int) -> bool:
    """Whether ``pid`` may be a running process (True whenever that cannot be known)."""
    if pid <= 0 or pid == os.getpid() or os.name != "posix":
        return True  # (on Windows os.kill would terminate the process, not probe it)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # EPERM: running, as another user
    return True


@contextlib.contextmanager
def errors_name_target(target: Path, temp: str | None = None) -> Iterator[None]:
    """Re-raise an :class:`OSError` about the temporary file (``temp``, or one being created
    beside ``target``) as the same error about ``target``."""
    try:
        yield
    except OSError as error:
        name = os.fspath(error.filename) if isinstance(error.filename, (str, os.PathLike)) else None
        prefix = os.path.join(os.fspath(target.parent), f".{target.name}.wenben-")
        if name is None or not (name == temp or (name.startswith(prefix) and name.endswith(".tmp"))):
            raise
        raise OSError(error.errno, error.strerror, os.fspath(target)) from error


def _same_content(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as first, b.open("rb") as second:
        while True:
            block = first.read(CHUNK_SIZE)
            if block != second.read(CHUNK_SIZE):
                return False
            if not block:
                return True
