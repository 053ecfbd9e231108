"""Decode accuracy on legacy (non-UTF-8) files: correct / refused / wrong, per encoding.

Why: a wrong guess is silent damage (French read as cp1006 becomes Arabic letters); a refusal
is one line asking for ``--encoding``.  Samples are realistic sentences: a few written here, and
the gettext catalogues installed on the machine (real UI sentences), in three lengths (one short
line, a paragraph of 4 lines, a page of 30).  Every sample must contain a non-ASCII character
that the encoding can write.

Run ``python benchmarks/legacy_encodings.py [--per N] [--seed S]``.
"""

from __future__ import annotations

import argparse
import glob
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

#: encoding -> languages written in it (gettext locale prefixes).
ENCODINGS = {
    "cp1252": ("fr", "de", "es", "pt", "it"),
    "latin-1": ("fr", "de", "es", "pt", "it"),
    "iso8859-2": ("pl", "cs", "hu"),
    "cp1250": ("pl", "cs", "hu"),
    "iso8859-5": ("ru", "bg"),
    "cp1251": ("ru", "uk", "bg"),
    "koi8-r": ("ru",),
    "cp1253": ("el",),
    "iso8859-7": ("el",),
    "cp1254": ("tr",),
    "iso8859-9": ("tr",),
    "shift_jis": ("ja",),
    "euc-jp": ("ja",),
    "euc-kr": ("ko",),
    "gbk": ("zh_CN",),
    "gb18030": ("zh_CN",),
    "big5": ("zh_TW",),
}

#: Hand-written sentences, so that the measurement does not rest on UI strings alone.
SENTENCES = {
    "fr": ["café naïve", "Il était très content d'être déjà là, à côté de sa sœur.",
           "Où est la gare ? Je ne sais pas, demandez à l'hôtel."],
    "de": ["Grüße aus München", "Die Straße ist wegen Bauarbeiten gesperrt; bitte über Köln fahren.",
           "Er hat den Schlüssel im Büro vergessen."],
    "es": ["¿Qué tal, señor?", "El niño pidió un café con leche y una tostada.",
           "Mañana iremos a la montaña si no llueve."],
    "pt": ["Não sei.", "A lição de hoje é sobre a educação das crianças.",
           "Ele comeu pão com manteiga no café da manhã."],
    "it": ["Perché no?", "La città è bellissima, ma c'è troppo traffico.",
           "Però non è così facile come sembra."],
    "pl": ["Dzień dobry", "Zażółć gęślą jaźń, powiedziała pani w sklepie.",
           "Wczoraj byłem w Łodzi i widziałem się z przyjaciółmi."],
    "cs": ["Děkuji", "Příliš žluťoučký kůň úpěl ďábelské ódy.",
           "Zítra pojedeme vlakem do Brna, pokud nebude pršet."],
    "hu": ["Köszönöm", "Árvíztűrő tükörfúrógép a műhelyben áll.",
           "Holnap elmegyünk a piacra gyümölcsöt venni."],
    "ru": ["Привет", "Съешь же ещё этих мягких французских булок, да выпей чаю.",
           "Завтра мы поедем в Москву на поезде."],
    "uk": ["Дякую", "Чуєш їх, доцю, га? Кумедна ж ти, прощайся без ґольфів!",
           "Завтра ми поїдемо до Києва."],
    "bg": ["Здравей", "Жълтата дюля беше щастлива, че пухът, който цъфна, замръзна като гьон.",
           "Утре ще ходим на планина."],
    "el": ["Ευχαριστώ", "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία.",
           "Αύριο θα πάμε στην Αθήνα με το τρένο."],
    "tr": ["Teşekkürler", "Pijamalı hasta yağız şoföre çabucak güvendi.",
           "Yarın İstanbul'a otobüsle gideceğiz."],
    "ja": ["ありがとう", "今日はとても良い天気ですね。散歩に行きましょう。",
           "東京駅で友達と会う約束をしました。"],
    "ko": ["감사합니다", "오늘은 날씨가 정말 좋네요. 산책하러 갈까요?",
           "내일 서울역에서 친구를 만나기로 했어요."],
    "zh_CN": ["中文", "今天天气很好，我们去公园散步吧。", "这个问题需要进一步研究和讨论。"],
    "zh_TW": ["中文", "今天天氣很好，我們去公園散步吧。", "這個問題需要進一步研究和討論。"],
}

LENGTHS = {"short": 1, "paragraph": 4, "page": 30}


def language_lines(language: str) -> list[str]:
    import chinese_corpus

    lines: list[str] = []
    for text in chinese_corpus.locale_texts((language,), need_han=False):
        lines.extend(line for line in text.splitlines() if any(c >= "\x80" for c in line))
    # The prefix "zh" would mix both; gettext folders are zh_CN / zh_TW.
    return lines


def samples(per: int, seed: int) -> list[tuple[str, str, str, bytes]]:
    """(encoding, length, text, data) for every encoding and length."""
    rng = random.Random(seed)
    out = []
    pools = {}
    for encoding, languages in ENCODINGS.items():
        for language in languages:
            if language not in pools:
                pools[language] = [line for line in language_lines(language) if len(line) >= 8]
        for length, lines in LENGTHS.items():
            made = 0
            candidates = []
            if length == "short":
                for language in languages:
                    candidates += SENTENCES[language]
            # One language per sample (a file is written in one), the languages in turn.
            for i in range(per * 6):
                pool = pools[languages[i % len(languages)]]
                if pool:
                    candidates.append("\n".join(rng.sample(pool, lines)))
            for text in candidates:
                text += "\n"
                try:
                    data = text.encode(encoding)
                except UnicodeEncodeError:
                    continue
                if data.isascii():
                    continue
                out.append((encoding, length, text, data))
                made += 1
                if made >= per:
                    break
    return out


def measure(per: int, seed: int) -> dict[tuple[str, str], list[int]]:
    from wenben.errors import WenbenError
    from wenben.io.decode import decode_bytes

    table: dict[tuple[str, str], list[int]] = {}
    examples: list[str] = []
    for encoding, length, text, data in samples(per, seed):
        row = table.setdefault((encoding, length), [0, 0, 0])
        try:
            decoded = decode_bytes(data)
        except WenbenError:
            row[1] += 1
            continue
        if decoded.text == text:
            row[0] += 1
        else:
            row[2] += 1
            if len(examples) < 30:
                examples.append(f"{encoding} {length} -> {decoded.encoding}: {decoded.text[:60]!r}")
    for line in examples:
        print("wrong:", line)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per", type=int, default=20, help="samples per encoding and length")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    table = measure(args.per, args.seed)
    totals = [0, 0, 0]
    print(f"| encoding | {' | '.join(LENGTHS)} | all |")
    print("| --- |" + " --- |" * (len(LENGTHS) + 1))
    for encoding in ENCODINGS:
        cells, all_ = [], [0, 0, 0]
        for length in LENGTHS:
            row = table.get((encoding, length), [0, 0, 0])
            cells.append("/".join(map(str, row)))
            all_ = [a + b for a, b in zip(all_, row)]
        totals = [a + b for a, b in zip(totals, all_)]
        print(f"| {encoding} | {' | '.join(cells)} | {'/'.join(map(str, all_))} |")
    print(f"correct/refused/wrong, all: {'/'.join(map(str, totals))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
