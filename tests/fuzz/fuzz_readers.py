"""Coverage-guided fuzz target for the readers: bytes -> text, and PDF -> text (atheris).

    PYTHONPATH=src python tests/fuzz/fuzz_readers.py CORPUS_DIR -max_total_time=60
    python tests/fuzz/run.py --only readers         # seeds (small real PDFs), crash directory

Every input goes to

* ``wenben.io.decode.decode_bytes(data)`` (detection), with ``errors="strict"`` and
  ``errors="replace"``, and with an explicit encoding picked from the last byte;
* ``wenben.io.stream.iter_decoded`` (the CLI's streaming reader) with its head size cut to
  64 bytes and chunks of 1-16 bytes, so that detection-on-the-head and incremental decoding
  across chunk boundaries are exercised on small inputs;
* ``wenben.io.pdf.extract_pdf_text(data)``;
* ``wenben.clean`` of whatever text came out (what the CLI does next).

Only :class:`wenben.errors.WenbenError` may escape the readers (anything else is a bug, reported
as a :class:`Finding`), and with ``errors="replace"`` the decoder must not raise
``DecodeError`` (only ``BinaryFileError``: binary data is refused whatever ``errors`` says).
libFuzzer is also given ``-timeout``: a hang on a crafted PDF is a finding too.

Signatures in ``WENBEN_FUZZ_KNOWN`` are skipped, as in ``fuzz_text.py``.  :func:`check` is the
one-input function, usable without atheris.
"""

from __future__ import annotations

import io
import os
import sys
import traceback

try:
    import atheris
except ImportError:
    atheris = None

if __name__ == "__main__" and atheris is not None:
    # pypdf and charset-normalizer are instrumented too: their branches are where odd bytes go.
    with atheris.instrument_imports(include=["wenben", "pypdf", "charset_normalizer"]):
        import wenben
        from wenben.errors import BinaryFileError, DecodeError, WenbenError
        from wenben.io.decode import decode_bytes
        from wenben.io.pdf import extract_pdf_text
        try:
            from wenben.io import stream
        except ImportError:  # older trees: no streaming reader
            stream = None
else:
    import wenben
    from wenben.errors import BinaryFileError, DecodeError, WenbenError
    from wenben.io.decode import decode_bytes
    from wenben.io.pdf import extract_pdf_text

    try:
        from wenben.io import stream
    except ImportError:
        stream = None

#: Head size the streaming reader detects the encoding from, while fuzzing (1 MB in the CLI).
STREAM_HEAD = 64

# Explicit encodings tried (one per input, chosen by its last byte); the last is not a codec
# and must give ConfigError.
ENCODINGS = ("utf-8", "gb2312", "gbk", "gb18030", "big5", "utf-16", "utf-32", "shift_jis", "latin-1", "no-such-codec")

#: Decoded text longer than this is not cleaned (keeps executions per second up).
MAX_CLEAN = 4000


class Finding(AssertionError):
    def __init__(self, signature: str, message: str) -> None:
        super().__init__(f"[{signature}] {message}")
        self.signature = signature


def _where(error: BaseException) -> str:
    where = "?"
    for frame in traceback.extract_tb(error.__traceback__):
        path = frame.filename.replace("\\", "/")
        if "/wenben/" in path and "/tests/" not in path:
            where = f"{path.rsplit('/wenben/', 1)[1]}:{frame.name}"
    return where


def _guard(what: str, function, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Call a reader: return its result, or the WenbenError it raised; anything else is a Finding."""
    try:
        return function(*args, **kwargs)
    except WenbenError as error:
        if "\n" in str(error):
            raise Finding(f"multi-line-error:{what}", f"{what}: error message is not one line: {error}") from error
        return error
    except Exception as error:
        raise Finding(
            f"exception:{what}:{type(error).__name__}:{_where(error)}",
            f"{what} raised {type(error).__name__}: {error}",
        ) from error


def _clean(what: str, text: str) -> None:
    if len(text) > MAX_CLEAN:
        return
    try:
        wenben.clean(text)
    except Exception as error:
        raise Finding(
            f"exception:clean-after-{what}:{type(error).__name__}:{_where(error)}",
            f"clean() of the text {what} gave raised {type(error).__name__}: {error}",
        ) from error


def _stream_decode(data: bytes, chunk_size: int) -> str:
    saved = stream.HEAD_SIZE
    stream.HEAD_SIZE = STREAM_HEAD
    try:
        return "".join(stream.iter_decoded(io.BytesIO(data), source="fuzz.txt", chunk_size=chunk_size))
    finally:
        stream.HEAD_SIZE = saved


def check(data: bytes) -> None:
    """The one-input function (raises :class:`Finding`)."""
    strict = _guard("decode_bytes", decode_bytes, data, source="fuzz.txt")
    if not isinstance(strict, Exception):
        if not isinstance(strict.text, str):
            raise Finding("decode-type", f"decode_bytes returned {type(strict.text).__name__}")
        _clean("decode_bytes", strict.text)

    replaced = _guard("decode_bytes-replace", decode_bytes, data, errors="replace", source="fuzz.txt")
    if isinstance(replaced, DecodeError):
        raise Finding("decode-replace-raised", f"errors='replace' raised DecodeError: {replaced}")
    if isinstance(replaced, Exception) and not isinstance(replaced, BinaryFileError):
        raise Finding("decode-replace-raised", f"errors='replace' raised {type(replaced).__name__}: {replaced}")
    if isinstance(strict, BinaryFileError) != isinstance(replaced, BinaryFileError):
        raise Finding("decode-binary-inconsistent", f"strict gave {strict!r}, replace gave {replaced!r}")

    if data:
        encoding = ENCODINGS[data[-1] % len(ENCODINGS)]
        _guard(f"decode_bytes-{encoding}", decode_bytes, data, encoding=encoding, errors="strict")
        _guard(f"decode_bytes-{encoding}-replace", decode_bytes, data, encoding=encoding, errors="replace")

    if stream is not None:
        streamed = _guard("iter_decoded", _stream_decode, data, 1 + (data[0] % 16 if data else 0))
        comparable = len(data) <= STREAM_HEAD and not isinstance(strict, Exception)
        if comparable and not isinstance(streamed, Exception) and streamed != strict.text:
            raise Finding("stream-differs", f"iter_decoded gave {streamed!r}, decode_bytes {strict.text!r}")

    pdf = _guard("extract_pdf_text", extract_pdf_text, data)
    if not isinstance(pdf, Exception):
        if not isinstance(pdf.text, str):
            raise Finding("pdf-type", f"extract_pdf_text returned text of type {type(pdf.text).__name__}")
        _clean("extract_pdf_text", pdf.text)


KNOWN = frozenset(s for s in os.environ.get("WENBEN_FUZZ_KNOWN", "").split(",") if s)


def TestOneInput(data: bytes) -> None:
    try:
        check(data)
    except Finding as finding:
        if finding.signature in KNOWN:
            return
        print(f"\nwenben-fuzz-signature: {finding.signature}", file=sys.stderr, flush=True)
        raise


def main() -> None:
    if atheris is None:
        sys.exit("atheris is not installed: pip install atheris")
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
