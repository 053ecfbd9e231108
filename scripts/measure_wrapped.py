"""Hard-wrapped documents made from fixtures/wrapped/sources (tests/wrap_factory.py) and how
many come back exactly through ``wenben.clean``. Run with the wenben to measure on PYTHONPATH:

    PYTHONPATH=src python scripts/measure_wrapped.py [-v]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import wenben  # noqa: E402
from wrap_factory import blank_line_document, indent_document  # noqa: E402

SOURCES = ROOT / "fixtures" / "wrapped" / "sources"
CHAR_WIDTHS = (16, 20, 24, 30, 36, 40, 50, 60, 72)
COLUMN_WIDTHS = (30, 40, 50, 60, 72, 80)


def cases():
    """(name, wrapped text, source) of every generated document."""
    for path in sorted(SOURCES.glob("*.txt")):
        source = path.read_text(encoding="utf-8")
        english = path.stem.startswith("english")
        for width in CHAR_WIDTHS:
            yield f"{path.stem}/chars{width}", blank_line_document(source, width, "chars"), source
        for width in COLUMN_WIDTHS:
            yield f"{path.stem}/columns{width}", blank_line_document(source, width, "columns"), source
        if not english:
            for width in (30, 40, 60):
                yield (
                    f"{path.stem}/indent{width}",
                    indent_document(source, width * 2, "columns", _prose),
                    source,
                )


def _prose(paragraph: str) -> bool:
    """Prose paragraphs get a first-line indent; titles, headings and signatures do not."""
    return len(paragraph) > 30


def main() -> None:
    verbose = "-v" in sys.argv
    total = exact = 0
    by_kind: dict[str, list[int]] = {}
    for name, wrapped, source in cases():
        ok = wenben.clean(wrapped) == source
        total += 1
        exact += ok
        kind = name.split("/")[1].rstrip("0123456789")
        by_kind.setdefault(kind, [0, 0])
        by_kind[kind][0] += ok
        by_kind[kind][1] += 1
        if verbose and not ok:
            print("FAIL", name)
    for kind, (good, count) in sorted(by_kind.items()):
        print(f"{kind}: {good}/{count} exact")
    print(f"all: {exact}/{total} exact")


if __name__ == "__main__":
    main()
