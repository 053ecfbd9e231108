"""Variant conversion with OpenCC (simplified/traditional, regional forms): only on request."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from ..edits import Edit
from ..errors import ConfigError
from .base import Context, rule

OPENCC_CONFIGS = (
    "s2t", "t2s", "s2tw", "tw2s", "s2twp", "tw2sp", "s2hk", "hk2s", "t2tw", "tw2t", "t2hk", "hk2t", "t2jp", "jp2t",
)


@lru_cache(maxsize=None)
def converter(config: str):  # -> opencc.OpenCC
    """A cached OpenCC converter: building one reads its dictionaries (tens of milliseconds)."""
    if config not in OPENCC_CONFIGS:
        raise ConfigError(f"unknown OpenCC conversion {config!r}; choose one of {', '.join(OPENCC_CONFIGS)}")
    import opencc

    return opencc.OpenCC(config if config.endswith(".json") else f"{config}.json")


@rule(
    "convert-variants",
    "character variant converted with OpenCC (only with convert=...)",
    examples=[],
)
def convert_variants(text: str, context: Context) -> Iterator[Edit]:
    config = context.options.convert
    if not config:
        return
    convert = converter(config).convert
    position = 0
    for line in text.split("\n"):
        converted = convert(line)
        if converted != line:
            if len(converted) == len(line):
                yield from _char_edits(line, converted, position)
            else:
                prefix = 0
                while prefix < min(len(line), len(converted)) and line[prefix] == converted[prefix]:
                    prefix += 1
                suffix = 0
                while (
                    suffix < min(len(line), len(converted)) - prefix
                    and line[-1 - suffix] == converted[-1 - suffix]
                ):
                    suffix += 1
                yield Edit("", position + prefix, position + len(line) - suffix, converted[prefix : len(converted) - suffix])
        position += len(line) + 1


def _char_edits(line: str, converted: str, offset: int) -> Iterator[Edit]:
    start = None
    for index, (old, new) in enumerate(zip(line, converted)):
        if old != new:
            if start is None:
                start = index
        elif start is not None:
            yield Edit("", offset + start, offset + index, converted[start:index])
            start = None
    if start is not None:
        yield Edit("", offset + start, offset + len(line), converted[start:])
