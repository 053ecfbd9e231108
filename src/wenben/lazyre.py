"""Regular expressions compiled on first use.

The Python reference's rules hold ~200 compiled patterns, and compiling them was most of
``import wenben`` (issue #15); with the compiled core most are never used. ``lazy(pattern)``
stands for ``re.compile(pattern)``: the pattern is compiled the first time one of its
attributes is read, and each attribute read is then kept on the object itself, so later
calls (``_WORD.findall``) find the compiled pattern's bound method in the instance dict,
as fast as on a compiled pattern.
"""

from __future__ import annotations

import re
from typing import Any, cast


class LazyPattern:
    """``re.compile(pattern, flags)``, made when first used (see the module docstring)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.__dict__["_source"] = (pattern, flags)

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet)."""
        found = self.__dict__.get("_compiled")
        if found is None:
            pattern, flags = self.__dict__["_source"]
            found = self.__dict__["_compiled"] = re.compile(pattern, flags)
        return cast("re.Pattern[str]", found)

    def __getattr__(self, name: str) -> Any:
        # Only for a name not yet in the instance dict: compile, keep the attribute, return it.
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self.compiled(), name)
        self.__dict__[name] = value
        return value

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a pattern is read-only")

    def __repr__(self) -> str:
        pattern, flags = self.__dict__["_source"]
        return f"lazy({pattern!r}, {int(flags)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (LazyPattern, self.__dict__["_source"])


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled on first use; typed as the compiled pattern,
    which it behaves as for every method and attribute (``match``, ``sub``, ``pattern``...)."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags))
