"""Exceptions wenben raises.

Every error a user can cause with bad input is a :class:`WenbenError`; the CLI prints
``wenben: <path>: <message>`` for it and exits 2, without a traceback.
"""

from __future__ import annotations


class WenbenError(Exception):
    """Base class: a problem with the input or the options, not a bug in wenben."""


class ConfigError(WenbenError):
    """An unknown profile, rule ID or option."""


class InputError(WenbenError):
    """Input that cannot be read as text."""


class DecodeError(InputError):
    """Bytes that do not decode in the detected or requested encoding."""


class BinaryFileError(InputError):
    """A file that is not text at all (NUL bytes, images, executables)."""


class PdfError(InputError):
    """A PDF that cannot be turned into text."""


class EncryptedPdfError(PdfError):
    """A PDF protected by a password wenben was not given."""


class CorruptPdfError(PdfError):
    """A damaged or truncated PDF."""


class ImageOnlyPdfError(PdfError):
    """A scanned PDF with no text layer: it needs OCR first."""
