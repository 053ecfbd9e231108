"""Benchmark corpus: real Chinese text from ``fixtures/``, scaled up, with controlled noise.

The clean material is the canonical text of the repository's fixtures (``fixtures/**/*.source.txt``
and ``fixtures/**/*.expected.txt``; duplicates dropped): news, an official notice, a technical
article, a literary essay, a statistical bulletin.  It is cut into titles, paragraphs and
sentences, and *documents* are assembled from them: a title, then 3-10 paragraphs, half of them
original paragraphs, half new paragraphs recombined from 1-6 random sentences.

Each document then gets the defects digitised Chinese text really has, at rates set by
:class:`Noise` (all rates are probabilities; see the field docs):

* spurious spaces between Han characters (``数 字经济``),
* spaces around numbers next to Han (``7 月 13 日``),
* ASCII punctuation in Chinese context (``，：；？！（）`` -> ``,:;?!()``),
* NBSP runs (indentation or field separators from HTML ``&nbsp;``),
* hard wraps every ~35 characters (OCR / PDF lines),
* full-width digits (``２０２０``),
* doubled blank lines between paragraphs,
* CRLF line endings (whole documents, as from Windows tools).

Everything is deterministic for a seed, and a shorter corpus is a prefix of a longer one with the
same seed.  Use :func:`generate` for a string in memory, :func:`write` to stream to a file, or
:func:`corpus_file` for a cached file under ``benchmarks/out/`` (gitignored).

    python benchmarks/corpus.py --size 10            # writes benchmarks/out/corpus-10MB-seed1-<hash>.txt
    python benchmarks/corpus.py --size 0.05 --stdout | head
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import math
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out"
MB = 1_000_000

# Bump when the generator changes so that cached corpus files are regenerated.
GENERATOR_VERSION = 1

HAN = "\u4e00-\u9fff\u3400-\u4dbf"
_HAN_RE = re.compile(f"[{HAN}]")
_SENTENCE = re.compile("[^\u3002\uff01\uff1f]*[\u3002\uff01\uff1f]+[\u201d\u2019\u300d\u300f\uff09]*|[^\u3002\uff01\uff1f]+$")
_NUMBER = re.compile("[0-9]+(?:[.:,][0-9]+)*%?")
_DIGITS = re.compile("[0-9]+")
_CHINESE_PUNCT = re.compile("[\uff0c\uff1a\uff1b\uff1f\uff01\uff08\uff09]")
_ASCII_OF = {"\uff0c": ",", "\uff1a": ":", "\uff1b": ";", "\uff1f": "?", "\uff01": "!", "\uff08": "(", "\uff09": ")"}
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19")


@dataclass(frozen=True)
class Noise:
    """Rates of injected defects. ``Noise.none()`` gives clean (canonical) text."""

    han_space: float = 0.03
    """Per character position: a space is inserted there if both neighbours are Han."""
    number_space: float = 0.3
    """Per number touching Han, per side: a space between the number and the Han character."""
    ascii_punct: float = 0.2
    """Per Chinese ``，：；？！（）``: replaced by its ASCII form."""
    nbsp: float = 0.1
    """Per paragraph: a run of 2-6 NBSP (mixed with spaces), as indentation or inside the text."""
    hard_wrap: float = 0.5
    """Per paragraph: hard-wrapped every 33-37 characters."""
    fullwidth_digits: float = 0.1
    """Per digit run: written with full-width digits."""
    double_blank: float = 0.2
    """Per paragraph break: two blank lines instead of one."""
    crlf: float = 0.2
    """Per document: CRLF line endings."""

    @classmethod
    def none(cls) -> Noise:
        return cls(**{f.name: 0.0 for f in dataclasses.fields(cls)})

    def key(self) -> str:
        """Short stable hash of the rates (and generator version), for cache file names."""
        raw = repr((GENERATOR_VERSION, dataclasses.astuple(self)))
        return hashlib.sha1(raw.encode()).hexdigest()[:8]


# --------------------------------------------------------------------------- clean material


@dataclass(frozen=True)
class Material:
    titles: tuple[str, ...]
    paragraphs: tuple[str, ...]
    sentences: tuple[str, ...]

    @property
    def size(self) -> int:
        return sum(len(p.encode()) for p in self.titles + self.paragraphs)


def source_texts() -> list[str]:
    """Canonical fixture texts, deduplicated, in a stable order."""
    root = REPO / "fixtures"
    paths = sorted(root.rglob("*.source.txt")) + sorted(root.rglob("*.expected.txt"))
    texts: list[str] = []
    seen: set[str] = set()
    for path in paths:
        text = path.read_text("utf-8").replace("\r\n", "\n")
        if text not in seen:
            seen.add(text)
            texts.append(text)
    return texts


def material(texts: list[str] | None = None) -> Material:
    """Titles (first line of each text), paragraphs and sentences of the canonical texts."""
    titles: list[str] = []
    paragraphs: list[str] = []
    sentences: list[str] = []
    for text in source_texts() if texts is None else texts:
        blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
        if not blocks:
            continue
        first, *rest = blocks
        if "\n" not in first and len(first) <= 40 and not first.endswith("\u3002"):
            titles.append(first)
        else:
            rest = blocks
        for block in rest:
            # A block of several short lines (a signature, a list) stays one unit.
            paragraphs.append(block)
            if "\n" in block or len(_HAN_RE.findall(block)) < 20:
                continue
            sentences.extend(s for s in _SENTENCE.findall(block) if len(s) >= 6)
    if not paragraphs:
        raise RuntimeError("no fixture text found under fixtures/")
    if not titles:
        titles = [p[:20] for p in paragraphs[:5]]
    return Material(tuple(titles), tuple(paragraphs), tuple(sentences or paragraphs))


# --------------------------------------------------------------------------- noise


def _scatter(rng: random.Random, length: int, rate: float) -> Iterator[int]:
    """Positions in ``range(length)`` each chosen with probability ``rate`` (geometric gaps)."""
    if rate <= 0 or length <= 0:
        return
    if rate >= 1:
        yield from range(length)
        return
    log_q = math.log(1.0 - rate)
    position = -1
    while True:
        position += 1 + int(math.log(1.0 - rng.random()) / log_q)
        if position >= length:
            return
        yield position


def _han_spaces(rng: random.Random, text: str, rate: float) -> str:
    parts: list[str] = []
    cursor = 0
    for position in _scatter(rng, len(text), rate):
        if position and _HAN_RE.match(text, position - 1) and _HAN_RE.match(text, position):
            parts.append(text[cursor:position])
            parts.append(" ")
            cursor = position
    if not parts:
        return text
    parts.append(text[cursor:])
    return "".join(parts)


def _number_spaces(rng: random.Random, text: str, rate: float) -> str:
    def space(match: re.Match[str]) -> str:
        start, end = match.span()
        before = " " if start and _HAN_RE.match(text, start - 1) and rng.random() < rate else ""
        after = " " if end < len(text) and _HAN_RE.match(text, end) and rng.random() < rate else ""
        return before + match.group() + after

    return _NUMBER.sub(space, text) if rate > 0 else text


def _ascii_punct(rng: random.Random, text: str, rate: float) -> str:
    if rate <= 0:
        return text
    return _CHINESE_PUNCT.sub(lambda m: _ASCII_OF[m.group()] if rng.random() < rate else m.group(), text)


def _fullwidth_digits(rng: random.Random, text: str, rate: float) -> str:
    if rate <= 0:
        return text
    return _DIGITS.sub(lambda m: m.group().translate(_FULLWIDTH_DIGITS) if rng.random() < rate else m.group(), text)


def _nbsp_run(rng: random.Random, text: str) -> str:
    run = "".join(rng.choice("\u00a0\u00a0\u00a0 ") for _ in range(rng.randint(2, 6)))
    if rng.random() < 0.5 or len(text) < 4:
        return run + text  # indentation from HTML &nbsp;&nbsp;
    position = rng.randrange(1, len(text) - 1)
    return text[:position] + run + text[position:]


def _hard_wrap(rng: random.Random, text: str) -> str:
    width = rng.randint(33, 37)
    lines = []
    cursor = 0
    while len(text) - cursor > width:
        step = width + rng.randint(-1, 1)
        lines.append(text[cursor : cursor + step])
        cursor += step
    lines.append(text[cursor:])
    return "\n".join(lines)


def noisy_paragraph(rng: random.Random, text: str, noise: Noise) -> str:
    """One paragraph with the per-character and per-paragraph defects of ``noise``."""
    text = _fullwidth_digits(rng, text, noise.fullwidth_digits)
    text = _number_spaces(rng, text, noise.number_space)
    text = _ascii_punct(rng, text, noise.ascii_punct)
    text = _han_spaces(rng, text, noise.han_space)
    if noise.nbsp and rng.random() < noise.nbsp:
        text = _nbsp_run(rng, text)
    if noise.hard_wrap and "\n" not in text and rng.random() < noise.hard_wrap:
        text = _hard_wrap(rng, text)
    return text


# --------------------------------------------------------------------------- documents


def iter_documents(seed: int = 1, noise: Noise = Noise(), source: Material | None = None) -> Iterator[str]:
    """An endless, deterministic stream of documents, each ending with a blank line."""
    rng = random.Random(seed)
    mat = source or material()
    while True:
        paragraphs = [rng.choice(mat.titles)]
        for _ in range(rng.randint(3, 10)):
            if rng.random() < 0.5:
                paragraphs.append(rng.choice(mat.paragraphs))
            else:
                paragraphs.append("".join(rng.choice(mat.sentences) for _ in range(rng.randint(1, 6))))
        noisy = [noisy_paragraph(rng, p, noise) for p in paragraphs]
        parts = [noisy[0]]
        for paragraph in noisy[1:]:
            parts.append("\n\n\n" if noise.double_blank and rng.random() < noise.double_blank else "\n\n")
            parts.append(paragraph)
        document = "".join(parts) + "\n\n"
        if noise.crlf and rng.random() < noise.crlf:
            document = document.replace("\n", "\r\n")
        yield document


def iter_corpus(target_bytes: int, seed: int = 1, noise: Noise = Noise()) -> Iterator[str]:
    """Documents until at least ``target_bytes`` UTF-8 bytes have been produced."""
    produced = 0
    for document in iter_documents(seed, noise):
        if produced >= target_bytes:
            return
        produced += len(document.encode("utf-8"))
        yield document


def generate(target_bytes: int, seed: int = 1, noise: Noise = Noise()) -> str:
    """The corpus as one string (a little over ``target_bytes`` UTF-8 bytes)."""
    return "".join(iter_corpus(target_bytes, seed, noise))


def write(path: Path, target_bytes: int, seed: int = 1, noise: Noise = Noise()) -> int:
    """Stream the corpus to ``path`` (UTF-8, line endings kept as generated); return its size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        batch: list[str] = []
        for document in iter_corpus(target_bytes, seed, noise):
            batch.append(document)
            written += len(document.encode("utf-8"))
            if len(batch) >= 256:
                handle.write("".join(batch))
                batch.clear()
        handle.write("".join(batch))
    tmp.replace(path)
    return written


def _size_label(size_mb: float) -> str:
    return f"{size_mb:g}MB"


def corpus_file_path(size_mb: float, seed: int = 1, noise: Noise = Noise(), folder: Path = OUT) -> Path:
    """Where :func:`corpus_file` keeps the corpus of ``size_mb`` MB (it may not exist yet)."""
    return folder / f"corpus-{_size_label(size_mb)}-seed{seed}-{noise.key()}.txt"


def corpus_file(size_mb: float, seed: int = 1, noise: Noise = Noise(), folder: Path = OUT) -> Path:
    """Path of the cached corpus file of ``size_mb`` MB (10**6 bytes), generated if missing
    (streamed: memory does not grow with the size, so a 1 GB file is fine)."""
    path = corpus_file_path(size_mb, seed, noise, folder)
    if not path.exists():
        write(path, int(size_mb * MB), seed, noise)
    return path


def load(size_mb: float, seed: int = 1, noise: Noise = Noise(), cache: bool = True) -> str:
    """The corpus of ``size_mb`` MB as a string, from the file cache (or generated in memory)."""
    if not cache:
        return generate(int(size_mb * MB), seed, noise)
    with open(corpus_file(size_mb, seed, noise), encoding="utf-8", newline="") as handle:
        return handle.read()


def describe(text: str) -> dict[str, object]:
    """A few counts that show the noise is there (for the report)."""
    return {
        "bytes": len(text.encode("utf-8")),
        "chars": len(text),
        "han": len(_HAN_RE.findall(text)),
        "han_space_han": len(re.findall(f"(?<=[{HAN}]) (?=[{HAN}])", text)),
        "ascii_punct_after_han": len(re.findall(f"(?<=[{HAN}])[,:;?!()]", text)),
        "nbsp": text.count("\u00a0"),
        "fullwidth_digits": len(re.findall("[\uff10-\uff19]", text)),
        "crlf": text.count("\r\n"),
        "lines": text.count("\n"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the wenben benchmark corpus.")
    parser.add_argument("--size", type=float, default=1, help="target size in MB (10**6 bytes); default 1")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--clean", action="store_true", help="no noise: canonical text only")
    parser.add_argument("--stdout", action="store_true", help="write to stdout instead of benchmarks/out/")
    args = parser.parse_args(argv)
    noise = Noise.none() if args.clean else Noise()
    if args.stdout:
        sys.stdout.reconfigure(newline="")  # type: ignore[attr-defined]
        for document in iter_corpus(int(args.size * MB), args.seed, noise):
            sys.stdout.write(document)
        return 0
    path = corpus_file(args.size, args.seed, noise)
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
