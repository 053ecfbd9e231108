"""Cleaning on several cores: one large text split at paragraph boundaries, the records of a
JSON Lines file, or many files.

All keep memory bounded: at most ``2 * jobs`` parts are in flight, and parts are written in
input order as soon as they are done. :func:`map_in_order` is the general form: map a function
that takes the worker's cleaner over ordered parts of anything (records, members, paragraphs).
"""

from __future__ import annotations

import contextlib
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

from .engine import EVIDENCE_SIZE
from .engine import PART_SIZE as EXPLAIN_PART_SIZE
from .engine import Cleaner, Explanation, document_start, join_cleaned, joined_explanation, paragraph_chunks

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


def explain_parallel(cleaner: Cleaner, text: str, jobs: int) -> Explanation:
    """``cleaner.explain(text)`` (for ``--check``, ``--stats``, ``--report``) with the parts of a
    long text explained by ``jobs`` processes: the same edits and offsets."""
    if jobs <= 1 or len(text) <= 2 * EXPLAIN_PART_SIZE or "```" in text:
        return cleaner.explain(text)
    document = text[:EVIDENCE_SIZE]  # every part with the document's evidence (ADR 0002)
    return joined_explanation(
        cleaner, text, lambda parts: map_in_order(partial(_explain_part, document), parts, cleaner, jobs)
    )
