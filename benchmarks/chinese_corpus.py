"""Build a corpus of *correct* Chinese text from what is on the machine, and measure on it.

Why: mojibake repair must not fire on correct text (ftfy's promise: no false positives), and the
only way to know is to run it over a lot of correct text.  Nothing is downloaded and no large file
is committed; the corpus is generated from:

* OpenCC's dictionaries (always installed: ``opencc`` is a dependency).  The ``.ocd2`` files hold
  the dictionary values as plain UTF-8 after a marisa trie; we read STPhrases (traditional phrases),
  TSPhrases and the character tables, convert the traditional phrases to simplified with OpenCC
  itself, and assemble sentences from them with Chinese punctuation, digits and Latin words.
  Phrase salad is a *harsh* test: dictionary phrases are full of rare characters, which is what
  mojibake looks like.
* gettext catalogues of the system (``/usr/share/locale/zh_*/LC_MESSAGES/*.mo`` and vim's), when
  present: real translated sentences, mixed with ASCII, format strings and option names.
* canonical text in the repository's ``fixtures/`` (``*.expected.txt`` files and the ``expected``
  field of JSON cases), which by definition must not change.

``salad_corpus()`` is the phrase salad alone, a function of a seed and OpenCC's dictionaries:
samples that must not move when fixtures are added (the round-trip test's) are drawn from it.

Run ``python benchmarks/chinese_corpus.py`` for the report (false positives, MB/s, detection
accuracy of :func:`wenben.io.decode.decode_bytes`); ``--write PATH`` saves the corpus.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import struct
import sys
import time
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Sentence punctuation as it appears in mainland and Taiwan/Hong Kong text.
_INNER_PUNCT = "，，，，、、；："
_END_PUNCT = "。。。。！？…"
_QUOTES = [("\u201c", "\u201d"), ("\u300c", "\u300d"), ("\u300a", "\u300b"), ("\uff08", "\uff09")]
_LATIN = ["GDP", "Python", "iPhone", "CPU", "HTTP", "Linux", "AI", "PDF", "2024", "3.5", "100%",
          "OpenCC", "UTF-8", "NBA", "COVID-19", "Wi-Fi", "PM2.5", "5G", "iOS", "A4"]


def opencc_dir() -> Path:
    """Folder of the dictionaries shipped inside the installed ``opencc`` wheel."""
    import opencc

    return Path(opencc.__file__).parent / "clib" / "share" / "opencc"


def ocd2_values(path: Path) -> list[str]:
    """All values of an OpenCC ``.ocd2`` dictionary (keys live in the marisa trie; we skip it).

    The values block (OpenCC ``SerializedValues``) is at the end of the file: ``uint32 numItems``,
    ``uint32 valueTotalLength``, NUL-terminated UTF-8 values, then per item ``uint16 numValues``
    and one ``uint16`` byte length per value.  We find its start by checking that the item table
    ends exactly at the end of the file and that the lengths add up.
    """
    data = path.read_bytes()
    size = len(data)
    for pos in range(size - 8, 19, -1):
        items, total = struct.unpack_from("<II", data, pos)
        end = pos + 8 + total
        if not items or not total or end + 4 * items > size or data[end - 1] != 0:
            continue
        cursor, lengths, ok = end, 0, True
        for _ in range(items):
            if cursor + 2 > size:
                ok = False
                break
            (count,) = struct.unpack_from("<H", data, cursor)
            cursor += 2
            if not count or cursor + 2 * count > size:
                ok = False
                break
            lengths += sum(struct.unpack_from(f"<{count}H", data, cursor))
            cursor += 2 * count
        if ok and cursor == size and lengths == total:
            return data[pos + 8 : end].decode("utf-8").split("\0")[:-1]
    raise ValueError(f"{path}: no OpenCC values block found")


def mo_translations(path: str) -> list[str]:
    """Translated strings (msgstr) of a gettext ``.mo`` file, skipping the header and non-UTF-8."""
    data = Path(path).read_bytes()
    if len(data) < 20:
        return []
    magic = struct.unpack_from("<I", data)[0]
    order = "<" if magic == 0x950412DE else ">"
    _, _, count, _, trans_table = struct.unpack_from(order + "5I", data, 0)
    out: list[str] = []
    for i in range(count):
        length, offset = struct.unpack_from(order + "2I", data, trans_table + 8 * i)
        raw = data[offset : offset + length]
        if not raw or raw.startswith(b"Project-Id-Version"):
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        out.extend(part for part in text.split("\0") if part.strip())
    return out


def locale_texts(languages: tuple[str, ...] = ("zh",), need_han: bool = True) -> list[str]:
    """Translations installed on this machine for ``languages`` (may be empty elsewhere)."""
    texts: list[str] = []
    seen: set[str] = set()
    for language in languages:
        patterns = [f"/usr/share/locale/{language}*/LC_MESSAGES/*.mo",
                    f"/usr/share/vim/vim*/lang/{language}*/LC_MESSAGES/*.mo"]
        for pattern in patterns:
            for path in sorted(glob.glob(pattern)):
                for text in mo_translations(path):
                    if text in seen or (need_han and not any("\u4e00" <= c <= "\u9fff" for c in text)):
                        continue
                    seen.add(text)
                    texts.append(text)
    return texts


#: Languages whose correct text must not look like mojibake either: Latin-1 letters (the
#: GBK-as-Latin-1 detector's danger), Japanese kana/kanji and Korean (the UTF-8-as-GBK one's).
FOREIGN_LANGUAGES = ("fr", "de", "es", "pt", "it", "nl", "da", "sv", "nb", "fi", "is", "ca", "ga",
                     "cs", "pl", "hu", "tr", "vi", "ru", "el", "ja", "ko")


def foreign_lines(languages: tuple[str, ...] = FOREIGN_LANGUAGES) -> list[str]:
    """Correct non-Chinese lines (with a non-ASCII character) from the gettext catalogues."""
    lines: list[str] = []
    for text in locale_texts(languages, need_han=False):
        lines.extend(line for line in text.splitlines() if any(c >= "\x80" for c in line))
    return lines


def fixture_texts() -> list[str]:
    """Canonical (expected) texts from the repository's fixtures, which must never be 'repaired'."""
    root = REPO / "fixtures"
    texts: list[str] = []
    if not root.is_dir():
        return texts
    for path in sorted(root.rglob("*.expected.txt")):
        texts.append(path.read_text("utf-8"))
    for path in sorted(root.rglob("*.json")):
        try:
            cases = json.loads(path.read_text("utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        for case in cases if isinstance(cases, list) else []:
            if isinstance(case, dict) and isinstance(case.get("expected"), str):
                texts.append(case["expected"])
    return texts


@lru_cache(maxsize=1)
def phrase_lists() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(simplified, traditional) word lists from OpenCC's dictionaries (read once, about 1 s)."""
    import opencc

    folder = opencc_dir()
    traditional = ocd2_values(folder / "STPhrases.ocd2") + ocd2_values(folder / "TWPhrases.ocd2")
    traditional = [p for p in traditional if len(p) >= 2]
    t2s = opencc.OpenCC("t2s")
    simplified = t2s.convert("\n".join(traditional)).split("\n")
    simplified += [p for p in ocd2_values(folder / "TSPhrases.ocd2") if len(p) >= 2]
    # Single characters too, so that every character of the tables appears somewhere.
    traditional += ocd2_values(folder / "STCharacters.ocd2")
    simplified += ocd2_values(folder / "TSCharacters.ocd2")
    return tuple(simplified), tuple(traditional)


def _sentence(rng: random.Random, words: Sequence[str]) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(1, 4)):
        clause = "".join(rng.choice(words) for _ in range(rng.randint(1, 5)))
        roll = rng.random()
        if roll < 0.12:
            opening, closing = rng.choice(_QUOTES)
            clause = opening + clause + closing
        elif roll < 0.22:
            clause += rng.choice(_LATIN) if rng.random() < 0.5 else f"{rng.randint(1, 2030)}年"
        elif roll < 0.27:
            clause = rng.choice(_LATIN) + " " + clause
        parts.append(clause)
    body = "".join(p + rng.choice(_INNER_PUNCT) for p in parts[:-1]) + parts[-1]
    return body + rng.choice(_END_PUNCT)


def phrase_salad(rng: random.Random, words: Sequence[str], target_bytes: int) -> Iterator[str]:
    """Lines of 1-6 sentences built from ``words`` until about ``target_bytes`` UTF-8 bytes."""
    produced = 0
    while produced < target_bytes:
        line = "".join(_sentence(rng, words) for _ in range(rng.randint(1, 6)))
        produced += len(line.encode("utf-8")) + 1
        yield line


#: Seed of the phrase salad in :func:`build_corpus` and :func:`salad_corpus`.
SALAD_SEED = 20261


def salad_corpus(target_bytes: int = 600_000, seed: int = SALAD_SEED) -> list[str]:
    """Phrase salad only: half simplified, half traditional, about ``target_bytes`` of UTF-8.

    A function of the seed and the installed OpenCC dictionaries alone, so samples drawn from it
    (the round-trip test's) do not move when fixtures or gettext catalogues come and go.  For a
    given seed, a larger ``target_bytes`` only adds lines at the end of each half.
    """
    rng = random.Random(seed)
    simplified, traditional = phrase_lists()
    lines = list(phrase_salad(rng, simplified, target_bytes // 2))
    lines.extend(phrase_salad(rng, traditional, target_bytes - target_bytes // 2))
    return lines


def build_corpus(min_bytes: int = 1_200_000, seed: int = SALAD_SEED) -> list[str]:
    """Lines of correct Chinese text, at least ``min_bytes`` of UTF-8, deterministic for a seed.

    Whatever real sentences the machine has (fixtures, gettext catalogues), then phrase salad
    (:func:`salad_corpus`): at least half of ``min_bytes``, more when the real text is short.
    """
    lines: list[str] = []
    for text in fixture_texts() + locale_texts():
        lines.extend(line for line in text.splitlines() if line.strip())
    real = sum(len(line.encode("utf-8")) + 1 for line in lines)
    lines.extend(salad_corpus(max(min_bytes - real, min_bytes // 2), seed))
    return lines


def frequent_characters(per_script: int = 500) -> str:
    """The most frequent Han characters of the machine's Chinese gettext catalogues.

    The top ``per_script`` of the simplified catalogues (zh_CN, zh_SG, zh_Hans) and of the
    traditional ones (zh_TW, zh_HK, zh_Hant), merged, in code point order.  This is how
    ``wenben.io.decode.FREQUENT_HAN`` was made (``--frequency`` prints it); UI text, so a little
    biased to 文件/设置, but on held-out catalogues the top 500 cover ~90% of Han characters, and
    under 30% of Korean/Japanese/Big5 bytes misread as GB or Big5.
    """
    import collections
    import re

    han = re.compile("[\u3400-\u9fff]")
    chosen: set[str] = set()
    for languages in (("zh_CN", "zh_SG", "zh_Hans"), ("zh_TW", "zh_HK", "zh_Hant")):
        counts = collections.Counter(han.findall("\n".join(locale_texts(languages))))
        chosen.update(char for char, _ in counts.most_common(per_script))
    return "".join(sorted(chosen))


# --------------------------------------------------------------------------- measurements


def encoded_samples(lines: list[str], seed: int = 7, per_encoding: int = 120) -> list[tuple[str, str, bytes]]:
    """(expected text, encoding, bytes) for the detection-accuracy test set.

    Samples are paragraphs of 1-8 lines; simplified text goes to GB18030/GBK/GB2312, traditional
    (OpenCC s2t) to Big5, all of it to UTF-8/16/32 with and without BOM.  Samples the legacy
    codec cannot represent are skipped (Big5 has no simplified forms, GB2312 lacks many).
    """
    import opencc

    rng = random.Random(seed)
    s2t = opencc.OpenCC("s2t")
    encodings = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                 "utf-32-be", "gb18030", "gbk", "gb2312", "big5", "big5hkscs"]
    han_lines = [ln for ln in lines if sum("\u4e00" <= c <= "\u9fff" for c in ln) >= 2]
    out: list[tuple[str, str, bytes]] = []
    for encoding in encodings:
        made = tries = 0
        while made < per_encoding and tries < per_encoding * 20:
            tries += 1
            start = rng.randrange(len(han_lines))
            text = "\n".join(han_lines[start : start + rng.randint(1, 8)]) + "\n"
            if encoding.startswith("big5"):
                text = s2t.convert(text)
            try:
                data = text.encode(encoding)
            except UnicodeEncodeError:
                continue
            out.append((text, encoding, data))
            made += 1
    return out


def sloppy_cp1252(data: bytes) -> str:
    """Windows-1252 as browsers decode it: the five undefined bytes become C1 controls."""
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
                   for b in data)


def mojibake_samples(lines: list[str], count: int = 1000, seed: int = 11) -> list[tuple[str, str, str]]:
    """(kind, original, mojibake) made from corpus lines: simplified for GBK, traditional for Big5."""
    import opencc

    rng = random.Random(seed)
    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    han = [ln for ln in lines if sum("\u4e00" <= c <= "\u9fff" for c in ln) >= 4]
    makers = [
        ("utf8-as-gb18030", False, lambda s: s.encode("utf-8").decode("gb18030", "replace")),
        ("utf8-as-gbk (python, lossy)", False, lambda s: s.encode("utf-8").decode("gbk", "replace")),
        ("gbk-as-latin1", False, lambda s: s.encode("gbk").decode("latin-1")),
        ("gbk-as-cp1252", False, lambda s: sloppy_cp1252(s.encode("gbk"))),
        ("big5-as-latin1", True, lambda s: s.encode("big5").decode("latin-1")),
        ("big5-as-cp1252", True, lambda s: sloppy_cp1252(s.encode("big5"))),
        ("utf8-as-big5 (lossy)", True, lambda s: s.encode("utf-8").decode("big5hkscs", "replace")),
    ]
    out: list[tuple[str, str, str]] = []
    for line in rng.sample(han, min(count, len(han))):
        for kind, traditional, make in makers:
            original = s2t.convert(line) if traditional else t2s.convert(line)
            try:
                out.append((kind, original, make(original)))
            except UnicodeEncodeError:
                continue
    return out


def _consistent(repaired: str, original: str) -> bool:
    """Equal, except that each U+FFFD may stand for 1-3 lost characters."""
    import re

    pattern = "".join(".{1,3}" if c == "\ufffd" else re.escape(c) for c in repaired)
    return re.fullmatch(pattern, original, re.DOTALL) is not None


def _best_time(func, arg, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func(arg)
        best = min(best, time.perf_counter() - start)
    return best


def measure(lines: list[str]) -> dict[str, object]:
    """False positives and speed of the mojibake functions, repair rates, decode accuracy."""
    sys.path.insert(0, str(REPO / "src"))
    from wenben.errors import WenbenError
    from wenben.io.decode import decode_bytes
    from wenben.rules.mojibake import fix_unicode, repair_cjk_mojibake

    text = "\n".join(lines)
    megabytes = len(text.encode("utf-8")) / 1e6
    report: dict[str, object] = {"corpus_mb": round(megabytes, 3), "lines": len(lines)}
    foreign = foreign_lines()
    foreign_mb = sum(len(x.encode("utf-8")) + 1 for x in foreign) / 1e6
    for name, func in [("repair_cjk_mojibake", repair_cjk_mojibake), ("fix_unicode", fix_unicode)]:
        changed = [(ln, out) for ln in lines if (out := func(ln)) != ln]
        report[f"{name}: false-positive lines"] = len(changed)
        if changed:
            report[f"{name}: examples"] = changed[:10]
        per_line = _best_time(lambda ls: [func(x) for x in ls], lines)  # noqa: B023
        report[f"{name}: MB/s line by line"] = round(megabytes / per_line, 2)
        report[f"{name}: MB/s whole text"] = round(megabytes / _best_time(func, text), 2)
        if foreign and name == "repair_cjk_mojibake":
            bad = [ln for ln in foreign if func(ln) != ln]
            report[f"{name}: false positives on {foreign_mb:.1f} MB of foreign text"] = len(bad)
            report[f"{name}: MB/s on foreign text"] = round(
                foreign_mb / _best_time(lambda ls: [func(x) for x in ls], foreign, 1), 2)  # noqa: B023
    rates: dict[str, list[int]] = {}
    for kind, original, mojibake in mojibake_samples(lines):
        repaired = repair_cjk_mojibake(mojibake)
        tally = rates.setdefault(kind, [0, 0, 0, 0])
        tally[3] += 1
        if repaired == original or ("\ufffd" in mojibake and _consistent(repaired, original)):
            tally[0] += 1  # exact (lost characters as one U+FFFD each)
        elif repaired == mojibake:
            tally[1] += 1  # left alone
        else:
            tally[2] += 1  # partly repaired
    report["repair (exact, unchanged, partial) / samples"] = {
        k: f"{v[0]}, {v[1]}, {v[2]} / {v[3]}" for k, v in rates.items()}
    samples = encoded_samples(lines)
    per_encoding: dict[str, list[int]] = {}
    wrong: list[tuple[str, str]] = []
    start = time.perf_counter()
    for expected, encoding, data in samples:
        try:
            decoded = decode_bytes(data)
            ok, detected = decoded.text == expected, decoded.encoding
        except WenbenError as exc:
            ok, detected = False, f"error: {exc}"
        tally = per_encoding.setdefault(encoding, [0, 0])
        tally[0] += ok
        tally[1] += 1
        if not ok:
            wrong.append((encoding, detected))
    elapsed = time.perf_counter() - start
    right = sum(t[0] for t in per_encoding.values())
    report["decode accuracy"] = f"{right}/{len(samples)} = {right / len(samples):.4f}"
    report["decode per encoding"] = {k: f"{v[0]}/{v[1]}" for k, v in per_encoding.items()}
    report["decode wrong examples"] = wrong[:20]
    report["decode ms per sample"] = round(1000 * elapsed / len(samples), 2)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-bytes", type=int, default=1_200_000)
    parser.add_argument("--write", metavar="PATH", help="save the corpus as UTF-8 text")
    parser.add_argument("--no-measure", action="store_true")
    parser.add_argument("--frequency", action="store_true",
                        help="print the frequent-character table of wenben.io.decode and exit")
    args = parser.parse_args(argv)
    if args.frequency:
        chars = frequent_characters()
        print(f"# {len(chars)} characters")
        for i in range(0, len(chars), 40):
            print(f'    "{chars[i:i + 40]}"')
        return 0
    lines = build_corpus(args.min_bytes)
    if args.write:
        Path(args.write).write_text("\n".join(lines) + "\n", "utf-8")
    sources = {"locale": len(locale_texts()), "fixtures": len(fixture_texts()),
               "foreign": len(foreign_lines())}
    print(f"corpus: {len(lines)} lines, {sum(len(x.encode()) + 1 for x in lines) / 1e6:.2f} MB, "
          f"real-text entries {sources}", file=sys.stderr)
    if not args.no_measure:
        for key, value in measure(lines).items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
