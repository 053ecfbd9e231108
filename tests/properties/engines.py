"""The engines a property runs on: the Python reference always, the compiled core when built."""

from __future__ import annotations


def _core_built() -> bool:
    try:
        import wenben._core  # noqa: F401
    except ImportError:
        return False
    return True


ENGINES = ["python", "core"] if _core_built() else ["python"]
