#!/usr/bin/env python3
"""Build src/wenben/io/cmaps/*.txt.gz: CID -> Unicode for the Chinese Adobe character collections.

A CID-keyed font embedded with ``/Encoding /Identity-H`` and no ``/ToUnicode`` (XeLaTeX's
default Fandol fonts under ctex do this) names glyphs only by their Adobe-GB1 (or
Adobe-CNS1) CID; without these tables the text is unreadable. The source is Adobe's
BSD-licensed ``Adobe-GB1-UCS2`` / ``Adobe-CNS1-UCS2`` CMaps (cmap-resources, shipped by
poppler-data and TeX Live); the output keeps Adobe's notice and one ``cid hex`` pair a line.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

SOURCES = [Path("/usr/share/poppler/cMap"), Path("/usr/share/texlive/texmf-dist/fonts/cmap/adobemapping/ac16/CMap")]
OUT = Path(__file__).resolve().parent.parent / "src" / "wenben" / "io" / "cmaps"
HEX = re.compile(r"<([0-9a-fA-F]+)>")


def parse(text: str) -> dict[int, str]:
    table: dict[int, str] = {}
    mode = None
    for line in text.splitlines():
        if line.endswith("beginbfchar"):
            mode = "char"
        elif line.endswith("beginbfrange"):
            mode = "range"
        elif line.startswith("end"):
            mode = None
        elif mode:
            values = HEX.findall(line)
            if mode == "char" and len(values) == 2:
                table[int(values[0], 16)] = bytes.fromhex(values[1]).decode("utf-16-be")
            elif mode == "range" and len(values) == 3:
                lo, hi = int(values[0], 16), int(values[1], 16)
                start = bytes.fromhex(values[2]).decode("utf-16-be")
                for cid in range(lo, hi + 1):
                    table[cid] = start[:-1] + chr(ord(start[-1]) + cid - lo)
    return table


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for collection in ("Adobe-GB1", "Adobe-CNS1"):
        for root in SOURCES:
            path = root / collection / f"{collection}-UCS2"
            if path.exists():
                break
        else:
            sys.exit(f"{collection}-UCS2 not found (install poppler-data)")
        text = path.read_text(encoding="latin-1")
        notice = [line for line in text.splitlines() if line.startswith("%%Copyright")]
        table = parse(text)
        body = "\n".join(notice) + "\n" + "".join(
            f"{cid} {value.encode('utf-16-be').hex()}\n" for cid, value in sorted(table.items()))
        (OUT / f"{collection}.txt.gz").write_bytes(gzip.compress(body.encode("ascii"), 9, mtime=0))
        print(collection, len(table))


if __name__ == "__main__":
    main()
