"""Cleaning inside archives and JSON Lines files, streamed, without extracting anything to disk.

Supported: ``.zip``; ``.tar``, ``.tar.gz``/``.tgz``, ``.tar.bz2``/``.tbz2``, ``.tar.xz``/``.txz``;
single compressed files ``.gz``, ``.bz2``, ``.xz`` (``notes.txt.gz``, ``corpus.jsonl.xz``).

:func:`clean_archive` writes an archive of the same kind in which

* text members (``.txt .text .md .markdown .rst``) are decoded (encoding detected per member),
  cleaned and stored as UTF-8 (Markdown members as Markdown: only their prose, see
  :mod:`wenben.formats.markdown`);
* JSON Lines members (``.jsonl .ndjson``) have one string field of each record cleaned, when a
  field is given (:func:`clean_jsonl_lines`), else they are copied;
* every other member, directory, link and header is copied unchanged.

A member that cannot be cleaned (not decodable, binary data behind a text name) is reported
through ``on_error(name, message)`` and copied unchanged: nothing is ever lost. A JSON Lines
record that is not a JSON object or lacks the field is reported the same way and its line copied
unchanged, so that one bad record does not stop a job over a whole corpus. Without an
``on_error`` callback the first such problem raises :class:`~wenben.errors.InputError` instead.

A damaged or truncated archive, and a member name that would escape the extraction directory
(absolute, or with a ``..`` component), raise :class:`~wenben.errors.InputError` naming the
archive and the problem; the target is then left as it was (output goes to a temporary file in
the target's directory, renamed into place only when complete).

Memory stays bounded per member: text is decoded and cleaned in pieces
(:func:`~wenben.io.stream.iter_decoded`, :meth:`~wenben.engine.Cleaner.clean_stream`), and a
cleaned member is spooled (in memory up to :data:`SPOOL_MEMORY` bytes, then in a temporary file
beside the target) because tar and zip headers need its size before its data.
"""

from __future__ import annotations

import bz2
import contextlib
import gzip
import io
import lzma
import os
import re
import shutil
import stat
import struct
import tarfile
import tempfile
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, cast

from ..errors import ConfigError, InputError
from .blocks import BlockWriter
from .stream import errors_name_target, iter_decoded, new_temp_file

if TYPE_CHECKING:
    from ..engine import Cleaner

__all__ = [
    "ARCHIVE_KINDS",
    "JSONL_SUFFIXES",
    "TEXT_SUFFIXES",
    "ArchiveSummary",
    "CorruptArchiveError",
    "Member",
    "UnsafeMemberError",
    "archive_kind",
    "clean_archive",
    "clean_jsonl_file",
    "clean_jsonl_lines",
    "default_member_filter",
    "iter_members",
]

#: Members cleaned as text.
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".rst"})
#: Members cleaned record by record when a JSON field is given.
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
#: Text members cleaned as Markdown (only their prose).
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

# Longest suffix first: ".tar.gz" before ".gz".
_SUFFIX_KINDS: tuple[tuple[str, str], ...] = (
    (".tar.gz", "tar.gz"),
    (".tar.bz2", "tar.bz2"),
    (".tar.xz", "tar.xz"),
    (".tgz", "tar.gz"),
    (".tbz2", "tar.bz2"),
    (".tbz", "tar.bz2"),
    (".txz", "tar.xz"),
    (".tar", "tar"),
    (".zip", "zip"),
    (".gz", "gz"),
    (".bz2", "bz2"),
    (".xz", "xz"),
)
#: Every value :func:`archive_kind` can return.
ARCHIVE_KINDS = frozenset(kind for _, kind in _SUFFIX_KINDS)
_TAR_KINDS = frozenset({"tar", "tar.gz", "tar.bz2", "tar.xz"})
_SINGLE_KINDS = frozenset({"gz", "bz2", "xz"})

#: A cleaned member is kept in memory up to this size, then in a temporary file.
SPOOL_MEMORY = 8 << 20
_CHUNK = 1 << 20
#: How many (name, message) pairs a summary keeps (``errors`` counts them all).
MAX_KEPT_PROBLEMS = 100

OnError = Callable[[str, str], None]
MemberFilter = Callable[[str], bool]


class CorruptArchiveError(InputError):
    """An archive (or compressed file) that is damaged, truncated, or not what its name says."""


class UnsafeMemberError(InputError):
    """A member name that is absolute or climbs out of the archive with ``..``."""


def archive_kind(path: str | os.PathLike[str]) -> str | None:
    """The kind of archive ``path`` names, from its suffix (case-insensitive): ``"zip"``,
    ``"tar"``, ``"tar.gz"``, ``"tar.bz2"``, ``"tar.xz"``, or a single compressed file ``"gz"``,
    ``"bz2"``, ``"xz"``; ``None`` for anything else."""
    name = os.fspath(path).lower()
    for suffix, kind in _SUFFIX_KINDS:
        if name.endswith(suffix) and len(name) > len(suffix):
            return kind
    return None


def default_member_filter(name: str) -> bool:
    """Members :func:`clean_archive` cleans unless told otherwise: text and JSON Lines, by suffix."""
    suffix = _suffix(name)
    return suffix in TEXT_SUFFIXES or suffix in JSONL_SUFFIXES


class Member:
    """One regular file inside an archive.

    ``name`` is its path inside the archive ('/'-separated), ``size`` its uncompressed size when
    the archive records it. ``open()`` is a context manager giving a binary stream of its
    content, decompressed on the fly. Members of tar archives are read in one pass: open a member
    before advancing the iterator that produced it.
    """

    __slots__ = ("_opener", "name", "size")

    def __init__(self, name: str, size: int | None, opener: Callable[[], BinaryIO]) -> None:
        self.name = name
        self.size = size
        self._opener = opener

    def open(self) -> BinaryIO:
        """A binary stream of the member's content (use it in a ``with`` statement)."""
        return self._opener()

    def __repr__(self) -> str:
        return f"Member({self.name!r}, size={self.size!r})"


@dataclass
class ArchiveSummary:
    """What :func:`clean_archive` or :func:`clean_jsonl_file` did."""

    #: Regular files read (a single compressed file or JSON Lines file counts as one).
    members: int = 0
    #: Members cleaned (text or JSON Lines), and members copied unchanged (including failed ones).
    cleaned: int = 0
    copied: int = 0
    #: JSON Lines records whose field was cleaned.
    records: int = 0
    #: Uncompressed bytes of member content read and written (a single compressed file that is
    #: copied as it is, being no text, counts none).
    bytes_in: int = 0
    bytes_out: int = 0
    #: Problems reported (members copied unchanged, records passed through).
    errors: int = 0
    #: The first :data:`MAX_KEPT_PROBLEMS` problems as (name, message).
    problems: list[tuple[str, str]] = dataclass_field(default_factory=list)

    def _report(self, on_error: OnError | None, name: str, message: str) -> None:
        self.errors += 1
        if len(self.problems) < MAX_KEPT_PROBLEMS:
            self.problems.append((name, message))
        if on_error is not None:
            on_error(name, message)


# --------------------------------------------------------------------------------------------
# Reading


class _Guarded:
    """A binary stream whose decompression errors become :class:`CorruptArchiveError`; counts
    the bytes it delivers."""

    def __init__(self, raw: IO[bytes], archive: str, member: str | None, owns: Iterable[Any] = ()) -> None:
        self._raw = raw
        self._archive = archive
        self._member = member
        self._owns = list(owns)
        self.count = 0
        self.closed = False

    def read(self, size: int = -1) -> bytes:
        try:
            data = self._raw.read(size)
        except Exception as error:  # noqa: BLE001 - translated or re-raised
            raise _translate(error, self._archive, self._member) from None
        self.count += len(data)
        return data

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        for thing in [self._raw, *self._owns]:
            with contextlib.suppress(Exception):
                thing.close()

    def __enter__(self) -> _Guarded:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_CORRUPTION: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    tarfile.TarError,
    EOFError,
    zlib.error,
    lzma.LZMAError,
    struct.error,
    NotImplementedError,  # zip: an unsupported compression method
)


def _is_corruption(error: BaseException) -> bool:
    if isinstance(error, CorruptArchiveError):
        return True
    if isinstance(error, OSError):
        # gzip's BadGzipFile, bz2's "Invalid data stream", tarfile's short reads: no errno.
        # An OSError with an errno (EIO, EACCES ...) is a real I/O problem: left as it is.
        return error.errno is None
    return isinstance(error, _CORRUPTION)


def _translate(error: BaseException, archive: str, member: str | None) -> BaseException:
    if isinstance(error, CorruptArchiveError) or not _is_corruption(error):
        return error
    return _corrupt(archive, error, member)


def _corrupt(archive: str, error: BaseException, member: str | None = None) -> CorruptArchiveError:
    detail = str(error) or type(error).__name__
    if isinstance(error, EOFError) or "end of data" in detail or "ended before" in detail:
        problem = "truncated"
    elif detail == "empty file":
        problem = "truncated or empty"
    else:
        problem = "damaged, truncated or not a valid archive"
    where = f" (member {member!r})" if member else ""
    return CorruptArchiveError(f"{archive}: {problem}{where}: {detail}")


@contextlib.contextmanager
def _reading(archive: str, member: str | None = None) -> Iterator[None]:
    """Translate decompression and format errors raised in the block."""
    try:
        yield
    except Exception as error:
        translated = _translate(error, archive, member)
        if translated is error:
            raise
        raise translated from None


_DRIVE = re.compile(r"^[A-Za-z]:")


def _check_name(name: str, archive: str) -> None:
    problem = None
    if not name or "\x00" in name:
        problem = "an empty or NUL-containing name"
    elif name.startswith(("/", "\\")) or _DRIVE.match(name):
        problem = "an absolute path"
    elif ".." in re.split(r"[/\\]", name):
        problem = "a '..' component"
    if problem:
        raise UnsafeMemberError(
            f"{archive}: unsafe member name {name!r} ({problem}); refusing to process this archive"
        )


@dataclass
class _Entry:
    """One entry of an archive as read: a regular file (``member`` set) or anything else."""

    name: str
    info: Any  # ZipInfo, TarInfo, or None for a single compressed file
    member: Member | None
    #: For entries that are not regular files but carry data (a zip symlink's target, a tar
    #: entry of a type tarfile does not know): how to read it.
    data: Callable[[], BinaryIO] | None = None


@dataclass
class _Archive:
    """An archive open for reading: its entries (read once, in order) and what to carry over."""

    entries: Iterator[_Entry]
    comment: bytes = b""
    pax_headers: dict[str, str] = dataclass_field(default_factory=dict)
    #: How far into the archive file the entries read so far reach (bytes on disk): what a
    #: progress bar shows. For a zip, the end of the last entry's data; for a tar, the end of
    #: the last entry in the tar stream (scaled by the compression ratio so far).
    position: Callable[[], int] = lambda: 0


def iter_members(path: str | os.PathLike[str]) -> Iterator[Member]:
    """The regular files inside the archive at ``path``, in archive order; directories, links
    and device files are skipped.

    Raises :class:`UnsafeMemberError` for an absolute or ``..`` member name and
    :class:`CorruptArchiveError` for a damaged or truncated archive (both
    :class:`~wenben.errors.InputError`).
    """
    with _open_entries(Path(path)) as opened:
        for entry in opened.entries:
            if entry.member is not None:
                yield entry.member


@contextlib.contextmanager
def _open_entries(path: Path) -> Iterator[_Archive]:
    kind = archive_kind(path)
    archive = str(path)
    if kind is None:
        raise InputError(f"{archive}: not an archive (supported: {', '.join(_supported())})")
    if kind == "zip":
        with _reading(archive):
            zin = zipfile.ZipFile(path)
        with zin:
            reached = [0]
            yield _Archive(_zip_entries(zin, archive, reached), comment=zin.comment, position=lambda: reached[0])
    elif kind in _TAR_KINDS:
        with path.open("rb") as raw:
            with _reading(archive):
                tin = tarfile.open(fileobj=raw, mode="r|*")
            with tin:

                def position() -> int:
                    # The end of the current entry in the tar stream, scaled by the ratio of
                    # bytes on disk to tar bytes read so far (1 for a plain tar).
                    if getattr(tin.fileobj, "cmp", None) is None:
                        return tin.offset  # a plain tar: the tar stream is the file
                    read = getattr(tin.fileobj, "pos", 0)
                    return raw.tell() * tin.offset // read if read else raw.tell()

                yield _Archive(_tar_entries(tin, archive), pax_headers=dict(tin.pax_headers), position=position)
    else:
        yield _Archive(iter([_single_entry(path, kind, archive)]))


def _supported() -> list[str]:
    return [suffix for suffix, _ in _SUFFIX_KINDS]


def _zip_is_symlink_or_special(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    return info.create_system == 3 and kind != 0 and kind != stat.S_IFREG


def _zip_entries(zin: zipfile.ZipFile, archive: str, reached: list[int] | None = None) -> Iterator[_Entry]:
    infos = zin.infolist()
    for info in infos:  # every name is checked before any work is done
        _check_name(info.filename, archive)
    for info in infos:
        if reached is not None:  # the end of this entry's data (its local header is about this long)
            header = 30 + len(info.orig_filename.encode("utf-8", "surrogateescape")) + len(info.extra)
            reached[0] = max(reached[0], info.header_offset + header + info.compress_size)
        if info.flag_bits & 0x1:
            raise CorruptArchiveError(f"{archive}: member {info.filename!r} is encrypted; wenben cannot read it")

        def opener(info: zipfile.ZipInfo = info) -> BinaryIO:
            with _reading(archive, info.filename):
                raw = zin.open(info)
            return cast(BinaryIO, _Guarded(raw, archive, info.filename))

        if info.is_dir():
            yield _Entry(info.filename, info, None)
        elif _zip_is_symlink_or_special(info):
            yield _Entry(info.filename, info, None, data=opener)
        else:
            yield _Entry(info.filename, info, Member(info.filename, info.file_size, opener))


def _tar_entries(tin: tarfile.TarFile, archive: str) -> Iterator[_Entry]:
    current = [0]  # the position of the entry whose data can be read now
    position = 0
    while True:
        with _reading(archive):
            info = tin.next()
        if info is None:
            _check_stream_end(tin, archive)
            return
        position += 1
        # tarfile keeps every header it has read; a stream of millions of members must not.
        cast(Any, tin).members.clear()
        _check_name(info.name, archive)

        def opener(info: tarfile.TarInfo = info, at: int = position) -> BinaryIO:
            if at != current[0]:
                raise InputError(f"{archive}: member {info.name!r} must be read before the next member")
            with _reading(archive, info.name):
                raw = tin.extractfile(info)
            if raw is None:  # pragma: no cover - only regular and unknown types are opened
                raise InputError(f"{archive}: member {info.name!r} has no data")
            return cast(BinaryIO, _Guarded(raw, archive, info.name))

        current[0] = position
        if info.isreg():
            yield _Entry(info.name, info, Member(info.name, info.size, opener))
        elif info.type not in tarfile.SUPPORTED_TYPES:
            # Unknown entry types carry data like regular files (tarfile reads them so too).
            yield _Entry(info.name, info, None, data=opener)
        else:
            yield _Entry(info.name, info, None)
        current[0] = -1


def _check_stream_end(tin: tarfile.TarFile, archive: str) -> None:
    """tarfile stops at the end-of-archive blocks and never looks at the rest of a compressed
    stream: a tar.gz/bz2/xz cut after its last member would pass. Read to the end and check
    that the decompressor saw its end-of-stream marker."""
    stream: Any = getattr(tin, "fileobj", None)
    decompressor = getattr(stream, "cmp", None)
    if decompressor is None or not hasattr(decompressor, "eof"):
        return  # plain tar (or a tarfile without these internals): nothing more to check
    with _reading(archive):
        while stream.read(_CHUNK):
            pass
    if not decompressor.eof:
        raise CorruptArchiveError(f"{archive}: truncated: the compressed data ends before its end-of-stream marker")


def _single_inner_name(path: Path, kind: str) -> str:
    name = path.name
    return name[: -len(kind) - 1] if name.lower().endswith("." + kind) else name


_OPENERS: dict[str, Callable[[Path], IO[bytes]]] = {
    "gz": lambda p: cast(IO[bytes], gzip.open(p, "rb")),
    "bz2": lambda p: cast(IO[bytes], bz2.open(p, "rb")),
    "xz": lambda p: cast(IO[bytes], lzma.open(p, "rb")),
}


def _single_entry(path: Path, kind: str, archive: str) -> _Entry:
    name = _single_inner_name(path, kind)

    def opener() -> BinaryIO:
        with _reading(archive, name):
            raw = _OPENERS[kind](path)
        return cast(BinaryIO, _Guarded(raw, archive, name))

    return _Entry(name, None, Member(name, None, opener))


# --------------------------------------------------------------------------------------------
# Writing


@contextlib.contextmanager
def _atomic_binary(target: Path, like: Path) -> Iterator[IO[bytes]]:
    """A temporary file beside ``target``, renamed over it when the block completes, removed if
    the block raises. Permissions: those of the existing target, else those of ``like``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with errors_name_target(target):
        handle = new_temp_file(target, "wb")
    try:
        with errors_name_target(target, handle.name):
            with handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(OSError):
                mode_from = target if target.exists() else like
                os.chmod(handle.name, (mode_from.stat().st_mode & 0o777) | stat.S_IWUSR)
            os.replace(handle.name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise


def _spool(directory: Path) -> IO[bytes]:
    return cast(IO[bytes], tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY, dir=str(directory)))


def _spool_size(spool: IO[bytes]) -> int:
    size = spool.seek(0, io.SEEK_END)
    spool.seek(0)
    return size


class _Tee:
    """Reads from ``source`` and keeps a copy of every byte in ``copy`` (to restore a member
    that could not be cleaned when the source cannot be read twice)."""

    def __init__(self, source: _Guarded, copy: IO[bytes]) -> None:
        self._source = source
        self._copy = copy

    def read(self, size: int = -1) -> bytes:
        data = self._source.read(size)
        self._copy.write(data)
        return data

    def drain(self) -> None:
        while True:
            block = self._source.read(_CHUNK)
            if not block:
                return
            self._copy.write(block)


@dataclass
class _Options:
    cleaner: Cleaner
    jsonl_field: str | Sequence[str] | None
    member_filter: MemberFilter
    on_error: OnError | None
    encoding: str | None
    errors: str
    spool_dir: Path
    summary: ArchiveSummary
    #: With ``jobs > 1``: the worker pool (:func:`wenben.parallel.worker_pool`) that cleans
    #: members and the parts of large members; ``None`` in one process and in the workers.
    executor: Any = None
    jobs: int = 1
    #: Called with :attr:`_Archive.position` after each entry is written (a progress bar).
    progress: Callable[[int], None] | None = None


def _member_message(error: BaseException, name: str) -> str:
    message = str(error)
    for prefix in (f"{name}: ", "input: "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def _clean_member_into(
    member: Member, options: _Options, out: IO[bytes], reader: Any, step: Callable[[int], None] | None = None
) -> None:
    """Clean one member's content from ``reader`` into ``out`` (UTF-8). ``step(taken)`` is
    called after each block of output is written with the bytes of content it comes from
    (a single compressed file's progress bar)."""
    if _suffix(member.name) in JSONL_SUFFIXES:
        assert options.jsonl_field is not None
        summary = options.summary

        def report(name: str, message: str) -> None:
            summary._report(options.on_error, name, message)

        counter = _RecordCounter()
        taken = [0]

        def consumed(size: int) -> None:
            taken[0] += size

        # In blocks of raw lines, in this process or (with an executor) in the workers.
        for block in _clean_jsonl_blocks(
            reader,
            options.jsonl_field,
            options.cleaner,
            report if options.on_error is not None else None,
            member.name,
            counter,
            options.jobs if options.executor is not None else 1,
            executor=options.executor,
            consumed=consumed,
            size_hint=member.size,
        ):
            out.write(block)
            if step is not None:
                step(taken[0])
        summary.records += counter.cleaned
        return
    pieces = iter_decoded(reader, encoding=options.encoding, errors=options.errors, source=member.name)
    if _suffix(member.name) in MARKDOWN_SUFFIXES:
        # Markdown is cleaned as Markdown (prose only), parsed whole.
        from ..formats import Document

        out.write(Document(options.cleaner, "markdown").clean("".join(pieces)).encode("utf-8"))
        return
    if options.executor is not None:
        from ..parallel import clean_stream_parallel

        cleaned = clean_stream_parallel(options.cleaner, pieces, options.jobs, executor=options.executor)
    else:
        cleaned = options.cleaner.clean_stream(pieces)
    for piece in cleaned:
        out.write(piece.encode("utf-8"))
        if step is not None:
            step(reader.count)


def _wants_cleaning(name: str, options: _Options) -> bool:
    if not options.member_filter(name):
        return False
    return _suffix(name) not in JSONL_SUFFIXES or options.jsonl_field is not None


def _clean_to_spool(member: Member, options: _Options, *, rereadable: bool) -> tuple[IO[bytes], bool]:
    """The member's content to store: (spool, cleaned). On a member-level problem the original
    content is returned (reported through ``on_error``, or raised without one)."""
    cleaned = _spool(options.spool_dir)
    original = None if rereadable else _spool(options.spool_dir)
    try:
        with member.open() as source:
            guarded = cast(_Guarded, source)
            reader: Any = guarded if original is None else _Tee(guarded, original)
            try:
                _clean_member_into(member, options, cleaned, reader)
            except InputError as error:
                if _is_corruption(error) or options.on_error is None:
                    raise
                options.summary._report(options.on_error, member.name, _member_message(error, member.name))
                if isinstance(reader, _Tee):
                    reader.drain()
            else:
                options.summary.bytes_in += guarded.count
                if original is not None:
                    original.close()
                return cleaned, True
        cleaned.close()
        if original is None:  # read it again, unchanged
            original = _spool(options.spool_dir)
            with member.open() as source:
                shutil.copyfileobj(source, original, _CHUNK)
        options.summary.bytes_in += _spool_size(original)
        return original, False
    except BaseException:
        cleaned.close()
        if original is not None:
            original.close()
        raise


def clean_archive(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str],
    cleaner: Cleaner,
    *,
    jsonl_field: str | Sequence[str] | None = None,
    member_filter: MemberFilter | None = None,
    on_error: OnError | None = None,
    encoding: str | None = None,
    errors: str = "strict",
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> ArchiveSummary:
    """Write at ``target`` an archive of the same kind as ``source`` with its text members cleaned.

    ``member_filter(name)`` chooses the members to clean (default :func:`default_member_filter`:
    text and JSON Lines suffixes); the others are copied unchanged. JSON Lines members are cleaned
    only when ``jsonl_field`` is given (a key, or a dotted path such as ``meta.text``).
    ``encoding`` and ``errors`` are as for :func:`~wenben.io.stream.iter_decoded`, per member.

    ``on_error(name, message)`` receives each member (``name``) or JSON Lines record
    (``name:LINE``) that could not be cleaned; it is copied unchanged. Without ``on_error`` the
    first such problem raises :class:`~wenben.errors.InputError`. A damaged archive or an unsafe
    member name always raises, and ``target`` is then left as it was.

    ``jobs > 1`` cleans the members in that many worker processes (a member larger than
    :data:`MEMBER_TASK_BYTES` in parts, like one large file), with at most ``2 * jobs`` members
    in flight; the archive written is byte for byte the one ``jobs=1`` writes, and problems are
    reported in the same order. ``progress(position)`` is called after each entry is written
    with how far into ``source`` (bytes on disk) the work has come.
    """
    source, target = Path(source), Path(target)
    kind = archive_kind(source)
    if kind is None:
        raise InputError(f"{source}: not an archive (supported: {', '.join(_supported())})")
    target_kind = archive_kind(target)
    if target_kind is not None and target_kind != kind:
        raise ConfigError(f"{target}: the cleaned copy of a {kind} archive must be a {kind} archive too")
    if not source.is_file():
        raise InputError(f"{source}: no such archive" if not source.exists() else f"{source}: not a file")
    options = _Options(
        cleaner=cleaner,
        jsonl_field=jsonl_field,
        member_filter=member_filter or default_member_filter,
        on_error=on_error,
        encoding=encoding,
        errors=errors,
        spool_dir=target.parent,  # exists once _atomic_binary has started
        summary=ArchiveSummary(),
        jobs=jobs,
        progress=progress,
    )
    with _atomic_binary(target, like=source) as out:
        if jobs > 1:
            from ..parallel import worker_pool

            pool: Any = worker_pool(cleaner, jobs)
        else:
            pool = contextlib.nullcontext(None)
        with pool as executor:
            options.executor = executor
            if kind == "zip":
                _clean_zip(source, out, options)
            elif kind in _TAR_KINDS:
                _clean_tar(source, out, kind, options)
            else:
                _clean_single(source, out, kind, options)
    return options.summary


# ---- members in parallel

#: With ``jobs > 1``, a member up to this size (uncompressed, as the archive records it) is
#: read whole and cleaned by one worker; a larger one is streamed in the main process, its
#: parts (or record batches) cleaned by the workers, as one large file is.
MEMBER_TASK_BYTES = 4 << 20
#: Entries waiting to be written, at most (members being cleaned: at most ``2 * jobs``
#: batches), besides the members of those batches.
_MAX_PENDING = 64
#: Small members go to the workers in batches of about this many bytes (at most
#: :data:`BATCH_MEMBERS` members): one task per 100 KB member costs more in hand-offs and
#: waiting on each result in turn than cleaning it.
BATCH_BYTES = 512 << 10
BATCH_MEMBERS = 32
#: A tar entry copied unchanged while earlier members are still being cleaned is held in a
#: spool of at most this much memory (the rest in a temporary file).
_PENDING_COPY_MEMORY = 1 << 20


@dataclass
class _MemberResult:
    """What a worker sends back for one member: its bytes to store and what to count."""

    data: bytes
    cleaned: bool
    problems: list[tuple[str, str]]
    records: int
    bytes_in: int
    #: With a zip compression asked for: ``data`` compressed so (the main process only copies
    #: it into the archive), its CRC-32 and its uncompressed size; else None, 0, 0.
    compressed: bytes | None = None
    crc: int = 0
    size: int = 0


@dataclass(frozen=True)
class _MemberTask:
    archive: str
    jsonl_field: str | Sequence[str] | None
    encoding: str | None
    errors: str
    collect: bool  # problems are reported (on_error given), else the first one raises
    spool_dir: str


def _clean_member_task(task: _MemberTask, cleaner: Cleaner, item: tuple[str, bytes, tuple[int, Any] | None]) -> _MemberResult:
    """A worker's share of an archive: one member, cleaned exactly as in one process
    (:func:`_clean_to_spool`), its problems collected to be reported in order by the caller;
    compressed here too when ``compression`` (a zip member's method and level) is given."""
    name, data, compression = item
    problems: list[tuple[str, str]] = []
    options = _Options(
        cleaner=cleaner,
        jsonl_field=task.jsonl_field,
        member_filter=default_member_filter,
        on_error=(lambda problem, message: problems.append((problem, message))) if task.collect else None,
        encoding=task.encoding,
        errors=task.errors,
        spool_dir=Path(task.spool_dir),
        summary=ArchiveSummary(),
    )
    member = Member(name, len(data), lambda: cast(BinaryIO, _Guarded(io.BytesIO(data), task.archive, name)))
    spool, cleaned = _clean_to_spool(member, options, rereadable=True)
    with spool:
        _spool_size(spool)
        out = spool.read()
    result = _MemberResult(out, cleaned, problems, options.summary.records, options.summary.bytes_in)
    if compression is not None:
        result.compressed, result.crc, result.size = _zip_compress(out, *compression), zlib.crc32(out), len(out)
        result.data = b""  # only the compressed bytes travel back
    return result


def _clean_members_task(task: _MemberTask, cleaner: Cleaner, items: list[tuple[str, bytes, tuple[int, Any] | None]]) -> list[Any]:
    """A batch of members (:func:`_clean_member_task` each). A member that raises ends the
    batch with its exception, raised when its turn comes: the members after it would not
    have been reached in one process."""
    results: list[Any] = []
    for item in items:
        try:
            results.append(_clean_member_task(task, cleaner, item))
        except Exception as error:  # raised in its turn by _Share.result
            results.append(error)
            break
    return results


class _Share:
    """One member's result in a batch's future (what ``from_worker`` waits on)."""

    def __init__(self, future: Any, index: int) -> None:
        self.future = future
        self.index = index

    def result(self) -> _MemberResult:
        result = self.future.result()[self.index]
        if isinstance(result, BaseException):
            raise result
        return cast(_MemberResult, result)


class _Pipeline:
    """The entries of an archive written in archive order. In one process each step runs as it
    is pushed; with workers, members are cleaned ahead and their steps wait (at most
    ``2 * jobs`` members being cleaned, :data:`_MAX_PENDING` steps) until their turn."""

    def __init__(self, options: _Options, archive: str, position: Callable[[], int]) -> None:
        self.options = options
        self.archive = archive
        self.position = position
        self.pending: deque[tuple[Callable[[], None], int, bool]] = deque()
        self.in_flight = 0
        self.window = 2 * options.jobs
        # Members gathered for the next batch: (name, data, compression) and the step that
        # writes each from its result.
        self.batch: list[tuple[tuple[str, bytes, tuple[int, Any] | None], Callable[[Any], None], int]] = []
        self.batch_bytes = 0

    @property
    def parallel(self) -> bool:
        return self.options.executor is not None

    def push(self, step: Callable[[], None], *, task: bool = False) -> None:
        self._send_batch()  # the members gathered so far come before this entry
        self._push(step, task=task)

    def add(self, name: str, data: bytes, compression: tuple[int, Any] | None, write: Callable[[Any], None]) -> None:
        """A small member for the workers, in a batch with its neighbours: ``write(result)``
        (a :class:`_Share`, whose ``result()`` is the member's :class:`_MemberResult`) stores
        it in its turn."""
        self.batch.append(((name, data, compression), write, self.position()))
        self.batch_bytes += len(data)
        if self.batch_bytes >= BATCH_BYTES or len(self.batch) >= BATCH_MEMBERS:
            self._send_batch()

    def _send_batch(self) -> None:
        if not self.batch:
            return
        batch, self.batch, self.batch_bytes = self.batch, [], 0
        from ..parallel import submit

        future = submit(self.options.executor, partial(_clean_members_task, self._task()), [item for item, _, _ in batch])
        for index, (_, write, position) in enumerate(batch):
            self._push(partial(write, _Share(future, index)), task=index == 0, position=position)

    def _task(self) -> _MemberTask:
        options = self.options
        return _MemberTask(
            self.archive, options.jsonl_field, options.encoding, options.errors,
            options.on_error is not None, str(options.spool_dir),
        )

    def _push(self, step: Callable[[], None], *, task: bool = False, position: int | None = None) -> None:
        if position is None:
            position = self.position()
        if not self.parallel or (not task and not self.pending):
            step()  # its turn already: run now (a tar member's data can be read only now)
            self._progress(position)
            return
        self.pending.append((step, position, task))
        self.in_flight += task
        while self.pending and (self.in_flight > self.window or len(self.pending) > _MAX_PENDING + BATCH_MEMBERS * self.window):
            self._run_first()

    def _run_first(self) -> None:
        step, position, task = self.pending.popleft()
        self.in_flight -= task
        try:
            step()
        except BaseException:
            self.pending.clear()  # nothing after a failed entry is written
            raise
        self._progress(position)

    def _progress(self, position: int) -> None:
        if self.options.progress is not None:
            self.options.progress(position)

    def drain(self) -> None:
        self._send_batch()
        while self.pending:
            self._run_first()

    def waiting(self) -> bool:
        """Entries wait to be written (a tar's next data must be held, not written now)."""
        return bool(self.pending or self.batch)

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        """Around the loop over the entries: an error reading the archive is raised after the
        entries before it are written (their problems reported), as in one process."""
        try:
            yield
        except Exception:
            self.drain()
            raise
        self.drain()


def _use_result(options: _Options, result: _MemberResult) -> int:
    for name, message in result.problems:
        options.summary._report(options.on_error, name, message)
    options.summary.records += result.records
    options.summary.bytes_in += result.bytes_in
    size = result.size if result.compressed is not None else len(result.data)
    _count(options.summary, result.cleaned, size)
    return size


def _small_enough(member: Member) -> bool:
    return member.size is not None and member.size <= MEMBER_TASK_BYTES


def _read_member(member: Member) -> bytes:
    with member.open() as src:
        return src.read()


# ---- zip


_ZIP_UTF8_NAME = 0x800


class _LegacyNameZipInfo(zipfile.ZipInfo):
    """A member whose name was stored without the UTF-8 flag (in the legacy code page, often GBK
    from Windows): zipfile read it as CP437, so it is written back as the very same bytes."""

    __slots__ = ()

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        try:
            return self.filename.encode("cp437"), self.flag_bits & ~_ZIP_UTF8_NAME
        except UnicodeEncodeError:  # pragma: no cover - names read as CP437 always encode
            return super()._encodeFilenameFlags()  # type: ignore[misc]


def _zip_copy_info(info: zipfile.ZipInfo, size: int) -> zipfile.ZipInfo:
    legacy = not info.flag_bits & _ZIP_UTF8_NAME and not info.filename.isascii()
    new = (_LegacyNameZipInfo if legacy else zipfile.ZipInfo)(info.filename, info.date_time)
    new.compress_type = info.compress_type
    new.comment = info.comment
    new.external_attr = info.external_attr
    new.create_system = info.create_system
    new.file_size = size
    return new


def _zip_compression(zout: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, Any] | None:
    """The method and level to compress a member with in a worker, for
    :func:`_zip_write_compressed`; None where the member is written the usual way (another
    method, or an output that cannot be rewritten in place)."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or not getattr(zout, "_seekable", False):
        return None
    return info.compress_type, getattr(info, "_compresslevel", getattr(info, "compress_level", None))


def _zip_compress(data: bytes, method: int, level: Any) -> bytes:
    """``data`` compressed as ``ZipFile.open(info, "w")`` compresses it (the same compressor,
    so the same bytes: deflate's output does not depend on how its input is cut)."""
    if method == zipfile.ZIP_STORED:
        return data
    compressor = zipfile._get_compressor(method, level)  # type: ignore[attr-defined]
    return compressor.compress(data) + compressor.flush()


def _zip_write_compressed(zout: zipfile.ZipFile, info: zipfile.ZipInfo, compressed: bytes, crc: int, size: int) -> None:
    """Add a member whose data was compressed elsewhere (by a worker, with
    :func:`_zip_compress`): exactly the bytes ``zout.open(info, "w")`` writes for it (its local
    header with the final CRC and sizes, then the data), and the same central directory entry.
    zipfile has no public way to add compressed data; this follows ``_open_to_write`` and
    ``_ZipWriteFile.close`` of a seekable output (tests compare it with ``-j 1`` byte for byte)."""
    z: Any = zout
    info.flag_bits = 0x00
    if not info.external_attr:
        info.external_attr = 0o600 << 16
    zip64 = info.file_size * 1.05 > zipfile.ZIP64_LIMIT
    z.fp.seek(z.start_dir)
    info.header_offset = z.fp.tell()
    z._writecheck(info)
    z._didModify = True
    info.compress_size, info.CRC, info.file_size = len(compressed), crc, size
    if not zip64 and (size > zipfile.ZIP64_LIMIT or len(compressed) > zipfile.ZIP64_LIMIT):
        raise RuntimeError("File size too large, try using force_zip64")
    z.fp.write(info.FileHeader(zip64))
    z.fp.write(compressed)
    z.start_dir = z.fp.tell()
    z.filelist.append(info)
    z.NameToInfo[info.filename] = info


def _clean_zip(source: Path, out: IO[bytes], options: _Options) -> None:
    summary = options.summary
    with _open_entries(source) as opened, zipfile.ZipFile(out, "w", allowZip64=True) as zout:
        pipeline = _Pipeline(options, str(source), opened.position)

        def special(entry: _Entry, info: zipfile.ZipInfo) -> None:  # a directory, symlink or special file
            data = b""
            if entry.data is not None:
                with entry.data() as src:
                    data = src.read()
            zout.writestr(_zip_copy_info(info, len(data)), data)

        def cleaned(member: Member, info: zipfile.ZipInfo) -> None:
            spool, was_cleaned = _clean_to_spool(member, options, rereadable=True)
            with spool:
                size = _spool_size(spool)
                with zout.open(_zip_copy_info(info, size), "w") as dst:
                    shutil.copyfileobj(spool, dst, _CHUNK)
            _count(summary, was_cleaned, size)

        def from_worker(future: Any, info: zipfile.ZipInfo) -> None:
            result = future.result()
            if result.compressed is not None:  # compressed by the worker: only copied here
                _zip_write_compressed(zout, _zip_copy_info(info, result.size), result.compressed, result.crc, result.size)
            else:
                with zout.open(_zip_copy_info(info, len(result.data)), "w") as dst:
                    dst.write(result.data)
            _use_result(options, result)

        def copied(member: Member, info: zipfile.ZipInfo) -> None:
            with member.open() as src, zout.open(_zip_copy_info(info, info.file_size), "w") as dst:
                shutil.copyfileobj(src, dst, _CHUNK)
            count = cast(_Guarded, src).count
            summary.bytes_in += count
            _count(summary, False, count)

        with pipeline.running():
            for entry in opened.entries:
                info = cast(zipfile.ZipInfo, entry.info)
                if entry.member is None:
                    pipeline.push(partial(special, entry, info))
                    continue
                summary.members += 1
                if not _wants_cleaning(entry.name, options):
                    pipeline.push(partial(copied, entry.member, info))  # a zip is read again at any time
                elif pipeline.parallel and _small_enough(entry.member):
                    compression = _zip_compression(zout, _zip_copy_info(info, 0))
                    pipeline.add(entry.name, _read_member(entry.member), compression, partial(from_worker, info=info))
                else:
                    pipeline.drain()  # one large member: its parts cleaned by the workers
                    pipeline.push(partial(cleaned, entry.member, info))
        zout.comment = opened.comment


def _count(summary: ArchiveSummary, cleaned: bool, size: int) -> None:
    if cleaned:
        summary.cleaned += 1
    else:
        summary.copied += 1
    summary.bytes_out += size


# ---- tar


def _tar_copy_info(info: tarfile.TarInfo, size: int | None = None) -> tarfile.TarInfo:
    new = tarfile.TarInfo(info.name)
    for attribute in ("mode", "uid", "gid", "mtime", "type", "linkname", "uname", "gname", "devmajor", "devminor"):
        setattr(new, attribute, getattr(info, attribute))
    new.size = info.size if size is None else size
    new.pax_headers = {
        key: value
        for key, value in info.pax_headers.items()
        if key not in ("size", "path", "linkpath") and not key.startswith("GNU.sparse")
    }
    if info.issparse() or info.type == tarfile.CONTTYPE:
        new.type = tarfile.REGTYPE  # written out in full
    if not (info.isreg() or info.type not in tarfile.SUPPORTED_TYPES):
        new.size = 0  # directories, links, devices: a header only
    return new


def _tar_writer(
    out: IO[bytes], kind: str, name: str, mtime: float, executor: Any = None, jobs: int = 1
) -> tuple[IO[bytes], list[Any]]:
    """The stream the tar data goes to (compressed for tar.gz etc.) and what to close after.
    gzip and xz are compressed in fixed blocks (:mod:`wenben.io.blocks`), by the workers of
    ``executor`` when given: the same bytes at every ``-j``."""
    if kind in ("tar.gz", "tar.xz"):
        writer = BlockWriter(out, kind[4:], name, mtime, executor, jobs)
        return cast(IO[bytes], writer), [writer]
    if kind == "tar.bz2":
        bz = bz2.BZ2File(out, "wb", compresslevel=9)
        return cast(IO[bytes], bz), [bz]
    if kind == "tar.xz":
        xz = lzma.LZMAFile(out, "wb", preset=6)
        return cast(IO[bytes], xz), [xz]
    return out, []


def _clean_tar(source: Path, out: IO[bytes], kind: str, options: _Options) -> None:
    summary = options.summary
    stream, closers = _tar_writer(
        out, kind, _gzip_name(source, kind), source.stat().st_mtime, options.executor, options.jobs
    )
    failed = True
    try:
        with _open_entries(source) as opened:
            tout = tarfile.open(
                fileobj=stream, mode="w", format=tarfile.PAX_FORMAT, pax_headers=opened.pax_headers or None
            )
            with tout:
                pipeline = _Pipeline(options, str(source), opened.position)

                def header(info: tarfile.TarInfo) -> None:  # a directory, link or device
                    tout.addfile(_tar_copy_info(info))

                def data(opener: Callable[[], BinaryIO], info: tarfile.TarInfo, name: str, member: bool) -> None:
                    with opener() as src:
                        _tar_add(tout, _tar_copy_info(info), src, str(source), name)
                    if member:
                        count = cast(_Guarded, src).count
                        summary.bytes_in += count
                        _count(summary, False, count)

                def held(spool: IO[bytes], info: tarfile.TarInfo, name: str, count: int | None) -> None:
                    with spool:
                        _tar_add(tout, _tar_copy_info(info), spool, str(source), name)
                    if count is not None:
                        summary.bytes_in += count
                        _count(summary, False, count)

                def cleaned(member: Member, info: tarfile.TarInfo) -> None:
                    spool, was_cleaned = _clean_to_spool(member, options, rereadable=False)
                    with spool:
                        size = _spool_size(spool)
                        tout.addfile(_tar_copy_info(info, size), spool)
                    _count(summary, was_cleaned, size)

                def from_worker(future: Any, info: tarfile.TarInfo) -> None:
                    result = future.result()
                    tout.addfile(_tar_copy_info(info, len(result.data)), io.BytesIO(result.data))
                    _use_result(options, result)

                def hold(opener: Callable[[], BinaryIO]) -> tuple[IO[bytes], int]:
                    """A tar is read once: data copied while members are being cleaned waits here."""
                    spool = cast(IO[bytes], tempfile.SpooledTemporaryFile(max_size=_PENDING_COPY_MEMORY, dir=str(options.spool_dir)))
                    try:
                        with opener() as src:
                            shutil.copyfileobj(src, spool, _CHUNK)
                    except BaseException:
                        spool.close()
                        raise
                    spool.seek(0)
                    return spool, cast(_Guarded, src).count

                with pipeline.running():
                    for entry in opened.entries:
                        info = cast(tarfile.TarInfo, entry.info)
                        if entry.member is None:  # a directory, link or device: its header (and data)
                            if entry.data is None:
                                pipeline.push(partial(header, info))
                            elif pipeline.parallel and pipeline.waiting():
                                spool, _ = hold(entry.data)
                                pipeline.push(partial(held, spool, info, entry.name, None))
                            else:
                                pipeline.push(partial(data, entry.data, info, entry.name, False))
                            continue
                        summary.members += 1
                        if not _wants_cleaning(entry.name, options):
                            if pipeline.parallel and pipeline.waiting():
                                spool, count = hold(entry.member.open)
                                pipeline.push(partial(held, spool, info, entry.name, count))
                            else:
                                pipeline.push(partial(data, entry.member.open, info, entry.name, True))
                        elif pipeline.parallel and _small_enough(entry.member):
                            pipeline.add(entry.name, _read_member(entry.member), None, partial(from_worker, info=info))
                        else:
                            pipeline.drain()  # one large member: its parts cleaned by the workers
                            pipeline.push(partial(cleaned, entry.member, info))
        failed = False
    finally:
        _close_all(closers, failed)


def _close_all(closers: list[Any], failed: bool) -> None:
    """Close compressed writers; after a failure (the output is thrown away) a block writer
    drops what it holds instead of compressing it."""
    for closer in closers:
        if failed and isinstance(closer, BlockWriter):
            closer.discard()
        else:
            closer.close()


def _tar_add(tout: tarfile.TarFile, info: tarfile.TarInfo, data: Any, archive: str, name: str) -> None:
    try:
        tout.addfile(info, data)
    except OSError as error:
        # tarfile raises a plain OSError("unexpected end of data") when a member is short.
        if error.errno is None and "end of data" in str(error):
            raise _corrupt(archive, EOFError(str(error)), name) from None
        raise


def _gzip_name(source: Path, kind: str) -> str:
    """The file name recorded in a gzip header: the archive's name without ``.gz``."""
    name = source.name
    if kind in ("tar.gz", "gz") and name.lower().endswith(".tgz"):
        return name[:-4] + ".tar"
    return name


# ---- single compressed files


def _compressor(out: IO[bytes], kind: str, name: str, mtime: float, executor: Any = None, jobs: int = 1) -> IO[bytes]:
    if kind in ("gz", "xz"):  # in fixed blocks, by the workers of ``executor`` when given
        return cast(IO[bytes], BlockWriter(out, kind, name, mtime, executor, jobs))
    return cast(IO[bytes], bz2.BZ2File(out, "wb", compresslevel=9))


def _gzip_size(path: Path) -> int | None:
    """The uncompressed size a gzip file records in its last four bytes (modulo 2**32, and
    of its last member only: a hint, never trusted for anything but the size of blocks)."""
    try:
        with path.open("rb") as raw:
            if raw.seek(0, io.SEEK_END) < 18:
                return None
            raw.seek(-4, io.SEEK_END)
            return struct.unpack("<I", raw.read(4))[0]
    except OSError:
        return None


def _clean_single(source: Path, out: IO[bytes], kind: str, options: _Options) -> None:
    summary = options.summary
    entry = _single_entry(source, kind, str(source))
    member = entry.member
    assert member is not None
    summary.members += 1
    if not _wants_cleaning(member.name, options):
        _copy_raw(source, out)
        summary.copied += 1
        return
    if kind == "gz":
        member.size = _gzip_size(source)  # a hint for the size of JSON Lines blocks
    stream = _compressor(out, kind, source.name, source.stat().st_mtime, options.executor, options.jobs)
    counting = _CountingWriter(stream)
    raw = source.open("rb")  # held here: how far into the file on disk, for a progress bar
    try:
        with _reading(str(source), member.name):
            reader = _Guarded(_OPENERS[kind](raw), str(source), member.name, owns=[raw])  # type: ignore[arg-type]
    except BaseException:
        raw.close()
        raise
    step = None
    if options.progress is not None:
        progress = options.progress

        def step(taken: int) -> None:
            # On disk: the part of the file read so far that the output written comes from.
            progress(raw.tell() * taken // max(reader.count, 1))

    with reader:
        try:
            try:
                _clean_member_into(member, options, cast(IO[bytes], counting), reader, step)
            finally:
                stream.close()
        except InputError as error:
            if _is_corruption(error) or options.on_error is None:
                raise
            summary._report(options.on_error, member.name, _member_message(error, member.name))
            out.seek(0)
            out.truncate()
            _copy_raw(source, out)
            summary.copied += 1
            return
        summary.bytes_in += cast(_Guarded, reader).count
    summary.bytes_out += counting.count
    summary.cleaned += 1


class _CountingWriter:
    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self.count = 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return self._out.write(data)


def _copy_raw(source: Path, out: IO[bytes]) -> None:
    with source.open("rb") as raw:
        shutil.copyfileobj(raw, out, _CHUNK)


# --------------------------------------------------------------------------------------------
# JSON Lines


class _RecordCounter:
    def __init__(self) -> None:
        self.cleaned = 0


# Record-level helpers for records already parsed (wenben.distributed).


def _locate(obj: dict[str, Any], field: str) -> tuple[Any, Any] | None:
    """(container, key) of ``field`` in ``obj``: the key itself, else a dotted path whose parts
    are object keys or list indices (``meta.text``, ``messages.0.content``)."""
    if field in obj:
        return obj, field
    parts = field.split(".")
    current: Any = obj
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if isinstance(current, dict):
            if part not in current:
                return None
            if last:
                return current, part
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            if last:
                return current, int(part)
            current = current[int(part)]
        else:
            return None
    return None


def _clean_value(cleaner: Cleaner, value: str) -> str:
    """The cleaned field: like ``cleaner.clean``, but without the final newline ``clean`` adds
    when the value had none (a record's text is not a file)."""
    cleaned = cleaner.clean(value)
    if cleaned.endswith("\n") and not value.endswith("\n"):
        cleaned = cleaned[:-1]
    return cleaned


def clean_jsonl_lines(
    lines: Iterable[bytes | str],
    field: str | Sequence[str],
    cleaner: Cleaner,
    *,
    on_error: OnError | None = None,
    source: str | None = None,
) -> Iterator[str]:
    """Clean the string at ``field`` of each JSON Lines record; yield the lines to write.

    ``lines`` are bytes (UTF-8) or str, each with or without its line ending (kept as it was;
    none added to a final line that had none). ``field`` is a key, or a dotted path through
    objects and list indices (``meta.text``, ``messages.0.content``); an exact key wins over a
    dotted path. The cleaned value has no final newline unless the original had one.

    Only the cleaned string literals are rewritten in the line (see :mod:`wenben.formats.jsonl`):
    the other fields, key order, spacing, numbers and escapes stay byte for byte, and an
    unchanged record is written exactly as it was. Blank lines pass through. ``field`` may
    also be a list of fields.

    A line that is not a JSON object, has a duplicate key, lacks the field, has a non-string
    value there, or is not UTF-8: reported as ``on_error("<source>:<line>", message)`` and
    passed through unchanged (invalid bytes survive as surrogate escapes: encode the output
    with ``errors="surrogateescape"``). Without ``on_error`` it raises
    :class:`~wenben.errors.InputError` naming the line.
    """
    return _clean_jsonl_lines(lines, field, cleaner, on_error, source, _RecordCounter())


def _clean_jsonl_lines(
    lines: Iterable[bytes | str],
    field: str | Sequence[str],
    cleaner: Cleaner,
    on_error: OnError | None,
    source: str | None,
    counter: _RecordCounter,
    start: int = 1,
) -> Iterator[str]:
    """Records cleaned by :func:`wenben.formats.jsonl.clean_record` (problems named
    ``<source>:<line>``); lines that are not UTF-8 are reported and passed through."""
    from ..formats.jsonl import JsonlOptions, clean_record

    prefix = f"{source}:" if source else "line "

    def report(number: int, message: str) -> None:
        assert on_error is not None
        on_error(f"{prefix}{number}", message)

    options = JsonlOptions(
        (field,) if isinstance(field, str) else tuple(field),
        "copy" if on_error is not None else "fail",
        report if on_error is not None else None,
        source,
    )
    try:
        for number, raw in enumerate(lines, start):
            if isinstance(raw, bytes):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    options.problem(number, f"not valid UTF-8 (byte 0x{raw[error.start]:02X} at column {error.start + 1})")
                    yield raw.decode("utf-8", "surrogateescape")
                    continue
            else:
                line = raw
            yield clean_record(line, cleaner, options, number)
    finally:
        counter.cleaned += options.records


#: Bytes of JSON Lines records per task sent to a worker process (``-j``): whole lines, as
#: raw bytes. Large enough that one hand-off costs little next to cleaning it, small enough
#: that the last tasks of a file keep both workers busy.
JSONL_BATCH_BYTES = 1 << 19
#: The smallest block (a small file is cut into about :data:`_JSONL_STEPS` blocks, so that a
#: progress bar moves in steps and several workers share it).
_JSONL_MIN_BLOCK = 1 << 14
_JSONL_STEPS = 128


def jsonl_block_size(total: int | None) -> int:
    """Bytes per block of a JSON Lines input of about ``total`` bytes (None: unknown)."""
    if total is None:
        return JSONL_BATCH_BYTES
    return max(_JSONL_MIN_BLOCK, min(JSONL_BATCH_BYTES, total // _JSONL_STEPS))


def _split_lines(data: bytes) -> list[bytes]:
    """The lines of ``data``, each with its b"\\n" (the last one maybe without)."""
    lines = data.split(b"\n")
    last = lines.pop()
    lines = [line + b"\n" for line in lines]
    if last:
        lines.append(last)
    return lines


def _jsonl_block(
    field: str | Sequence[str], source: str | None, collect: bool, cleaner: Cleaner, block: tuple[int, bytes]
) -> tuple[bytes, list[tuple[str, str]], int, InputError | None]:
    """A worker's share of :func:`_clean_jsonl_blocks`: the lines of one block of raw bytes
    (whole lines, the first numbered ``start``) decoded, cleaned record by record and encoded
    again here, so that the main process only moves bytes. Returns the bytes to write, the
    problems found, the records cleaned, and the error that stopped the block when problems
    are not collected (the lines before it are in the bytes, as one process writes them)."""
    start, data = block
    problems: list[tuple[str, str]] = []
    counter = _RecordCounter()
    on_error = (lambda name, message: problems.append((name, message))) if collect else None
    out: list[str] = []
    failure: InputError | None = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:  # some line is not UTF-8: each line on its own, as in one process
        lines: Iterable[bytes | str] = _split_lines(data)
    else:
        # "\n" is one byte in UTF-8: the same lines as splitting the bytes, already decoded.
        pieces = text.split("\n")
        last = pieces.pop()
        lines = [line + "\n" for line in pieces]
        if last:
            lines.append(last)
    try:
        out.extend(_clean_jsonl_lines(lines, field, cleaner, on_error, source, counter, start))
    except InputError as error:
        failure = error
    return "".join(out).encode("utf-8", "surrogateescape"), problems, counter.cleaned, failure


def _line_blocks(reader: Any, size: int = JSONL_BATCH_BYTES) -> Iterator[tuple[int, bytes]]:
    """(number of the first line, bytes of whole lines) of a binary stream, about ``size``
    bytes each (a line longer than that is one block): read in large pieces and cut at the
    last newline, never line by line (and a long line is gathered once, not re-copied)."""
    held: list[bytes] = []  # the start of a line that continues past the blocks read
    number = 1
    while True:
        block = reader.read(size)
        if not block:
            if held:
                yield number, b"".join(held)
            return
        cut = block.rfind(b"\n") + 1
        if cut == 0:
            held.append(block)
            continue
        data = b"".join([*held, block[:cut]]) if held else (block if cut == len(block) else block[:cut])
        held = [block[cut:]] if cut < len(block) else []
        yield number, data
        number += data.count(b"\n")


def _clean_jsonl_blocks(
    reader: Any,
    field: str | Sequence[str],
    cleaner: Cleaner,
    on_error: OnError | None,
    source: str | None,
    counter: _RecordCounter,
    jobs: int,
    *,
    executor: Any = None,
    consumed: Callable[[int], None] | None = None,
    size_hint: int | None = None,
) -> Iterator[bytes]:
    """The bytes :func:`_clean_jsonl_lines` makes of the lines of the binary stream ``reader``
    (encoded as UTF-8 with ``surrogateescape``), with blocks of lines decoded, cleaned and
    encoded by ``jobs`` processes (those of ``executor``, a worker pool, when given): the same
    bytes, problems reported in the same order with the same line numbers. ``consumed(size)``
    is called before each block's bytes are yielded with the size of the input they come from;
    ``size_hint``, the input's size if known, sets the size of the blocks."""
    from ..parallel import map_in_order

    task = partial(_jsonl_block, field, source, on_error is not None)
    sizes: deque[int] = deque()

    def blocks() -> Iterator[tuple[int, bytes]]:
        for block in _line_blocks(reader, jsonl_block_size(size_hint)):
            sizes.append(len(block[1]))
            yield block

    for out, problems, cleaned, failure in map_in_order(task, blocks(), cleaner, jobs, executor=executor):
        for name, message in problems:
            on_error(name, message)  # type: ignore[misc]  # problems are only collected with on_error
        counter.cleaned += cleaned
        size = sizes.popleft()
        if consumed is not None:
            consumed(size)
        if out:
            yield out
        if failure is not None:
            raise failure


def clean_jsonl_file(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str],
    field: str | Sequence[str],
    cleaner: Cleaner,
    *,
    on_error: OnError | None = None,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> ArchiveSummary:
    """Clean ``field`` in every record of a JSON Lines file (plain, or ``.gz``/``.bz2``/``.xz``
    compressed: the target is compressed the same way), written atomically at ``target``.

    Records that cannot be cleaned are handled as in :func:`clean_jsonl_lines`, named
    ``<source>:<line>``. A damaged compressed file raises :class:`CorruptArchiveError`.
    ``jobs > 1`` cleans blocks of records in that many processes (the same output).
    ``progress(position)`` is called after each block of records is written with how far into
    ``source`` (bytes on disk; estimated from the compression ratio so far for a compressed
    file) the records written reach.
    """
    source, target = Path(source), Path(target)
    kind = archive_kind(source)
    if kind is not None and kind not in _SINGLE_KINDS:
        raise InputError(f"{source}: a {kind} archive is not a JSON Lines file; use clean_archive")
    if not source.is_file():
        raise InputError(f"{source}: no such file" if not source.exists() else f"{source}: not a file")
    summary = ArchiveSummary(members=1)
    archive = str(source)

    def report(name: str, message: str) -> None:
        summary._report(on_error, name, message)

    counter = _RecordCounter()
    taken = [0]  # bytes of the lines behind the records written so far (uncompressed)

    def consumed(size: int) -> None:
        taken[0] += size

    with _atomic_binary(target, like=source) as out, _jsonl_pool(cleaner, jobs, kind) as executor:
        raw = source.open("rb")
        if kind is None:
            reader = _Guarded(raw, archive, None)
            writer: IO[bytes] = out
            closers: list[Any] = []
        else:
            try:
                with _reading(archive):
                    reader = _Guarded(_OPENERS[kind](raw), archive, None, owns=[raw])  # type: ignore[arg-type]
            except BaseException:
                raw.close()
                raise
            writer = _compressor(out, kind, source.name, source.stat().st_mtime, executor, jobs)
            closers = [writer]
        counting = _CountingWriter(writer)
        failed = True
        try:
            with reader:
                reporter = report if on_error is not None else None
                # Blocks of raw lines, each decoded, cleaned and encoded in one task (in
                # this process with jobs=1, else in the workers): the same bytes either way.
                blocks = _clean_jsonl_blocks(
                    reader, field, cleaner, reporter, archive, counter, jobs, executor=executor,
                    consumed=consumed, size_hint=source.stat().st_size,
                )
                for block in blocks:
                    counting.write(block)
                    if progress is not None:
                        # On disk: the part of the file read so far that the lines written come from.
                        progress(raw.tell() * taken[0] // max(reader.count, 1))
            failed = False
        finally:
            _close_all(closers, failed)
    summary.cleaned = 1
    summary.records = counter.cleaned
    summary.bytes_in = reader.count
    summary.bytes_out = counting.count
    return summary


def _jsonl_pool(cleaner: Cleaner, jobs: int, kind: str | None) -> Any:
    """The worker pool of a compressed JSON Lines file with ``jobs > 1``: its record blocks and
    its output's compressed blocks share it (for a plain file the blocks start their own)."""
    if jobs <= 1 or kind is None:
        return contextlib.nullcontext(None)
    from ..parallel import worker_pool

    return worker_pool(cleaner, jobs)


def _suffix(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""
