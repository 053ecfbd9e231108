"""Gzip and xz output compressed in independent blocks, so that worker processes can compress
them while this process writes the next ones (``-j`` on a ``.tar.gz``, ``.tar.xz``, ``.txt.gz``
...), with the same bytes whatever the number of processes.

The uncompressed stream is cut at fixed offsets (every :data:`BLOCK_BYTES` bytes), never where
writes happen to fall, and each block is compressed the same way in one process or in many:
the block scheme is part of the format wenben writes, not of ``-j``. Both files are one
ordinary stream that every reader takes (``gzip``, ``xz``, GNU ``tar``, Python's ``gzip``,
``lzma`` and ``tarfile``, including its stream mode ``r|gz``/``r|xz``, which reads only the
first stream of a multi-stream file and so rules out concatenating whole streams):

* gzip: one member, as ``pigz`` writes it: each block is raw deflate primed with the 32 KiB
  before it (``zdict``) and ended with a sync flush, the last one with a final block; the
  header is the one Python's :class:`gzip.GzipFile` writes, the CRC-32 and size are of the
  whole. The output is a little larger than one deflate stream's (a sync marker per block).
* xz: one stream of several blocks, as ``xz -T`` writes it: each block raw LZMA2 (preset 6)
  with a CRC-32 check, then the index and footer.

bzip2 is not cut so (its blocks are bit-aligned and its stream CRC combines theirs; concatenated
streams are not read by ``tarfile``'s stream mode): a ``.bz2`` is compressed in one stream here.
"""

from __future__ import annotations

import lzma
import struct
import zlib
from collections import deque
from concurrent.futures import Future
from typing import IO, Any

#: Uncompressed bytes per block. Fixed: the output is the same at every ``-j`` only because
#: the blocks are.
BLOCK_BYTES = {"gz": 1 << 20, "xz": 4 << 20}
GZIP_LEVEL = 6
XZ_PRESET = 6
_WINDOW = 1 << 15  # deflate's window: what a block may refer back to
_XZ_FILTERS = [{"id": lzma.FILTER_LZMA2, "preset": XZ_PRESET}]
_XZ_CHECK_CRC32 = 0x01


def block_kinds() -> frozenset[str]:
    """The compressions written in blocks (``gz``, ``xz``)."""
    return frozenset(BLOCK_BYTES)


def compress_block(kind: str, data: bytes, primer: bytes, last: bool) -> tuple[bytes, int]:
    """One block of the stream: raw deflate (``gz``, primed with ``primer``, the bytes before
    it) or an xz block with its header and check (``xz``), and (xz) its size without the
    block padding, which the index records."""
    if kind == "gz":
        compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS, 8, zlib.Z_DEFAULT_STRATEGY,
                                      **({"zdict": primer} if primer else {}))
        return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH), 0
    raw = lzma.compress(data, format=lzma.FORMAT_RAW, filters=_XZ_FILTERS)
    header = _xz_block_header()
    padding = b"\0" * (-len(raw) % 4)
    return header + raw + padding + struct.pack("<I", zlib.crc32(data)), len(header) + len(raw) + 4


def _compress_task(kind: str, _cleaner: Any, item: tuple[bytes, bytes, bool]) -> tuple[bytes, int]:
    """A worker's share (a task of :func:`wenben.parallel.submit`; the cleaner is unused)."""
    return compress_block(kind, *item)


def _varint(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _xz_block_header() -> bytes:
    properties = lzma._encode_filter_properties(_XZ_FILTERS[0])  # type: ignore[attr-defined]
    body = b"\x00" + b"\x21" + _varint(len(properties)) + properties  # flags: one filter, no sizes
    size = -(-(1 + len(body) + 4) // 4) * 4
    header = bytes([size // 4 - 1]) + body
    header += b"\0" * (size - 4 - len(header))
    return header + struct.pack("<I", zlib.crc32(header))


def _xz_stream_flags() -> bytes:
    return bytes([0, _XZ_CHECK_CRC32])


class BlockWriter:
    """A binary file to write a ``gz`` or ``xz`` stream to ``out`` through, compressed in
    blocks (by the workers of ``executor``, a :func:`wenben.parallel.worker_pool`, when given,
    at most ``2 * jobs`` blocks at a time; else here). ``close()`` writes the rest and the
    trailer (it does not close ``out``)."""

    def __init__(self, out: IO[bytes], kind: str, name: str = "", mtime: float = 0,
                 executor: Any = None, jobs: int = 1) -> None:
        if kind not in BLOCK_BYTES:
            raise ValueError(f"not a block compression: {kind!r}")
        self._out = out
        self._kind = kind
        self._block = BLOCK_BYTES[kind]
        self._executor = executor
        self._window = max(2 * jobs, 2)
        self._buffer = bytearray()
        self._primer = b""
        self._pending: deque[tuple[Future[tuple[bytes, int]] | tuple[bytes, int], int]] = deque()
        self._position = 0  # uncompressed bytes written
        self._crc = 0
        self._records: list[tuple[int, int]] = []  # xz: (unpadded size, uncompressed size)
        self.closed = False
        if kind == "gz":
            out.write(_gzip_header(name, mtime))
        else:
            flags = _xz_stream_flags()
            out.write(b"\xfd7zXZ\x00" + flags + struct.pack("<I", zlib.crc32(flags)))

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def write(self, data: Any) -> int:
        data = bytes(data)
        self._position += len(data)
        if self._kind == "gz":
            self._crc = zlib.crc32(data, self._crc)
        self._buffer += data
        while len(self._buffer) > self._block:  # one byte held back: the last block is final
            block = bytes(self._buffer[: self._block])
            del self._buffer[: self._block]
            self._submit(block, last=False)
        return len(data)

    def flush(self) -> None:
        pass

    def _submit(self, block: bytes, last: bool) -> None:
        item = (block, self._primer, last)
        if self._kind == "gz":
            self._primer = (self._primer + block)[-_WINDOW:]
        if self._executor is None:
            self._pending.append((compress_block(self._kind, *item), len(block)))
        else:
            from functools import partial

            from ..parallel import submit

            self._pending.append((submit(self._executor, partial(_compress_task, self._kind), item), len(block)))
        while len(self._pending) > (self._window if self._executor is not None else 0):
            self._write_first()

    def _write_first(self) -> None:
        done, size = self._pending.popleft()
        data, unpadded = done if isinstance(done, tuple) else done.result()
        self._out.write(data)
        if self._kind == "xz":
            self._records.append((unpadded, size))

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self._buffer or self._kind == "gz":
            block, self._buffer = bytes(self._buffer), bytearray()
            self._submit(block, last=True)
        while self._pending:
            self._write_first()
        if self._kind == "gz":
            self._out.write(struct.pack("<II", self._crc, self._position & 0xFFFFFFFF))
            return
        index = bytearray(b"\x00" + _varint(len(self._records)))
        for unpadded, size in self._records:
            index += _varint(unpadded) + _varint(size)
        index += b"\0" * (-len(index) % 4)
        index += struct.pack("<I", zlib.crc32(index))
        self._out.write(bytes(index))
        flags = _xz_stream_flags()
        backward = struct.pack("<I", len(index) // 4 - 1)
        self._out.write(struct.pack("<I", zlib.crc32(backward + flags)) + backward + flags + b"YZ")

    def discard(self) -> None:
        """Stop without writing the rest (the output is being thrown away)."""
        self.closed = True
        self._buffer = bytearray()
        for done, _ in self._pending:
            if isinstance(done, Future):
                done.cancel()
        self._pending.clear()

    def __enter__(self) -> BlockWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _gzip_header(name: str, mtime: float) -> bytes:
    """The header :class:`gzip.GzipFile` writes (``filename=name``, level 6, ``mtime``)."""
    try:
        fname = name.rsplit("/", 1)[-1].encode("latin-1")
        if fname.endswith(b".gz"):
            fname = fname[:-3]
    except UnicodeEncodeError:
        fname = b""
    flags = 0x08 if fname else 0
    header = b"\x1f\x8b\x08" + bytes([flags]) + struct.pack("<I", int(mtime)) + b"\x00\xff"
    return header + (fname + b"\x00" if fname else b"")
