"""Cleaning on a Dask cluster: bags of strings, bags of JSON records, and many files.

Optional: ``pip install "wenben[dask]"`` (Dask with its bag collection, and ``distributed`` for
a cluster). Dask is imported inside the functions, so ``import wenben`` and
``import wenben.distributed`` never import it.

* :func:`clean_bag`: a bag of strings → a bag of cleaned strings (one :class:`~wenben.Cleaner`
  per partition, rebuilt on the worker from its pickled settings).
* :func:`clean_jsonl_bag`: a bag of JSON records (dicts) → the same records with one string
  field cleaned.
* :func:`clean_files`: files (a glob, a directory, or a list of paths) cleaned by worker tasks,
  each streamed in constant memory and written atomically under an output directory that
  mirrors the inputs' relative paths; archives and JSON Lines files are handled by
  :mod:`wenben.io.archives`. The workers must see the same file system as the caller.
"""

from __future__ import annotations

import glob
import math
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .engine import Cleaner
from .errors import InputError, WenbenError
from .io.archives import (  # the same field rules as JSON Lines files
    JSONL_SUFFIXES,
    TEXT_SUFFIXES,
    _clean_value,
    _locate,
    archive_kind,
    clean_archive,
    clean_jsonl_file,
)
from .io.stream import iter_decoded, write_stream_atomically

if TYPE_CHECKING:
    from dask.bag import Bag
    from distributed import Client

__all__ = ["clean_bag", "clean_files", "clean_jsonl_bag"]

#: At most this many tasks are submitted for :func:`clean_files`; more files share a task.
MAX_TASKS = 10_000
#: How many (name, message) problems the summary of :func:`clean_files` keeps.
MAX_KEPT_ERRORS = 1000


# ---- bags -----------------------------------------------------------------------------------


def _clean_texts(texts: Iterable[str], cleaner: Cleaner) -> list[str]:
    out = []
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"clean_bag needs a bag of str, found {type(text).__name__}")
        out.append(cleaner.clean(text))
    return out


def clean_bag(bag: Bag, **cleaner_kwargs: Any) -> Bag:
    """A bag of the cleaned strings of ``bag``: ``wenben.Cleaner(**cleaner_kwargs).clean`` of each.

    ``cleaner_kwargs`` are those of :class:`~wenben.Cleaner` (``profile``, ``rules``,
    ``disable``, options such as ``convert``); a bad one raises
    :class:`~wenben.errors.ConfigError` here, before anything is computed.
    """
    cleaner = Cleaner(**cleaner_kwargs)
    return bag.map_partitions(_clean_texts, cleaner)


def _clean_records(records: Iterable[Any], field: str, cleaner: Cleaner) -> list[Any]:
    out = []
    for record in records:
        out.append(_clean_record(record, field, cleaner))
    return out


def _clean_record(record: Any, field: str, cleaner: Cleaner) -> Any:
    if not isinstance(record, dict):
        return record
    found = _locate(record, field)
    if found is None or not isinstance(found[0][found[1]], str):
        return record
    value = found[0][found[1]]
    cleaned = _clean_value(cleaner, value)
    if cleaned == value:
        return record
    # A copy along the path: the input records (maybe persisted) are not changed.
    copy = _copy_path(record, field)
    container, key = _locate(copy, field)  # type: ignore[misc]
    container[key] = cleaned
    return copy


def _copy_path(record: dict[str, Any], field: str) -> dict[str, Any]:
    copy = dict(record)
    if field in record:
        return copy
    current: Any = copy
    for part in field.split(".")[:-1]:
        key: Any = int(part) if isinstance(current, list) else part
        child = current[key]
        child = dict(child) if isinstance(child, dict) else list(child)
        current[key] = child
        current = child
    return copy


def clean_jsonl_bag(bag: Bag, field: str, **cleaner_kwargs: Any) -> Bag:
    """A bag of JSON records (dicts) with the string at ``field`` cleaned.

    ``field`` is a key or a dotted path (``meta.text``, ``messages.0.content``), as for
    :func:`wenben.io.archives.clean_jsonl_lines`; the cleaned value gets no final newline unless
    it had one. Records without the field, with a non-string value there, or that are not dicts
    pass through unchanged; the records given are not modified (changed ones are copies).

    Example::

        records = dask.bag.read_text("corpus/*.jsonl").map(json.loads)
        cleaned = clean_jsonl_bag(records, "text", profile="default")
        cleaned.map(json.dumps, ensure_ascii=False).to_textfiles("out/*.jsonl")
    """
    cleaner = Cleaner(**cleaner_kwargs)
    return bag.map_partitions(_clean_records, field, cleaner)


# ---- files ----------------------------------------------------------------------------------


def _has_magic(part: str) -> bool:
    return any(c in part for c in "*?[")


def _glob_root(pattern: str) -> Path:
    """The directory a glob pattern starts from: its leading parts without wildcards."""
    parts = Path(pattern).parts
    plain: list[str] = []
    for part in parts:
        if _has_magic(part):
            break
        plain.append(part)
    if len(plain) == len(parts):
        plain = plain[:-1]
    return Path(*plain) if plain else Path(".")


def _wanted(path: Path, jsonl_field: str | None) -> bool:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES or archive_kind(path) is not None:
        return True
    return jsonl_field is not None and suffix in JSONL_SUFFIXES


def _walk(root: Path, jsonl_field: str | None) -> Iterator[Path]:
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(directory, name)
            if not name.startswith(".") and _wanted(path, jsonl_field):
                yield path


def _expand(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    root: str | os.PathLike[str] | None,
    jsonl_field: str | None,
) -> list[tuple[Path, Path]]:
    """(file, path relative to the root) for each input file."""
    found: list[tuple[Path, Path | None]] = []
    if isinstance(inputs, (str, os.PathLike)):
        text = os.fspath(inputs)
        if _has_magic(text):
            base = Path(root) if root is not None else _glob_root(text)
            matches = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
            if not matches:
                raise InputError(f"{text}: no files match")
            return [(p, p.relative_to(base)) for p in matches]
        items: Sequence[str | os.PathLike[str]] = [text]
    else:
        items = list(inputs)
    for item in items:
        path = Path(item)
        if path.is_dir():
            found.extend((p, p.relative_to(path) if root is None else None) for p in _walk(path, jsonl_field))
        elif path.is_file():
            found.append((path, None))
        else:
            raise InputError(f"{path}: no such file or directory")
    loose = [p for p, relative in found if relative is None]
    if root is not None:
        base = Path(root)
    elif loose:
        base = Path(os.path.commonpath([os.path.abspath(p.parent) for p in loose]))
    else:
        base = Path(".")
    absolute_base = Path(os.path.abspath(base))
    return [
        (p, relative if relative is not None else Path(os.path.abspath(p)).relative_to(absolute_base))
        for p, relative in found
    ]


def _clean_one(source: Path, target: Path, cleaner: Cleaner, options: dict[str, Any]) -> dict[str, Any]:
    """Clean one file on a worker; problems are returned, not raised."""
    result: dict[str, Any] = {
        "source": str(source),
        "target": str(target),
        "ok": False,
        "changed": False,
        "bytes_in": 0,
        "bytes_out": 0,
        "problems": [],
    }
    problems: list[tuple[str, str]] = result["problems"]
    jsonl_field = options.get("jsonl_field")
    try:
        kind = archive_kind(source)
        if kind is not None:
            summary = clean_archive(
                source,
                target,
                cleaner,
                jsonl_field=jsonl_field,
                on_error=lambda name, message: problems.append((f"{source}:{name}", message)),
                encoding=options.get("encoding"),
                errors=options.get("errors", "strict"),
            )
            result["bytes_in"], result["bytes_out"] = summary.bytes_in, summary.bytes_out
            result["changed"] = True
        elif jsonl_field is not None and source.suffix.lower() in JSONL_SUFFIXES:
            summary = clean_jsonl_file(
                source, target, jsonl_field, cleaner, on_error=lambda name, message: problems.append((name, message))
            )
            result["bytes_in"], result["bytes_out"] = summary.bytes_in, summary.bytes_out
            result["changed"] = True
        else:
            with source.open("rb") as handle:
                pieces = iter_decoded(
                    handle, encoding=options.get("encoding"), errors=options.get("errors", "strict"), source=str(source)
                )
                result["changed"] = write_stream_atomically(target, cleaner.clean_stream(pieces))
            result["bytes_in"] = source.stat().st_size
            result["bytes_out"] = target.stat().st_size
        result["ok"] = True
    except WenbenError as error:
        message = str(error)
        prefix = f"{source}: "
        problems.append((str(source), message.removeprefix(prefix)))
    except OSError as error:
        problems.append((error.filename or str(source), error.strerror or str(error)))
    return result


def _clean_batch(jobs: list[tuple[str, str]], cleaner: Cleaner, options: dict[str, Any]) -> list[dict[str, Any]]:
    return [_clean_one(Path(source), Path(target), cleaner, options) for source, target in jobs]


def clean_files(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    output_dir: str | os.PathLike[str],
    *,
    client: Client | None = None,
    root: str | os.PathLike[str] | None = None,
    jsonl_field: str | None = None,
    encoding: str | None = None,
    errors: str = "strict",
    **cleaner_kwargs: Any,
) -> dict[str, Any]:
    """Clean many files on Dask workers; each output mirrors its input's relative path.

    ``inputs``: a glob (``"corpus/**/*.txt"``, relative paths from its first wildcard), a
    directory (walked for text files, archives and, with ``jsonl_field``, JSON Lines files), or
    a list of files and directories (file paths relative to their common parent, or to
    ``root``). Text files are decoded (``encoding``/``errors`` as for the CLI), cleaned with
    ``Cleaner(**cleaner_kwargs)`` in constant memory and written as UTF-8; archives go through
    :func:`~wenben.io.archives.clean_archive`, ``.jsonl`` files (with ``jsonl_field``) through
    :func:`~wenben.io.archives.clean_jsonl_file`.

    ``client``: a ``distributed.Client``; without one, Dask's current scheduler runs the tasks
    (the default client if there is one). A file that cannot be cleaned does not stop the others.

    Returns ``{"files", "cleaned", "changed", "failed", "bytes_in", "bytes_out", "error_count",
    "errors", "outputs"}``: counts, ``errors`` as (name, message) pairs (files that failed,
    archive members and JSON Lines records passed through unchanged; the first
    :data:`MAX_KEPT_ERRORS` of ``error_count``), and ``outputs`` the target paths in input order.
    """
    cleaner = Cleaner(**cleaner_kwargs)
    out = Path(output_dir)
    pairs = _expand(inputs, root, jsonl_field)
    jobs = [(str(source), str(out / relative)) for source, relative in pairs]
    options = {"jsonl_field": jsonl_field, "encoding": encoding, "errors": errors}
    size = max(1, math.ceil(len(jobs) / MAX_TASKS))
    batches = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    results: list[dict[str, Any]] = []
    if batches:
        if client is not None:
            futures = client.map(_clean_batch, batches, cleaner=cleaner, options=options, pure=False)
            for batch in client.gather(futures):
                results.extend(batch)
        else:
            import dask.bag as db

            bag = db.from_sequence(batches, npartitions=len(batches))
            for batch in bag.map(_clean_batch, cleaner=cleaner, options=options).compute():
                results.extend(batch)
    summary: dict[str, Any] = {
        "files": len(results),
        "cleaned": sum(r["ok"] for r in results),
        "changed": sum(r["ok"] and r["changed"] for r in results),
        "failed": sum(not r["ok"] for r in results),
        "bytes_in": sum(r["bytes_in"] for r in results),
        "bytes_out": sum(r["bytes_out"] for r in results),
        "error_count": sum(len(r["problems"]) for r in results),
        "errors": [],
        "outputs": [r["target"] for r in results],
    }
    for result in results:
        room = MAX_KEPT_ERRORS - len(summary["errors"])
        if room <= 0:
            break
        summary["errors"].extend(result["problems"][:room])
    return summary
