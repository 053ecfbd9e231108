"""Cleaning on several cores: one large text split at paragraph boundaries, or many files.

Both keep memory bounded: at most ``2 * jobs`` parts are in flight, and parts are written in
input order as soon as they are done.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Callable, Iterable, Iterator, TypeVar

from functools import partial

from .engine import Cleaner, document_start, join_cleaned, paragraph_chunks

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


def clean_stream_parallel(
    cleaner: Cleaner, pieces: Iterable[str], jobs: int, part_size: int = PART_SIZE
) -> Iterator[str]:
    """Like ``cleaner.clean_stream(pieces)``, with the parts cleaned by ``jobs`` processes."""
    if jobs <= 1:
        yield from cleaner.clean_stream(pieces)
        return
    load_lazy_modules()
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(cleaner,)) as executor:
        # Every part is judged with the paragraph evidence of the document's start (ADR 0002).
        document, pieces = document_start(pieces)
        parts = paragraph_chunks(pieces, min_size=part_size)
        yield from join_cleaned(ordered_map(executor, partial(_clean_part, document), parts, window=2 * jobs))
