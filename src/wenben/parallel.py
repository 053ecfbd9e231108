"""Cleaning on several cores: one large text split at paragraph boundaries, the records of a
JSON Lines file, or many files.

All keep memory bounded: at most ``2 * jobs`` parts are in flight, and parts are written in
input order as soon as they are done. :func:`map_in_order` is the general form: map a function
that takes the worker's cleaner over ordered parts of anything (records, members, paragraphs).
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterable, Iterator, Sequence, TypeVar

from . import inline
from .engine import EVIDENCE_SIZE
from .engine import PART_SIZE as EXPLAIN_PART_SIZE
from .edits import Edit
from .engine import Cleaner, Explanation, document_start, explain_cuts, join_cleaned, joined_explanation, paragraph_chunks
from .errors import DecodeError
from .io.decode import decode_bytes
from .io.stream import CHUNK_SIZE, HEAD_SIZE, _detection_sample

if TYPE_CHECKING:
    from .formats import Document

PART_SIZE = 1 << 20  # characters per part sent to a worker

_worker_cleaner: Cleaner | None = None

T = TypeVar("T")
R = TypeVar("R")


def load_lazy_modules() -> None:
    """Import what rules otherwise import on first use (mojibake repair: ftfy, codec tables,
    large compiled patterns), so that worker processes forked after this share it instead of
    each paying ~0.3 s of CPU for it."""
    from .rules import mojibake  # noqa: F401


def _init_worker(cleaner: Cleaner) -> None:
    global _worker_cleaner  # one per worker process, set once by the pool's initializer
    _worker_cleaner = cleaner


def _clean_part(document: str, part: str) -> str:
    assert _worker_cleaner is not None
    return _worker_cleaner.clean_part(part, document)


def ordered_map(
    executor: ProcessPoolExecutor, function: Callable[[T], R], items: Iterable[T], window: int
) -> Iterator[R]:
    """``executor.map`` that reads ``items`` lazily: at most ``window`` tasks are pending."""
    pending: deque[Future[R]] = deque()
    for item in items:
        pending.append(executor.submit(function, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _with_cleaner(function: Callable[[Cleaner, T], R], item: T) -> R:
    assert _worker_cleaner is not None
    return function(_worker_cleaner, item)


@contextlib.contextmanager
def worker_pool(cleaner: Cleaner, jobs: int) -> Iterator[ProcessPoolExecutor]:
    """``jobs`` worker processes, each holding ``cleaner`` (sent once per worker): the pool
    that :func:`map_in_order`, :func:`clean_stream_parallel` and :func:`submit` share when one
    input mixes tasks (the members of an archive, and the parts of its largest members).
    Tasks still queued when the block is left early (an error, a closed pipe) are cancelled."""
    load_lazy_modules()
    executor = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(cleaner,))
    try:
        yield executor
    except BaseException:
        stop_pool(executor)
        raise
    executor.shutdown(wait=True)


def stop_pool(executor: ProcessPoolExecutor) -> None:
    """Leave a pool at once, its results unwanted (an error, a closed pipe, Ctrl-C): queued
    tasks are cancelled and running ones stopped, instead of waiting for them to finish."""
    executor.shutdown(wait=False, cancel_futures=True)
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            process.terminate()
    with contextlib.suppress(Exception):
        executor.shutdown(wait=True)


def submit(executor: ProcessPoolExecutor, function: Callable[[Cleaner, T], R], item: T) -> Future[R]:
    """``function(cleaner, item)`` in a worker of a :func:`worker_pool`."""
    return executor.submit(_with_cleaner, function, item)


def map_in_order(
    function: Callable[[Cleaner, T], R],
    items: Iterable[T],
    cleaner: Cleaner,
    jobs: int,
    *,
    window: int | None = None,
    executor: ProcessPoolExecutor | None = None,
) -> Iterator[R]:
    """``function(cleaner, item)`` for each item, in input order, computed by ``jobs`` worker
    processes (in this process when ``jobs <= 1``).

    ``function`` must be picklable (a module-level function, or a ``functools.partial`` of one)
    and so must the items and results; the cleaner is sent once per worker, not per item. Items
    are read lazily and at most ``window`` (default ``2 * jobs``) are in flight, so memory stays
    bounded by the size of a few items: make each item big enough (see :func:`batched`) that
    sending it costs little next to cleaning it. An exception in ``function`` is raised here,
    when its item's turn comes. ``executor``: a :func:`worker_pool` of the same cleaner to use
    instead of starting one.
    """
    if executor is not None:
        yield from ordered_map(executor, partial(_with_cleaner, function), items, window or 2 * jobs)
        return
    if jobs <= 1:
        for item in items:
            yield function(cleaner, item)
        return
    with worker_pool(cleaner, jobs) as pool:
        yield from ordered_map(pool, partial(_with_cleaner, function), items, window or 2 * jobs)


def batched(items: Iterable[T], size: Callable[[T], int], limit: int, max_items: int = 10_000) -> Iterator[list[T]]:
    """``items`` gathered into lists of about ``limit`` total ``size`` (at most ``max_items``
    each): one task per record would cost more in pickling and hand-offs than cleaning it."""
    batch: list[T] = []
    total = 0
    for item in items:
        batch.append(item)
        total += size(item)
        if total >= limit or len(batch) >= max_items:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


def clean_texts(cleaner: Cleaner, texts: Sequence[str]) -> list[str]:
    """``cleaner.clean`` of each text (a task for :func:`map_in_order`)."""
    return [cleaner.clean(text) for text in texts]


def clean_stream_parallel(
    cleaner: Cleaner,
    pieces: Iterable[str],
    jobs: int,
    part_size: int = PART_SIZE,
    *,
    executor: ProcessPoolExecutor | None = None,
) -> Iterator[str]:
    """Like ``cleaner.clean_stream(pieces)``, with the parts cleaned by ``jobs`` processes
    (those of ``executor``, a :func:`worker_pool` of the same cleaner, when given)."""
    if executor is None and jobs <= 1:
        yield from cleaner.clean_stream(pieces)
        return
    with contextlib.nullcontext(executor) if executor is not None else worker_pool(cleaner, jobs) as pool:
        # Every part is judged with the paragraph evidence of the document's start (ADR 0002).
        document, pieces = document_start(pieces)
        parts = paragraph_chunks(pieces, min_size=part_size)
        yield from join_cleaned(ordered_map(pool, partial(_clean_part, document), parts, window=2 * jobs))


def _explain_part(document: str, cleaner: Cleaner, part: str):  # type: ignore[no-untyped-def]
    return cleaner._explain_part(part, document)


#: Characters of JSON Lines per task of :func:`explain_parallel` (whole lines).
JSONL_BLOCK_SIZE = 1 << 18


def explain_parallel(cleaner: "Cleaner | Document", text: str, jobs: int) -> Explanation:
    """``cleaner.explain(text)`` (for ``--check``, ``--stats``, ``--report``) with the parts of a
    long text explained by ``jobs`` processes: the same edits and offsets. For a
    :class:`~wenben.formats.Document`, the prose of a Markdown document (gathered into one
    text, as one process does) and blocks of a JSON Lines document's records."""
    from .formats import Document

    if isinstance(cleaner, Document):
        if jobs <= 1 or len(text) <= 2 * EXPLAIN_PART_SIZE:
            return cleaner.explain(text)
        if cleaner.format == "markdown":
            from .formats.markdown import explain_markdown

            return explain_markdown(cleaner.cleaner, text, partial(explain_parallel, jobs=jobs))
        if cleaner.format == "jsonl":
            return _explain_jsonl_parallel(cleaner, text, jobs)
        cleaner = cleaner.cleaner
    if jobs <= 1 or len(text) <= 2 * EXPLAIN_PART_SIZE or "```" in text or not explain_cuts(text):
        # (No cut: one unbroken text, which a worker would only receive and send back whole.)
        return cleaner.explain(text)
    document = text[:EVIDENCE_SIZE]  # every part with the document's evidence (ADR 0002)
    return joined_explanation(
        cleaner, text, lambda parts: map_in_order(partial(_explain_part, document), parts, cleaner, jobs)
    )



def _explain_jsonl_parallel(document: "Document", text: str, jobs: int) -> Explanation:
    """A JSON Lines document explained in blocks of records by ``jobs`` processes. Problems
    (a record that is not JSON or lacks the field) are reported here, in line order, as one
    process reports them; with ``errors="fail"`` the first one is raised in its turn."""
    from .formats.jsonl import explain_jsonl_block, explanation_from_edits, jsonl_blocks

    options = document.jsonl
    task = partial(explain_jsonl_block, tuple(options.fields), options.errors, options.source)
    edits: list[Edit] = []
    for block_edits, problems, records in map_in_order(task, jsonl_blocks(text, JSONL_BLOCK_SIZE), document.cleaner, jobs):
        for number, message in problems:
            options.problem(number, message)
        options.records += records
        edits += block_edits
    return explanation_from_edits(text, edits)


#: Bytes per part when one UTF-8 file is cut into parts for the workers (see
#: :func:`clean_bytes_parallel`): about 350 000 Chinese characters.
PART_BYTES = 1 << 20
# A blank line in bytes: a subset of the engine's paragraph break (ASCII spaces, tabs and CR
# on it), so every cut made here is one clean_stream could make.
_BLANK_LINE_BYTES = re.compile(rb"\n[ \t\r]*\n")
_FENCE_BYTES = b"```"
_MARK_BYTES = inline.MARK.encode("ascii")


class _Replay:
    """A binary stream that gives ``head`` first, then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0:
                data, self._head = self._head + self._stream.read(), b""
                return data
            data, self._head = self._head[:size], self._head[size:]
            return data
        return self._stream.read(size)


def _not_utf8(offset: int, error: UnicodeDecodeError) -> DecodeError:
    """The error :func:`~wenben.io.stream.iter_decoded` reports for these bytes."""
    return DecodeError(
        f"bytes at offset {offset + error.start} are not valid utf-8 ({error.reason}); use --encoding or --errors=replace"
    )


def _decoded(reader: _Replay, errors: str, offset: int) -> Iterator[str]:
    """The rest of a UTF-8 input (from byte ``offset``) decoded piece by piece."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors=errors)
    while True:
        raw = reader.read(CHUNK_SIZE)
        held = decoder.getstate()[0]
        try:
            text = decoder.decode(raw, final=not raw)
        except UnicodeDecodeError as error:
            raise _not_utf8(offset - len(held), error) from None
        if text:
            yield text
        if not raw:
            return
        offset += len(raw)


def _clean_bytes_part(document: str, errors: str, task: tuple[int, bytes | str]) -> bytes:
    """A worker's share of :func:`clean_bytes_parallel`: one part decoded (bytes at ``offset``
    of the input, or text already), cleaned as a part of the document, encoded as UTF-8."""
    offset, part = task
    if isinstance(part, bytes):
        try:
            part = part.decode("utf-8", errors)
        except UnicodeDecodeError as error:
            raise _not_utf8(offset, error) from None
    assert _worker_cleaner is not None
    return _worker_cleaner.clean_part(part, document).encode("utf-8")


def _utf8_start(head: bytes, at_end: bool, encoding: str | None, errors: str, source: str | None) -> tuple[int, str] | None:
    """The encoding of an input whose first bytes are ``head``, detected as
    :func:`~wenben.io.stream.iter_decoded` does (with the same errors for a binary or an
    undecodable head). For UTF-8: the size of its byte order mark and its first
    ``EVIDENCE_SIZE`` characters; None for anything else."""
    if encoding is None and not at_end and head.isascii():
        return None  # iter_decoded looks further for the encoding: let it
    sample = _detection_sample(head, at_end)
    detected = decode_bytes(sample, encoding=encoding, errors=errors, source=source)
    if detected.encoding.replace("_", "-").lower() not in ("utf-8", "ascii"):
        return None
    bom = len(codecs.BOM_UTF8) if detected.bom else 0
    if detected.bom and not head.startswith(codecs.BOM_UTF8):
        return None
    if detected.text != sample[bom:].decode("utf-8", errors):
        return None  # the reader made something else of it: leave it to the reader
    if not at_end and len(detected.text) < EVIDENCE_SIZE:
        return None  # a head too short for the document's evidence (one enormous first line)
    return bom, detected.text[:EVIDENCE_SIZE]


def _last_blank_line(block: bytes) -> int:
    """The offset just after the last blank line of ``block``, or 0."""
    for start in (max(0, len(block) - (1 << 16)), 0):
        end = 0
        for match in _BLANK_LINE_BYTES.finditer(block, start):
            end = match.end()
        if end or not start:
            return end
    return 0


def clean_bytes_parallel(
    cleaner: Cleaner,
    binary: BinaryIO,
    jobs: int,
    *,
    encoding: str | None = None,
    errors: str = "strict",
    source: str | None = None,
    part_size: int = PART_BYTES,
) -> Iterator[bytes]:
    """The UTF-8 bytes of ``cleaner.clean_stream(iter_decoded(binary, ...))`` with the parts
    cleaned by ``jobs`` processes: one large input on several cores.

    A UTF-8 input is cut at blank lines in its bytes, and each part is decoded, cleaned and
    encoded by a worker, so this process only reads and writes bytes (decoding, sending text
    and encoding again here cost this process about a fifth of what the workers spend
    cleaning, and that share is not parallel). From the first code fence or inline-control
    directive on, the cuts are chosen on the decoded text by :func:`paragraph_chunks`, as in
    one process (none of either comes before that point, so its count starts right there).
    Any other encoding is decoded here (:func:`clean_stream_parallel`)."""
    from .io.stream import iter_decoded

    head = binary.read(HEAD_SIZE)
    more = binary.read(1)
    started = _utf8_start(head, not more, encoding, errors, source) if jobs > 1 else None
    if started is None:
        pieces = iter_decoded(_Replay(head + more, binary), encoding=encoding, errors=errors, source=source)
        for piece in clean_stream_parallel(cleaner, pieces, jobs):
            yield piece.encode("utf-8")
        return
    bom, document = started

    def parts() -> Iterator[tuple[int, bytes | str]]:
        offset = bom  # of the first byte of ``held`` in the input
        held: list[bytes] = []
        size = 0
        tail = b""  # the end of the bytes before ``block``: a fence or directive may straddle
        block = (head + more)[bom:]
        while block:
            if _FENCE_BYTES in tail + block or _MARK_BYTES in tail + block:
                rest = _Replay(b"".join([*held, block]), binary)
                for part in paragraph_chunks(_decoded(rest, errors, offset), min_size=PART_SIZE):
                    yield offset, part
                return
            tail = block[-len(_MARK_BYTES) :]
            cut = _last_blank_line(block)
            if cut and size + cut >= part_size // 2:  # parts of about part_size bytes
                part = b"".join([*held, block[:cut]])
                yield offset, part
                offset += len(part)
                held, size = ([block[cut:]], len(block) - cut) if cut < len(block) else ([], 0)
            else:
                held.append(block)
                size += len(block)
            block = binary.read(part_size)
        if held:
            yield offset, b"".join(held)

    with worker_pool(cleaner, jobs) as pool:
        first = True
        for cleaned in ordered_map(pool, partial(_clean_bytes_part, document, errors), parts(), window=2 * jobs):
            if cleaned:
                yield cleaned if first else b"\n" + cleaned
                first = False
