"""Mail texts: ordinary mail, diplomatic cables, replies with quotes, newsletters; and their HTML.

Classification banners go where DESIGN §4 looks for them (first and last lines, sometimes the
subject), and the ground truth says `marking` only then. A reply quotes the previous message
Outlook-style, so the quoted banner lands mid-text: the quote adds its content categories but
its marking only counts because the whole thread carries the same banner.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from datetime import datetime

from trovetriage.demo import phrases
from trovetriage.demo.content import Composer, Text
from trovetriage.demo.names import Person
from trovetriage.demo.truth import Truth
from trovetriage.demo.victims import Victim


@dataclass(frozen=True)
class Marking:
    """A classification banner and the level it stands for."""

    text: str
    level: int


SUBJECT_PREFIX = {"tr": "YNT: ", "ko": "회신: ", "ar": "رد: "}


def pick_marking(rng: random.Random, victim: Victim, lang: str, topic: str) -> Marking | None:
    """Whether a thread carries a banner, and which: ministries mark cables, companies mark deals."""
    roll = rng.random()
    if topic == "newsletter" or topic == "routine":
        return None
    if victim.sector == "government" and topic == "diplomatic":
        if roll < 0.4:
            return None
        pool = phrases.MARKINGS["en"] if rng.random() < 0.3 else phrases.MARKINGS.get(lang, phrases.MARKINGS["en"])
    elif topic in ("infrastructure", "ot") and roll < 0.12:
        return Marking("TLP:RED", 3)
    elif victim.sector == "energy" and topic in ("commercial", "ot") and roll < 0.35:
        pool = phrases.ENERGY_MARKINGS["en"] if rng.random() < 0.5 else phrases.ENERGY_MARKINGS.get(
            lang, phrases.ENERGY_MARKINGS["en"])
    elif topic in ("pii", "financial", "cred") and roll < 0.1:
        pool = phrases.ENERGY_MARKINGS["en"][:1]
    else:
        return None
    text, level = rng.choice(pool)
    return Marking(text, level)


def _banner_lines(marking: Marking | None) -> list[str]:
    return [marking.text, ""] if marking else []


def marked_subject(rng: random.Random, subject: str, marking: Marking | None, truth: Truth) -> str:
    """Some writers repeat the banner in the subject line, which is also banner position."""
    if marking is None:
        return subject
    truth.mark(marking.level)
    roll = rng.random()
    if roll < 0.25:
        return f"{marking.text}: {subject}"
    if roll < 0.45:
        return f"[{marking.text}] {subject}"
    return subject


def compose_mail(comp: Composer, topic: str, sender: Person, addressee: Person, marking: Marking | None,
                 secondary: str | None = None, org_name: str = "", web: str = "", disclaimer: str = "") -> Text:
    """An ordinary message: greeting, 2-5 paragraphs, closing, signature, optional banners."""
    rng = comp.rng
    truth = Truth(1)
    comp.addressee = addressee
    subject = marked_subject(rng, comp.subject(topic, truth), marking, truth)
    lines = _banner_lines(marking)
    lines += [comp.greeting(truth), ""]
    count = rng.randint(2, 5)
    second_at = rng.randrange(1, count) if secondary and count > 1 else -1
    for index in range(count):
        current = secondary if index == second_at and secondary else topic
        if index and comp.exhausted(current):
            continue
        lines += [comp.paragraph(current, truth), ""]
    lines += [comp.closing(), *comp.signature(sender, org_name, web)]
    lines += _closing_banner(marking, truth)
    if disclaimer:
        lines += ["", disclaimer]
    return Text(subject, lines, truth, comp.lang, marking.text if marking else "")


def _closing_banner(marking: Marking | None, truth: Truth) -> list[str]:
    if marking is None:
        return []
    truth.mark(marking.level)
    return ["", marking.text]


def compose_cable(comp: Composer, sender: Person, mission_city: str, marking: Marking | None, dept: str,
                  when: datetime, org_name: str) -> Text:
    """A diplomatic cable from a mission: numbered paragraphs under a telegram header."""
    rng = comp.rng
    truth = Truth(1)
    ref = comp.fill("{ref}", truth)
    subject = marked_subject(rng, comp.subject("diplomatic", truth), marking, truth)
    priority = rng.choice(["ROUTINE", "PRIORITY", "IMMEDIATE"])
    lines = _banner_lines(marking)
    lines += [
        "TELEGRAM",
        f"No.: {ref}",
        f"From: Embassy in {mission_city}",
        f"To: {org_name} - {dept}",
        f"Date: {when:%d.%m.%Y}",
        f"Priority: {priority}",
        f"Subject: {subject}",
        "",
    ]
    for number in range(1, rng.randint(3, 7)):
        if number > 1 and comp.exhausted("diplomatic"):
            break
        lines += [f"{number}. {comp.paragraph('diplomatic', truth, min_chars=160, max_sentences=3)}", ""]
    lines += [comp.person_name(sender), sender.title]
    lines += _closing_banner(marking, truth)
    return Text(subject, lines, truth, comp.lang, marking.text if marking else "")


def compose_reply(comp: Composer, topic: str, sender: Person, addressee: Person, marking: Marking | None,
                  previous: Text, quote_header: list[str], org_name: str = "", web: str = "",
                  disclaimer: str = "") -> Text:
    """A reply on top of the quoted previous message (whose banner is now a mere mention)."""
    rng = comp.rng
    truth = Truth(1)
    comp.addressee = addressee
    base = previous.subject
    for prefix in ("RE: ", "YNT: ", "회신: ", "رد: "):
        base = base.removeprefix(prefix)
    prefix = SUBJECT_PREFIX.get(comp.lang, "RE: ") if rng.random() < 0.3 else "RE: "
    subject = prefix + base
    if marking is not None and marking.text in base:
        truth.mark(marking.level)
    lines = _banner_lines(marking)
    lines += [comp.greeting(truth), "", comp.reply_opener()]
    for _ in range(rng.randint(1, 2)):
        lines += ["", comp.paragraph(topic, truth, min_chars=140, max_sentences=3)]
    lines += ["", comp.closing(), *comp.signature(sender, org_name, web)]
    lines += _closing_banner(marking, truth)
    if disclaimer:
        lines += ["", disclaimer]
    lines += ["", "________________________________", *quote_header, "", *previous.lines]
    truth.merge(previous.truth, quoted=True)
    return Text(subject, lines, truth, comp.lang, marking.text if marking else "")


def compose_newsletter(comp: Composer, publisher: str, when: datetime) -> Text:
    """A public bulletin: level 0 whoever's mailbox it sits in."""
    rng = comp.rng
    truth = Truth(0)
    subject = comp.subject("newsletter", truth)
    lines = [publisher, subject, ""]
    for number in range(rng.randint(5, 10)):
        if number >= 3 and comp.exhausted("newsletter"):
            break
        lines += ["* " + comp.sentence("newsletter", truth), ""]
    lines += [f"(c) {when.year} {publisher}. All rights reserved."]
    return Text(subject, lines, truth, comp.lang)


def render_html(text: Text, charset: str = "utf-8", tracker: str = "") -> str:
    """The HTML alternative of a text: paragraphs, bold centred banners, RTL for Arabic."""
    direction = ' dir="rtl"' if text.lang in phrases.RTL else ""
    blocks: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append("<p>" + "<br>\n".join(html.escape(line) for line in paragraph) + "</p>")
            paragraph.clear()

    for line in text.lines:
        if not line.strip():
            flush()
        elif text.banner and line == text.banner:
            flush()
            blocks.append(f'<p align="center"><b>{html.escape(line)}</b></p>')
        else:
            paragraph.append(line)
    flush()
    if tracker:
        blocks.append(f'<img src="{html.escape(tracker)}" width="1" height="1" alt="">')
    return (
        f"<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\">\n"
        f"<title>{html.escape(text.subject)}</title>\n</head>\n<body{direction}>\n"
        + "\n".join(blocks)
        + "\n</body>\n</html>\n"
    )
