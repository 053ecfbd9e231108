"""Configuration files: ``wenben.toml`` or ``[tool.wenben]`` in ``pyproject.toml``, found by
walking up from the file being cleaned (as ruff and black do).

    [tool.wenben]
    profile = "default"
    disable = ["dash", "ellipsis"]
    convert = "t2s"

Unknown keys, wrong types and unknown values (a profile, rule, spacing or conversion that
does not exist) are errors that name the file and the key, and suggest the right one.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ConfigError

import tomllib

CONFIG_FILES = ("wenben.toml", "pyproject.toml")

# key -> expected type (a list of strings is spelled "list"; "patterns" is a list of
# gitignore-style patterns)
_KEYS: dict[str, type | str] = {
    "profile": str,
    "rules": "list",
    "disable": "list",
    "select": "list",
    "convert": str,
    "spacing": str,
    "exclude": "patterns",
    "extend-exclude": "patterns",
}
_RULE_KEYS = ("rules", "disable", "select")
_SPACINGS = ("compact", "spaced")


@dataclass(frozen=True)
class Settings:
    """What a configuration file (or the command line) says; ``None`` means "not set"."""

    profile: str | None = None
    rules: tuple[str, ...] | None = None
    disable: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    convert: str | None = None
    spacing: str | None = None
    #: File selection (walking directories): replaces the default excludes / adds to them.
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    source: Path | None = field(default=None, compare=False)

    def merged_with(self, override: "Settings") -> "Settings":
        """``override`` wins where it sets something; disabled rules add up."""
        return Settings(
            profile=override.profile or self.profile,
            rules=override.rules if override.rules is not None else self.rules,
            disable=tuple(dict.fromkeys(self.disable + override.disable)),
            select=override.select if override.select is not None else self.select,
            convert=override.convert or self.convert,
            spacing=override.spacing or self.spacing,
            exclude=override.exclude if override.exclude is not None else self.exclude,
            extend_exclude=tuple(dict.fromkeys(self.extend_exclude + override.extend_exclude)),
            source=override.source or self.source,
        )


def find_config(start: Path) -> Path | None:
    """The nearest ``wenben.toml``, or ``pyproject.toml`` with a ``[tool.wenben]`` table, at or
    above ``start`` (a file or a directory)."""
    directory = start if start.is_dir() else start.parent
    for folder in (directory.resolve(), *directory.resolve().parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name == "wenben.toml" or _has_wenben_table(candidate)):
                return candidate
    return None


def _has_wenben_table(path: Path) -> bool:
    try:
        return "wenben" in _read_toml(path).get("tool", {})
    except ConfigError:
        return False


def _read_toml(path: Path) -> dict[str, Any]:
    """The parsed file, read again only when it changed (a long-lived process, or a test,
    that edits the file sees the edit)."""
    try:
        status = path.stat()
    except OSError as error:
        raise ConfigError(f"{path}: {error.strerror}") from None
    return _read_toml_cached(path, status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=64)
def _read_toml_cached(path: Path, mtime_ns: int, size: int) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: {error.strerror}") from None


def load_settings(path: Path) -> Settings:
    """Read and validate the wenben settings in ``path``."""
    data = _read_toml(path)
    table = data.get("tool", {}).get("wenben", {}) if path.name == "pyproject.toml" else data
    if path.name == "wenben.toml" and "tool" in table and "wenben" in table.get("tool", {}):
        table = table["tool"]["wenben"]
    values: dict[str, Any] = {}
    for key, value in table.items():
        expected = _KEYS.get(key)
        if expected is None:
            close = difflib.get_close_matches(key, _KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(_KEYS)}"
            raise ConfigError(f"{path}: unknown key {key!r}{hint}")
        if expected in ("list", "patterns"):
            if not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
                example = '["dash"]' if expected == "list" else '["drafts/", "*.bak"]'
                kind = "rule IDs" if expected == "list" else "gitignore-style patterns"
                raise ConfigError(f"{path}: {key!r} must be a list of {kind}, like {example}")
            values[key.replace("-", "_")] = tuple(value)
        elif not isinstance(value, expected):  # type: ignore[arg-type]
            raise ConfigError(f"{path}: {key!r} must be a string, not {type(value).__name__}")
        else:
            values[key] = value
        _check_value(path, key, values.get(key.replace("-", "_")))
    return Settings(**values, source=path)


def _check_value(path: Path, key: str, value: Any) -> None:
    """A value that has the right type but no meaning is an error naming the file and the key
    (not, later, a message about an option whose origin the user has to guess)."""
    from .profiles import PROFILES
    from .rules import RULES

    def fail(what: str, known: Any) -> None:
        close = difflib.get_close_matches(str(what), list(known), n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"choose from {', '.join(known)}"
        raise ConfigError(f"{path}: {key!r}: unknown {kind} {what!r}; {hint}")

    if key == "profile" and value not in PROFILES:
        kind = "profile"
        fail(value, PROFILES)
    elif key in _RULE_KEYS:
        kind = "rule"
        for name in value:
            if name not in RULES:
                fail(name, RULES)
    elif key == "spacing" and value not in _SPACINGS:
        kind = "spacing"
        fail(value, _SPACINGS)
    elif key == "convert":
        from .rules.variants import OPENCC_CONFIGS

        if value not in OPENCC_CONFIGS:
            kind = "OpenCC conversion"
            fail(value, OPENCC_CONFIGS)
