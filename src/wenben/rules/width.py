"""Character width: full-width letters and digits become ASCII (GB/T 15835-2011: digits are
half-width), while full-width punctuation stays, because in Chinese text it is correct."""

from __future__ import annotations

from typing import Iterator

from ..chars import class_runs
from ..edits import Edit
from .base import Context, rule

_FULLWIDTH_ALNUM = class_runs("\uff10-\uff19\uff21-\uff3a\uff41-\uff5a")
_TO_ASCII = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF5B)}


@rule(
    "fullwidth-alphanumerics",
    "full-width letter or digit",
    examples=[("\uff12\uff10\uff12\uff14\u5e74\uff27\uff24\uff30", "2024\u5e74GDP")],
    triggers="\uff10-\uff19\uff21-\uff3a\uff41-\uff5a",
)
def fullwidth_alphanumerics(text: str, context: Context) -> Iterator[Edit]:
    for match in _FULLWIDTH_ALNUM.finditer(text):
        yield Edit("", match.start(), match.end(), match.group().translate(_TO_ASCII))
