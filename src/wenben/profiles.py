"""Profiles are data: which rules run and with which options."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import ConfigError
from .rules import ALL_RULES, Options

# Rules that only some profiles run.
_OPTIONAL = {"ocr-digits", "corner-quotes", "convert-variants", "missing-space-chinese-latin"}
_DEFAULT_RULES = tuple(r.id for r in ALL_RULES if r.id not in _OPTIONAL)
_CORNER_QUOTE_RULES = tuple(r.id for r in ALL_RULES if r.id not in _OPTIONAL or r.id == "corner-quotes")


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    rules: tuple[str, ...]
    options: Options = field(default_factory=Options)


PROFILES: dict[str, Profile] = {
    profile.name: profile
    for profile in (
        Profile(
            "default",
            "Mainland compact: GB/T 15834-2011, GB/T 15835-2011, W3C clreq; no space between Chinese and Latin.",
            _DEFAULT_RULES,
        ),
        Profile(
            "spaced",
            "As default, with one space between Chinese and Latin letters or digits (pangu style).",
            tuple(r.id for r in ALL_RULES if r.id not in _OPTIONAL or r.id == "missing-space-chinese-latin"),
            Options(spacing="spaced"),
        ),
        Profile(
            "ocr",
            "As default, plus repairs too risky for text that was never scanned (2O20\u5e74 -> 2020\u5e74).",
            tuple(r.id for r in ALL_RULES if r.id not in _OPTIONAL or r.id == "ocr-digits"),
        ),
        Profile("tw", "Taiwan: as default, with corner quotes \u300c\u300d\u300e\u300f.", _CORNER_QUOTE_RULES),
        Profile("hk", "Hong Kong: as default, with corner quotes \u300c\u300d\u300e\u300f.", _CORNER_QUOTE_RULES),
    )
}


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(str(name), PROFILES, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ConfigError(f"unknown profile {name!r}; {hint}profiles are {', '.join(PROFILES)}") from None
