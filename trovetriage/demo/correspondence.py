"""Who writes to whom: threads, replies, newsletters, attachments and cross-victim mail.

Produces `Stored` copies (a message spec, the folder it sits in, its ground truth) for one
victim's mailbox owners; `victim_files` turns them into .eml files and mbox files. A message
between two victims exists in both mailboxes: both sides replay the thread from the same seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from trovetriage.demo import archives
from trovetriage.demo.content import ascii_name, safe_filename
from trovetriage.demo.letters import (
    Marking,
    compose_cable,
    compose_mail,
    compose_newsletter,
    compose_reply,
    pick_marking,
)
from trovetriage.demo.mail import Attachment, MailSpec, build_message, message_id, thread_index
from trovetriage.demo.names import Person, address_local, make_person
from trovetriage.demo.phrases import CITIES, DEPTS, ENERGY_MARKINGS, MARKINGS, PARTNERS
from trovetriage.demo.run import TOPICS, VictimContext, pick_lang, random_date, weighted
from trovetriage.demo.truth import Node
from trovetriage.demo.victims import VICTIMS, Victim

SECONDARY = {
    "government": ("pii", "financial", "infrastructure", "routine"),
    "energy": ("financial", "ot", "infrastructure", "pii", "routine", "commercial"),
}
CAPITALS = {"BH": "Manama", "TR": "Ankara", "AZ": "Baku", "MY": "Kuala Lumpur", "RO": "Bucharest", "KR": "Seoul",
            "GB": "London"}

#: Public bulletins that land in everybody's inbox (fictional publishers).
PUBLISHERS = {
    "en": ("Regional Energy Bulletin", "regional-energy-bulletin.com"),
    "tr": ("Enerji Gündemi Bülteni", "enerjigundemi.com.tr"),
    "az": ("Xəzər Enerji Bülleteni", "xezerenerji-bulleten.az"),
    "ru": ("Каспийский энергетический обзор", "caspian-review.ru"),
    "ms": ("Buletin Tenaga Serantau", "buletintenaga.com.my"),
    "ro": ("Revista Energiei", "revistaenergiei.ro"),
    "ko": ("에너지경제 뉴스레터", "energy-econ-news.co.kr"),
    "ar": ("نشرة الطاقة الخليجية", "gulf-energy-news.com"),
}


@dataclass
class Stored:
    """One copy of a message in one mailbox folder."""

    spec: MailSpec
    folder: str  # "inbox" or "sent"
    node: Node
    seed: str  # seeds the copy's own randomness (headers, encodings)


@dataclass
class Party:
    """A correspondent: a person and the organisation they write from (None = outside world)."""

    person: Person
    victim: Victim | None
    host: str = ""
    ip: str = ""


def external_party(rng: random.Random, publisher: tuple[str, str] | None = None) -> Party:
    """Someone outside every victim: a newsletter publisher or a contractor's account manager."""
    if publisher:
        name, domain = publisher
        person = Person(name, name, name, "news", "letter", "en", address=f"newsletter@{domain}")
        return Party(person, None, f"mta{rng.randint(1, 9)}.{domain}", f"203.0.113.{rng.randint(150, 250)}")
    company = rng.choice(PARTNERS)
    domain = ascii_name(company.lower().replace(" ", "-").replace(".", "")).replace("_", "-") + ".com"
    who = make_person(rng, "en")
    local = address_local(who, "first.last")
    person = Person(who.name, who.native, who.given, who.first, who.last, "en", title="Account Manager",
                    dept=company, address=f"{local}@{domain}", user=local)
    return Party(person, None, f"mail.{domain}", f"198.51.100.{rng.randint(150, 250)}")


def victim_party(victim: Victim, person: Person) -> Party:
    """A member of a victim's staff, sending through the victim's own mail gateway."""
    return Party(person, victim, victim.gateway, victim.public_ip)


def showcase_markings(victim: Victim) -> list[tuple[str, Marking]]:
    """Every banner the victim's writers use: its own languages' markings and the English ones."""
    table = MARKINGS if victim.sector == "government" else ENERGY_MARKINGS
    result: list[tuple[str, Marking]] = []
    for lang, _ in victim.languages:
        result += [(lang, Marking(text, level)) for text, level in table.get(lang, [])]
    if all(lang != "en" for lang, _ in victim.languages):
        result += [("en", Marking(text, level)) for text, level in table["en"]]
    return result


def cross_pairs() -> list[tuple[Victim, Victim]]:
    """Who writes to whom across victims: every ministry to every other, companies to their ministry."""
    ministries = [victim for victim in VICTIMS if victim.sector == "government"]
    pairs = [(a, b) for a in ministries for b in ministries if a is not b]
    for company in VICTIMS:
        if company.sector != "energy":
            continue
        for ministry in ministries:
            if ministry.country == company.country:
                pairs += [(company, ministry), (ministry, company)]
    return pairs


class Correspondence:
    """Generates the mail of one victim's mailbox owners (specs and ground truth, no files)."""

    def __init__(self, ctx: VictimContext) -> None:
        self.ctx = ctx
        self.run = ctx.run
        self.victim = ctx.victim
        self.staff = ctx.staff
        self.owners = ctx.owners

    # ----- attachments -------------------------------------------------------------------------
    def attachments(self, rng: random.Random, topic: str, when: datetime) -> list[Attachment]:
        roll = rng.random()
        if topic == "newsletter" or roll > 0.32:
            return []
        if roll < 0.03:
            return [self.forwarded(rng, when)]
        if roll < 0.06:
            return [self.zipped(rng, topic, when)]
        result = []
        for _ in range(1 if rng.random() < 0.7 else 2):
            doc = self.ctx.document(rng, topic if rng.random() < 0.8 else "routine", when)
            result.append(Attachment(doc.name, doc.node, doc.data, doc.mime, doc.charset))
        if len(result) == 2 and rng.random() < 0.1:
            # Two different files with one name: DESIGN §2 names the second "<name>#2".
            result[1].name = result[0].name
            result[1].node.name = result[0].name
        return result

    def zipped(self, rng: random.Random, topic: str, when: datetime) -> Attachment:
        docs = [self.ctx.document(rng, topic, when) for _ in range(rng.randint(2, 3))]
        data = archives.zip_bytes([(doc.name, doc.data) for doc in docs], archives.zip_date(when))
        name = f"{ascii_name(topic)}_{when:%Y%m%d}.zip"
        node = Node(name, "archive", children=[doc.node for doc in docs])
        return Attachment(name, node, data, "application/x-zip-compressed")

    def forwarded(self, rng: random.Random, when: datetime) -> Attachment:
        """An earlier message attached as message/rfc822 (Outlook "forward as attachment")."""
        earlier = when - timedelta(days=rng.randint(1, 60))
        spec = self.single(rng, earlier, allow_attachments=False)
        message = build_message(spec, rng)
        name = f"{safe_filename(spec.text.subject, 40)}.eml"
        node = Node(name, "email", spec.text.truth, [attachment.node for attachment in spec.attachments])
        return Attachment(name, node, message=message)

    # ----- messages ----------------------------------------------------------------------------
    def single(self, rng: random.Random, when: datetime, allow_attachments: bool = True,
               owner: Person | None = None) -> MailSpec:
        """A stand-alone internal message received by `owner` (or a random member of staff)."""
        victim = self.victim
        owner = owner or rng.choice(self.owners)
        sender = self.ctx.colleague(rng, owner)
        topic = weighted(rng, TOPICS[victim.sector])
        if topic == "newsletter":
            topic = "routine"
        lang = pick_lang(rng, victim)
        comp = self.ctx.composer(rng, lang, when)
        marking = pick_marking(rng, victim, lang, topic)
        text = compose_mail(comp, topic, sender, owner, marking, org_name=victim.name, web=f"www.{victim.domain}",
                            disclaimer=victim.disclaimer)
        mid = message_id(rng, victim, victim.domain)
        spec = MailSpec(owner=victim, sender=sender, sender_victim=victim, to=[owner], date=when, text=text,
                        message_id=mid, thread_index=thread_index(rng, when))
        if allow_attachments:
            spec.attachments = self.attachments(rng, topic, when)
        return spec

    def threads(self, owner_index: int) -> list[Stored]:
        """The owner's own correspondence, thread by thread."""
        run, victim = self.run, self.victim
        rng = run.rng("mail", victim.slug, owner_index)
        owner = self.owners[owner_index]
        stored: list[Stored] = []
        thread_number = 0
        if owner_index == 0:
            # One thread per banner the organisation uses, so every marking is in every trove.
            for lang, marking in showcase_markings(victim):
                thread_number += 1
                topic = "diplomatic" if victim.sector == "government" else "commercial"
                stored += self.thread(rng, owner, f"{victim.slug}:{owner_index}:{thread_number}",
                                      forced=(topic, lang, marking))
        target = len(stored) + rng.randint(10, 18)
        while len(stored) < target:
            thread_number += 1
            stored += self.thread(rng, owner, f"{victim.slug}:{owner_index}:{thread_number}")
        return stored

    def thread(self, rng: random.Random, owner: Person, key: str,
               forced: tuple[str, str, Marking] | None = None) -> list[Stored]:
        """A random thread, or with `forced` one of the given (topic, language, banner)."""
        victim = self.victim
        topic = weighted(rng, TOPICS[victim.sector])
        lang = pick_lang(rng, victim)
        if forced:
            topic, lang, _ = forced
        when = random_date(rng)
        owner_party = victim_party(victim, owner)
        if topic == "newsletter":
            lang = rng.choice([lang, "en"])
            publisher = PUBLISHERS[lang]
            party = external_party(rng, publisher)
            text = compose_newsletter(self.ctx.composer(rng, lang, when), publisher[0], when)
            spec = MailSpec(owner=victim, sender=party.person, sender_victim=None, to=[owner], date=when, text=text,
                            message_id=message_id(rng, None, publisher[1]), thread_index=thread_index(rng, when),
                            html="only" if rng.random() < 0.6 else "alternative", sender_host=party.host,
                            sender_ip=party.ip, tracker=f"https://t.{publisher[1]}/o/{rng.getrandbits(64):016x}.gif")
            return [Stored(spec, "inbox", Node("", "email", text.truth), f"{key}:0")]
        if topic == "commercial" and rng.random() < 0.35:
            other = external_party(rng)
        else:
            other = victim_party(victim, self.ctx.colleague(rng, owner))
        marking = forced[2] if forced else pick_marking(rng, victim, lang, topic)
        secondary = rng.choice(SECONDARY[victim.sector]) if rng.random() < 0.15 else None
        if secondary == topic:
            secondary = None
        length = rng.choices([1, 2, 3, 4], weights=[55, 25, 12, 8])[0]
        outbound = rng.random() < 0.45
        extra_to = [self.ctx.colleague(rng, owner) for _ in range(rng.choice([0, 0, 1, 2]))]
        cc = [self.ctx.colleague(rng, owner) for _ in range(rng.choice([0, 0, 0, 1, 2]))]
        return self.conversation(rng, key, topic, lang, marking, secondary, when, length, outbound, owner_party,
                                 other, extra_to, cc)

    def conversation(self, rng: random.Random, key: str, topic: str, lang: str, marking: Marking | None,
                     secondary: str | None, when: datetime, length: int, outbound: bool, owner: Party, other: Party,
                     extra_to: list[Person], cc: list[Person], cross: bool = False) -> list[Stored]:
        """A thread between the owner and one correspondent; each copy is stored in the owner's box.

        With `cross` both victims replay the same thread from the same seed, so every random draw
        here must be independent of which side is writing: no attachments, no owner-side choices.
        """
        victim = self.victim
        stored: list[Stored] = []
        previous: MailSpec | None = None
        for index in range(length):
            from_owner = outbound if index % 2 == 0 else not outbound
            sender, receiver = (owner, other) if from_owner else (other, owner)
            writer_victim = sender.victim
            comp = self.ctx.composer(rng, lang, when, writer_victim)
            org_name = writer_victim.name if writer_victim else sender.person.dept
            web = f"www.{writer_victim.domain}" if writer_victim else ""
            disclaimer = writer_victim.disclaimer if writer_victim else ""
            if previous is None:
                if (not cross and topic == "diplomatic" and victim.sector == "government" and not from_owner
                        and writer_victim is victim and rng.random() < 0.35):
                    city = rng.choice([city for city in CITIES["en"] if city != CAPITALS.get(victim.country)])
                    text = compose_cable(comp, sender.person, city, marking, rng.choice(DEPTS[("en", "government")]),
                                         when, victim.name)
                else:
                    text = compose_mail(comp, topic, sender.person, receiver.person, marking, secondary, org_name,
                                        web, disclaimer)
            else:
                quote = [f"From: {previous.sender.name} <{previous.sender.address}>",
                         f"Sent: {previous.date:%A, %B %d, %Y %I:%M %p}",
                         "To: " + "; ".join(f"{p.name} <{p.address}>" for p in previous.to),
                         f"Subject: {previous.text.subject}"]
                text = compose_reply(comp, topic, sender.person, receiver.person, marking, previous.text, quote,
                                     org_name, web, disclaimer)
            to = [receiver.person] + (extra_to if index == 0 and from_owner else [])
            spec = MailSpec(owner=victim, sender=sender.person, sender_victim=writer_victim, to=to, date=when,
                            text=text, message_id=message_id(rng, writer_victim, sender.person.address.split("@")[1]),
                            thread_index=thread_index(rng, when, previous.thread_index if previous else ""),
                            cc=cc if index == 0 else [], sent_copy=from_owner, sender_host=sender.host,
                            sender_ip=sender.ip, html="alternative" if rng.random() < 0.35 else "")
            bcc_roll, bcc_pick = rng.random(), rng.random()
            if from_owner and index == 0 and bcc_roll < 0.1:
                staff = self.run.staff(writer_victim) if writer_victim else self.staff
                spec.bcc = [staff[int(bcc_pick * len(staff))]]
            if previous is not None:
                spec.in_reply_to = previous.message_id
                spec.references = [*previous.references, previous.message_id][-8:]
            elif not cross:
                spec.attachments = self.attachments(rng, topic, when)
            node = Node("", "email", text.truth, [attachment.node for attachment in spec.attachments])
            stored.append(Stored(spec, "sent" if from_owner else "inbox", node, f"{key}:{index}"))
            previous = spec
            when += timedelta(minutes=rng.randint(12, 60 * 48))
        return stored

    def cross(self) -> dict[int, list[Stored]]:
        """Correspondence with other victims, by owner index: both sides hold a copy."""
        result: dict[int, list[Stored]] = {}
        for sender_victim, receiver_victim in cross_pairs():
            if self.victim not in (sender_victim, receiver_victim):
                continue
            for number in range(self.run.scale):
                key = f"cross:{sender_victim.slug}:{receiver_victim.slug}:{number}"
                rng = self.run.rng(key)
                sender_staff = self.run.staff(sender_victim)[: self.run.owners_per_victim()]
                receiver_staff = self.run.staff(receiver_victim)[: self.run.owners_per_victim()]
                sender_index = rng.randrange(len(sender_staff))
                receiver_index = rng.randrange(len(receiver_staff))
                sender = victim_party(sender_victim, sender_staff[sender_index])
                receiver = victim_party(receiver_victim, receiver_staff[receiver_index])
                topic = "diplomatic" if sender_victim.sector == "government" else "commercial"
                lang = "en" if rng.random() < 0.8 else pick_lang(rng, sender_victim)
                marking = pick_marking(rng, sender_victim, lang, topic)
                when = random_date(rng)
                length = rng.choice([1, 1, 2])
                mine = self.victim is sender_victim
                # The same seed on both sides gives the same texts and Message-IDs; only the
                # storing organisation's headers differ.
                thread = self.conversation(rng, key, topic, lang, marking, None, when, length, mine,
                                           sender if mine else receiver, receiver if mine else sender, [], [],
                                           cross=True)
                for item in thread:
                    item.seed = f"{item.seed}:{self.victim.slug}"
                result.setdefault(sender_index if mine else receiver_index, []).extend(thread)
        return result
