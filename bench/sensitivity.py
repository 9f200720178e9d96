"""Sensitivity detector benchmark: items/s on typical 5 KB e-mails and chars/s on large texts.

Usage: .venv/bin/python bench/sensitivity.py [--emails 1000] [--seed 3]
All text is generated here (several languages, markings, cue words, PII, network details), so the
figures need no trove. Texts over 4 MB are scanned in their first and last 2 MB only: the 20 MB
figure shows that bound.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from trovetriage.classify.sensitivity import ClassifySubject, RuleSet, detect, item_level, load_rules

WORDS = {
    "en": ("the minister meeting report budget project energy pipeline agreement visit delegation schedule "
           "draft review team office week please find attached regards discussion update proposal"),
    "tr": ("toplantı bakanlık rapor bütçe proje enerji boru hattı anlaşma ziyaret heyet program taslak "
           "lütfen ekte bulunan saygılarımla görüşme güncelleme öneri İstanbul Ankara ılık"),
    "ar": ("الوزير اجتماع تقرير الميزانية مشروع الطاقة خط الأنابيب اتفاقية زيارة الوفد برنامج مسودة "
           "مُرْفَق تَحِيَّة مُنَاقَشَة تحديث اقتراح"),
    "ru": ("министр совещание отчёт бюджет проект энергия трубопровод соглашение визит делегация "
           "программа проект прошу приложение с уважением обсуждение"),
    "ms": "menteri mesyuarat laporan belanjawan projek tenaga saluran paip perjanjian lawatan delegasi",
}
EXTRAS = [
    "SECRET", "TLP:AMBER", "ÇOK GİZLİ", "سري للغاية", "СЕКРЕТНО", "RAHSIA", "대외비", "Classification: CONFIDENTIAL",
]
CUES = ["embassy", "ambassador", "note verbale", "tender", "contract", "invoice", "SCADA", "Modbus", "PLC"]


def sentence(rng: random.Random, language: str, words: int) -> str:
    vocabulary = WORDS[language].split()
    return " ".join(rng.choice(vocabulary) for _ in range(words)).capitalize() + "."


def email(rng: random.Random) -> ClassifySubject:
    """A ~5 KB e-mail: header summary, paragraphs, sometimes a marking, cues, a signature."""
    language = rng.choice(list(WORDS))
    lines = ["From: a.person@mofa.example", "To: b.person@energy.example", "Date: 2024-03-01T10:00:00",
             "Subject: Weekly update", ""]
    if rng.random() < 0.3:
        lines.append(rng.choice(EXTRAS))
    while sum(len(line) + 1 for line in lines) < 4_700:
        paragraph = " ".join(sentence(rng, language, rng.randint(8, 20)) for _ in range(4))
        if rng.random() < 0.3:
            paragraph += " " + " ".join(rng.sample(CUES, 3))
        lines += [paragraph, ""]
    lines += ["Regards,", "A. Person", f"Tel: +90 312 {rng.randint(200, 999)} {rng.randint(10, 99)} "
              f"{rng.randint(10, 99)}", "This e-mail is confidential and intended only for the addressee."]
    return ClassifySubject(title="Weekly update", text="\n".join(lines), kind="email",
                           sender="a.person@mofa.example", recipients=["b.person@energy.example"])


def big_text(rng: random.Random, chars: int, language: str) -> str:
    pieces: list[str] = []
    size = 0
    while size < chars:
        line = sentence(rng, language, rng.randint(6, 18))
        if rng.random() < 0.02:
            line += f" server 10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        if rng.random() < 0.02:
            line += f" ref {rng.randint(10**10, 10**13)}"
        pieces.append(line)
        size += len(line) + 1
    return "\n".join(pieces)[:chars]


def timed(label: str, run: Callable[[], object], chars: int, items: int = 1) -> None:
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    rate = f"{items / seconds:,.0f} items/s, " if items > 1 else ""
    print(f"{label:<52} {seconds:8.3f} s  {rate}{chars / seconds / 1e6:6.2f} M chars/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--emails", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    start = time.perf_counter()
    rules: RuleSet = load_rules()
    print(f"load_rules: {len(rules.rules)} rules in {time.perf_counter() - start:.3f} s")

    emails = [email(rng) for _ in range(args.emails)]
    chars = sum(len(item.text) for item in emails)
    levels: dict[object, int] = {}

    def run_emails() -> None:
        for item in emails:
            level, _ = item_level(detect(item, rules, ["TR"]))
            levels[level] = levels.get(level, 0) + 1

    timed(f"{len(emails)} e-mails of ~{chars // len(emails):,} chars", run_emails, chars, len(emails))
    print("   levels:", {str(k): v for k, v in sorted(levels.items(), key=lambda kv: str(kv[0]))})

    for language, size in (("en", 4_000_000), ("ar", 4_000_000), ("tr", 4_000_000), ("ru", 4_000_000)):
        text = big_text(rng, size, language)
        timed(f"{size / 1e6:.0f} MB text ({language})", lambda t=text: detect(ClassifySubject(text=t), rules),
              len(text))

    huge = big_text(rng, 20_000_000, "en")
    timed("20 MB text (en; first and last 2 MB scanned)", lambda: detect(ClassifySubject(text=huge), rules),
          4_000_000)
    hostile = {
        "4 MB of one marking word repeated": "secret " * 570_000,
        "4 MB of 13-digit numbers": "\n".join(str(rng.randint(10**12, 10**13 - 1)) for _ in range(285_000)),
        "4 MB of Arabic marks and bidi controls": ("\u200fسِرّيّ\u064b\u064b\u064b " * 300_000)[:4_000_000],
    }
    for label, text in hostile.items():
        timed(label, lambda t=text: detect(ClassifySubject(text=t), rules, ["TR"]), len(text))


if __name__ == "__main__":
    main()
