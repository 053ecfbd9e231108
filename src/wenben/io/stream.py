"""Reading and writing text of any size in constant memory.

The encoding is detected from the head of the input (``decode_bytes`` on the first megabyte,
cut at a line end), then the whole input is decoded incrementally with that codec. Output goes
to a temporary file in the target's directory and is renamed into place only when complete.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

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


def write_stream_atomically(target: Path, pieces: Iterable[str]) -> bool:
    """Write ``pieces`` to ``target`` as UTF-8 so that ``target`` is always either the old file
    or the complete new one. Returns False (and leaves ``target`` alone) if the new content is
    identical to the existing file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            for piece in pieces:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            if _same_content(Path(handle.name), target):
                os.unlink(handle.name)
                return False
            try:
                os.chmod(handle.name, target.stat().st_mode & 0o7777)
            except OSError:
                pass
        os.replace(handle.name, target)
        return True
    except BaseException:
        try:
            os.unlink(handle.name)
        except OSError:
            pass
        raise


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
